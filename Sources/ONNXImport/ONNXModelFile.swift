import CONNX
import Foundation

/// An ONNX model decoded by libprotobuf-c. The decoded message is freed when the last tensor
/// that borrows its bytes (see ``borrow(_:)``) is released, so weights are never copied.
final class ONNXModelFile: @unchecked Sendable {
    let url: URL
    let model: UnsafeMutablePointer<Onnx__ModelProto>

    /// Reads and decodes the file; throws naming the file when it is not a valid ModelProto.
    init(url: URL) throws {
        self.url = url
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw ONNXImportError(file: url.path, "cannot read the file: \(error.localizedDescription)")
        }
        let decoded = bytes.withUnsafeBytes { raw in
            onnx__model_proto__unpack(nil, raw.count, raw.bindMemory(to: UInt8.self).baseAddress)
        }
        guard let decoded else {
            throw ONNXImportError(file: url.path, "not a valid ONNX model (protobuf decoding failed: truncated or corrupt file)")
        }
        model = decoded
    }

    deinit { onnx__model_proto__free_unpacked(model, nil) }

    /// The bytes of a protobuf `bytes` field as Data that keeps this decoded model alive.
    func borrow(_ field: ProtobufCBinaryData) -> Data {
        guard field.len > 0, let pointer = field.data else { return Data() }
        return Data(bytesNoCopy: pointer, count: field.len, deallocator: .custom { [self] _, _ in
            withExtendedLifetime(self) {}
        })
    }
}

/// A C string field as a Swift String ("" for NULL).
func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}

/// A protobuf repeated field (count + C array) as a Swift buffer.
func repeated<T>(_ pointer: UnsafeMutablePointer<T>?, _ count: Int) -> UnsafeBufferPointer<T> {
    UnsafeBufferPointer(start: count > 0 ? pointer : nil, count: pointer == nil ? 0 : count)
}
