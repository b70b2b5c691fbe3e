import LiteIR
import LiteOps

/// Conv, ConvTranspose: NCHW in ONNX, NHWC with [O, KH, KW, C/group] weights in the IR; a 3-D
/// Conv is NDHWC with [O, KD, KH, KW, C/group] weights.
enum ConvolutionOperators {
    static let table: [String: ONNXTranslator] = ["Conv": conv, "ConvTranspose": convTranspose, "CausalConvWithState": causalConvWithState]

    /// CausalConvWithState: the past state (zeros without one) before the input, a depthwise
    /// convolution without pads, optionally SiLU; the present state is the last k − 1 positions.
    static func causalConvWithState(_ n: inout ONNXNode) throws {
        let x = try n.type(0), w = try n.type(1)
        guard x.rank == 3, w.rank == 3, let channels = x.shape[1].value, let k = w.shape[2].value, k >= 1 else {
            throw n.error("expects input [B, C, L] with static C and weights [C, 1, k], got \(x) and \(w)")
        }
        let input = try n.requiredInput(0)
        let past = try n.input(3) ?? {
            let zeroShape = try n.emit("Concat", [try n.emit("Slice", [try n.emit("Shape", [input])], ["starts": .ints([0]), "ends": .ints([2])]),
                                                  n.constant(Tensor(shape: [1], values: [Int64(k - 1)]), "state_length")], ["axis": .int(0)])
            return try n.emit("ConstantOfShape", [zeroShape], ["value": .tensor(Tensor.fromFloats([0], shape: [1], dtype: x.dtype))])
        }()
        let padded = try n.emit("Concat", [past, input], ["axis": .int(2)])
        var y = try n.emitConvolution([padded, try n.requiredInput(1)] + (n.input(2).map { [$0] } ?? []),
                                      ["group": .int(channels), "kernel_shape": .ints([k])])
        let activation = try n.string("activation", "none")
        switch activation {
        case "silu", "swish": y = try n.emit("Mul", [y, try n.emit("Sigmoid", [y])])
        case "none": break
        default: throw n.error("unknown activation '\(activation)'")
        }
        n.alias(0, to: y)
        if !n.output(1).isEmpty {
            let length = try n.builder.type(of: padded).shape[2]
            guard let total = length.value else { throw n.error("the present state needs a static length") }
            n.alias(1, to: try n.emit("Slice", [padded], ["starts": .ints([0, 0, total - (k - 1)]), "ends": .ints([Int(Int32.max), Int(Int32.max), total])]))
        }
    }

    static func conv(_ n: inout ONNXNode) throws {
        let x = try n.type(0), w = try n.type(1)
        guard let wShape = w.fixedShape, wShape.count == x.rank, (3...5).contains(x.rank) else {
            throw n.error("expects 3-D, 4-D or 5-D input and weights of the same rank with static shape, got \(x) and \(w)")
        }
        let kernel = try n.ints("kernel_shape", Array(wShape.dropFirst(2)))
        guard kernel == Array(wShape.dropFirst(2)) else { throw n.error("kernel_shape \(kernel) does not match the weights' \(Array(wShape.dropFirst(2)))") }
        let window = try n.window(kernel: kernel, spatial: Array(x.shape.dropFirst(2)), maxSpatial: 3)
        var weights = try n.requiredInput(1)
        if x.rank == 3 { weights = try n.emit("Reshape", [weights], ["shape": .ints([wShape[0], wShape[1], 1, wShape[2]])]) }
        weights = try n.emit("Transpose", [weights], ["perm": .ints(x.rank == 5 ? ONNXNode.toNDHWC : ONNXNode.toNHWC)])
        var attributes = n.attributes(window)
        attributes["group"] = .int(try n.int("group", 1))
        let input = try n.toNHWC(try n.requiredInput(0))
        let y = try n.emit(x.rank == 5 ? "Conv3D" : "Conv2D", [input, weights] + (n.input(2).map { [$0] } ?? []), attributes)
        try n.outputFromNHWC(y, rank: x.rank)
    }

