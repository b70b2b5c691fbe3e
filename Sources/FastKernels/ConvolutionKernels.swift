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
        guard inputs.count <= 2 || inputs[2] == nil || bias != nil, bias == nil || bias?.count == w.shape[0],
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
        return [try FloatStorage.make([g.batch, g.outHeight, g.outWidth, g.outChannels], context) { out in
            try FloatStorage.read(x) { xp in
                try FloatStorage.read(w) { wp in
                    try withOptionalFloats(bias) { bp in
                        /// Output rows `range`, every group: bias, products, clamp, on one thread.
                        func rows(_ range: Range<Int>, gemmThreads: Int) {
                            fillBias(out, bp, rows: range, columns: g.outChannels)
                            for grp in 0..<group {
                                let weights = wp + grp * outGroup * k, output = out + grp * outGroup
                                if g.isPointwise {
                                    GEMM.multiply(m: range.count, n: outGroup, k: k, a: xp + range.lowerBound * g.channels + grp * perGroup,
                                                  lda: g.channels, b: weights, ldb: k, transposedB: true,
                                                  c: output + range.lowerBound * g.outChannels, ldc: g.outChannels,
                                                  accumulate: true, threads: gemmThreads)
                                } else {
                                    patchProducts(g, xp, rows: range, firstChannel: grp * perGroup, channels: perGroup, weights: weights,
                                                  outGroup: outGroup, output: output, gemmThreads: gemmThreads)
                                }
                            }
                            clamp.apply(out + range.lowerBound * g.outChannels, count: range.count * g.outChannels)
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

    /// Output rows at a time whose patches fit in 1 Mi floats (4 MB).
    static let patchBudget = 1 << 20

    /// GEMM of the im2col patches (taps × `channels` from `firstChannel`) of output `rows` with the
    /// group's weights, accumulated into `output`, in tiles of rows.
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
                          c: output + start * g.outChannels, ldc: g.outChannels, accumulate: true, threads: gemmThreads)
            start += count
        }
    }

    /// DEPTHWISE_CONV_2D's form: filter [1, KH, KW, O] is already tap-major.
    static func depthwiseConv2D(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        guard let x = inputs.float(0), let w = inputs.float(1), w.rank == 4, w.shape[0] == 1 else { return nil }
        let bias = inputs.float(2)
        guard inputs.count <= 2 || inputs[2] == nil || bias != nil, bias == nil || bias?.count == w.shape[3],
              let g = try Geometry(node, x: x, kernelHeight: w.shape[1], kernelWidth: w.shape[2], outChannels: w.shape[3]) else { return nil }
        return [try depthwise(x, w, weightStrides: (tap: g.outChannels, channel: 1), bias, g, try OutputClamp(node), context)]
    }

    /// out[n, y, x, o] = bias[o] + Σ_taps x[n, iy, ix, o / M] · w[tap, o], with M = O / C and the
    /// weight of (tap, o) at tap · `weightStrides.tap` + o · `weightStrides.channel`.
    static func depthwise(_ x: Tensor, _ w: Tensor, weightStrides: (tap: Int, channel: Int), _ bias: Tensor?, _ g: Geometry,
                          _ clamp: OutputClamp, _ context: KernelContext) throws -> Tensor {
        let o = g.outChannels, multiplier = o / max(g.channels, 1)
        return try FloatStorage.make([g.batch, g.outHeight, g.outWidth, o], context) { out in
            try FloatStorage.read(x) { xp in
                try FloatStorage.read(w) { wp in
                  try withOptionalFloats(bias) { bp in
                    parallelChunks(g.outputPositions, threads: context.threads, minimumChunk: 8) { range in
                        fillBias(out, bp, rows: range, columns: o)
                        let contiguous = multiplier == 1 && weightStrides.channel == 1
                        for position in range {
                            let n = position / (g.outHeight * g.outWidth), yx = position % (g.outHeight * g.outWidth)
                            let (y, xo) = (yx / g.outWidth, yx % g.outWidth)
                            let row = out + position * o
                            if contiguous {
                                accumulateTaps(g, xp, wp, tapStride: weightStrides.tap, n: n, y: y, x: xo, into: row, clamp)
                                continue
                            }
                            for ky in 0..<g.kernelHeight {
                                for kx in 0..<g.kernelWidth {
                                    guard let offset = g.inputOffset(n: n, y: y, x: xo, ky: ky, kx: kx) else { continue }
                                    let input = xp + offset, weights = wp + (ky * g.kernelWidth + kx) * weightStrides.tap
                                    for c in 0..<o { row[c] += input[c / multiplier] * weights[c * weightStrides.channel] }
                                }
                            }
                            clamp.apply(row, count: o)
                        }
                    }
                  }
                }
            }
        }
    }

    /// One output position of a depthwise convolution whose channel c reads input channel c and
    /// weight c of each tap: eight channels at a time held in registers over all taps, then
    /// clamped and stored; `row` holds the bias on entry.
    @inline(__always)
    static func accumulateTaps(_ g: Geometry, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, tapStride: Int,
                               n: Int, y: Int, x xo: Int, into row: UnsafeMutablePointer<Float>, _ clamp: OutputClamp) {
        let o = g.outChannels
        var offsets: [(input: Int, weight: Int)] = []
        offsets.reserveCapacity(g.taps)
        for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
                if let offset = g.inputOffset(n: n, y: y, x: xo, ky: ky, kx: kx) { offsets.append((offset, (ky * g.kernelWidth + kx) * tapStride)) }
            }
        }
        let lower = SIMD8<Float>(repeating: clamp.lower), upper = SIMD8<Float>(repeating: clamp.upper)
        let raw = UnsafeMutableRawPointer(row)
        var c = 0
        while c + 8 <= o {
            var sum = raw.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self)
            for (input, weight) in offsets {
                let a = UnsafeRawPointer(x + input + c).loadUnaligned(as: SIMD8<Float>.self)
                let b = UnsafeRawPointer(w + weight + c).loadUnaligned(as: SIMD8<Float>.self)
                sum += a * b
            }
            if !clamp.isIdentity { sum = sum.replacing(with: lower, where: sum .< lower).replacing(with: upper, where: sum .> upper) }
            raw.storeBytes(of: sum, toByteOffset: c * 4, as: SIMD8<Float>.self)
            c += 8
        }
        while c < o {
            var sum = row[c]
            for (input, weight) in offsets { sum += x[input + c] * w[weight + c] }
            row[c] = clamp.isIdentity ? sum : Swift.min(Swift.max(sum, clamp.lower), clamp.upper)
            c += 1
        }
    }

    /// Fills output `rows` with the bias, or zeros without one.
    static func fillBias(_ out: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>?, rows: Range<Int>, columns: Int) {
        guard let bias else {
            (out + rows.lowerBound * columns).update(repeating: 0, count: rows.count * columns)
            return
        }
        for r in rows { (out + r * columns).update(from: bias, count: columns) }
    }

    /// Runs `body` on a bias's elements, or on nil without a bias (callers check that a bias
    /// holds one value per output column).
    static func withOptionalFloats<R>(_ bias: Tensor?, _ body: (UnsafePointer<Float>?) throws -> R) throws -> R {
        guard let bias else { return try body(nil) }
        return try FloatStorage.read(bias) { try body($0) }
    }
}
