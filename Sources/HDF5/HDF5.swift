import CHDF5
import Foundation

/// A failed HDF5 call, naming the object and what was asked of it.
public struct HDF5Error: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// An HDF5 identifier that is closed when the last reference to it goes.
final class Handle: @unchecked Sendable {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit { _ = close(id) }
}

/// An HDF5 file opened read-only. Objects opened from it keep it open.
public struct HDF5File: Sendable {
    public let path: String
    public let root: HDF5Group

    /// Opens `url` read-only; throws when it is not a readable HDF5 file.
    public init(_ url: URL) throws {
        path = url.path
        // Errors are reported as throws, not printed by the library.
        H5Eset_auto2(chdf5_e_default(), nil, nil)
        guard H5Fis_hdf5(path) > 0 else { throw HDF5Error("\(path): not an HDF5 file") }
        let id = H5Fopen(path, chdf5_acc_rdonly(), chdf5_p_default())
        guard id >= 0 else { throw HDF5Error("\(path): cannot open the HDF5 file") }
        let file = Handle(id, close: H5Fclose)
        let rootID = H5Gopen2(id, "/", chdf5_p_default())
        guard rootID >= 0 else { throw HDF5Error("\(path): cannot open the root group") }
        root = HDF5Group(handle: Handle(rootID, close: H5Gclose), path: "/", file: file)
    }
}

/// What a group member is.
public enum HDF5ObjectKind: Sendable { case group, dataset, other }

/// Objects that carry attributes: groups and datasets.
public protocol HDF5Object {
    var path: String { get }
    var id: hid_t { get }
}

public struct HDF5Group: HDF5Object, Sendable {
    let handle: Handle
    public let path: String
    let file: Handle
    public var id: hid_t { handle.id }

    /// The names of the group's members, in the file's order.
    public func memberNames() throws -> [String] {
        var info = H5G_info_t()
        guard H5Gget_info(id, &info) >= 0 else { throw HDF5Error("cannot list group '\(path)'") }
        return try (0..<info.nlinks).map { index in
            let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_p_default())
            guard length >= 0, length < 1 << 16 else { throw HDF5Error("cannot read member \(index) of group '\(path)'") }
            var name = [CChar](repeating: 0, count: Int(length) + 1)
            _ = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &name, name.count, chdf5_p_default())
            return String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// What the member `name` (a direct child) is, nil when there is none.
    public func kind(of name: String) -> HDF5ObjectKind? {
        guard !name.isEmpty, !name.contains("/"), H5Lexists(id, name, chdf5_p_default()) > 0 else { return nil }
        let object = H5Oopen(id, name, chdf5_p_default())
        guard object >= 0 else { return nil }
        defer { H5Oclose(object) }
        switch H5Iget_type(object) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    /// The member group at `path` (components separated by "/").
    public func group(_ path: String) throws -> HDF5Group {
        var current = self
        for component in path.split(separator: "/").map(String.init) {
            guard current.kind(of: component) == .group else { throw HDF5Error("no group '\(component)' in '\(current.path)'") }
            let child = H5Gopen2(current.id, component, chdf5_p_default())
            guard child >= 0 else { throw HDF5Error("cannot open group '\(component)' in '\(current.path)'") }
            current = HDF5Group(handle: Handle(child, close: H5Gclose), path: join(current.path, component), file: file)
        }
        return current
    }

    /// The dataset at `path` (the last component a dataset, the others groups).
    public func dataset(_ path: String) throws -> HDF5Dataset {
        var components = path.split(separator: "/").map(String.init)
        guard let last = components.popLast() else { throw HDF5Error("empty dataset path in '\(self.path)'") }
        let parent = try group(components.joined(separator: "/"))
        guard parent.kind(of: last) == .dataset else { throw HDF5Error("no dataset '\(last)' in '\(parent.path)'") }
        let id = H5Dopen2(parent.id, last, chdf5_p_default())
        guard id >= 0 else { throw HDF5Error("cannot open dataset '\(last)' in '\(parent.path)'") }
        return HDF5Dataset(handle: Handle(id, close: H5Dclose), path: join(parent.path, last), file: file)
    }

    private func join(_ base: String, _ name: String) -> String { base == "/" ? "/\(name)" : "\(base)/\(name)" }
}

/// The element types datasets are read as.
public enum HDF5ElementType: Sendable, Equatable {
    case float32, float64, int32, int64, uint8
}

public struct HDF5Dataset: HDF5Object, Sendable {
    let handle: Handle
    public let path: String
    let file: Handle
    public var id: hid_t { handle.id }

    /// Largest dataset read, in bytes: a hostile file cannot make the reader allocate more.
    public static let maxBytes = 1 << 34

    /// The dataset's dims.
    public func shape() throws -> [Int] {
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

    /// The type the stored values convert to without loss: float32 for float16/float32.
    public func elementType() throws -> HDF5ElementType {
        let type = H5Dget_type(id)
        guard type >= 0 else { throw HDF5Error("cannot read the type of '\(path)'") }
        defer { H5Tclose(type) }
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_FLOAT: return size > 4 ? .float64 : .float32
        case H5T_INTEGER:
            if size == 1 && H5Tget_sign(type) == H5T_SGN_NONE { return .uint8 }
            return size > 4 ? .int64 : .int32
        case H5T_ENUM where size == 1: return .uint8  // h5py's bools
        default: throw HDF5Error("'\(path)' holds values of a type other than numbers")
        }
    }

    /// Every element as `type`, in row-major order.
    public func read(as type: HDF5ElementType) throws -> Data {
        let shape = try shape()
        let size: Int, memoryType: hid_t
        switch type {
        case .float32: (size, memoryType) = (4, chdf5_native_float())
        case .float64: (size, memoryType) = (8, chdf5_native_double())
        case .int32: (size, memoryType) = (4, chdf5_native_int32())
        case .int64: (size, memoryType) = (8, chdf5_native_int64())
        case .uint8: (size, memoryType) = (1, chdf5_native_uint8())
        }
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw HDF5Error("'\(path)' is too large") }
            count = product
        }
        guard count <= Self.maxBytes / size else { throw HDF5Error("'\(path)' holds \(count) elements, more than the reader accepts") }
        var data = Data(count: count * size)
        if count == 0 { return data }
        let status = data.withUnsafeMutableBytes { buffer in
            H5Dread(id, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer.baseAddress)
        }
        guard status >= 0 else { throw HDF5Error("cannot read '\(path)' as \(type)") }
        return data
    }
}

extension HDF5Object {
    /// Whether the object has the attribute.
    public func hasAttribute(_ name: String) -> Bool { H5Aexists(id, name) > 0 }

    /// A string attribute (fixed- or variable-length), or each string of a string array
    /// attribute; nil when absent.
    public func stringAttribute(_ name: String) throws -> [String]? {
        guard hasAttribute(name) else { return nil }
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
}
