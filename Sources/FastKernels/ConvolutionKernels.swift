import LiteIR
import LiteOps

/// NHWC convolutions: a (grouped) Conv2D as GEMM over im2col patches (a 1×1 stride-1 unpadded
/// convolution over the input itself), and depthwise convolutions — memory-bound — as one
/// vectorizable loop over channels per kernel tap.
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
        guard let x = inputs.float(0), let w = inputs.float(1), w.rank == 4 else { return nil }
        let bias = inputs.float(2)
        guard inputs.count <= 2 || inputs[2] == nil || bias != nil,
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
        return [try FloatStorage.make([g.batch, g.outHeight, g.outWidth, g.outChannels]) { out in
            try startWithBias(out, bias, rows: g.outputPositions, columns: g.outChannels, context)
            try FloatStorage.read(x) { xp in
                try FloatStorage.read(w) { wp in
                    for grp in 0..<group {
                        let outGroup = g.outChannels / group
                        let weights = wp + grp * outGroup * k, output = out + grp * outGroup
                        if g.isPointwise {
                            GEMM.multiply(m: g.outputPositions, n: outGroup, k: k, a: xp + grp * perGroup, lda: g.channels,
                                          b: weights, ldb: k, transposedB: true, c: output, ldc: g.outChannels,
                                          accumulate: true, threads: context.threads)
                        } else {
                            patchProducts(g, xp, firstChannel: grp * perGroup, channels: perGroup, weights: weights,
                                          outGroup: outGroup, output: output, context)
                        }
                    }
                }
            }
            clamp.apply(out, count: g.outputPositions * g.outChannels, threads: context.threads)
        }]
    }

    /// Output rows at a time whose patches fit in 16 Mi floats.
    static let patchBudget = 1 << 24

    /// GEMM of im2col patches (taps × `channels` from `firstChannel`) with the group's weights,
    /// accumulated into `output`, in tiles of output positions.
    static func patchProducts(_ g: Geometry, _ x: UnsafePointer<Float>, firstChannel: Int, channels: Int, weights: UnsafePointer<Float>,
                              outGroup: Int, output: UnsafeMutablePointer<Float>, _ context: KernelContext) {
        let k = g.taps * channels
        let tileRows = max(1, min(g.outputPositions, patchBudget / max(k, 1)))
        let patches = UnsafeMutablePointer<Float>.allocate(capacity: tileRows * k)
        defer { patches.deallocate() }
        var start = 0
        while start < g.outputPositions {
            let rows = min(tileRows, g.outputPositions - start)
            parallelChunks(rows, threads: context.threads, minimumChunk: 16) { range in
                for r in range {
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
            }
            GEMM.multiply(m: rows, n: outGroup, k: k, a: patches, lda: k, b: weights, ldb: k, transposedB: true,
                          c: output + start * g.outChannels, ldc: g.outChannels, accumulate: true, threads: context.threads)
            start += rows
        }
    }

    /// DEPTHWISE_CONV_2D's form: filter [1, KH, KW, O] is already tap-major.
    static func depthwiseConv2D(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        guard let x = inputs.float(0), let w = inputs.float(1), w.rank == 4, w.shape[0] == 1 else { return nil }
        let bias = inputs.float(2)
        guard inputs.count <= 2 || inputs[2] == nil || bias != nil,
              let g = try Geometry(node, x: x, kernelHeight: w.shape[1], kernelWidth: w.shape[2], outChannels: w.shape[3]) else { return nil }
        return [try depthwise(x, w, weightStrides: (tap: g.outChannels, channel: 1), bias, g, try OutputClamp(node), context)]
    }

    /// out[n, y, x, o] = bias[o] + Σ_taps x[n, iy, ix, o / M] · w[tap, o], with M = O / C and the
    /// weight of (tap, o) at tap · `weightStrides.tap` + o · `weightStrides.channel`.
    static func depthwise(_ x: Tensor, _ w: Tensor, weightStrides: (tap: Int, channel: Int), _ bias: Tensor?, _ g: Geometry,
                          _ clamp: OutputClamp, _ context: KernelContext) throws -> Tensor {
        let o = g.outChannels, multiplier = o / max(g.channels, 1)
        return try FloatStorage.make([g.batch, g.outHeight, g.outWidth, o]) { out in
            try startWithBias(out, bias, rows: g.outputPositions, columns: o, context)
            try FloatStorage.read(x) { xp in
                try FloatStorage.read(w) { wp in
                    parallelChunks(g.outputPositions, threads: context.threads, minimumChunk: 8) { range in
                        for position in range {
                            let n = position / (g.outHeight * g.outWidth), yx = position % (g.outHeight * g.outWidth)
                            let (y, xo) = (yx / g.outWidth, yx % g.outWidth)
                            let row = out + position * o
                            for ky in 0..<g.kernelHeight {
                                for kx in 0..<g.kernelWidth {
                                    guard let offset = g.inputOffset(n: n, y: y, x: xo, ky: ky, kx: kx) else { continue }
                                    let input = xp + offset, weights = wp + (ky * g.kernelWidth + kx) * weightStrides.tap
                                    let stride = weightStrides.channel
                                    if multiplier == 1 && stride == 1 {
                                        for c in 0..<o { row[c] += input[c] * weights[c] }
                                    } else {
                                        for c in 0..<o { row[c] += input[c / multiplier] * weights[c * stride] }
                                    }
                                }
                            }
                            clamp.apply(row, count: o)
                        }
                    }
                }
            }
        }
    }

    /// Fills each of `rows` output rows with the bias (or zeros).
    static func startWithBias(_ out: UnsafeMutablePointer<Float>, _ bias: Tensor?, rows: Int, columns: Int, _ context: KernelContext) throws {
        guard let bias, bias.count == columns else {
            out.update(repeating: 0, count: rows * columns)
            return
        }
        try FloatStorage.read(bias) { b in
            parallelChunks(rows, threads: context.threads, minimumChunk: 64) { range in
                for r in range { (out + r * columns).update(from: b, count: columns) }
            }
        }
    }
}
