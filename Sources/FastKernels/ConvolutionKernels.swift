import LiteIR
import LiteOps

/// NHWC convolutions: a (grouped) Conv2D as GEMM over im2col patches (a 1×1 stride-1 unpadded
/// convolution over the input itself); depthwise ones in DepthwiseKernel.swift.
enum ConvolutionKernels {
    static let table: [String: FastKernel] = ["Conv2D": conv2D, "DepthwiseConv2D": depthwiseConv2D]

    /// The geometry of one NHWC convolution.
    struct Geometry {
        var batch: Int, height: Int, width: Int, channels: Int
        var outHeight: Int, outWidth: Int, outChannels: Int
        var kernelHeight: Int, kernelWidth: Int
        var window: SpatialWindow

        var taps: Int { kernelHeight * kernelWidth }
        var outputPositions: Int { batch * outHeight * outWidth }

        init?(_ node: Node, x: Tensor, kernelHeight: Int, kernelWidth: Int, outChannels: Int) throws {
            guard x.rank == 4 else { return nil }
            (batch, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
            (self.kernelHeight, self.kernelWidth, self.outChannels) = (kernelHeight, kernelWidth, outChannels)
            window = try SpatialWindow(node: node, kernel: [kernelHeight, kernelWidth])
            outHeight = window.outputSize(height, axis: 0)
            outWidth = window.outputSize(width, axis: 1)
        }

        /// Whether the output position (y, x) is the input position itself for every tap.
        var isPointwise: Bool {
            taps == 1 && window.strides == [1, 1] && window.pads.allSatisfy { $0 == 0 }
        }

        /// The input row (n, iy, ix) feeding output (n, y, x) at tap (ky, kx), nil in the padding.
        @inline(__always)
        func inputOffset(n: Int, y: Int, x: Int, ky: Int, kx: Int) -> Int? {
            let iy = y * window.strides[0] - window.pads[0] + ky * window.dilations[0]
            let ix = x * window.strides[1] - window.pads[1] + kx * window.dilations[1]
            guard iy >= 0, iy < height, ix >= 0, ix < width else { return nil }
            return ((n * height + iy) * width + ix) * channels
        }
    }

    static func conv2D(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        guard let x = inputs.float(0), let w = inputs.float(1), w.rank == 4, let bias = inputs.optionalFloat(2, count: w.shape[0]),
              let g = try Geometry(node, x: x, kernelHeight: w.shape[1], kernelWidth: w.shape[2], outChannels: w.shape[0]) else { return nil }
        let group = try node.int("group", 1), clamp = try OutputClamp(node)
        let perGroup = w.shape[3]
        if group > 1, perGroup == 1, group == g.channels {
            // Depthwise, weights [O, KH, KW, 1]: tap t of channel o at o·taps + t.
            return [try depthwise(x, w, weightStrides: (tap: 1, channel: g.taps), bias, g, clamp, context)]
        }
        let k = g.taps * perGroup
        guard group >= 1, g.channels == perGroup * group, g.outChannels % group == 0,
              GEMM.fits(g.outputPositions, g.outChannels, k, g.channels) else { return nil }
        let outGroup = g.outChannels / group
        return [FloatStorage.make([g.batch, g.outHeight, g.outWidth, g.outChannels], context) { out in
            FloatStorage.read(x) { xp in
                FloatStorage.read(w) { wp in
                    FloatStorage.read(optional: bias) { bp in
                        /// Output rows `range`, every group: products, then bias and clamp.
                        func rows(_ range: Range<Int>, gemmThreads: Int) {
                            for grp in 0..<group {
                                let weights = wp + grp * outGroup * k, output = out + grp * outGroup
                                if g.isPointwise {
                                    GEMM.multiply(m: range.count, n: outGroup, k: k, a: xp + range.lowerBound * g.channels + grp * perGroup,
                                                  lda: g.channels, b: weights, ldb: k, transposedB: true,
                                                  c: output + range.lowerBound * g.outChannels, ldc: g.outChannels,
                                                  threads: gemmThreads)
                                } else {
                                    patchProducts(g, xp, rows: range, firstChannel: grp * perGroup, channels: perGroup, weights: weights,
                                                  outGroup: outGroup, output: output, gemmThreads: gemmThreads)
                                }
                            }
                            clamp.finish(out + range.lowerBound * g.outChannels, rows: range.count, columns: g.outChannels, bias: bp)
                        }
                        if g.outputPositions >= 64 * context.threads {
                            // One parallel section per convolution: each thread owns whole output rows.
                            parallelChunks(g.outputPositions, threads: context.threads, minimumChunk: 64) { rows($0, gemmThreads: 1) }
                        } else {
                            rows(0..<g.outputPositions, gemmThreads: context.threads)
                        }
                    }
                }
            }
        }]
    }

    /// Output rows at a time whose patches fit in 256 Ki floats (1 MB, in L2).
    static let patchBudget = 1 << 18

    /// GEMM of the im2col patches (taps × `channels` from `firstChannel`) of output `rows` with the
    /// group's weights, written to `output`, in tiles of rows.
    static func patchProducts(_ g: Geometry, _ x: UnsafePointer<Float>, rows: Range<Int>, firstChannel: Int, channels: Int,
                              weights: UnsafePointer<Float>, outGroup: Int, output: UnsafeMutablePointer<Float>, gemmThreads: Int) {
        let k = g.taps * channels
        let tileRows = max(1, min(rows.count, patchBudget / max(k, 1)))
        let patches = UnsafeMutablePointer<Float>.allocate(capacity: tileRows * k)
        defer { patches.deallocate() }
        var start = rows.lowerBound
        while start < rows.upperBound {
            let count = min(tileRows, rows.upperBound - start)
            for r in 0..<count {
                let position = start + r
                let n = position / (g.outHeight * g.outWidth), yx = position % (g.outHeight * g.outWidth)
                let (y, xo) = (yx / g.outWidth, yx % g.outWidth)
                var row = patches + r * k
                for ky in 0..<g.kernelHeight {
                    for kx in 0..<g.kernelWidth {
                        if let offset = g.inputOffset(n: n, y: y, x: xo, ky: ky, kx: kx) {
                            row.update(from: x + offset + firstChannel, count: channels)
                        } else {
                            row.update(repeating: 0, count: channels)
                        }
                        row += channels
                    }
                }
            }
            GEMM.multiply(m: count, n: outGroup, k: k, a: patches, lda: k, b: weights, ldb: k, transposedB: true,
                          c: output + start * g.outChannels, ldc: g.outChannels, threads: gemmThreads)
            start += count
        }
    }

    /// DEPTHWISE_CONV_2D's form: filter [1, KH, KW, O] is already tap-major.
    static func depthwiseConv2D(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        guard let x = inputs.float(0), let w = inputs.float(1), w.rank == 4, w.shape[0] == 1, let bias = inputs.optionalFloat(2, count: w.shape[3]),
              let g = try Geometry(node, x: x, kernelHeight: w.shape[1], kernelWidth: w.shape[2], outChannels: w.shape[3]) else { return nil }
        return [try depthwise(x, w, weightStrides: (tap: g.outChannels, channel: 1), bias, g, try OutputClamp(node), context)]
    }
}
