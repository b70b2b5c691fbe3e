import LiteIR

/// Max/average pooling (1-D, 2-D) and the global pools.
enum PoolingLayers {
    static let table: [String: KerasTranslator] = [
        "MaxPooling1D": { try pool(&$0, $1, op: "MaxPool2D", spatial: 1) },
        "MaxPooling2D": { try pool(&$0, $1, op: "MaxPool2D", spatial: 2) },
        "AveragePooling1D": { try pool(&$0, $1, op: "AvgPool2D", spatial: 1) },
        "AveragePooling2D": { try pool(&$0, $1, op: "AvgPool2D", spatial: 2) },
        "GlobalMaxPooling1D": { try globalPool(&$0, $1, op: "ReduceMax") },
        "GlobalMaxPooling2D": { try globalPool(&$0, $1, op: "ReduceMax") },
        "GlobalAveragePooling1D": { try globalPool(&$0, $1, op: "ReduceMean") },
        "GlobalAveragePooling2D": { try globalPool(&$0, $1, op: "ReduceMean") },
    ]

    /// strides default to the pool size; "same" pads like TensorFlow, and an average over a
    /// padded window counts only the input.
    static func pool(_ c: inout KerasContext, _ call: LayerCall, op: String, spatial: Int) throws -> [String] {
        let (x, channelsFirst) = try ConvolutionLayers.nhwc(&c, call, spatial: spatial)
        let size = try call.config.ints("pool_size", count: spatial)
        let kernel = spatial == 1 ? [1] + size : size
        var attributes = try ConvolutionLayers.window(call, input: try c.type(x), kernel: kernel, spatial: spatial, defaultStrides: size)
        attributes["dilations"] = nil
        attributes["kernel_shape"] = .ints(kernel)
        if op == "AvgPool2D" { attributes["count_include_pad"] = .int(0) }
        let y = try c.emit(op, [x], attributes, for: call)
        return [try ConvolutionLayers.restore(&c, call, y, spatial: spatial, channelsFirst: channelsFirst)]
    }

    /// A reduction over every spatial axis, keeping them as 1 with keepdims.
    static func globalPool(_ c: inout KerasContext, _ call: LayerCall, op: String) throws -> [String] {
        let x = try call.input(0)
        let rank = try c.type(x).rank
        let channelsFirst = try call.config.string("data_format", "channels_last") == "channels_first"
        let axes = channelsFirst ? Array(2..<rank) : Array(1..<(rank - 1))
        let keep = try call.config.bool("keepdims", false)
        return [try c.emit(op, [x], ["axes": .ints(axes), "keepdims": .int(keep ? 1 : 0)], for: call)]
    }
}
