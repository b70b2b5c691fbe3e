import LiteIR
import LiteOps

/// int8 Conv2D (one group) and DepthwiseConv2D with constant weights, bit for bit as the
/// reference integer kernels (``ConvolutionRequantization`` holds what both compute besides the
/// products). Integer sums do not depend on their order, so the products are summed in SIMD
/// lanes: Σ (x − zero point) · w = Σ x · w − zero point · Σ w, with the weights' sums made once
/// and padding taps reading the zero point (they add nothing). Output rows split over threads.
enum QuantizedConvolutionKernels {
    /// The fast kernel of an int8 convolution in its graph, nil for any other node.
    static func kernel(for node: Node, in graph: InferenceContext) throws -> (@Sendable ([Tensor?], KernelContext) throws -> [Tensor])? {
        guard let p = try ConvolutionRequantization(graph), !p.wide, p.group == 1, graph.inputTypes.first??.dtype == .int8,
              let weights = graph.constant(1), weights.dtype == .int8, weights.rank == 4 else { return nil }
        let bias = graph.constant(2)
        guard graph.hasInput(2) ? bias?.dtype == .int32 : true else { return nil }
        let depthwise = node.op == "DepthwiseConv2D"
        let w = weights.values(Int8.self), biasValues = bias?.values(Int32.self)
        let shape = weights.shape
        if depthwise {
            return { inputs, context in [try depthwiseConvolution(inputs[0]!, w, shape, biasValues, p, context)] }
        }
        let (outputs, depth) = (shape[0], shape[1] * shape[2] * shape[3])
        // What the products leave out: the bias, less the input zero point times the weights' sum.
        let corrections = (0..<outputs).map { o in
            (biasValues?[o] ?? 0) &- p.inputZeroPoint &* (0..<depth).reduce(Int32(0)) { $0 &+ Int32(w[o * depth + $1]) }
        }
        // Each filter row widened to int32 (SIMD conversions between integer widths do not
        // vectorize) and padded with zeros to a multiple of 8 values.
        let stride = (depth + 7) / 8 * 8
        var wide = [Int32](repeating: 0, count: outputs * stride)
        for o in 0..<outputs { for k in 0..<depth { wide[o * stride + k] = Int32(w[o * depth + k]) } }
        let filters = wide
        return { inputs, context in [try convolution(inputs[0]!, filters, stride: stride, shape, corrections, p, context)] }
    }

