import LiteIR
import LiteOps

/// Resize2D that no TFLite resize kernel samples like: nearest sampling becomes one GATHER per
/// axis, interpolation (linear, cubic, antialiased) a BATCH_MATMUL per axis with the constant
/// interpolation matrix; crop positions outside the input are then set to the extrapolation
/// value. Sizes known only at run time need a kernel that samples like the node for every size.
enum ResizeLowering {
    static func resize(_ c: inout LoweringContext, _ node: Node) throws {
        let x = try c.type(node.inputs[0])
        if node.inputs.count > 1, !node.inputs[1].isEmpty {
            let given = try c.type(node.inputs[1])
            guard !given.dtype.isFloatingPoint else {
                throw LoweringRefusal("scales known only at run time: TFLite resizes to a size, and floor(size · scale) is not known now")
            }
            guard try ResizeMappings.grid(forAnySize: node) != nil else {
                throw LoweringRefusal("sizes known only at run time need a sampling TFLite's resize kernels have, not '\(try node.string("mode", "nearest"))' with '\(try node.string("coordinate_transformation_mode", "half_pixel"))'")
            }
            var rewritten = node
            if given.dtype != .int32 { rewritten.inputs[1] = try c.emit("Cast", [node.inputs[1]], ["to": .string("int32")], from: node) }
            try c.builder.add(rewritten)
            return
        }
        guard let h = x.shape[1].value, let w = x.shape[2].value, let channels = x.shape[3].value else {
            throw LoweringRefusal("needs static H, W and C, got \(x)")
        }
        let sizes = try node.ints("sizes", [])
        if try ResizeMappings.grid(for: node, input: [h, w], output: sizes) != nil {
            try c.builder.add(node)
            return
        }
        guard x.dtype == .float32 else { throw LoweringRefusal("resampling without a TFLite resize kernel needs float32 data, got \(x.dtype)") }
        let sampling = try ResizeSampling(node)
        let scales = try node.floatsIfPresent("scales")?.map(Double.init)
        let roi = try node.floatsIfPresent("roi")?.map(Double.init) ?? [0, 0, 1, 1]
        let axes = (0..<2).map { axis in
            sampling.taps(inSize: [h, w][axis], outSize: sizes[axis], scale: scales?[axis] ?? Double(sizes[axis]) / Double([h, w][axis]),
                          roi: (roi[axis], roi[axis + 2]))
        }
        var value = node.inputs[0]
        // Along H: [N, h, w·C] → [N, oh, w·C]; along W: [N·oh, w, C] → [N·oh, ow, C].
        let views: [([Int], [Int])] = [([-1, h, w * channels], [-1, sizes[0], w, channels]), ([-1, w, channels], [-1, sizes[0], sizes[1], channels])]
        for axis in 0..<2 {
            let (taps, inSize) = (axes[axis].taps, [h, w][axis])
            if taps.count == inSize, taps.enumerated().allSatisfy({ $0.element.count == 1 && $0.element[0] == ($0.offset, 1) }) { continue }
            if sampling.mode == "nearest" {
                let indices = Tensor(shape: [taps.count], values: taps.map { Int32($0[0].index) })
                value = try c.emit("Gather", [value, c.constant(indices, "indices", for: node)], ["axis": .int(axis + 1)], from: node)
                continue
            }
            var matrix = [Float](repeating: 0, count: taps.count * inSize)
            for (o, row) in taps.enumerated() { for (i, weight) in row { matrix[o * inSize + i] = Float(weight) } }
            let weights = c.constant(Tensor(shape: [taps.count, inSize], values: matrix), "interpolation", for: node)
            let flat = try c.emit("Reshape", [value], ["shape": .ints(views[axis].0)], from: node)
            let product = try c.emit("MatMul", [weights, flat], from: node)
            value = try c.emit("Reshape", [product], ["shape": .ints(views[axis].1)], from: node)
        }
        let outside = (0..<sizes[0]).flatMap { y in (0..<sizes[1]).map { x in axes[0].extrapolated[y] || axes[1].extrapolated[x] } }
        if outside.contains(true) {
            let mask = c.constant(Tensor(shape: [sizes[0], sizes[1], 1], values: outside), "outside", for: node)
            let fill = c.constant(Tensor(scalar: try node.float("extrapolation_value", 0)), "extrapolation_value", for: node)
            value = try c.emit("Where", [mask, fill, value], from: node)
        }
        try c.finish(value, as: node)
    }
}
