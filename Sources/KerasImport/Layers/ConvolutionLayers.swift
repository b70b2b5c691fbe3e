import LiteIR
import LiteOps

/// Conv1D/2D/3D, DepthwiseConv1D/2D, SeparableConv1D/2D and Conv1DTranspose/2DTranspose on the
/// IR's channels-last convolutions; 1-D layers run as 2-D with a unit height.
enum ConvolutionLayers {
    static let table: [String: KerasTranslator] = [
        "Conv1D": { try convolution(&$0, $1, kind: .regular, spatial: 1) },
        "Conv2D": { try convolution(&$0, $1, kind: .regular, spatial: 2) },
        "Conv3D": { try convolution(&$0, $1, kind: .regular, spatial: 3) },
        "DepthwiseConv1D": { try convolution(&$0, $1, kind: .depthwise, spatial: 1) },
        "DepthwiseConv2D": { try convolution(&$0, $1, kind: .depthwise, spatial: 2) },
        "SeparableConv1D": { try convolution(&$0, $1, kind: .separable, spatial: 1) },
        "SeparableConv2D": { try convolution(&$0, $1, kind: .separable, spatial: 2) },
        "Conv1DTranspose": { try transposed(&$0, $1, spatial: 1) },
        "Conv2DTranspose": { try transposed(&$0, $1, spatial: 2) },
    ]

    enum Kind { case regular, depthwise, separable }

    /// The layer's input as NHWC (NDHWC for 3-D layers): channels_first data transposed, 1-D
    /// data given a unit height.
    static func nhwc(_ c: inout KerasContext, _ call: LayerCall, spatial: Int) throws -> (value: String, channelsFirst: Bool) {
        var x = try call.input(0)
        let channelsFirst = try call.config.string("data_format", "channels_last") == "channels_first"
        let t = try c.type(x)
        guard t.rank == spatial + 2 else { throw call.error("expects a \(spatial + 2)-D input, got \(t)") }
        if channelsFirst { x = try c.emit("Transpose", [x], ["perm": .ints([0] + Array(2..<(spatial + 2)) + [1])], for: call) }
        if spatial == 1 {
            let s = try c.type(x).shape
            x = try c.emit("Reshape", [x], ["shape": .ints(try c.target([s[0], .fixed(1), s[1], s[2]], for: call))], for: call)
        }
        return (x, channelsFirst)
    }

    /// An NHWC result back in the layer's layout and rank.
    static func restore(_ c: inout KerasContext, _ call: LayerCall, _ y: String, spatial: Int, channelsFirst: Bool) throws -> String {
        var y = y
        if spatial == 1 {
            let s = try c.type(y).shape
            y = try c.emit("Reshape", [y], ["shape": .ints(try c.target([s[0], s[2], s[3]], for: call))], for: call)
        }
        if channelsFirst { y = try c.emit("Transpose", [y], ["perm": .ints([0, spatial + 1] + Array(1...spatial))], for: call) }
        return y
    }

    /// Strides, dilations and explicit pads (all begins, then all ends) of a window layer over a
    /// channels-last input ("same" as TensorFlow pads: the odd pixel after).
    static func window(_ call: LayerCall, input: TensorType, kernel: [Int], spatial: Int, stridesKey: String = "strides",
                       defaultStrides: [Int]? = nil) throws -> [String: Attribute] {
        let lift = { (v: [Int]) in spatial == 1 ? [1] + v : v }
        let strides = lift(try call.config.ints(stridesKey, count: spatial, defaultStrides ?? Array(repeating: 1, count: spatial), in: NumberRange.window))
        let dilations = lift(try call.config.ints("dilation_rate", count: spatial, Array(repeating: 1, count: spatial), in: NumberRange.window))
        let padding = try call.config.string("padding", "valid").lowercased()
        let n = kernel.count
        var pads = Array(repeating: 0, count: 2 * n)
        for axis in 0..<n {
            let effective = SpatialWindow.effectiveKernel(kernel[axis], dilation: dilations[axis])
            switch padding {
            case "valid": break
            case "causal": pads[axis] = axis == 1 ? effective - 1 : 0
            case "same":
                guard let same = SpatialWindow.samePads(sizeIfKnown: input.shape[axis + 1].value, stride: strides[axis], effectiveKernel: effective) else {
                    throw call.error("'same' padding with stride \(strides[axis]) needs a static input size, got \(input)")
                }
                (pads[axis], pads[axis + n]) = same
            default: throw call.error("unknown padding '\(padding)'")
            }
        }
        return ["strides": .ints(strides), "dilations": .ints(dilations), "pads": .ints(pads)]
    }