    private static func convolution(_ x: Tensor, _ w: [Int32], stride: Int, _ wShape: [Int], _ corrections: [Int32],
                                    _ p: ConvolutionRequantization, _ context: KernelContext) throws -> Tensor {
        let (batch, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (wShape[0], wShape[1], wShape[2])
        let depth = kh * kw * c
        let (oh, ow) = (p.window.outputSize(h, axis: 0), p.window.outputSize(wd, axis: 1))
        let rows = batch * oh * ow
        let pointwise = kh == 1 && kw == 1 && p.window.strides == [1, 1] && p.window.pads.allSatisfy { $0 == 0 } && p.window.dilations == [1, 1]
        let zero = Int8(truncatingIfNeeded: p.inputZeroPoint)
        let lanes = p.multipliers.map(LaneMultipliers.init(repeating:))
        return try FloatStorage.make(.int8, [batch, oh, ow, o], context) { raw in
            let out = raw.assumingMemoryBound(to: Int8.self)
            x.data.withUnsafeBytes { xRaw in
                let xv = xRaw.bindMemory(to: Int8.self).baseAddress!
                w.withUnsafeBufferPointer { wv in corrections.withUnsafeBufferPointer { corrections in lanes.withUnsafeBufferPointer { multipliers in
                    // Tiles of four output positions: each weight row loaded once per tile.
                    parallelChunks((rows + 3) / 4, threads: context.threads, minimumChunk: 2) { tiles in
                        var patch = [Int8](repeating: zero, count: depth)
                        var widePatches = [Int32](repeating: 0, count: 4 * stride)
                        patch.withUnsafeMutableBufferPointer { patchBuffer in
                            widePatches.withUnsafeMutableBufferPointer { wideBuffer in
                                for tile in tiles {
                                    let first = tile * 4, count = min(4, rows - first)
                                    for r in 0..<4 {
                                        let row = first + min(r, count - 1)
                                        let source: UnsafePointer<Int8>
                                        if pointwise {
                                            source = xv + row * c
                                        } else {
                                            gather(xv, into: patchBuffer.baseAddress!, row: row, (h, wd, c), (oh, ow, kh, kw), p.window, zero: zero)
                                            source = UnsafePointer(patchBuffer.baseAddress!)
                                        }
                                        let target = wideBuffer.baseAddress! + r * stride
                                        for k in 0..<depth { target[k] = Int32(source[k]) }
                                    }
                                    requantizeTile(UnsafePointer(wideBuffer.baseAddress!), rows: count, wv.baseAddress!, stride: stride, outputs: o,
                                                   corrections: corrections.baseAddress!, multipliers: multipliers.baseAddress!,
                                                   outputZeroPoint: p.outputZeroPoint, range: p.range, into: out + first * o)
                                }
                            }
                        }
                    }
                } } }
            }
        }
    }

    /// The im2col row of output position `row`: taps outside the input read the zero point.
    private static func gather(_ x: UnsafePointer<Int8>, into patch: UnsafeMutablePointer<Int8>, row: Int, _ input: (h: Int, w: Int, c: Int),
                               _ output: (oh: Int, ow: Int, kh: Int, kw: Int), _ window: SpatialWindow, zero: Int8) {
        let n = row / (output.oh * output.ow), y = row / output.ow % output.oh, xo = row % output.ow
        for ky in 0..<output.kh {
            let iy = y * window.strides[0] - window.pads[0] + ky * window.dilations[0]
            for kx in 0..<output.kw {
                let ix = xo * window.strides[1] - window.pads[1] + kx * window.dilations[1]
                let target = patch + (ky * output.kw + kx) * input.c
                if iy < 0 || iy >= input.h || ix < 0 || ix >= input.w {
                    target.update(repeating: zero, count: input.c)
                } else {
                    target.update(from: x + ((n * input.h + iy) * input.w + ix) * input.c, count: input.c)
                }
            }
        }
    }

    /// Up to four output positions (their int32 patches `stride` apart): every channel's dot
    /// products, the channel's correction (bias − input zero point · Σ w), multiplier, output
    /// zero point and clamp.
    private static func requantizeTile(_ x: UnsafePointer<Int32>, rows: Int, _ w: UnsafePointer<Int32>, stride: Int, outputs: Int,
                                       corrections: UnsafePointer<Int32>, multipliers: UnsafePointer<LaneMultipliers>,
                                       outputZeroPoint: Int32, range: ClosedRange<Int32>, into out: UnsafeMutablePointer<Int8>) {
        let (low, high) = (range.lowerBound, range.upperBound)
        var oc = 0
        while oc < outputs {
            let pair = min(2, outputs &- oc)
            let products = dots(x, w + oc &* stride, w + (oc &+ pair &- 1) &* stride, stride: stride)
            for j in 0..<pair {
                let dot = j == 0 ? products.0 : products.1
                let channel = oc &+ j
                let values = requantize(dot &+ corrections[channel], multipliers[channel]) &+ outputZeroPoint
                for r in 0..<rows { out[r &* outputs &+ channel] = Int8(truncatingIfNeeded: min(max(values[r], low), high)) }
            }
            oc &+= pair
        }
    }

    /// ``QuantizedMultiplier/apply(_:)-(Int32)`` on four values in SIMD lanes, each with its
    /// own multiplier, the same integer steps: the left shift (wrapping), the doubling high
    /// multiply rounded half away from zero (a multiplier is never Int32.min, so it never
    /// saturates), the rounding right shift.
    @inline(__always)
    static func requantize(_ x: SIMD4<Int32>, _ m: LaneMultipliers) -> SIMD4<Int32> {
        let product = SIMD4<Int64>(truncatingIfNeeded: x &* m.leftFactor) &* m.multiplier
        let nudged = product &+ SIMD4<Int64>(repeating: 1 << 30).replacing(with: 1 - (1 << 30), where: product .< 0)
        // Division by 2³¹ rounding toward zero: negative values biased by 2³¹ − 1 first.
        let high = SIMD4<Int32>(truncatingIfNeeded: (nudged &+ ((nudged &>> 63) & ((1 << 31) - 1))) &>> 31)
        let mask = (SIMD4<Int32>(repeating: 1) &<< m.right) &- 1
        let threshold = (mask &>> 1) &+ SIMD4<Int32>(repeating: 0).replacing(with: 1, where: high .< 0)
        return (high &>> m.right) &+ SIMD4<Int32>(repeating: 0).replacing(with: 1, where: (high & mask) .> threshold)
    }

    /// Four multipliers as ``requantize(_:_:)`` takes them.
    struct LaneMultipliers {
        var multiplier: SIMD4<Int64>, leftFactor: SIMD4<Int32>, right: SIMD4<Int32>

        init(_ multipliers: [QuantizedMultiplier]) {
            precondition(multipliers.count == 4)
            (multiplier, leftFactor, right) = (.zero, .zero, .zero)
            for (i, m) in multipliers.enumerated() {
                multiplier[i] = Int64(m.multiplier)
                leftFactor[i] = Int32(truncatingIfNeeded: Int64(1) << max(m.shift, 0))
                right[i] = Int32(max(-m.shift, 0))
            }
        }

        init(repeating m: QuantizedMultiplier) { self.init([m, m, m, m]) }
    }

    /// Σ x · w over `stride` (a multiple of 8) int32 lanes, for four input rows (`stride` apart)
    /// against two weight rows at once.
    @inline(__always)
    private static func dots(_ x: UnsafePointer<Int32>, _ w0: UnsafePointer<Int32>, _ w1: UnsafePointer<Int32>, stride: Int)
        -> (SIMD4<Int32>, SIMD4<Int32>) {
        var a00 = SIMD8<Int32>(), a10 = SIMD8<Int32>(), a20 = SIMD8<Int32>(), a30 = SIMD8<Int32>()
        var a01 = SIMD8<Int32>(), a11 = SIMD8<Int32>(), a21 = SIMD8<Int32>(), a31 = SIMD8<Int32>()
        let x0 = x, x1 = x + stride, x2 = x + 2 * stride, x3 = x + 3 * stride
        var i = 0
        while i < stride {
            let u = UnsafeRawPointer(w0 + i).loadUnaligned(as: SIMD8<Int32>.self), v = UnsafeRawPointer(w1 + i).loadUnaligned(as: SIMD8<Int32>.self)
            let r0 = UnsafeRawPointer(x0 + i).loadUnaligned(as: SIMD8<Int32>.self), r1 = UnsafeRawPointer(x1 + i).loadUnaligned(as: SIMD8<Int32>.self)
            let r2 = UnsafeRawPointer(x2 + i).loadUnaligned(as: SIMD8<Int32>.self), r3 = UnsafeRawPointer(x3 + i).loadUnaligned(as: SIMD8<Int32>.self)
            a00 &+= r0 &* u; a10 &+= r1 &* u; a20 &+= r2 &* u; a30 &+= r3 &* u
            a01 &+= r0 &* v; a11 &+= r1 &* v; a21 &+= r2 &* v; a31 &+= r3 &* v
            i += 8
        }
        return (SIMD4(a00.wrappedSum(), a10.wrappedSum(), a20.wrappedSum(), a30.wrappedSum()),
                SIMD4(a01.wrappedSum(), a11.wrappedSum(), a21.wrappedSum(), a31.wrappedSum()))
    }

    /// DepthwiseConv2D: sixteen output channels at a time in int32 lanes over the taps inside
    /// the input.
    private static func depthwiseConvolution(_ x: Tensor, _ w: [Int8], _ wShape: [Int], _ bias: [Int32]?,
                                             _ p: ConvolutionRequantization, _ context: KernelContext) throws -> Tensor {
        let (batch, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw, o) = (wShape[1], wShape[2], wShape[3])
        let multiplier = o / max(c, 1)
        let (oh, ow) = (p.window.outputSize(h, axis: 0), p.window.outputSize(wd, axis: 1))
        let rows = batch * oh * ow
        let lanes = stride(from: 0, to: o - 3, by: 4).map { LaneMultipliers(Array(p.multipliers[$0..<$0 + 4])) }
        return try FloatStorage.make(.int8, [batch, oh, ow, o], context) { raw in
            let out = raw.assumingMemoryBound(to: Int8.self)
            x.data.withUnsafeBytes { xRaw in
                let xv = xRaw.bindMemory(to: Int8.self).baseAddress!
                w.withUnsafeBufferPointer { wv in
                    parallelChunks(rows, threads: context.threads, minimumChunk: 8) { chunk in
                        var acc = [Int32](repeating: 0, count: o)
                        for row in chunk {
                            let n = row / (oh * ow), y = row / ow % oh, xo = row % ow
                            for i in 0..<o { acc[i] = bias?[i] ?? 0 }
                            for ky in 0..<kh {
                                let iy = y * p.window.strides[0] - p.window.pads[0] + ky * p.window.dilations[0]
                                guard iy >= 0, iy < h else { continue }
                                for kx in 0..<kw {
                                    let ix = xo * p.window.strides[1] - p.window.pads[1] + kx * p.window.dilations[1]
                                    guard ix >= 0, ix < wd else { continue }
                                    let input = xv + ((n * h + iy) * wd + ix) * c, filter = wv.baseAddress! + (ky * kw + kx) * o
                                    accumulate(&acc, input, filter, channels: o, multiplier: multiplier, zero: p.inputZeroPoint)
                                }
                            }
                            var i = 0
                            while i + 4 <= o {
                                let values = requantize(SIMD4(acc[i], acc[i + 1], acc[i + 2], acc[i + 3]), lanes[i / 4]) &+ p.outputZeroPoint
                                for k in 0..<4 { out[row * o + i + k] = Int8(truncatingIfNeeded: min(max(values[k], p.range.lowerBound), p.range.upperBound)) }
                                i += 4
                            }
                            for i in i..<o {
                                let value = p.multipliers[i].apply(acc[i]) &+ p.outputZeroPoint
                                out[row * o + i] = Int8(truncatingIfNeeded: min(max(value, p.range.lowerBound), p.range.upperBound))
                            }
                        }
                    }
                }
            }
        }
    }

    /// acc[oc] += (x[oc / multiplier] − zero point) · w[oc].
    @inline(__always)
    private static func accumulate(_ acc: inout [Int32], _ x: UnsafePointer<Int8>, _ w: UnsafePointer<Int8>, channels: Int, multiplier: Int, zero: Int32) {
        acc.withUnsafeMutableBufferPointer { a in
            var i = 0
            if multiplier == 1 {
                // A plain loop over int8 operands, which the compiler vectorizes (SIMD type
                // conversions between integer widths it does not).
                let base = a.baseAddress!
                for c in 0..<channels { base[c] &+= (Int32(x[c]) &- zero) &* Int32(w[c]) }
                return
            }
            while i < channels {
                a[i] &+= (Int32(x[i / multiplier]) &- zero) &* Int32(w[i])
                i += 1
            }
        }
    }
}
