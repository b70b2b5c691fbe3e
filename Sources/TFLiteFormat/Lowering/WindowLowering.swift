import LiteIR
import LiteOps

/// Convolutions and pools: TFLite takes SAME or VALID padding only, no grouped convolution
/// other than depthwise, filters in its own layouts, and transposed convolutions without pads or
/// dilation.
enum WindowLowering {
    /// Pads (all begins, then all ends) of a window node and its geometry on the spatial input
    /// ([h, w] or [d, h, w]).
    struct Geometry {
        var pads: [Int]
        var strides: [Int]
        var dilations: [Int]
        var kernel: [Int]
        var input: [Int?]

        var effectiveKernel: [Int] { kernel.indices.map { SpatialWindow.effectiveKernel(kernel[$0], dilation: dilations[$0]) } }
        var padding: TFLitePadding? {
            TFLitePadding.matching(pads: pads, input: input, effectiveKernel: effectiveKernel, strides: strides)
        }
    }

    static func geometry(_ node: Node, kernel: [Int], input: TensorType) throws -> Geometry {
        let window = try SpatialWindow(node: node, kernel: kernel)
        return Geometry(pads: window.pads, strides: window.strides, dilations: window.dilations, kernel: kernel,
                        input: WindowMappings.spatial(input))
    }

    /// Explicit channels-last padding (`pads`: the spatial begins, then the ends) as a Pad node
    /// with `value`; returns the padded value.
    static func explicitPad(_ c: inout LoweringContext, _ x: String, _ pads: [Int], value: Float, from node: Node) throws -> String {
        let n = pads.count / 2
        return try c.emit("Pad", [x], ["pads": .ints([0] + pads[..<n] + [0, 0] + pads[n...] + [0]),
                                       "mode": .string("constant"), "value": .float(value)], from: node)
    }

    /// A window node whose pads SAME or VALID cannot express, with the pads made an explicit Pad
    /// of zeros before it.
    static func padExplicitly(_ c: inout LoweringContext, _ node: Node, _ g: Geometry) throws -> Node {
        guard g.padding == nil else { return node }
        var rewritten = node
        rewritten.inputs[0] = try explicitPad(&c, node.inputs[0], g.pads, value: 0, from: node)
        rewritten.attributes["pads"] = .ints(Array(repeating: 0, count: g.pads.count))
        return rewritten
    }

    /// CONV_2D takes groups itself (the input channels a multiple of the filter's, version 6);
    /// one input channel per group is a `DepthwiseConv2D` with its filter moved to
    /// DEPTHWISE_CONV_2D's [1, KH, KW, O] (folded into the constant). Pads made SAME, VALID or
    /// explicit.
    static func conv2D(_ c: inout LoweringContext, _ node: Node) throws {
        let x = try c.type(node.inputs[0]), w = try c.type(node.inputs[1])
        var conv = try padExplicitly(&c, node, try geometry(node, kernel: [w.shape[1].value ?? 1, w.shape[2].value ?? 1], input: x))
        let group = try node.int("group", 1)
        if group > 1, w.shape[3] == .fixed(1), x.shape[3] == .fixed(group) {
            guard c.builder.constant(node.inputs[1]) != nil else { throw LoweringRefusal("depthwise weights must be constant") }
            conv.op = "DepthwiseConv2D"
            conv.inputs[1] = try c.emit("Transpose", [node.inputs[1]], ["perm": .ints(FilterLayout.depthwiseToConv2D)], from: node)
            conv.attributes["group"] = nil
        }
        try c.builder.add(conv)
    }

    /// CONV_3D: groups split, pads made SAME, VALID or explicit.
    static func conv3D(_ c: inout LoweringContext, _ node: Node) throws {
        let x = try c.type(node.inputs[0]), w = try c.type(node.inputs[1])
        let group = try node.int("group", 1)
        if group != 1 {
            try splitGroups(&c, node, group: group, lower: conv3D)
            return
        }
        guard let kernel = w.fixedShape.map({ Array($0[1...3]) }) else { throw LoweringRefusal("CONV_3D needs static weights") }
        guard c.builder.constant(node.inputs[1]) != nil else { throw LoweringRefusal("CONV_3D needs constant weights") }
        // CONV_3D's filter is [KD, KH, KW, C, O] (folded into the constant).
        var conv = try padExplicitly(&c, node, try geometry(node, kernel: kernel, input: x))
        conv.op = "Conv3DDHWIO"
        conv.inputs[1] = try c.emit("Transpose", [node.inputs[1]], ["perm": .ints(FilterLayout.conv3DToDHWIO)], from: node)
        conv.attributes["group"] = nil
        try c.builder.add(conv)
    }