    static func convolution(_ c: inout KerasContext, _ call: LayerCall, kind: Kind, spatial: Int) throws -> [String] {
        if spatial == 3 { return try convolution3D(&c, call) }
        let (x, channelsFirst) = try nhwc(&c, call, spatial: spatial)
        let input = try c.type(x)
        guard let channels = input.shape[3].value else { throw call.error("needs a static channel count, got \(input)") }
        // Keras kernels: [KH, KW, C/group, O] (regular), [KH, KW, C, multiplier] (depthwise).
        let stored = try call.weights.required(kind == .regular ? "kernel" : (call.weights.optional("depthwise_kernel") == nil ? "kernel" : "depthwise_kernel"))
        let kernelTensor = spatial == 1 ? try stored.reshaped([1] + stored.shape) : stored
        guard kernelTensor.rank == 4 else { throw call.error("unexpected kernel shape \(stored.shape)") }
        let (kh, kw) = (kernelTensor.shape[0], kernelTensor.shape[1])
        if call.config.has("kernel_size") {
            let declared = try call.config.ints("kernel_size", count: spatial), saved = Array(stored.shape.prefix(spatial))
            guard declared == saved else { throw call.error("'kernel_size' \(declared) does not match the saved kernel's \(saved)") }
        }
        var attributes = try window(call, input: input, kernel: [kh, kw], spatial: spatial)
        let kernel = c.constant(kernelTensor, "kernel", for: call)
        let weights: String
        if kind == .regular {
            attributes["group"] = .int(try call.config.int("groups", 1, in: 1...channels))
            weights = try c.emit("Transpose", [kernel], ["perm": .ints([3, 0, 1, 2])], for: call)
        } else {
            // Output channel c·multiplier + m of group c: [KH, KW, C·mult] → [C·mult, KH, KW, 1].
            let outputs = channels * kernelTensor.shape[3]
            attributes["group"] = .int(channels)
            let flat = try c.emit("Reshape", [kernel], ["shape": .ints([kh, kw, outputs])], for: call)
            weights = try c.emit("Reshape", [try c.emit("Transpose", [flat], ["perm": .ints([2, 0, 1])], for: call)],
                                 ["shape": .ints([outputs, kh, kw, 1])], for: call)
        }
        var inputs = [x, weights]
        let useBias = try call.config.bool("use_bias", true)
        if kind != .separable, useBias { inputs.append(c.constant(try call.weights.required("bias"), "bias", for: call)) }
        var y = try c.emit("Conv2D", inputs, attributes, for: call)
        if kind == .separable {
            // The pointwise 1×1 convolution mixes the depthwise outputs.
            let pointwise = try call.weights.required("pointwise_kernel")
            let lifted = spatial == 1 ? try pointwise.reshaped([1] + pointwise.shape) : pointwise
            let pw = try c.emit("Transpose", [c.constant(lifted, "pointwise_kernel", for: call)], ["perm": .ints([3, 0, 1, 2])], for: call)
            var pointwiseInputs = [y, pw]
            if useBias { pointwiseInputs.append(c.constant(try call.weights.required("bias"), "bias", for: call)) }
            y = try c.emit("Conv2D", pointwiseInputs, ["strides": .ints([1, 1]), "dilations": .ints([1, 1]), "pads": .ints([0, 0, 0, 0])], for: call)
        }
        y = try KerasActivations.apply(try call.config.activation(), y, &c, call)
        return [try restore(&c, call, y, spatial: spatial, channelsFirst: channelsFirst)]
    }

