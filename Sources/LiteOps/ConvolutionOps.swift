import LiteIR

/// One kernel tap of a (grouped) channels-last convolution with [O, taps…, C/group] weights: for
/// every output channel, out[outBase + oc] += x[inBase + group(oc)·cg + ci] · w[oc, tap, ci], one
/// term at a time — the order of TFLite's reference kernels, which add the bias after all taps.
@inline(__always)
func accumulateTap(_ xv: [Float], _ wv: [Float], _ out: inout [Float], inBase: Int, outBase: Int, tap: Int,
                   geometry: (o: Int, og: Int, cg: Int, taps: Int)) {
    let (o, og, cg, taps) = geometry
    for oc in 0..<o {
        let cBase = inBase + (oc / og) * cg
        let wBase = (oc * taps + tap) * cg
        var acc = out[outBase + oc]
        for ci in 0..<cg { acc += xv[cBase + ci] * wv[wBase + ci] }
        out[outBase + oc] = acc
    }
}

let conv2D = OpSpec("Conv2D", OpTraits(.layoutBound, channels: .weighted(.outputFirst), padFill: .zero), infer: { ctx in
    let x = try ctx.input(0), w = try ctx.input(1)
    let node = ctx.node
    guard x.rank == 4, w.rank == 4, let kh = w.shape[1].value, let kw = w.shape[2].value,
          let o = w.shape[0].value, let cPerGroup = w.shape[3].value else {
        throw node.error("expects NHWC input and static [O, KH, KW, C/group] weights, got \(x) and \(w)")
    }
    let group = try node.int("group", 1)
    guard group >= 1, o % group == 0 else { throw node.error("group \(group) does not divide \(o) output channels") }
    if let c = x.shape[3].value, c != cPerGroup * group {
        throw node.error("input has \(c) channels, weights expect \(cPerGroup * group)")
    }
    if ctx.hasInput(2), try ctx.input(2).shape != [.fixed(o)] { throw node.error("bias must have shape [\(o)]") }
    let window = try SpatialWindow(node: node, kernel: [kh, kw])
    return [TensorType(x.dtype, [x.shape[0], window.outputDim(x.shape[1], axis: 0), window.outputDim(x.shape[2], axis: 1), .fixed(o)])]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node), w = try inputs.required(1, node)
    let (batch, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw, cg) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
    let group = try node.int("group", 1)
    let og = o / group
    let win = try SpatialWindow(node: node, kernel: [kh, kw])
    let oh = win.outputSize(h, axis: 0), ow = win.outputSize(wd, axis: 1)
    let xv = x.floats(), wv = w.floats()
    let bias = inputs.count > 2 ? inputs[2]?.floats() : nil
    var out = [Float](repeating: 0, count: batch * oh * ow * o)
    for n in 0..<batch {
        for y in 0..<oh {
            for xo in 0..<ow {
                let outBase = ((n * oh + y) * ow + xo) * o
                win.forEachTap(y: y, x: xo, height: h, width: wd) { tap, iy, ix in
                    accumulateTap(xv, wv, &out, inBase: ((n * h + iy) * wd + ix) * c, outBase: outBase, tap: tap, geometry: (o, og, cg, kh * kw))
                }
                if let bias { for oc in 0..<o { out[outBase + oc] += bias[oc] } }
            }
        }
    }
    return [Tensor.fromFloats(out, shape: [batch, oh, ow, o], dtype: x.dtype)]
})

/// Transposed convolution, NHWC, weights [O, KH, KW, C/group]. Output size per axis:
/// (in - 1) * stride + (k - 1) * dilation + 1 - padBegin - padEnd + outputPadding.
/// An optional fourth input carries the same output shape as a run-time tensor for TFLite's
/// TRANSPOSE_CONV (dynamic batch); the kernel computes the shape itself.
private func transposedSize(_ size: Int, _ win: SpatialWindow, _ outputPadding: [Int], axis: Int) -> Int {
    (size - 1) * win.strides[axis] + win.effectiveKernel(axis) - win.padBegin(axis) - win.padEnd(axis) + outputPadding[axis]
}

private let convTranspose2D = OpSpec("ConvTranspose2D", OpTraits(.layoutBound, channels: .weighted(WeightLayout(outputAxis: 0, inputAxis: -1, bias: 2, scatters: true))), infer: { ctx in
    let x = try ctx.input(0), w = try ctx.input(1)
    let node = ctx.node
    guard x.rank == 4, w.rank == 4, let o = w.shape[0].value, let kh = w.shape[1].value,
          let kw = w.shape[2].value, let cg = w.shape[3].value else {
        throw node.error("expects NHWC input and static [O, KH, KW, C/group] weights, got \(x) and \(w)")
    }
    let group = try node.int("group", 1)
    guard group >= 1, o % group == 0 else { throw node.error("group \(group) does not divide \(o) output channels") }
    if let c = x.shape[3].value, c != cg * group { throw node.error("input has \(c) channels, weights expect \(cg * group)") }
    let win = try SpatialWindow(node: node, kernel: [kh, kw])
    let outputPadding = try node.ints("output_padding", [0, 0])
    guard outputPadding.count == 2 else { throw node.error("output_padding must have 2 values") }
    func size(_ d: Dim, _ axis: Int) throws -> Dim {
        guard let v = d.value else { return d }
        let s = transposedSize(v, win, outputPadding, axis: axis)
        guard s > 0 else { throw node.error("output size \(s) is not positive") }
        return .fixed(s)
    }
    return [TensorType(x.dtype, [x.shape[0], try size(x.shape[1], 0), try size(x.shape[2], 1), .fixed(o)])]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node), w = try inputs.required(1, node)
    let (batch, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw, cg) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
    let og = o / (c / cg)
    let win = try SpatialWindow(node: node, kernel: [kh, kw])
    let outputPadding = try node.ints("output_padding", [0, 0])
    let oh = transposedSize(h, win, outputPadding, axis: 0), ow = transposedSize(wd, win, outputPadding, axis: 1)
    let xv = x.floats(), wv = w.floats()
    var out = [Float](repeating: 0, count: batch * oh * ow * o)
    if let bias = inputs.count > 2 ? inputs[2]?.floats() : nil {
        for i in 0..<(batch * oh * ow) { for oc in 0..<o { out[i * o + oc] = bias[oc] } }
    }
    for n in 0..<batch {
        for iy in 0..<h {
            for ix in 0..<wd {
                let inBase = ((n * h + iy) * wd + ix) * c
                for ky in 0..<kh {
                    let y = iy * win.strides[0] - win.pads[0] + ky * win.dilations[0]
                    if y < 0 || y >= oh { continue }
                    for kx in 0..<kw {
                        let xo = ix * win.strides[1] - win.pads[1] + kx * win.dilations[1]
                        if xo < 0 || xo >= ow { continue }
                        let outBase = ((n * oh + y) * ow + xo) * o
                        accumulateTap(xv, wv, &out, inBase: inBase, outBase: outBase, tap: ky * kw + kx,
                                      geometry: (o, og, cg, kh * kw))
                    }
                }
            }
        }
    }
    return [Tensor.fromFloats(out, shape: [batch, oh, ow, o], dtype: x.dtype)]
})

let convolutionOps: [OpSpec] = [conv2D, conv3D, convTranspose2D] + FilterLayout.ops