    static func pool(_ c: inout LoweringContext, _ node: Node) throws {
        guard node.outputs.count == 1 else { throw LoweringRefusal("TFLite's MAX_POOL_2D gives no indices of the maxima") }
        let x = try c.type(node.inputs[0])
        let isMax = node.op == "MaxPool2D"
        var g = try geometry(node, kernel: try node.ints("kernel_shape", []), input: x)
        if g.dilations != [1, 1] {
            try tapPool(&c, node, g)
            return
        }
        // ceil_mode: the extra tail the last window reaches past the explicit end pad.
        var extra = [0, 0]
        if try node.int("ceil_mode", 0) != 0 {
            let window = try SpatialWindow(node: node, kernel: g.kernel)
            for axis in 0..<2 {
                guard let size = g.input[axis] else { throw LoweringRefusal("ceil_mode needs static spatial dims") }
                let out = window.outputSize(size, axis: axis, ceilMode: true)
                extra[axis] = max(0, (out - 1) * g.strides[axis] + g.kernel[axis] - (size + g.pads[axis] + g.pads[axis + 2]))
            }
        }
        var attributes = node.attributes
        attributes["ceil_mode"] = .int(0)
        let includePad = try node.int("count_include_pad", 0) != 0
        var input = node.inputs[0]
        if !isMax && includePad && g.pads.contains(where: { $0 != 0 }) {
            // Counted pads are real zeros.
            input = try explicitPad(&c, input, g.pads, value: 0, from: node)
            g.input = try [c.type(input).shape[1].value, c.type(input).shape[2].value]
            g.pads = [0, 0, 0, 0]
        }
        g.pads[2] += extra[0]
        g.pads[3] += extra[1]
        attributes["pads"] = .ints(g.pads)
        if g.padding == nil {
            guard isMax else {
                // Pads excluded from the count in a layout TFLite has no scheme for.
                try tapPool(&c, node, try geometry(node, kernel: g.kernel, input: x))
                return
            }
            input = try explicitPad(&c, input, g.pads, value: -Float.greatestFiniteMagnitude, from: node)
            attributes["pads"] = .ints([0, 0, 0, 0])
        }
        try c.emitFinal(node.op, [input], attributes, from: node)
    }

    /// TRANSPOSE_CONV takes no pads: compute the uncropped VALID result (large enough for the
    /// output padding), then slice out the ONNX window.
    static func convTranspose2D(_ c: inout LoweringContext, _ node: Node) throws {
        let x = try c.type(node.inputs[0]), w = try c.type(node.inputs[1])
        let group = try node.int("group", 1)
        if group != 1 {
            try splitGroups(&c, node, group: group, lower: convTranspose2D)
            return
        }
        let dilations = try node.ints("dilations", [1, 1])
        if dilations != [1, 1] {
            // TRANSPOSE_CONV has no dilation: a dilated kernel is the kernel with zeros between its taps.
            var dilated = node
            dilated.inputs[1] = try dilate(&c, node, node.inputs[1], dilations)
            dilated.attributes["dilations"] = .ints([1, 1])
            try convTranspose2D(&c, dilated)
            return
        }
        let pads = try node.ints("pads", [0, 0, 0, 0])
        let outputPadding = try node.ints("output_padding", [0, 0])
        guard pads.contains(where: { $0 != 0 }) || outputPadding.contains(where: { $0 != 0 }) else {
            try c.builder.add(try withOutputShape(&c, node))
            return
        }
        let outputShape = try c.builder.inferTypes(node)[0].shape
        guard let oh = outputShape[1].value, let ow = outputShape[2].value,
              let h = x.shape[1].value, let wd = x.shape[2].value, let kh = w.shape[1].value, let kw = w.shape[2].value else {
            throw LoweringRefusal("transposed convolution with pads needs static spatial shapes")
        }
        let out = [0, oh, ow]
        let strides = try node.ints("strides", [1, 1])
        let full = [(h - 1) * strides[0] + kh, (wd - 1) * strides[1] + kw]
        let needed = [max(full[0], pads[0] + out[1]), max(full[1], pads[1] + out[2])]
        var attributes = node.attributes
        attributes["pads"] = .ints([0, 0, 0, 0])
        attributes["output_padding"] = .ints([needed[0] - full[0], needed[1] - full[1]])
        var uncroppedNode = node
        uncroppedNode.attributes = attributes
        uncroppedNode.outputs = [c.builder.graph.freshName("\(node.name)/uncropped")]
        try c.builder.add(try withOutputShape(&c, uncroppedNode))
        let uncropped = uncroppedNode.outputs[0]
        try c.emitFinal("Slice", [uncropped], [
            "starts": .ints([0, pads[0], pads[1], 0]),
            "ends": .ints([Int(Int32.max), pads[0] + out[1], pads[1] + out[2], Int(Int32.max)]),
        ], from: node)
    }

