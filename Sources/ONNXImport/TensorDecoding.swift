import CONNX
import Foundation
import LiteIR

/// Turns TensorProtos (raw_data, typed fields, or external data files) into IR tensors.
final class TensorDecoder {
    private let url: URL
    private let directory: URL
    private var externalFiles: [String: Data] = [:]

    init(url: URL) {
        self.url = url
        directory = url.deletingLastPathComponent()
    }

    func decode(_ proto: UnsafeMutablePointer<Onnx__TensorProto>, context: String) throws -> Tensor {
        let t = proto.pointee
        let name = string(t.name)
        func fail(_ reason: String) -> ONNXImportError {
            ONNXImportError(file: url.path, "\(context) tensor '\(name)': \(reason)")
        }
        let shape = repeated(t.dims, t.n_dims).map { Int($0) }
        guard let count = checkedElementCount(shape) else { throw fail("invalid dims \(shape)") }
        guard let dtype = ONNXDataType.dtype(t.data_type) else {
            throw fail("element type \(ONNXDataType.name(t.data_type)) is not supported")
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow else { throw fail("dims \(shape) are too large") }

        if t.has_data_location != 0 && t.data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL {
            let data = try externalData(t, byteCount: byteCount, fail: fail)
            return try Tensor(dtype: dtype, shape: shape, data: data)
        }
        if t.has_raw_data != 0 {
            guard t.raw_data.len == byteCount else {
                throw fail("raw_data has \(t.raw_data.len) bytes, dims \(shape) of \(dtype) need \(byteCount)")
            }
            return try Tensor(dtype: dtype, shape: shape, data: takeRawData(proto))
        }
        func checked<T>(_ values: UnsafeBufferPointer<T>, _ field: String) throws -> UnsafeBufferPointer<T> {
            guard values.count == count else { throw fail("\(field) has \(values.count) values, dims \(shape) need \(count)") }
            return values
        }
        switch dtype {
        case .float32: return Tensor(shape: shape, values: Array(try checked(repeated(t.float_data, t.n_float_data), "float_data")))
        case .float64: return Tensor(shape: shape, values: Array(try checked(repeated(t.double_data, t.n_double_data), "double_data")))
        case .int64: return Tensor(shape: shape, values: Array(try checked(repeated(t.int64_data, t.n_int64_data), "int64_data")))
        case .uint32, .uint64:
            let values = try checked(repeated(t.uint64_data, t.n_uint64_data), "uint64_data")
            return Tensor.fromInt64s(values.map { Int64(truncatingIfNeeded: $0) }, shape: shape, dtype: dtype)
        case .float16:
            let values = try checked(repeated(t.int32_data, t.n_int32_data), "int32_data")
            return Tensor(shape: shape, values: values.map { Float16(bitPattern: UInt16(truncatingIfNeeded: $0)) })
        case .int32, .int16, .int8, .uint16, .uint8, .bool:
            let values = try checked(repeated(t.int32_data, t.n_int32_data), "int32_data")
            return Tensor.fromInt64s(values.map { Int64($0) }, shape: shape, dtype: dtype)
        }
    }

    /// Bytes stored outside the model (`location`, `offset`, `length`), memory-mapped. The
    /// location must stay inside the model's folder: absolute paths, `..` and symlinks are refused.
    private func externalData(_ t: Onnx__TensorProto, byteCount: Int, fail: (String) -> ONNXImportError) throws -> Data {
        var entries: [String: String] = [:]
        for entry in repeated(t.external_data, t.n_external_data) {
            guard let entry else { continue }
            let key = bytes(entry.pointee.key), value = bytes(entry.pointee.value)
            // A path is a C string to the system: a NUL would end it early.
            guard !key.contains(0), !value.contains(0) else { throw fail("external data entry '\(text(Array(key.prefix { $0 != 0 })))' holds a NUL byte") }
            entries[text(key)] = text(value)
        }
        guard let location = entries["location"], !location.isEmpty else { throw fail("external data without a location") }
        let components = location.split(separator: "/", omittingEmptySubsequences: false)
        guard !location.hasPrefix("/"), !location.contains("\\"), !components.contains(".."), !components.contains("") else {
            throw fail("external data location '\(location)' leaves the model's folder")
        }
        var path = directory
        for component in components {
            path.appendPathComponent(String(component))
            let attributes = try? FileManager.default.attributesOfItem(atPath: path.path)
            if attributes?[.type] as? FileAttributeType == .typeSymbolicLink {
                throw fail("external data location '\(location)' is a symbolic link, refused")
            }
        }
        let data: Data
        if let cached = externalFiles[location] {
            data = cached
        } else {
            do { data = try Data(contentsOf: path, options: .alwaysMapped) } catch {
                throw fail("cannot read external data file '\(location)': \(error.localizedDescription)")
            }
            externalFiles[location] = data
        }
        guard let offset = Int(entries["offset"] ?? "0"), offset >= 0 else { throw fail("invalid external data offset") }
        let length = try entries["length"].map { text -> Int in
            guard let v = Int(text), v >= 0 else { throw fail("invalid external data length '\(text)'") }
            return v
        } ?? byteCount
        guard length == byteCount else { throw fail("external data length \(length) does not match the \(byteCount) bytes the dims need") }
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard !overflow, end <= data.count else {
            throw fail("external data [\(offset), +\(length)) is past the end of '\(location)' (\(data.count) bytes)")
        }
        return data[data.startIndex + offset..<data.startIndex + end]
    }

    /// The raw_data bytes, taken over from the decoded message without a copy: the message no
    /// longer owns them, and they are freed when the tensor's last user lets go.
    private func takeRawData(_ proto: UnsafeMutablePointer<Onnx__TensorProto>) -> Data {
        guard proto.pointee.raw_data.len > 0, let pointer = proto.pointee.raw_data.data else { return Data() }
        let data = Data(bytesNoCopy: pointer, count: proto.pointee.raw_data.len, deallocator: .free)
        proto.pointee.raw_data.data = nil
        proto.pointee.raw_data.len = 0
        return data
    }
}
