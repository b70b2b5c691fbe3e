import CHDF5
import Foundation
import IsolatedHDF5

/// An HDF5 identifier that is closed when the last reference to it goes.
final class Handle {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit { _ = close(id) }
}

/// An HDF5 file opened read-only through libhdf5 — only ever in the reader process
/// (``IsolatedHDF5Reader``). Objects opened from it keep it open.
struct LibHDF5File {
    let root: LibHDF5Group

    /// Opens `path` read-only; throws when it is not a readable HDF5 file.
    init(_ path: String) throws {
        // Errors are reported as throws, not printed by the library.
        H5Eset_auto2(chdf5_e_default(), nil, nil)
        guard H5Fis_hdf5(path) > 0 else { throw HDF5Error("not an HDF5 file") }
        let id = H5Fopen(path, chdf5_acc_rdonly(), chdf5_p_default())
        guard id >= 0 else { throw HDF5Error("cannot open the HDF5 file") }
        let file = Handle(id, close: H5Fclose)
        let rootID = H5Gopen2(id, "/", chdf5_p_default())
        guard rootID >= 0 else { throw HDF5Error("cannot open the root group") }
        root = LibHDF5Group(handle: Handle(rootID, close: H5Gclose), path: "/", file: file)
    }
}

struct LibHDF5Group {
    let handle: Handle
    let path: String
    let file: Handle
    var id: hid_t { handle.id }