    /// TRANSPOSE_CONV reads its output shape from a tensor: when the batch is only known at run
    /// time, the node gets a fourth input computing it (the input's batch, then the static rest).
    static func withOutputShape(_ c: inout LoweringContext, _ node: Node) throws -> Node {
        let shape = try c.builder.inferTypes(node)[0].shape
        guard shape.contains(where: { $0.value == nil }) else { return node }
        guard let rest = shape.dropFirst().map(\.value) as? [Int] else {
            throw LoweringRefusal("transposed convolution needs static spatial and channel dims")
        }
        let batch = try c.emit("Slice", [try c.emit("Cast", [try c.emit("Shape", [node.inputs[0]], from: node)], ["to": .string("int32")], from: node)],
                               ["starts": .ints([0]), "ends": .ints([1])], from: node)
        let others = c.constant(Tensor(shape: [3], values: rest.map { Int32($0) }), "output_dims", for: node)
        var withShape = node
        let bias = node.inputs.count > 2 ? node.inputs[2] : ""
        withShape.inputs = [node.inputs[0], node.inputs[1], bias, try c.emit("Concat", [batch, others], ["axis": .int(0)], from: node)]
        return withShape
    }

    /// A grouped convolution as one convolution per group on channel slices, concatenated.
    /// Weights are [O, spatial…, C/group] for every convolution kind; constant slices fold.
    static func splitGroups(_ c: inout LoweringContext, _ node: Node, group: Int,
                            lower: (inout LoweringContext, Node) throws -> Void) throws {
        let x = try c.type(node.inputs[0]), w = try c.type(node.inputs[1])
        guard let channels = x.shape.last?.value, let outputs = w.shape[0].value else {
            throw LoweringRefusal("grouped convolution needs static channel counts")
        }
        let (cg, og) = (channels / group, outputs / group)
        let all = Int(Int32.max)
        let spatialZeros = Array(repeating: 0, count: x.rank - 2), spatialAll = Array(repeating: all, count: x.rank - 2)
        let hasBias = node.inputs.count > 2 && !node.inputs[2].isEmpty
        var parts: [String] = []
        for g in 0..<group {
            let xs = try c.emit("Slice", [node.inputs[0]], ["starts": .ints([0] + spatialZeros + [g * cg]),
                                                            "ends": .ints([all] + spatialAll + [(g + 1) * cg])], from: node)
            let ws = try c.emit("Slice", [node.inputs[1]], ["starts": .ints([g * og] + spatialZeros + [0]),
                                                            "ends": .ints([(g + 1) * og] + spatialAll + [all])], from: node)
            var inputs = [xs, ws]
            if hasBias {
                inputs.append(try c.emit("Slice", [node.inputs[2]], ["starts": .ints([g * og]), "ends": .ints([(g + 1) * og])], from: node))
            }
            var part = node
            part.name = "\(node.name)/group\(g)"
            part.inputs = inputs
            part.outputs = [c.builder.graph.freshName(part.name)]
            part.attributes["group"] = .int(1)
            try lower(&c, part)
            parts.append(part.outputs[0])
        }
        try c.emitFinal("Concat", parts, ["axis": .int(x.rank - 1)], from: node)
    }