    /// Conv3D: kernel [KD, KH, KW, C/group, O] → IR [O, KD, KH, KW, C/group].
    static func convolution3D(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let (x, channelsFirst) = try nhwc(&c, call, spatial: 3)
        let stored = try call.weights.required("kernel")
        guard stored.rank == 5 else { throw call.error("unexpected kernel shape \(stored.shape)") }
        var attributes = try window(call, input: try c.type(x), kernel: Array(stored.shape[0..<3]), spatial: 3)
        attributes["group"] = .int(try call.config.int("groups", 1))
        let weights = try c.emit("Transpose", [c.constant(stored, "kernel", for: call)], ["perm": .ints([4, 0, 1, 2, 3])], for: call)
        var inputs = [x, weights]
        if try call.config.bool("use_bias", true) { inputs.append(c.constant(try call.weights.required("bias"), "bias", for: call)) }
        let y = try KerasActivations.apply(try call.config.activation(), try c.emit("Conv3D", inputs, attributes, for: call), &c, call)
        return [try restore(&c, call, y, spatial: 3, channelsFirst: channelsFirst)]
    }

    /// Conv1DTranspose/Conv2DTranspose: kernel [KH, KW, O, C]; "same" makes size·stride
    /// (TensorFlow's split of the excess), output_padding adds at the end.
    static func transposed(_ c: inout KerasContext, _ call: LayerCall, spatial: Int) throws -> [String] {
        let (x, channelsFirst) = try nhwc(&c, call, spatial: spatial)
        let input = try c.type(x)
        let stored = try call.weights.required("kernel")
        let kernelTensor = spatial == 1 ? try stored.reshaped([1] + stored.shape) : stored
        guard kernelTensor.rank == 4 else { throw call.error("unexpected kernel shape \(stored.shape)") }
        let kernel = [kernelTensor.shape[0], kernelTensor.shape[1]]
        let lift = { (v: [Int]) in spatial == 1 ? [1] + v : v }
        let strides = lift(try call.config.ints("strides", count: spatial, Array(repeating: 1, count: spatial), in: NumberRange.window))
        let dilations = lift(try call.config.ints("dilation_rate", count: spatial, Array(repeating: 1, count: spatial), in: NumberRange.window))
        // The 1-D case's added height axis has no output padding.
        let requestedPadding = call.config.has("output_padding")
            ? (spatial == 1 ? [0] : []) + (try call.config.ints("output_padding", count: spatial)) : nil
        let same = try call.config.string("padding", "valid").lowercased() == "same"
        var pads = [0, 0, 0, 0], outputPadding = [0, 0]
        for axis in 0..<2 {
            guard let size = input.shape[axis + 1].value else { throw call.error("needs static spatial sizes, got \(input)") }
            let effective = SpatialWindow.effectiveKernel(kernel[axis], dilation: dilations[axis])
            let full = (size - 1) * strides[axis] + effective
            // Keras' deconv_output_length: "valid" keeps the full result, "same" is size·stride.
            var target = same ? size * strides[axis] : full + max(strides[axis] - effective, 0)
            if let requestedPadding { target = (size - 1) * strides[axis] + effective - (same ? 2 * (effective / 2) : 0) + requestedPadding[axis] }
            if target >= full {
                outputPadding[axis] = target - full
            } else {
                (pads[axis], pads[axis + 2]) = SpatialWindow.splitPad(full - target, oddPadAtEnd: true)
            }
        }
        let weights = try c.emit("Transpose", [c.constant(kernelTensor, "kernel", for: call)], ["perm": .ints([2, 0, 1, 3])], for: call)
        var inputs = [x, weights]
        if try call.config.bool("use_bias", true) { inputs.append(c.constant(try call.weights.required("bias"), "bias", for: call)) }
        var y = try c.emit("ConvTranspose2D", inputs, ["strides": .ints(strides), "dilations": .ints(dilations), "pads": .ints(pads),
                                                       "output_padding": .ints(outputPadding)], for: call)
        y = try KerasActivations.apply(try call.config.activation(), y, &c, call)
        return [try restore(&c, call, y, spatial: spatial, channelsFirst: channelsFirst)]
    }
}
