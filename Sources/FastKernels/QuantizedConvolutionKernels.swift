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
        let sums = (0..<outputs).map { o in (0..<depth).reduce(Int32(0)) { $0 &+ Int32(w[o * depth + $1]) } }
        return { inputs, context in [try convolution(inputs[0]!, w, shape, sums, biasValues, p, context)] }
    }

    private static func convolution(_ x: Tensor, _ w: [Int8], _ wShape: [Int], _ sums: [Int32], _ bias: [Int32]?,
                                    _ p: ConvolutionRequantization, _ context: KernelContext) throws -> Tensor {
        let (batch, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (wShape[0], wShape[1], wShape[2])
        let depth = kh * kw * c
        let (oh, ow) = (p.window.outputSize(h, axis: 0), p.window.outputSize(wd, axis: 1))
        let rows = batch * oh * ow
        let pointwise = kh == 1 && kw == 1 && p.window.strides == [1, 1] && p.window.pads.allSatisfy { $0 == 0 }
        let zero = Int8(truncatingIfNeeded: p.inputZeroPoint)
        return try FloatStorage.make(.int8, [batch, oh, ow, o], context) { raw in
            let out = raw.assumingMemoryBound(to: Int8.self)
            x.data.withUnsafeBytes { xRaw in
                let xv = xRaw.bindMemory(to: Int8.self).baseAddress!
                w.withUnsafeBufferPointer { wv in
                    parallelChunks(rows, threads: context.threads, minimumChunk: 8) { chunk in
                        var patch = [Int8](repeating: zero, count: pointwise ? 0 : depth)
                        patch.withUnsafeMutableBufferPointer { patchBuffer in
                            for row in chunk {
                                let source: UnsafePointer<Int8>
                                if pointwise {
                                    source = xv + row * c
                                } else {
                                    gather(xv, into: patchBuffer.baseAddress!, row: row, (h, wd, c), (oh, ow, kh, kw), p.window, zero: zero)
                                    source = UnsafePointer(patchBuffer.baseAddress!)
                                }
                                requantizeRow(source, wv.baseAddress!, depth: depth, outputs: o, sums: sums, bias: bias, p, into: out + row * o)
                            }
                        }
                    }
                }
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

    /// One output position: every channel's dot product, zero-point correction, bias,
    /// multiplier, output zero point and clamp.
    private static func requantizeRow(_ x: UnsafePointer<Int8>, _ w: UnsafePointer<Int8>, depth: Int, outputs: Int, sums: [Int32],
                                      bias: [Int32]?, _ p: ConvolutionRequantization, into out: UnsafeMutablePointer<Int8>) {
        var oc = 0
        while oc < outputs {
            let count = min(4, outputs - oc)
            let dots = dot4(x, w + oc * depth, depth: depth, count: count)
            for j in 0..<count {
                let acc = dots[j] &- p.inputZeroPoint &* sums[oc + j] &+ (bias?[oc + j] ?? 0)
                let value = p.multipliers[oc + j].apply(acc) &+ p.outputZeroPoint
                out[oc + j] = Int8(truncatingIfNeeded: min(max(value, p.range.lowerBound), p.range.upperBound))
            }
            oc += count
        }
    }

    /// Σ x · w over `depth` int8 pairs for up to four weight rows (`depth` apart) at once, the
    /// input widened once per 16 values; products fit int16, sums int32.
    @inline(__always)
    private static func dot4(_ x: UnsafePointer<Int8>, _ w: UnsafePointer<Int8>, depth: Int, count: Int) -> SIMD4<Int32> {
        var a0 = SIMD16<Int32>(), a1 = SIMD16<Int32>(), a2 = SIMD16<Int32>(), a3 = SIMD16<Int32>()
        // Rows past `count` repeat the last one (their sums are dropped).
        let r0 = w, r1 = w + min(1, count - 1) * depth, r2 = w + min(2, count - 1) * depth, r3 = w + min(3, count - 1) * depth
        var i = 0
        while i + 16 <= depth {
            let xv = SIMD16<Int16>(truncatingIfNeeded: UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Int8>.self))
            @inline(__always) func product(_ row: UnsafePointer<Int8>) -> SIMD16<Int32> {
                SIMD16<Int32>(truncatingIfNeeded: xv &* SIMD16<Int16>(truncatingIfNeeded: UnsafeRawPointer(row + i).loadUnaligned(as: SIMD16<Int8>.self)))
            }
            a0 &+= product(r0)
            a1 &+= product(r1)
            a2 &+= product(r2)
            a3 &+= product(r3)
            i += 16
        }
        var result = SIMD4<Int32>(a0.wrappedSum(), a1.wrappedSum(), a2.wrappedSum(), a3.wrappedSum())
        while i < depth {
            let xi = Int32(x[i])
            result &+= SIMD4(Int32(r0[i]), Int32(r1[i]), Int32(r2[i]), Int32(r3[i])) &* xi
            i += 1
        }
        return result
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
                            for i in 0..<o {
                                let value = p.multipliers[i].apply(acc[i]) &+ p.outputZeroPoint
                                out[row * o + i] = Int8(truncatingIfNeeded: min(max(value, p.range.lowerBound), p.range.upperBound))
                            }
                        }
                    }
                }
            }
        }
    }

    /// acc[oc] += (x[oc / multiplier] − zero point) · w[oc], sixteen channels at a time when the
    /// multiplier is 1.
    @inline(__always)
    private static func accumulate(_ acc: inout [Int32], _ x: UnsafePointer<Int8>, _ w: UnsafePointer<Int8>, channels: Int, multiplier: Int, zero: Int32) {
        acc.withUnsafeMutableBufferPointer { a in
            var i = 0
            if multiplier == 1 {
                let zeros = SIMD16<Int32>(repeating: zero)
                while i + 16 <= channels {
                    let xv = SIMD16<Int32>(truncatingIfNeeded: UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Int8>.self)) &- zeros
                    let wv = SIMD16<Int32>(truncatingIfNeeded: UnsafeRawPointer(w + i).loadUnaligned(as: SIMD16<Int8>.self))
                    let sum = UnsafeRawPointer(a.baseAddress! + i).loadUnaligned(as: SIMD16<Int32>.self) &+ xv &* wv
                    UnsafeMutableRawPointer(a.baseAddress! + i).storeBytes(of: sum, as: SIMD16<Int32>.self)
                    i += 16
                }
            }
            while i < channels {
                a[i] &+= (Int32(x[i / multiplier]) &- zero) &* Int32(w[i])
                i += 1
            }
        }
    }
}
