import LiteIR
import LiteOps

/// Resize2D on NHWC floats by the node's ``ResizeTaps`` (the reference kernel's own taps): the
/// height pass, then the width pass, each a weighted sum of whole contiguous rows (W·C, then C
/// values), output rows split over threads.
enum ResizeKernel {
    static let table: [String: FastKernel] = ["Resize2D": resize]

    static func resize(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        guard let x = inputs.float(0), x.rank == 4 else { return nil }
        let plan = try ResizeTaps(node, inputs)
        let (batch, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (outHeight, outWidth) = (plan.sizes[0], plan.sizes[1])
        guard outHeight * outWidth > 0, height * width > 0 else { return nil }
        // Height pass into [N, outH, W, C].
        var tall = [Float](repeating: 0, count: batch * outHeight * width * channels)
        FloatStorage.read(x) { xp in
            tall.withUnsafeMutableBufferPointer { buffer in
                pass(rows: batch * outHeight, span: width * channels, taps: plan.taps[0], outside: plan.outside[0], fill: plan.fill,
                     source: { row, index in xp + ((row / outHeight) * height + index) * width * channels },
                     destination: buffer.baseAddress!, threads: context.threads)
            }
        }
        // Width pass: each (n, y) row of outW positions, C values apart.
        let taps = plan.taps[1], outside = plan.outside[1]
        return [FloatStorage.make([batch, outHeight, outWidth, channels], context) { out in
            tall.withUnsafeBufferPointer { tp in
                pass(rows: batch * outHeight * outWidth, span: channels, taps: taps, outside: outside, fill: plan.fill, period: outWidth,
                     source: { row, index in tp.baseAddress! + ((row / outWidth) * width + index) * channels },
                     destination: out, threads: context.threads)
            }
        }]
    }

    /// Output row r (of `span` values) = Σ weight · source(r, index) over the taps of position
    /// r mod `period` (or `fill` where that position is extrapolated).
    private static func pass(rows: Int, span: Int, taps: [[(index: Int, weight: Double)]], outside: [Bool], fill: Float, period: Int? = nil,
                             source: (Int, Int) -> UnsafePointer<Float>, destination: UnsafeMutablePointer<Float>, threads: Int) {
        let positions = period ?? taps.count
        parallelChunks(rows, threads: threads, minimumChunk: max(1, 16384 / max(span, 1))) { range in
            for row in range {
                let position = row % positions, output = destination + row * span
                if outside[position] {
                    output.update(repeating: fill, count: span)
                    continue
                }
                output.update(repeating: 0, count: span)
                for (index, weight) in taps[position] {
                    let input = source(row, index), w = Float(weight)
                    for i in 0..<span { output[i] += w * input[i] }
                }
            }
        }
    }
}