    /// A pool TFLite cannot express (dilation, or average pads outside SAME/VALID) from one
    /// strided slice per kernel tap of the padded input: their maximum, or their sum divided by
    /// the per-position count of counted taps (a constant).
    static func tapPool(_ c: inout LoweringContext, _ node: Node, _ g: Geometry) throws {
        let isMax = node.op == "MaxPool2D"
        let window = try SpatialWindow(node: node, kernel: g.kernel)
        let ceilMode = try node.int("ceil_mode", 0) != 0
        guard let h = g.input[0], let w = g.input[1] else { throw LoweringRefusal("dilated pooling needs static spatial dims") }
        let (oh, ow) = (window.outputSize(h, axis: 0, ceilMode: ceilMode), window.outputSize(w, axis: 1, ceilMode: ceilMode))
        // Pad enough at the end for every tap of the last window, ceil_mode included.
        let needed = [(oh - 1) * g.strides[0] + g.effectiveKernel[0], (ow - 1) * g.strides[1] + g.effectiveKernel[1]]
        let pads = [g.pads[0], g.pads[1], max(0, needed[0] - h - g.pads[0]), max(0, needed[1] - w - g.pads[1])]
        let padded = pads.allSatisfy { $0 == 0 } ? node.inputs[0]
            : try explicitPad(&c, node.inputs[0], pads, value: isMax ? -Float.greatestFiniteMagnitude : 0, from: node)
        let all = Int(Int32.max)
        var taps: [String] = []
        for ky in 0..<g.kernel[0] {
            for kx in 0..<g.kernel[1] {
                let (y0, x0) = (ky * g.dilations[0], kx * g.dilations[1])
                taps.append(try c.emit("Slice", [padded], [
                    "starts": .ints([0, y0, x0, 0]),
                    "ends": .ints([all, y0 + (oh - 1) * g.strides[0] + 1, x0 + (ow - 1) * g.strides[1] + 1, all]),
                    "steps": .ints([1, g.strides[0], g.strides[1], 1]),
                ], from: node))
            }
        }
        var result = taps[0]
        for tap in taps.dropFirst() { result = try c.emit(isMax ? "Max" : "Add", [result, tap], from: node) }
        guard !isMax else {
            try c.emitFinal("Reshape", [result], ["shape": .ints(try c.staticShape(result))], from: node)
            return
        }
        let includePad = try node.int("count_include_pad", 0) != 0
        var counts: [Float] = []
        for y in 0..<oh {
            for x in 0..<ow {
                counts.append(Float(includePad ? paddedTaps(window, y: y, x: x, height: h, width: w)
                                    : validTaps(window, y: y, x: x, height: h, width: w)))
            }
        }
        let dtype = try c.type(node.inputs[0]).dtype
        let divisor = c.constant(Tensor.fromFloats(counts, shape: [1, oh, ow, 1], dtype: dtype), "tap_counts", for: node)
        try c.emitFinal("Div", [result, divisor], [:], from: node)
    }

    /// Taps of the window at output (y, x) that fall inside the input itself.
    static func validTaps(_ win: SpatialWindow, y: Int, x: Int, height: Int, width: Int) -> Int {
        func taps(_ out: Int, axis: Int, size: Int) -> Int {
            let start = out * win.strides[axis] - win.pads[axis]
            return (0..<win.kernel[axis]).filter { k in (0..<size).contains(start + k * win.dilations[axis]) }.count
        }
        return taps(y, axis: 0, size: height) * taps(x, axis: 1, size: width)
    }

    /// [O, KH, KW, C] weights spread to [O, (KH−1)·dh+1, (KW−1)·dw+1, C] with zeros between taps:
    /// per axis, a unit axis after the kernel axis padded to the dilation, merged, and the
    /// trailing zeros cut (constant weights fold).
    static func dilate(_ c: inout LoweringContext, _ node: Node, _ weights: String, _ dilations: [Int]) throws -> String {
        var value = weights
        for (axis, d) in [(1, dilations[0]), (2, dilations[1])] where d > 1 {
            guard let shape = try c.type(value).fixedShape else { throw LoweringRefusal("dilated transposed convolution needs static weight shapes") }
            var spread = shape
            spread.insert(1, at: axis + 1)
            var pads = Array(repeating: 0, count: 2 * spread.count)
            pads[spread.count + axis + 1] = d - 1
            value = try c.emit("Reshape", [value], ["shape": .ints(spread)], from: node)
            value = try c.emit("Pad", [value], ["pads": .ints(pads), "mode": .string("constant")], from: node)
            var merged = shape
            merged[axis] = shape[axis] * d
            value = try c.emit("Reshape", [value], ["shape": .ints(merged)], from: node)
            var ends = merged.map { _ in Int(Int32.max) }
            ends[axis] = (shape[axis] - 1) * d + 1
            value = try c.emit("Slice", [value], ["starts": .ints(merged.map { _ in 0 }), "ends": .ints(ends)], from: node)
        }
        return value
    }
}
