import LiteIR

/// NHWC pooling. Attributes: kernel_shape, strides, pads [t, l, b, r], dilations (max only),
/// ceil_mode, count_include_pad (average only) — ONNX semantics. A max pool with a second output
/// also gives, per maximum, ONNX's int64 index of it in the NCHW input (row-major, or with
/// `storage_order` 1 column-major over H and W); the first maximum of a window wins.
private func pool(_ name: String, isMax: Bool) -> OpSpec {
    @Sendable func window(_ node: Node) throws -> (SpatialWindow, Bool) {
        let kernel = try node.ints("kernel_shape", [])
        let win = try SpatialWindow(node: node, kernel: kernel)
        guard win.rank == 2 else { throw node.error("pools over \(win.rank) spatial axes are not supported, only 2") }
        return (win, try node.int("ceil_mode", 0) != 0)
    }
    return OpSpec(name, OpTraits(.layoutBound, channels: .perChannel, padFill: isMax ? .lowest : .countedZero), infer: { ctx in
        let x = try ctx.input(0)
        guard x.rank == 4, x.dtype.isFloatingPoint || (isMax && x.dtype != .bool) else {
            throw ctx.node.error("expects a 4-D NHWC \(isMax ? "numeric" : "float") input, got \(x)")
        }
        let (win, ceilMode) = try window(ctx.node)
        let oh = win.outputDim(x.shape[1], axis: 0, ceilMode: ceilMode)
        let ow = win.outputDim(x.shape[2], axis: 1, ceilMode: ceilMode)
        if oh.value == 0 || ow.value == 0 { throw ctx.node.error("the window is larger than the padded input \(x)") }
        let shape = [x.shape[0], oh, ow, x.shape[3]]
        guard isMax && ctx.node.outputs.count == 2 else { return [TensorType(x.dtype, shape)] }
        return [TensorType(x.dtype, shape), TensorType(.int64, shape)]
    }, evaluate: { node, inputs in
        let x = try inputs.required(0, node)
        let (win, ceilMode) = try window(node)
        let includePad = try node.int("count_include_pad", 0) != 0
        let (batch, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let oh = win.outputSize(h, axis: 0, ceilMode: ceilMode), ow = win.outputSize(w, axis: 1, ceilMode: ceilMode)
        let xv = x.floats()
        var out = [Float](repeating: 0, count: batch * oh * ow * c)
        let withIndices = isMax && node.outputs.count == 2
        let columnMajor = try node.int("storage_order", 0) != 0
        var indices = [Int64](repeating: 0, count: withIndices ? out.count : 0)
        var acc = [Float](repeating: 0, count: c)
        var position = [Int](repeating: 0, count: c)
        for n in 0..<batch {
            for y in 0..<oh {
                for xo in 0..<ow {
                    for i in 0..<c { acc[i] = isMax ? -.infinity : 0 }
                    var counted = 0
                    win.forEachTap(y: y, x: xo, height: h, width: w) { _, iy, ix in
                        counted += 1
                        let base = ((n * h + iy) * w + ix) * c
                        if withIndices {
                            // The window's first tap, then any strictly larger one.
                            for i in 0..<c where counted == 1 || xv[base + i] > acc[i] {
                                acc[i] = xv[base + i]
                                position[i] = columnMajor ? ix * h + iy : iy * w + ix
                            }
                            return
                        }
                        for i in 0..<c { acc[i] = isMax ? max(acc[i], xv[base + i]) : acc[i] + xv[base + i] }
                    }
                    let outBase = ((n * oh + y) * ow + xo) * c
                    if isMax {
                        for i in 0..<c { out[outBase + i] = acc[i] }
                        for i in 0..<c where withIndices { indices[outBase + i] = Int64((n * c + i) * h * w + position[i]) }
                        continue
                    }
                    let divisor = includePad ? paddedTaps(win, y: y, x: xo, height: h, width: w) : counted
                    for i in 0..<c { out[outBase + i] = divisor > 0 ? acc[i] / Float(divisor) : 0 }
                }
            }
        }
        let values = Tensor.fromFloats(out, shape: [batch, oh, ow, c], dtype: x.dtype)
        return withIndices ? [values, Tensor(shape: [batch, oh, ow, c], values: indices)] : [values]
    })
}

/// Taps of the window at output (y, x) inside the input or its explicit pads (the extra tail
/// ceil_mode adds is not counted): the divisor of an average pool with count_include_pad.
public func paddedTaps(_ win: SpatialWindow, y: Int, x: Int, height: Int, width: Int) -> Int {
    func taps(_ out: Int, axis: Int, size: Int) -> Int {
        let start = out * win.strides[axis] - win.pads[axis]
        return (0..<win.kernel[axis]).filter { k in
            let at = start + k * win.dilations[axis]
            return at >= -win.pads[axis] && at < size + win.padEnd(axis)
        }.count
    }
    return taps(y, axis: 0, size: height) * taps(x, axis: 1, size: width)
}

let poolingOps: [OpSpec] = [pool("MaxPool2D", isMax: true), pool("AvgPool2D", isMax: false)]
