import Foundation
import LiteIR
import LiteOps

/// Float reductions over one contiguous block of axes (global pooling, LayerNorm's last axis),
/// accumulated in Double as the reference kernels do, and Softmax over one axis.
enum ReductionKernels {
    static let table: [String: FastKernel] = [
        "ReduceMean": { try reduce($0, $1, $2, .mean) }, "ReduceSum": { try reduce($0, $1, $2, .sum) },
        "ReduceMax": { try reduce($0, $1, $2, .max) }, "ReduceMin": { try reduce($0, $1, $2, .min) },
        "Softmax": softmax,
    ]

    enum Reduction { case mean, sum, max, min }

    /// The input as [outer, reduced, inner] when the reduced axes are one contiguous block.
    static func blocks(_ shape: [Int], reducing axes: Set<Int>) -> (outer: Int, reduced: Int, inner: Int)? {
        guard let first = axes.min(), let last = axes.max(), axes.count == last - first + 1 else { return nil }
        return (shape[..<first].reduce(1, *), shape[first...last].reduce(1, *), shape[(last + 1)...].reduce(1, *))
    }

    static func reduce(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext, _ kind: Reduction) throws -> [Tensor]? {
        guard let x = inputs.float(0), node.attributes["initial"] == nil else { return nil }
        let axes = try reducedAxes(node, inputs.count > 1 ? inputs[1]?.ints() : try node.intsIfPresent("axes"), rank: x.rank)
        guard let (outer, reduced, inner) = blocks(x.shape, reducing: axes), reduced > 0 else { return nil }
        let keep = try node.int("keepdims", 1) != 0
        let shape = x.shape.indices.compactMap { axes.contains($0) ? (keep ? 1 : nil) : x.shape[$0] }
        return [FloatStorage.make(shape, context) { out in
            FloatStorage.read(x) { xp in
                parallelChunks(outer * inner, threads: context.threads, minimumChunk: inner == 1 ? 16 : inner) { items in
                    var total = [Double](repeating: 0, count: min(inner, items.count))
                    var item = items.lowerBound
                    while item < items.upperBound {
                        // A run of inner positions of one outer index, accumulated row by row.
                        let o = item / inner, i = item % inner, run = min(inner - i, items.upperBound - item)
                        let base = xp + o * reduced * inner + i
                        for j in 0..<run { total[j] = Double(base[j]) }
                        for r in 1..<reduced {
                            let row = base + r * inner
                            switch kind {
                            case .mean, .sum: for j in 0..<run { total[j] += Double(row[j]) }
                            case .max: for j in 0..<run { total[j] = row[j].isNaN || total[j].isNaN ? .nan : Swift.max(total[j], Double(row[j])) }
                            case .min: for j in 0..<run { total[j] = row[j].isNaN || total[j].isNaN ? .nan : Swift.min(total[j], Double(row[j])) }
                            }
                        }
                        let scale = kind == .mean ? 1 / Double(reduced) : 1
                        for j in 0..<run { out[o * inner + i + j] = Float(kind == .mean ? total[j] * scale : total[j]) }
                        item += run
                    }
                }
            }
        }]
    }

    /// Softmax over `axis`, per (outer, inner) line: max, exponentials, then their sum.
    static func softmax(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        guard let x = inputs.float(0), x.rank >= 1 else { return nil }
        let axis = try ShapeMath.axis(try node.int("axis", -1), rank: x.rank, node: node)
        let (outer, size, inner) = splitAround(x.shape, axis: axis)
        guard size > 0 else { return nil }
        return [FloatStorage.make(x.shape, context) { out in
            FloatStorage.read(x) { xp in
                parallelChunks(outer * inner, threads: context.threads, minimumChunk: max(1, 4096 / size)) { lines in
                    for line in lines {
                        let base = (line / inner) * size * inner + line % inner
                        let input = xp + base, output = out + base
                        var peak = -Float.infinity
                        for k in 0..<size { peak = Swift.max(peak, input[k * inner]) }
                        var sum: Float = 0
                        for k in 0..<size {
                            let e = exp(input[k * inner] - peak)
                            output[k * inner] = e
                            sum += e
                        }
                        for k in 0..<size { output[k * inner] /= sum }
                    }
                }
            }
        }]
    }
}
