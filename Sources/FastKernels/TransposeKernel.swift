import Foundation
import LiteIR
import LiteOps

/// Transpose of any element type. Input axes that stay neighbors in the output are merged
/// first (NCHW ↔ NHWC becomes a 3-D transpose, [0, 2, 1, 3] of attention heads one of
/// contiguous rows); then each output row is one copy when its elements are contiguous in the
/// input; a transposed matrix (the last two axes swapped) goes in 16 × 16 tiles so that reads
/// and writes both stay within a few cache lines; other orders gather strided rows. Work split
/// over threads.
enum TransposeKernel {
    static let table: [String: FastKernel] = ["Transpose": transpose]

    static func transpose(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        guard inputs.count == 1, let x = inputs[0], x.rank > 0, [1, 2, 4, 8].contains(x.dtype.byteSize) else { return nil }
        let perm = try node.ints("perm", Array((0..<x.rank).reversed()))
        guard perm.count == x.rank, Set(perm) == Set(0..<x.rank), x.count > 0 else { return nil }
        let (shape, order) = merged(x.shape, perm)
        let inputStrides = ShapeMath.strides(shape)
        let outShape = order.map { shape[$0] }, strides = order.map { inputStrides[$0] }
        let inner = outShape[outShape.count - 1], innerStride = strides[strides.count - 1], size = x.dtype.byteSize
        let rows = x.count / inner
        // Only the last two (merged) axes swapped: a batch of matrices.
        let rank = order.count
        let tiled = rank >= 2 && order == Array(0..<(rank - 2)) + [rank - 1, rank - 2]
        return [FloatStorage.make(x.dtype, perm.map { x.shape[$0] }, context) { out in
            x.data.withUnsafeBytes { raw in
                guard let source = raw.baseAddress else { return }
                if tiled {
                    transposeTiles(source, out, matrices: rows / outShape[outShape.count - 2], rows: outShape[outShape.count - 2],
                                   columns: inner, size: size, threads: context.threads)
                    return
                }
                parallelChunks(rows, threads: context.threads, minimumChunk: max(1, 16384 / inner)) { range in
                    for row in range {
                        // The input offset of the row's first element: the output index's digits.
                        var rest = row, offset = 0
                        for d in stride(from: outShape.count - 2, through: 0, by: -1) {
                            offset += rest % outShape[d] * strides[d]
                            rest /= outShape[d]
                        }
                        let destination = out + row * inner * size
                        if innerStride == 1 {
                            destination.copyMemory(from: source + offset * size, byteCount: inner * size)
                        } else {
                            gather(source + offset * size, destination, count: inner, stride: innerStride, size: size)
                        }
                    }
                }
            }
        }]
    }

    /// The input shape with every run of axes the permutation keeps together merged into one,
    /// and the permutation of the merged axes.
    static func merged(_ shape: [Int], _ perm: [Int]) -> (shape: [Int], perm: [Int]) {
        // Output positions starting a new merged axis: where perm does not continue the previous one.
        var groups: [[Int]] = []
        for axis in perm {
            if let last = groups.last?.last, axis == last + 1 { groups[groups.count - 1].append(axis) } else { groups.append([axis]) }
        }
        let byInput = groups.sorted { $0[0] < $1[0] }
        let mergedShape = byInput.map { $0.reduce(1) { $0 * shape[$1] } }
        let index = Dictionary(uniqueKeysWithValues: byInput.enumerated().map { ($0.element[0], $0.offset) })
        return (mergedShape, groups.map { index[$0[0]]! })
    }

    /// `matrices` row-major [columns, rows] input matrices written as [rows, columns].
    private static func transposeTiles(_ source: UnsafeRawPointer, _ destination: UnsafeMutableRawPointer, matrices: Int, rows: Int,
                                       columns: Int, size: Int, threads: Int) {
        let tile = 16, rowTiles = (rows + tile - 1) / tile
        func run<T>(_: T.Type) {
            let from = source.assumingMemoryBound(to: T.self), to = destination.assumingMemoryBound(to: T.self)
            parallelChunks(matrices * rowTiles, threads: threads, minimumChunk: max(1, 16384 / (tile * max(columns, 1)))) { range in
                for item in range {
                    let matrix = item / rowTiles, firstRow = item % rowTiles * tile, lastRow = min(firstRow + tile, rows)
                    let input = from + matrix * rows * columns, output = to + matrix * rows * columns
                    var firstColumn = 0
                    while firstColumn < columns {
                        let lastColumn = min(firstColumn + tile, columns)
                        for r in firstRow..<lastRow {
                            for c in firstColumn..<lastColumn { output[r * columns + c] = input[c * rows + r] }
                        }
                        firstColumn = lastColumn
                    }
                }
            }
        }
        switch size {
        case 1: run(UInt8.self)
        case 2: run(UInt16.self)
        case 4: run(UInt32.self)
        default: run(UInt64.self)
        }
    }

    private static func gather(_ source: UnsafeRawPointer, _ destination: UnsafeMutableRawPointer, count: Int, stride: Int, size: Int) {
        func copy<T>(_: T.Type) {
            let from = source.assumingMemoryBound(to: T.self), to = destination.assumingMemoryBound(to: T.self)
            for i in 0..<count { to[i] = from[i * stride] }
        }
        switch size {
        case 1: copy(UInt8.self)
        case 2: copy(UInt16.self)
        case 4: copy(UInt32.self)
        default: copy(UInt64.self)
        }
    }
}
