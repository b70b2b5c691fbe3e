import LiteIR

/// 3-D convolution, NDHWC input with [O, KD, KH, KW, C/group] weights and an optional [O] bias.
/// Attributes: strides and dilations [d, h, w], pads [front, top, left, back, bottom, right],
/// group — ONNX semantics.
let conv3D = OpSpec("Conv3D", OpTraits(.layoutBound, channels: .weighted(.outputFirst), padFill: .zero), infer: { ctx in
    let x = try ctx.input(0), w = try ctx.input(1)
    let node = ctx.node
    guard x.rank == 5, w.rank == 5, let wShape = w.fixedShape else {
        throw node.error("expects NDHWC input and static [O, KD, KH, KW, C/group] weights, got \(x) and \(w)")
    }
    let (o, cPerGroup) = (wShape[0], wShape[4])
    let group = try node.int("group", 1)
    guard group >= 1, o % group == 0 else { throw node.error("group \(group) does not divide \(o) output channels") }
    if let c = x.shape[4].value, c != cPerGroup * group {
        throw node.error("input has \(c) channels, weights expect \(cPerGroup * group)")
    }
    if ctx.hasInput(2), try ctx.input(2).shape != [.fixed(o)] { throw node.error("bias must have shape [\(o)]") }
    let window = try SpatialWindow(node: node, kernel: Array(wShape[1...3]))
    let spatial = (0..<3).map { window.outputDim(x.shape[$0 + 1], axis: $0) }
    if spatial.contains(.fixed(0)) { throw node.error("the window is larger than the padded input \(x)") }
    return [TensorType(x.dtype, [x.shape[0]] + spatial + [.fixed(o)])]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node), w = try inputs.required(1, node)
    let (batch, depth, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], x.shape[4])
    let (o, kd, kh, kw, cg) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3], w.shape[4])
    let og = o / (try node.int("group", 1))
    let win = try SpatialWindow(node: node, kernel: [kd, kh, kw])
    let (od, oh, ow) = (win.outputSize(depth, axis: 0), win.outputSize(h, axis: 1), win.outputSize(wd, axis: 2))
    let xv = x.floats(), wv = w.floats()
    let bias = inputs.count > 2 ? inputs[2]?.floats() : nil
    var out = [Float](repeating: 0, count: batch * od * oh * ow * o)
    /// Input coordinate of kernel tap `k` for output position `position` along `axis`, if inside.
    func source(_ position: Int, _ k: Int, axis: Int, size: Int) -> Int? {
        let i = position * win.strides[axis] - win.pads[axis] + k * win.dilations[axis]
        return i >= 0 && i < size ? i : nil
    }
    for n in 0..<batch {
        for z in 0..<od {
            for y in 0..<oh {
                for xo in 0..<ow {
                    let outBase = (((n * od + z) * oh + y) * ow + xo) * o
                    for kz in 0..<kd {
                        guard let iz = source(z, kz, axis: 0, size: depth) else { continue }
                        for ky in 0..<kh {
                            guard let iy = source(y, ky, axis: 1, size: h) else { continue }
                            for kx in 0..<kw {
                                guard let ix = source(xo, kx, axis: 2, size: wd) else { continue }
                                let inBase = (((n * depth + iz) * h + iy) * wd + ix) * c
                                accumulateTap(xv, wv, &out, inBase: inBase, outBase: outBase, tap: (kz * kh + ky) * kw + kx,
                                              geometry: (o, og, cg, kd * kh * kw))
                            }
                        }
                    }
                    if let bias { for oc in 0..<o { out[outBase + oc] += bias[oc] } }
                }
            }
        }
    }
    return [Tensor.fromFloats(out, shape: [batch, od, oh, ow, o], dtype: x.dtype)]
})
