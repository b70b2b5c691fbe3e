import LiteIR
import LiteOps

/// Constant-mode float Pad without crops: each output row (the last axis) is fill, or the
/// input row between its begin and end fill; rows split over threads.
enum PadKernel {
    static let table: [String: FastKernel] = ["Pad": pad]

    static func pad(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        guard let x = inputs.float(0), x.rank >= 1, try node.string("mode", "constant") == "constant" else { return nil }
        let (pads, value) = try padParameters(node, inputs, rank: x.rank)
        let rank = x.rank
        guard pads.count == 2 * rank, pads.allSatisfy({ $0 >= 0 }) else { return nil }
        let shape = x.shape.indices.map { x.shape[$0] + pads[$0] + pads[$0 + rank] }
        guard let count = checkedElementCount(shape), count > 0 else { return nil }
        let width = shape[rank - 1], inWidth = x.shape[rank - 1], before = pads[rank - 1]
        let outRows = count / width
        return [FloatStorage.make(shape, context) { out in
            FloatStorage.read(x) { xp in
                parallelChunks(outRows, threads: context.threads, minimumChunk: 64) { rows in
                    for row in rows {
                        let o = out + row * width
                        // The input row this output row shows, if every leading index is inside.
                        var rest = row, inRow = 0, inStride = 1, inside = true
                        for d in stride(from: rank - 2, through: 0, by: -1) {
                            let index = rest % shape[d] - pads[d]
                            rest /= shape[d]
                            if index < 0 || index >= x.shape[d] { inside = false; break }
                            inRow += index * inStride
                            inStride *= x.shape[d]
                        }
                        guard inside, inWidth > 0 else {
                            o.update(repeating: value, count: width)
                            continue
                        }
                        o.update(repeating: value, count: before)
                        (o + before).update(from: xp + inRow * inWidth, count: inWidth)
                        (o + before + inWidth).update(repeating: value, count: width - before - inWidth)
                    }
                }
            }
        }]
    }
}
