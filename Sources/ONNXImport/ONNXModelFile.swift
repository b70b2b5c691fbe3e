import CONNX
import Foundation
import LiteIR

/// An ONNX model decoded by libprotobuf-c, its initializers one at a time.
///
/// The file is memory-mapped; the graph without its initializers is decoded as one message,
/// then each initializer is decoded from its own bytes, its raw data handed to the tensor
/// without a copy, and its pages of the mapping released. Peak memory stays near the size of
/// the weights rather than a multiple of it.
final class ONNXModelFile: @unchecked Sendable {
    let url: URL
    /// The model with an empty initializer list.
    let model: UnsafeMutablePointer<Onnx__ModelProto>
    private var initializers: [(name: String, tensor: Tensor)] = []
    private(set) lazy var decoder = TensorDecoder(url: url)

    init(url: URL) throws {
        self.url = url
        let mapping = try MappedFile(url: url)
        let initializerRanges: [Range<Int>]
        let skeleton: [UInt8]
        do {
            (skeleton, initializerRanges) = try Self.splitInitializers(mapping.bytes)
        } catch {
            throw ONNXImportError(file: url.path, "not a valid ONNX model (protobuf framing is corrupt or truncated)")
        }
        guard let decoded = skeleton.withUnsafeBufferPointer({ onnx__model_proto__unpack(nil, $0.count, $0.baseAddress) }) else {
            throw ONNXImportError(file: url.path, "not a valid ONNX model (protobuf decoding failed: truncated or corrupt file)")
        }
        model = decoded
        for range in initializerRanges {
            let base = mapping.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + range.lowerBound
            guard let proto = onnx__tensor_proto__unpack(nil, range.count, base) else {
                throw ONNXImportError(file: url.path, "an initializer at byte \(range.lowerBound) cannot be decoded")
            }
            defer { onnx__tensor_proto__free_unpacked(proto, nil) }
            let tensor = try decoder.decode(proto, context: "initializer")
            initializers.append((string(proto.pointee.name), tensor))
            mapping.release(range)
        }
    }

    deinit { onnx__model_proto__free_unpacked(model, nil) }

    /// Hands the decoded initializers over (once), so only the graph holds them.
    func takeInitializers() -> [(name: String, tensor: Tensor)] {
        defer { initializers = [] }
        return initializers
    }

    /// The model's bytes with the graph's initializer fields removed, and where those were.
    private static func splitInitializers(_ bytes: UnsafeRawBufferPointer) throws -> ([UInt8], [Range<Int>]) {
        let top = try ProtobufFraming.fields(bytes, 0..<bytes.count)
        let graphs = top.filter { $0.number == 7 && $0.wireType == 2 }
        guard graphs.count == 1, let graph = graphs.first else { return (Array(bytes), []) }
        let graphFields = try ProtobufFraming.fields(bytes, graph.payload)
        let initializers = graphFields.filter { $0.number == 5 && $0.wireType == 2 }.map(\.payload)
        var graphBody: [UInt8] = []
        for field in graphFields where !(field.number == 5 && field.wireType == 2) {
            graphBody.append(contentsOf: bytes[field.range])
        }
        var skeleton: [UInt8] = []
        for field in top {
            if field.range == graph.range {
                skeleton.append(contentsOf: [0x3A] + ProtobufFraming.encodeVarint(graphBody.count) + graphBody)  // field 7, LEN
            } else {
                skeleton.append(contentsOf: bytes[field.range])
            }
        }
        return (skeleton, initializers)
    }
}

/// A read-only memory mapping of a file whose pages can be given back as they are consumed.
final class MappedFile {
    let bytes: UnsafeRawBufferPointer
    private let length: Int

    init(url: URL) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw ONNXImportError(file: url.path, "cannot open the file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw ONNXImportError(file: url.path, "not a regular file")
        }
        length = Int(info.st_size)
        guard length > 0 else { throw ONNXImportError(file: url.path, "the file is empty") }
        guard let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw ONNXImportError(file: url.path, "cannot map the file: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: length)
    }

    /// Drops the whole pages inside `range` from memory (they would be re-read on access).
    func release(_ range: Range<Int>) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page, end = range.upperBound / page * page
        guard end > start, let base = bytes.baseAddress else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), length) }
}

/// A C string field as a Swift String ("" for NULL).
func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}

/// A protobuf bytes field's bytes.
func bytes(_ field: ProtobufCBinaryData) -> [UInt8] {
    guard field.len > 0, let data = field.data else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: field.len))
}

/// Bytes as text (invalid UTF-8 replaced, for messages and names).
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// A protobuf bytes field as text.
func text(_ field: ProtobufCBinaryData) -> String { text(bytes(field)) }

/// A protobuf repeated field (count + C array) as a Swift buffer.
func repeated<T>(_ pointer: UnsafeMutablePointer<T>?, _ count: Int) -> UnsafeBufferPointer<T> {
    UnsafeBufferPointer(start: count > 0 ? pointer : nil, count: pointer == nil ? 0 : count)
}