    static func convTranspose(_ n: inout ONNXNode) throws {
        let x = try n.type(0), w = try n.type(1)
        guard let wShape = w.fixedShape, wShape.count == x.rank, x.rank == 3 || x.rank == 4 else {
            throw n.error("expects 3-D or 4-D input and weights of the same rank with static shape, got \(x) and \(w)")
        }
        let spatialCount = x.rank - 2
        let group = try n.int("group", 1)
        let kernel = try n.ints("kernel_shape", Array(wShape.dropFirst(2)))
        guard kernel == Array(wShape.dropFirst(2)) else { throw n.error("kernel_shape \(kernel) does not match the weights' \(Array(wShape.dropFirst(2)))") }
        var window = try n.window(kernel: kernel, spatial: Array(x.shape.dropFirst(2)), transposed: true)
        var outputPadding = try n.ints("output_padding", Array(repeating: 0, count: spatialCount))
        guard outputPadding.count == spatialCount, group >= 1, wShape[0] % group == 0 else {
            throw n.error("invalid output_padding \(outputPadding) or group \(group)")
        }
        if spatialCount == 1 { outputPadding = [0] + outputPadding }
        let autoPad = try n.string("auto_pad", "NOTSET")
        let outputShape = try n.intsIfPresent("output_shape")
        if outputShape != nil || autoPad.hasPrefix("SAME") {
            // Pads follow from the requested output size (ONNX: SAME means input * stride).
            let spatial = x.shape.dropFirst(2).map(\.value)
            var target = [Int]()
            for i in 0..<spatialCount {
                guard let size = spatial[i] else { throw n.error("output_shape/auto_pad need static spatial dims") }
                target.append(outputShape.map { $0[$0.count - spatialCount + i] } ?? size * window.strides[i + 2 - spatialCount])
            }
            let lifted = spatialCount == 1 ? [1] + target : target
            let sizes = spatialCount == 1 ? [1] + spatial.map { $0! } : spatial.map { $0! }
            for i in 0..<2 {
                var total = window.strides[i] * (sizes[i] - 1) + outputPadding[i] + (window.kernel[i] - 1) * window.dilations[i] + 1 - lifted[i]
                if total < 0 {
                    // A requested size past the full result extends it at the end, as output_padding does.
                    outputPadding[i] -= total
                    total = 0
                }
                (window.pads[i], window.pads[i + 2]) = SpatialWindow.splitPad(total, oddPadAtEnd: autoPad == "SAME_UPPER")
            }
        }
        // ONNX weights [C, O/g, k...] → IR [O, KH, KW, C/g].
        let c = wShape[0], og = wShape[1], cg = c / group
        let (kh, kw) = spatialCount == 1 ? (1, wShape[2]) : (wShape[2], wShape[3])
        var weights = try n.emit("Reshape", [try n.requiredInput(1)], ["shape": .ints([group, cg, og, kh, kw])])
        weights = try n.emit("Transpose", [weights], ["perm": .ints([0, 2, 3, 4, 1])])
        weights = try n.emit("Reshape", [weights], ["shape": .ints([group * og, kh, kw, cg])])
        var attributes = n.attributes(window)
        attributes["group"] = .int(group)
        attributes["output_padding"] = .ints(outputPadding)
        let input = try n.toNHWC(try n.requiredInput(0))
        let y = try n.emit("ConvTranspose2D", [input, weights] + (n.input(2).map { [$0] } ?? []), attributes)
        try n.outputFromNHWC(y, rank: x.rank)
    }
}

extension ONNXNode {
    /// An ONNX Conv on `inputs` (x, w, optional bias), as the Conv translator emits it, for
    /// composite operators; returns its output. Without `attributes` it takes this node's own,
    /// and those the Conv translation reads count as read here.
    mutating func emitConvolution(_ inputs: [String], _ attributes: [String: Attribute]? = nil) throws -> String {
        let output = builder.graph.freshName("\(name)/conv")
        var conv = ONNXNode(node: Node(name: "\(name)/conv", op: "Conv", inputs: inputs, outputs: [output], attributes: attributes ?? node.attributes),
                            opset: opset, builder: builder)
        try ConvolutionOperators.conv(&conv)
        builder = conv.builder
        if attributes == nil { usage.attributes.formUnion(conv.usage.attributes) }
        return output
    }
}
