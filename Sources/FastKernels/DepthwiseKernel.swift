import LiteIR

extension ConvolutionKernels {
    /// out[n, y, x, o] = bias[o] + Σ_taps x[n, iy, ix, o / M] · w[tap, o], with M = O / C and the
    /// weight of (tap, o) at tap · `weightStrides.tap` + o · `weightStrides.channel`; split over
    /// output rows.
    static func depthwise(_ x: Tensor, _ w: Tensor, weightStrides: (tap: Int, channel: Int), _ bias: Tensor?, _ g: Geometry,
                          _ clamp: OutputClamp, _ context: KernelContext) throws -> Tensor {
        let contiguous = g.outChannels == g.channels && weightStrides.channel == 1
        return FloatStorage.make([g.batch, g.outHeight, g.outWidth, g.outChannels], context) { out in
            FloatStorage.read(x) { xp in
                FloatStorage.read(w) { wp in
                    FloatStorage.read(optional: bias) { bp in
                        let rows = g.batch * g.outHeight
                        parallelChunks(rows, threads: context.threads, minimumChunk: max(1, (1 << 14) / max(1, g.outWidth * g.outChannels * g.taps))) { range in
                            for row in range {
                                let (n, y) = (row / g.outHeight, row % g.outHeight)
                                if contiguous {
                                    DepthwiseRow(g, n: n, y: y, tapStride: weightStrides.tap).run(xp, wp, bp, out, clamp)
                                } else {
                                    generalDepthwiseRow(g, n: n, y: y, xp, wp, weightStrides, bp, out, clamp)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Any depth multiplier and weight layout, one channel at a time.
    private static func generalDepthwiseRow(_ g: Geometry, n: Int, y: Int, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                                            _ weightStrides: (tap: Int, channel: Int), _ bias: UnsafePointer<Float>?,
                                            _ out: UnsafeMutablePointer<Float>, _ clamp: OutputClamp) {
        let o = g.outChannels, multiplier = o / max(g.channels, 1)
        for xo in 0..<g.outWidth {
            let row = out + ((n * g.outHeight + y) * g.outWidth + xo) * o
            if let bias { row.update(from: bias, count: o) } else { row.update(repeating: 0, count: o) }
            for ky in 0..<g.kernelHeight {
                for kx in 0..<g.kernelWidth {
                    guard let offset = g.inputOffset(n: n, y: y, x: xo, ky: ky, kx: kx) else { continue }
                    let input = x + offset, weights = w + (ky * g.kernelWidth + kx) * weightStrides.tap
                    for c in 0..<o { row[c] += input[c / multiplier] * weights[c * weightStrides.channel] }
                }
            }
            clamp.apply(row, count: o)
        }
    }
}

/// One output row of a depthwise convolution whose output channel c reads input channel c and
/// weight c of each tap. Where every horizontal tap is inside the input, four output positions
/// × eight channels stay in registers over all taps (each weight vector loaded once for four
/// positions); at the borders each position sums the taps inside.
private struct DepthwiseRow {
    let g: ConvolutionKernels.Geometry
    let n: Int, y: Int, tapStride: Int
    /// Output x positions whose taps all fall inside the input horizontally.
    let interior: Range<Int>
    /// Kernel rows inside the input, with the input row each one reads.
    let kernelRows: [(ky: Int, inputRow: Int)]

    init(_ g: ConvolutionKernels.Geometry, n: Int, y: Int, tapStride: Int) {
        (self.g, self.n, self.y, self.tapStride) = (g, n, y, tapStride)
        let (stride, pad, dilation) = (g.window.strides[1], g.window.pads[1], g.window.dilations[1])
        let first = (pad + stride - 1) / stride
        let lastReach = g.width - 1 - (g.kernelWidth - 1) * dilation + pad
        let end = lastReach < 0 ? 0 : min(g.outWidth, lastReach / stride + 1)
        interior = min(first, g.outWidth)..<max(min(first, g.outWidth), end)
        kernelRows = (0..<g.kernelHeight).compactMap { ky in
            let iy = y * g.window.strides[0] - g.window.pads[0] + ky * g.window.dilations[0]
            return iy >= 0 && iy < g.height ? (ky, iy) : nil
        }
    }

    func run(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
             _ out: UnsafeMutablePointer<Float>, _ clamp: OutputClamp) {
        var xo = 0
        while xo < g.outWidth {
            if interior.contains(xo) && xo + 4 <= interior.upperBound {
                four(at: xo, x, w, bias, out, clamp)
                xo += 4
            } else {
                one(at: xo, x, w, bias, out, clamp)
                xo += 1
            }
        }
    }

    private func outputRow(_ xo: Int, _ out: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        out + ((n * g.outHeight + y) * g.outWidth + xo) * g.outChannels
    }

    /// Output positions xo … xo + 3, all inside horizontally.
    @inline(__always)
    private func four(at xo: Int, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                      _ out: UnsafeMutablePointer<Float>, _ clamp: OutputClamp) {
        let c = g.channels, step = g.window.strides[1] * c
        let (stride, pad) = (g.window.strides[1], g.window.pads[1])
        let tapStep = g.window.dilations[1] * c
        let result = outputRow(xo, out)
        var channel = 0
        while channel + 8 <= c {
            let start = bias.map { ($0 + channel).loadVector() } ?? .zero
            var (s0, s1, s2, s3) = (start, start, start, start)
            for (ky, iy) in kernelRows {
                // Pointers stepped tap by tap: no index arithmetic in the innermost loop.
                var input = x + ((n * g.height + iy) * g.width + xo * stride - pad) * c + channel
                var weights = w + ky * g.kernelWidth * tapStride + channel
                for _ in 0..<g.kernelWidth {
                    let weight = weights.loadVector()
                    s0.addProduct(input.loadVector(), weight)
                    s1.addProduct((input + step).loadVector(), weight)
                    s2.addProduct((input + 2 * step).loadVector(), weight)
                    s3.addProduct((input + 3 * step).loadVector(), weight)
                    input += tapStep
                    weights += tapStride
                }
            }
            (result + channel).storeVector(clamped(s0, clamp))
            (result + c + channel).storeVector(clamped(s1, clamp))
            (result + 2 * c + channel).storeVector(clamped(s2, clamp))
            (result + 3 * c + channel).storeVector(clamped(s3, clamp))
            channel += 8
        }
        for i in 0..<4 where channel < c { sumTaps(xo + i, channels: channel..<c, x, w, bias, outputRow(xo + i, out), clamp) }
    }

    /// One output position, any border.
    private func one(at xo: Int, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                     _ out: UnsafeMutablePointer<Float>, _ clamp: OutputClamp) {
        sumTaps(xo, channels: 0..<g.channels, x, w, bias, outputRow(xo, out), clamp)
    }

    /// Channels `channels` of one output position: bias plus the taps inside the input, clamped.
    private func sumTaps(_ xo: Int, channels: Range<Int>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                         _ bias: UnsafePointer<Float>?, _ result: UnsafeMutablePointer<Float>, _ clamp: OutputClamp) {
        let c = g.channels
        for channel in channels { result[channel] = bias?[channel] ?? 0 }
        for (ky, iy) in kernelRows {
            for kx in 0..<g.kernelWidth {
                let ix = xo * g.window.strides[1] - g.window.pads[1] + kx * g.window.dilations[1]
                guard ix >= 0, ix < g.width else { continue }
                let input = x + ((n * g.height + iy) * g.width + ix) * c, weights = w + (ky * g.kernelWidth + kx) * tapStride
                for channel in channels { result[channel] += input[channel] * weights[channel] }
            }
        }
        clamp.apply(result + channels.lowerBound, count: channels.count)
    }

    @inline(__always) private func clamped(_ v: SIMD8<Float>, _ clamp: OutputClamp) -> SIMD8<Float> {
        guard !clamp.isIdentity else { return v }
        let lower = SIMD8<Float>(repeating: clamp.lower), upper = SIMD8<Float>(repeating: clamp.upper)
        return v.replacing(with: lower, where: v .< lower).replacing(with: upper, where: v .> upper)
    }
}