    /// The names of the group's members, in the file's order.
    func memberNames() throws -> [String] {
        var info = H5G_info_t()
        guard H5Gget_info(id, &info) >= 0 else { throw HDF5Error("cannot list group '\(path)'") }
        guard info.nlinks <= 1 << 20 else { throw HDF5Error("group '\(path)' claims \(info.nlinks) members") }
        return try (0..<info.nlinks).map { index in
            let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_p_default())
            guard length >= 0, length < 1 << 16 else { throw HDF5Error("cannot read member \(index) of group '\(path)'") }
            var name = [CChar](repeating: 0, count: Int(length) + 1)
            _ = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &name, name.count, chdf5_p_default())
            return String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// What the member `name` (a direct child, reached by a hard link) is; soft and external
    /// links, which could lead anywhere, are `.other`.
    func kind(of name: String) -> SnapshotObject.Kind {
        guard !name.isEmpty, !name.contains("/"), chdf5_is_hard_link(id, name) == 1 else { return .other }
        let object = H5Oopen(id, name, chdf5_p_default())
        guard object >= 0 else { return .other }
        defer { H5Oclose(object) }
        switch H5Iget_type(object) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    func group(_ name: String) throws -> LibHDF5Group {
        let child = H5Gopen2(id, name, chdf5_p_default())
        guard child >= 0 else { throw HDF5Error("cannot open group '\(name)' in '\(path)'") }
        return LibHDF5Group(handle: Handle(child, close: H5Gclose), path: join(name), file: file)
    }

    func dataset(_ name: String) throws -> LibHDF5Dataset {
        let id = H5Dopen2(id, name, chdf5_p_default())
        guard id >= 0 else { throw HDF5Error("cannot open dataset '\(name)' in '\(path)'") }
        return LibHDF5Dataset(handle: Handle(id, close: H5Dclose), path: join(name), file: file)
    }

    /// The group's attributes, each read as strings or with the error reading it gave.
    func attributes() throws -> [(name: String, strings: Result<[String], HDF5Error>)] {
        var attributes: [(name: String, strings: Result<[String], HDF5Error>)] = []
        while true {
            let index = hsize_t(attributes.count)
            let length = H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_p_default())
            guard length >= 0 else { return attributes }
            guard length < 1 << 16, attributes.count < 10_000 else { throw HDF5Error("group '\(path)' has attributes beyond reason") }
            var name = [CChar](repeating: 0, count: Int(length) + 1)
            _ = H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &name, name.count, chdf5_p_default())
            let text = String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            do {
                attributes.append((text, .success(try stringAttribute(text))))
            } catch let error as HDF5Error {
                attributes.append((text, .failure(error)))
            }
        }
    }

    /// A string attribute (fixed- or variable-length), or each string of a string array attribute.
    private func stringAttribute(_ name: String) throws -> [String] {
        let attribute = H5Aopen(id, name, chdf5_p_default())
        guard attribute >= 0 else { throw HDF5Error("cannot open attribute '\(name)' of '\(path)'") }
        defer { H5Aclose(attribute) }
        let type = H5Aget_type(attribute), space = H5Aget_space(attribute)
        defer {
            H5Tclose(type)
            H5Sclose(space)
        }
        guard type >= 0, space >= 0 else { throw HDF5Error("cannot read attribute '\(name)' of '\(path)'") }
        let count = Int(H5Sget_simple_extent_npoints(space))
        guard count >= 0, count < 1 << 20 else { throw HDF5Error("attribute '\(name)' of '\(path)' has an invalid size") }
        // An empty list is written with whatever type (h5py uses float64).
        if count == 0 { return [] }
        guard H5Tget_class(type) == H5T_STRING else { throw HDF5Error("attribute '\(name)' of '\(path)' is not a string") }
        if H5Tis_variable_str(type) > 0 {
            let memoryType = H5Tcopy(chdf5_c_s1())
            defer { H5Tclose(memoryType) }
            H5Tset_size(memoryType, chdf5_variable())
            // The library converts no string between character sets (h5py writes UTF-8).
            H5Tset_cset(memoryType, H5Tget_cset(type))
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            guard H5Aread(attribute, memoryType, &pointers) >= 0 else { throw HDF5Error("cannot read attribute '\(name)' of '\(path)'") }
            defer { for pointer in pointers { H5free_memory(pointer) } }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let width = H5Tget_size(type)
        guard width > 0, width < 1 << 28, count * width < 1 << 30 else { throw HDF5Error("attribute '\(name)' of '\(path)' is too large") }
        var bytes = [UInt8](repeating: 0, count: count * width)
        guard H5Aread(attribute, type, &bytes) >= 0 else { throw HDF5Error("cannot read attribute '\(name)' of '\(path)'") }
        return (0..<count).map { i in
            let field = bytes[(i * width)..<((i + 1) * width)]
            return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    private func join(_ name: String) -> String { path == "/" ? "/\(name)" : "\(path)/\(name)" }
}

struct LibHDF5Dataset {
    let handle: Handle
    let path: String
    let file: Handle
    var id: hid_t { handle.id }

    /// Largest ratio of values to stored bytes a filtered (compressed) dataset may claim:
    /// deflate's limit is about 1032.
    static let maxCompressionRatio = 1100

    /// The dataset's dims.
    func shape() throws -> [Int] {
        let space = H5Dget_space(id)
        guard space >= 0 else { throw HDF5Error("cannot read the shape of '\(path)'") }
        defer { H5Sclose(space) }
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0, rank <= 32 else { throw HDF5Error("'\(path)' has an invalid rank") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { throw HDF5Error("cannot read the dims of '\(path)'") }
        return try dims.map { d in
            guard d <= UInt64(Int32.max) else { throw HDF5Error("'\(path)' has a dim of \(d)") }
            return Int(d)
        }
    }

    /// The type the stored values are read as, and the bytes each takes in the file.
    func elementType() throws -> (type: HDF5ElementType, storedWidth: Int) {
        let type = H5Dget_type(id)
        guard type >= 0 else { throw HDF5Error("cannot read the type of '\(path)'") }
        defer { H5Tclose(type) }
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_FLOAT: return (.float32, size)
        case H5T_INTEGER:
            if size == 1 && H5Tget_sign(type) == H5T_SGN_NONE { return (.uint8, 1) }
            return (size > 4 ? .int64 : .int32, size)
        case H5T_ENUM where size == 1: return (.uint8, 1)  // h5py's bools
        default: throw HDF5Error("'\(path)' holds values of a type other than numbers")
        }
    }

    /// Checks that `count` values of `storedWidth` bytes are backed by bytes of this file.
    func checkStorage(count: Int, storedWidth: Int) throws {
        let storage = chdf5_values_storage(id)
        guard storage != 0 else { throw HDF5Error("'\(path)' keeps its values outside the file (external or virtual dataset)") }
        guard storage > 0 else { throw HDF5Error("cannot read how '\(path)' is stored") }
        let stored = H5Dget_storage_size(id)
        let (declared, overflow) = count.multipliedReportingOverflow(by: storedWidth)
        let backed = storage == 1 ? stored >= UInt64(max(declared, 0)) : UInt64(max(declared, 0)) / UInt64(Self.maxCompressionRatio) <= stored
        guard !overflow, backed else {
            throw HDF5Error("'\(path)' declares \(count) values of \(storedWidth) bytes but the file stores \(stored) bytes of them")
        }
    }

    /// Reads every element as `type`, in row-major order, into `buffer`.
    func read(as type: HDF5ElementType, into buffer: UnsafeMutableRawBufferPointer) throws {
        let memoryType: hid_t
        switch type {
        case .float32: memoryType = chdf5_native_float()
        case .int32: memoryType = chdf5_native_int32()
        case .int64: memoryType = chdf5_native_int64()
        case .uint8: memoryType = chdf5_native_uint8()
        }
        guard H5Dread(id, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer.baseAddress) >= 0 else {
            throw HDF5Error("cannot read '\(path)' as \(type)")
        }
    }
}
