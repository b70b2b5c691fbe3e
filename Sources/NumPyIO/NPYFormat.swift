import Foundation
import LiteIR

/// A malformed or unsupported .npy/.npz file; the message names the file and the array.
public struct NumPyError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Reading and writing NumPy's `.npy` format (versions 1.0–3.0) and `.npz` archives.
public enum NumPy {
    private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// descr (without byte-order mark) ↔ element type.
    private static let descriptors: [String: DType] = [
        "f4": .float32, "f2": .float16, "f8": .float64, "i1": .int8, "i2": .int16, "i4": .int32, "i8": .int64,
        "u1": .uint8, "u2": .uint16, "u4": .uint32, "u8": .uint64, "b1": .bool,
    ]

    /// Where a `.npy` payload's array lies and what it holds, read from its header.
    struct Layout {
        let dtype: DType
        let shape: [Int]
        let fortranOrder: Bool
        let bigEndian: Bool
        /// The array's first byte and its size; the payload's whole size is their sum.
        let dataStart: Int
        let byteCount: Int
    }

    /// The layout of a `.npy` payload from its first bytes; nil while `data` is too short to
    /// hold the header (so an archive member is checked before it is inflated).
    static func layout(_ data: Data, name: String) throws -> Layout? {
        func fail(_ reason: String) -> NumPyError { NumPyError("array '\(name)': \(reason)") }
        let bytes = [UInt8](data.prefix(12))
        if bytes.count >= 6 && Array(bytes[0..<6]) != magic { throw fail("not a .npy array (bad magic)") }
        guard bytes.count >= 10 else { return nil }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { return nil }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw fail("unsupported .npy version \(major).\(bytes[7])")
        }
        guard headerLength <= 1 << 20 else { throw fail("a header of \(headerLength) bytes") }
        guard headerStart + headerLength <= data.count else { return nil }
        let base = data.startIndex
        let headerText = String(decoding: data[base + headerStart..<base + headerStart + headerLength], as: UTF8.self)
        let header = try NPYHeader(parsing: headerText, fail: fail)
        var descr = header.descr
        let order = descr.first.map { "<>|=".contains($0) ? $0 : "=" } ?? "="
        if "<>|=".contains(descr.first ?? " ") { descr.removeFirst() }
        guard let dtype = descriptors[descr] else { throw fail("unsupported dtype '\(header.descr)'") }
        guard let count = checkedElementCount(header.shape) else { throw fail("invalid shape \(header.shape)") }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow else { throw fail("shape \(header.shape) of \(dtype) overflows") }
        return Layout(dtype: dtype, shape: header.shape, fortranOrder: header.fortranOrder, bigEndian: order == ">",
                      dataStart: headerStart + headerLength, byteCount: byteCount)
    }

    /// Decodes one `.npy` payload; `name` is used in errors.
    public static func readNPY(_ data: Data, name: String) throws -> Tensor {
        func fail(_ reason: String) -> NumPyError { NumPyError("array '\(name)': \(reason)") }
        guard let layout = try layout(data, name: name) else { throw fail("truncated header") }
        let (dtype, dataStart, byteCount) = (layout.dtype, layout.dataStart, layout.byteCount)
        guard dataStart + byteCount <= data.count else {
            throw fail("shape \(layout.shape) of \(dtype) needs \(byteCount) bytes, the file has \(data.count - dataStart)")
        }
        let base = data.startIndex
        var payload = Data(data[base + dataStart..<base + dataStart + byteCount])
        if layout.bigEndian && dtype.byteSize > 1 { payload = swapBytes(payload, width: dtype.byteSize) }
        guard layout.fortranOrder else { return try Tensor(dtype: dtype, shape: layout.shape, data: payload) }
        // Column-major: the reversed shape in C order, transposed back.
        let columnMajor = try Tensor(dtype: dtype, shape: Array(layout.shape.reversed()), data: payload)
        return cOrder(columnMajor)
    }

    private static func swapBytes(_ data: Data, width: Int) -> Data {
        var out = data
        out.withUnsafeMutableBytes { raw in
            for start in stride(from: 0, to: raw.count, by: width) {
                for k in 0..<width / 2 { raw.swapAt(start + k, start + width - 1 - k) }
            }
        }
        return out
    }

    /// Reverses the axis order of a tensor (Fortran → C layout).
    private static func cOrder(_ t: Tensor) -> Tensor {
        let rank = t.rank
        guard rank > 1 else { return t }
        let shape = Array(t.shape.reversed())
        let size = t.dtype.byteSize
        var strides = [Int](repeating: 1, count: rank)
        for i in stride(from: rank - 2, through: 0, by: -1) { strides[i] = strides[i + 1] * t.shape[i + 1] }
        var out = Data(count: t.data.count)
        var index = [Int](repeating: 0, count: rank)
        t.data.withUnsafeBytes { (src: UnsafeRawBufferPointer) in
            out.withUnsafeMutableBytes { (dst: UnsafeMutableRawBufferPointer) in
                for o in 0..<t.count {
                    // Output index (i0…in) reads input (in…i0).
                    var offset = 0
                    for d in 0..<rank { offset += index[d] * strides[rank - 1 - d] }
                    for b in 0..<size { dst[o * size + b] = src[offset * size + b] }
                    var d = rank - 1
                    while d >= 0 {
                        index[d] += 1
                        if index[d] < shape[d] { break }
                        index[d] = 0
                        d -= 1
                    }
                }
            }
        }
        return Tensor(dtype: t.dtype, shape: shape, validatedData: out)
    }

    /// Encodes a tensor as a version 1.0 `.npy` file (C order, 64-byte aligned data).
    public static func npyData(_ tensor: Tensor) -> Data {
        let descr = descriptors.first { $0.value == tensor.dtype }!.key
        let order = tensor.dtype.byteSize == 1 ? "|" : "<"
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(\(tensor.shape.map(String.init).joined(separator: ", ")))"
        var header = "{'descr': '\(order)\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        let unpadded = magic.count + 4 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = Data(magic + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        out.append(Data(header.utf8))
        out.append(tensor.data)
        return out
    }
}
