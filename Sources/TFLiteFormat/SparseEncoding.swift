import FlatBuffers
import Foundation
import LiteIR

/// A constant tensor in TFLite's sparse form, as TFLiteConverter encodes pruned weights: the
/// dims in their own order, every dim dense but the last, which is SPARSE_CSR over blocks of
/// `block` elements (a block of 1: single elements; else one more dense dim of the block's size,
/// `block_map` naming the last dim). The values are the non-zero blocks, whole, row by row. Zero
/// elements are +0 and -0 of float types (a weight of -0 read as +0 changes at most the sign of a
/// zero product) and 0 otherwise; every other value is kept bit for bit. ``SparseTensors/densify``
/// reads it back.
struct SparseEncoding: Sendable {
    let shape: [Int]
    let block: Int
    /// The stored blocks' values, in row order.
    let values: Data
    /// Row r's blocks are `indices[segments[r] ..< segments[r + 1]]`, counted in blocks.
    let segments: [Int]
    let indices: [Int]

    /// Encodes `tensor` (rank ≥ 1) with blocks of `block` along the last dim, nil when the last
    /// dim is no multiple of the block.
    init?(_ tensor: Tensor, block: Int) {
        guard let last = tensor.shape.last, block >= 1, last % block == 0, tensor.count > 0 else { return nil }
        let width = tensor.dtype.byteSize
        let rows = tensor.count / last, blocksPerRow = last / block, blockBytes = block * width
        // The byte of each element that carries a float's sign bit (little-endian), ignored.
        let signByte = tensor.dtype == .float32 || tensor.dtype == .float16 ? width - 1 : -1
        var values = Data(), segments = [0], indices: [Int] = []
        tensor.data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            func isZero(_ start: Int) -> Bool {
                (0..<blockBytes).allSatisfy { i in
                    let byte = bytes[start + i]
                    return (i % width == signByte ? byte & 0x7F : byte) == 0
                }
            }
            for r in 0..<rows {
                for k in 0..<blocksPerRow {
                    let start = (r * last + k * block) * width
                    guard !isZero(start) else { continue }
                    values.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + blockBytes)]))
                    indices.append(k)
                }
                segments.append(indices.count)
            }
        }
        (self.shape, self.block, self.values, self.segments, self.indices) = (tensor.shape, block, values, segments, indices)
    }

    /// The share of blocks stored.
    var density: Double { Double(indices.count) / Double(max(segments.count - 1, 1) * (shape.last! / block)) }

    /// The bytes the encoding adds to the file: values, index vectors and the metadata tables.
    var bytes: Int {
        let levels = shape.count + (block > 1 ? 1 : 0)
        return values.count + Self.width(of: segments) * segments.count + Self.width(of: indices) * indices.count + 24 * levels + 48
    }

    /// The SparsityParameters table.
    func table(_ b: inout FlatBufferBuilder) -> Offset {
        let fields = TFLiteSchema.DimensionMetadata.self
        let rank = shape.count
        func dense(_ size: Int) -> Offset {
            b.startTable()
            b.add(field: fields.format.index, value: Int8(0), default: 0)
            b.add(field: fields.denseSize.index, value: Int32(size), default: 0)
            return b.endTable()
        }
        var levels = shape.dropLast().map { dense($0) }
        let (segmentsType, segmentsVector) = Self.indexVector(&b, segments)
        let (indicesType, indicesVector) = Self.indexVector(&b, indices)
        b.startTable()
        b.add(field: fields.format.index, value: Int8(1), default: 0)  // SPARSE_CSR
        b.add(field: fields.arraySegmentsType.index, value: segmentsType.rawValue, default: 0)
        b.addOffset(field: fields.arraySegments.index, segmentsVector)
        b.add(field: fields.arrayIndicesType.index, value: indicesType.rawValue, default: 0)
        b.addOffset(field: fields.arrayIndices.index, indicesVector)
        levels.append(b.endTable())
        if block > 1 { levels.append(dense(block)) }
        let order = b.createVector(ofScalars: (0..<levels.count).map(Int32.init))
        let blockMap = block > 1 ? b.createVector(ofScalars: [Int32(rank - 1)]) : nil
        let metadata = b.createVector(ofOffsets: levels)
        let sparsity = TFLiteSchema.SparsityParameters.self
        b.startTable()
        b.addOffset(field: sparsity.traversalOrder.index, order)
        if let blockMap { b.addOffset(field: sparsity.blockMap.index, blockMap) }
        b.addOffset(field: sparsity.dimMetadata.index, metadata)
        return b.endTable()
    }

    /// The narrowest index vector holding every number (uint8, uint16 or int32), as TFLiteConverter picks.
    private static func width(of numbers: [Int]) -> Int {
        let largest = numbers.max() ?? 0
        return largest <= Int(UInt8.max) ? 1 : largest <= Int(UInt16.max) ? 2 : 4
    }

    private static func indexVector(_ b: inout FlatBufferBuilder, _ numbers: [Int]) -> (TFLiteSchema.SparseIndexVector, Offset) {
        let vector: Offset, type: TFLiteSchema.SparseIndexVector
        switch width(of: numbers) {
        case 1: (type, vector) = (.uint8Vector, b.createVector(ofScalars: numbers.map { UInt8($0) }))
        case 2: (type, vector) = (.uint16Vector, b.createVector(ofScalars: numbers.map { UInt16($0) }))
        default: (type, vector) = (.int32Vector, b.createVector(ofScalars: numbers.map { Int32($0) }))
        }
        b.startTable()
        b.addOffset(field: 0, vector)  // values
        return (type, b.endTable())
    }
}
