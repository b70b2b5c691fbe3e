import FlatBuffers
import Foundation
import LiteIR

/// A constant tensor stored with TFLite's SparsityParameters, made dense as TFLite's format
/// converter does: the stored dims are the tensor's dims (blocked ones counted in blocks) followed
/// by one dim per blocked dim (`block_map`) of the block's size, visited in `traversal_order`;
/// `dim_metadata[i]` describes the i-th dim visited, DENSE (`dense_size` positions: child
/// position = parent position · size + j) or SPARSE_CSR (positions `array_segments[parent]` ..<
/// `array_segments[parent + 1]`, coordinates `array_indices` there). The values are the stored
/// elements in visiting order; every other element is zero. Every number is checked against the
/// dense shape and the arrays' lengths.
enum SparseTensors {
    /// The largest dense tensor a sparse one may stand for.
    static let maximumDenseBytes = 1 << 31

    static func densify(_ sparsity: FlatBufferTable, values: Data, dtype: DType, shape: [Int], tensor: String) throws -> Data {
        func fail(_ reason: String) -> TFLiteFormatError { TFLiteFormatError("tensor '\(tensor)': sparsity parameters \(reason)") }
        let fields = TFLiteSchema.SparsityParameters.self
        let order = try (sparsity.vectorOfScalars(field: fields.traversalOrder.index, of: Int32.self) ?? []).map(Int.init)
        let blockMap = try (sparsity.vectorOfScalars(field: fields.blockMap.index, of: Int32.self) ?? []).map(Int.init)
        let metadata = try sparsity.vectorOfTables(field: fields.dimMetadata.index) ?? []
        let rank = shape.count, stored = rank + blockMap.count
        guard order.count == stored, Set(order) == Set(0..<stored), metadata.count == stored,
              blockMap.allSatisfy({ (0..<rank).contains($0) }), Set(blockMap).count == blockMap.count else {
            throw fail("do not describe a rank-\(rank) tensor (traversal order \(order), block map \(blockMap), \(metadata.count) dims)")
        }
        let levels = try metadata.map { try Level($0, fail) }
        // Each stored dim's size: blocked dims in blocks, block dims the block's size (dense).
        var blockSize = [Int](repeating: 1, count: rank)
        for (j, d) in blockMap.enumerated() {
            guard let position = order.firstIndex(of: rank + j), case .dense(let size) = levels[position], size > 0, shape[d] % size == 0 else {
                throw fail("give dim \(d) a block that is not a dense divisor of \(shape[d])")
            }
            blockSize[d] = size
        }
        let width = dtype.byteSize
        // The dense size, bounded: a few sparse bytes must not claim an unbounded allocation.
        var total = 1
        for dim in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: dim)
            guard !overflow, product <= maximumDenseBytes / max(width, 1) else { throw fail("claim a dense \(shape) of more than \(maximumDenseBytes) bytes") }
            total = product
        }
        guard values.count % width == 0 else { throw fail("hold \(values.count) bytes, not whole \(dtype) values") }
        var dense = Data(count: total * width)
        var coordinates = [Int](repeating: 0, count: stored)
        var strides = [Int](repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        func size(ofStored s: Int) -> Int { s < rank ? shape[s] / blockSize[s] : blockSize[blockMap[s - rank]] }
        try values.withUnsafeBytes { source in
            try dense.withUnsafeMutableBytes { target in
                func visit(_ level: Int, _ position: Int) throws {
                    if level == stored {
                        guard (position + 1) * width <= source.count else { throw fail("index a value past the \(source.count / width) stored") }
                        var offset = 0
                        for d in 0..<rank {
                            var index = coordinates[d]
                            if let j = blockMap.firstIndex(of: d) { index = index * blockSize[d] + coordinates[rank + j] }
                            offset += index * strides[d]
                        }
                        target.baseAddress!.advanced(by: offset * width).copyMemory(from: source.baseAddress!.advanced(by: position * width), byteCount: width)
                        return
                    }
                    let dim = order[level], extent = size(ofStored: dim)
                    switch levels[level] {
                    case .dense(let count):
                        guard count == extent else { throw fail("give dim \(dim) a dense size of \(count), not \(extent)") }
                        let (base, overflow) = position.multipliedReportingOverflow(by: count)
                        guard !overflow, base <= total else { throw fail("overflow at dim \(dim)") }
                        for j in 0..<count {
                            coordinates[dim] = j
                            try visit(level + 1, base + j)
                        }
                    case .compressed(let segments, let indices):
                        guard position + 1 < segments.count else { throw fail("have no segment \(position) at dim \(dim)") }
                        let (start, end) = (segments[position], segments[position + 1])
                        guard 0 <= start, start <= end, end <= indices.count else { throw fail("have a segment \(start)..<\(end) outside \(indices.count) indices") }
                        for k in start..<end {
                            guard (0..<extent).contains(indices[k]) else { throw fail("have index \(indices[k]) outside dim \(dim) of \(extent)") }
                            coordinates[dim] = indices[k]
                            try visit(level + 1, k)
                        }
                    }
                }
                if total > 0 { try visit(0, 0) }
            }
        }
        return dense
    }

    /// One stored dim's metadata.
    private enum Level {
        case dense(Int)
        case compressed(segments: [Int], indices: [Int])

        init(_ table: FlatBufferTable, _ fail: (String) -> TFLiteFormatError) throws {
            let fields = TFLiteSchema.DimensionMetadata.self
            switch try table.scalar(field: fields.format.index, default: Int8(0)) {
            case 0:
                self = .dense(Int(try table.scalar(field: fields.denseSize.index, default: Int32(0))))
            case 1:
                func vector(_ type: TableField, _ value: TableField) throws -> [Int] {
                    guard let union = try table.union(typeField: type.index, valueField: value.index) else { throw fail("have a SPARSE_CSR dim without \(value.name)") }
                    switch TFLiteSchema.SparseIndexVector(rawValue: union.type) {
                    case .int32Vector: return try (union.table.vectorOfScalars(field: 0, of: Int32.self) ?? []).map(Int.init)
                    case .uint16Vector: return try (union.table.vectorOfScalars(field: 0, of: UInt16.self) ?? []).map(Int.init)
                    case .uint8Vector: return try (union.table.vectorOfScalars(field: 0, of: UInt8.self) ?? []).map(Int.init)
                    case nil: throw fail("have an index vector of unknown type \(union.type)")
                    }
                }
                self = .compressed(segments: try vector(fields.arraySegmentsType, fields.arraySegments),
                                   indices: try vector(fields.arrayIndicesType, fields.arrayIndices))
            case let format:
                throw fail("have an unknown dim format \(format)")
            }
        }
    }
}
