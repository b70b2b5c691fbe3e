import LiteIR
import LiteOps

/// CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV, MAX_POOL_2D and AVERAGE_POOL_2D (CONV_3D in
/// Conv3DMapping.swift).
enum WindowMappings {
    static let writers: [String: OperatorWriter] = [
        "Conv2D": writeConv, "DepthwiseConv2D": writeDepthwiseConv, "Conv3DDHWIO": writeConv3D, "ConvTranspose2D": writeTransposeConv,
        "MaxPool2D": { try writePool($0, &$1, .maxPool2D) }, "AvgPool2D": { try writePool($0, &$1, .averagePool2D) },
        // Dynamic range: the same builtins with int8 weights, their scales on the weights' type.
        "HybridConv2D": writeConv, "HybridDepthwiseConv2D": writeDepthwiseConv,
    ]

    static let readers: [Int32: OperatorReader] = [
        BuiltinOperator.conv2D.code: readConv, BuiltinOperator.depthwiseConv2D.code: readConv,
        BuiltinOperator.transposeConv.code: readTransposeConv, BuiltinOperator.conv3D.code: readConv3D,
        BuiltinOperator.maxPool2D.code: { try readPool($0, &$1, "MaxPool2D") },
        BuiltinOperator.averagePool2D.code: { try readPool($0, &$1, "AvgPool2D") },
    ]

    /// SAME (0) or VALID (1) for a node whose pads the lowering made expressible.
    static func paddingCode(_ node: Node, input: [Int?], kernel: [Int]) throws -> Double {
        let window = try SpatialWindow(node: node, kernel: kernel)
        let effective = (0..<window.rank).map(window.effectiveKernel)
        switch TFLitePadding.matching(pads: window.pads, input: input, effectiveKernel: effective, strides: window.strides) {
        case .valid?: return 1
        case .same?: return 0
        case nil: throw node.error("pads \(window.pads) match neither SAME nor VALID (the lowering should have made them explicit)")
        }
    }

    /// Pads (all begins, then all ends) TFLite applies for a padding code on a channels-last
    /// input with one spatial axis per `effectiveKernel` entry.
    static func pads(code: Int, input: TensorType, effectiveKernel: [Int], strides: [Int]) throws -> [Int] {
        let n = effectiveKernel.count
        guard strides.count == n, input.rank == n + 2, strides.allSatisfy({ $0 > 0 }), effectiveKernel.allSatisfy({ $0 > 0 }) else {
            throw TFLiteFormatError("invalid window on \(input): strides \(strides), kernel extent \(effectiveKernel)")
        }
        var pads = Array(repeating: 0, count: 2 * n)
        guard code == 0 else { return pads }
        for axis in 0..<n {
            guard let size = input.shape[axis + 1].value else { throw TFLiteFormatError("SAME padding on an input of unknown size \(input)") }
            (pads[axis], pads[axis + n]) = TFLitePadding.same.pads(size: size, effectiveKernel: effectiveKernel[axis], stride: strides[axis])
        }
        return pads
    }

    /// The spatial dims of a channels-last tensor.
    static func spatial(_ t: TensorType) -> [Int?] { t.shape.dropFirst().dropLast().map(\.value) }

    /// CONV_2D: groups are the input channels over the filter's (version 6).
    static func writeConv(_ node: Node, _ c: inout WriteContext) throws -> TFLiteOperator {
        let x = try c.type(node.inputs[0])
        let wDims = try c.dims(node.inputs[1])
        let window = try SpatialWindow(node: node, kernel: [wDims[1], wDims[2]])
        let f = Fields.conv
        return TFLiteOperator(op: .conv2D, version: 1, inputs: [node.inputs[0], node.inputs[1], try bias(node, &c, channels: wDims[0])],
                              outputs: node.outputs,
                              options: BuiltinOptionsValue(.conv2D, numbers: [
                                f.padding: try paddingCode(node, input: spatial(x), kernel: [wDims[1], wDims[2]]),
                                f.strideW: Double(window.strides[1]), f.strideH: Double(window.strides[0]),
                                f.activation: try TFLiteActivation.code(node),
                                f.dilationW: Double(window.dilations[1]), f.dilationH: Double(window.dilations[0])]))
    }

    /// DEPTHWISE_CONV_2D: filter [1, KH, KW, C·M] (`DepthwiseConv2D`, see ``FilterLayout``).
    static func writeDepthwiseConv(_ node: Node, _ c: inout WriteContext) throws -> TFLiteOperator {
        let x = try c.type(node.inputs[0])
        let wDims = try c.dims(node.inputs[1])
        let window = try SpatialWindow(node: node, kernel: [wDims[1], wDims[2]])
        let channels = try c.dims(node.inputs[0])[3]
        let f = Fields.depthwise
        return TFLiteOperator(op: .depthwiseConv2D, version: window.dilations != [1, 1] ? 2 : 1,
                              inputs: [node.inputs[0], node.inputs[1], try bias(node, &c, channels: wDims[3])], outputs: node.outputs,
                              options: BuiltinOptionsValue(.depthwiseConv2D, numbers: [
                                f.padding: try paddingCode(node, input: spatial(x), kernel: [wDims[1], wDims[2]]),
                                f.strideW: Double(window.strides[1]), f.strideH: Double(window.strides[0]),
                                f.multiplier: Double(wDims[3] / max(channels, 1)), f.activation: try TFLiteActivation.code(node),
                                f.dilationW: Double(window.dilations[1]), f.dilationH: Double(window.dilations[0])]))
    }

    /// The node's bias, or zeros (CONV_2D and DEPTHWISE_CONV_2D require one).
    static func bias(_ node: Node, _ c: inout WriteContext, channels: Int) throws -> String {
        node.inputs.count > 2 && !node.inputs[2].isEmpty
            ? node.inputs[2] : c.constant(Tensor(shape: [channels], values: [Float](repeating: 0, count: channels)), "\(node.name)/zero_bias")
    }

    static func readConv(_ op: TFLiteOperator, _ c: inout ReadContext) throws {
        guard op.inputs.count >= 2, let options = op.options else { throw TFLiteFormatError("\(op.op) needs input, weights and options") }
        let x = try c.type(try op.input(0))
        let depthwise = op.op == .depthwiseConv2D
        let f = (padding: depthwise ? Fields.depthwise.padding : Fields.conv.padding,
                 strideW: depthwise ? Fields.depthwise.strideW : Fields.conv.strideW,
                 strideH: depthwise ? Fields.depthwise.strideH : Fields.conv.strideH,
                 activation: depthwise ? Fields.depthwise.activation : Fields.conv.activation,
                 dilationW: depthwise ? Fields.depthwise.dilationW : Fields.conv.dilationW,
                 dilationH: depthwise ? Fields.depthwise.dilationH : Fields.conv.dilationH)
        let weights = try op.input(1)
        let w = try c.type(weights)
        guard x.rank == 4, w.rank == 4, let kh = w.shape[1].value, let kw = w.shape[2].value else {
            throw TFLiteFormatError("\(op.op) needs a 4-D input and static 4-D weights, got \(x) and \(w)")
        }
        var attributes = TFLiteActivation.attribute(for: op)
        if depthwise {
            guard w.shape[0] == .fixed(1) else { throw TFLiteFormatError("depthwise weights must be [1, KH, KW, O], got \(w)") }
        } else if let cin = x.shape[3].value, let cg = w.shape[3].value, cg > 0, cin != cg {
            attributes["group"] = .int(cin / cg)
        }
        let strides = [options.int(f.strideH), options.int(f.strideW)]
        let dilations = [options.int(f.dilationH), options.int(f.dilationW)]
        guard dilations.allSatisfy({ $0 > 0 && $0 < 1 << 16 }), kh < 1 << 16, kw < 1 << 16 else {
            throw TFLiteFormatError("\(op.op): invalid dilations \(dilations) or kernel \(kh)x\(kw)")
        }
        let effective = (0..<2).map { SpatialWindow.effectiveKernel([kh, kw][$0], dilation: dilations[$0]) }
        attributes["strides"] = .ints(strides)
        attributes["dilations"] = .ints(dilations)
        attributes["pads"] = .ints(try pads(code: options.int(f.padding), input: x, effectiveKernel: effective, strides: strides))
        let bias = op.inputs.count > 2 ? [try op.input(2)] : []
        if w.dtype == .int8, let quantization = c.declared[weights]?.quantization, x.dtype == .float32 {
            // Dynamic range: float input, int8 weights.
            attributes["weight_scales"] = .floats(quantization.scales)
            try c.emit(depthwise ? "HybridDepthwiseConv2D" : "HybridConv2D", [try op.input(0), weights] + bias, attributes, for: op)
            return
        }
        try c.emit(depthwise ? "DepthwiseConv2D" : "Conv2D", [try op.input(0), weights] + bias, attributes, for: op)
    }

    /// TRANSPOSE_CONV: inputs (output_shape, weights [O, KH, KW, C], input, bias), VALID.
    static func writeTransposeConv(_ node: Node, _ c: inout WriteContext) throws -> TFLiteOperator {
        let strides = try node.ints("strides", [1, 1])
        let shape = node.inputs.count > 3 && !node.inputs[3].isEmpty ? node.inputs[3]
            : c.int32Constant(try c.dims(node.outputs[0]), "\(node.name)/output_shape")
        let bias = node.inputs.count > 2 && !node.inputs[2].isEmpty ? [node.inputs[2]] : []
        let f = Fields.transposeConv
        return TFLiteOperator(op: .transposeConv, inputs: [shape, node.inputs[1], node.inputs[0]] + bias,
                              outputs: node.outputs,
                              options: BuiltinOptionsValue(.transposeConv, numbers: [
                                f.padding: 1, f.strideW: Double(strides[1]), f.strideH: Double(strides[0]), f.activation: try TFLiteActivation.code(node)]))
    }

    static func readTransposeConv(_ op: TFLiteOperator, _ c: inout ReadContext) throws {
        guard op.inputs.count >= 3, let options = op.options else { throw TFLiteFormatError("TRANSPOSE_CONV needs output_shape, weights, input and options") }
        // A run-time output shape (dynamic batch) leaves the spatial dims to the declared output.
        let runtimeShape = c.builder.constant(try op.input(0)) == nil
        let out = runtimeShape ? (c.declared[op.outputs.first ?? ""]?.shape.map { $0.value ?? -1 } ?? [])
            : try c.constant(try op.input(0), of: op, "output_shape").ints()
        let x = try c.type(try op.input(2)), w = try c.type(try op.input(1))
        guard out.count == 4, out[1] > 0, out[2] > 0, x.rank == 4, w.rank == 4, let h = x.shape[1].value, let wd = x.shape[2].value,
              let kh = w.shape[1].value, let kw = w.shape[2].value else {
            throw TFLiteFormatError("TRANSPOSE_CONV needs static 4-D shapes")
        }
        let f = Fields.transposeConv
        let strides = [options.int(f.strideH), options.int(f.strideW)]
        guard strides.allSatisfy(NumberRange.window.contains) else { throw TFLiteFormatError("TRANSPOSE_CONV strides \(strides) are out of range") }
        var pads = [0, 0, 0, 0], outputPadding = [0, 0]
        for (axis, (size, k)) in [(h, kh), (wd, kw)].enumerated() {
            // Sizes ≤ 2⁴⁰ and strides ≤ 2²⁴: the product fits, and so does the kernel added to it.
            let full = (size - 1) * strides[axis] + k
            let total = full - out[axis + 1]
            if options.int(f.padding) == 0 && total > 0 {
                (pads[axis], pads[axis + 2]) = SpatialWindow.splitPad(total, oddPadAtEnd: true)
            } else if total >= 0 {
                pads[axis + 2] = total
            } else {
                outputPadding[axis] = -total
            }
        }
        var attributes = TFLiteActivation.attribute(for: op)
        attributes["strides"] = .ints(strides)
        attributes["pads"] = .ints(pads)
        attributes["output_padding"] = .ints(outputPadding)
        let bias = op.inputs.count > 3 ? op.inputs[3] : ""
        let optional = runtimeShape ? [bias, try op.input(0)] : bias.isEmpty ? [] : [bias]
        try c.emit("ConvTranspose2D", [try op.input(2), try op.input(1)] + optional, attributes, for: op)
    }

    static func writePool(_ node: Node, _ c: inout WriteContext, _ builtin: BuiltinOperator) throws -> TFLiteOperator {
        let kernel = try node.ints("kernel_shape", [])
        let window = try SpatialWindow(node: node, kernel: kernel)
        let x = try c.type(node.inputs[0])
        let f = Fields.pool
        return TFLiteOperator(op: builtin, version: 1, inputs: [node.inputs[0]], outputs: node.outputs,
                              options: BuiltinOptionsValue(.pool2D, numbers: [
                                f.padding: try paddingCode(node, input: spatial(x), kernel: kernel),
                                f.strideW: Double(window.strides[1]), f.strideH: Double(window.strides[0]),
                                f.filterW: Double(kernel[1]), f.filterH: Double(kernel[0]), f.activation: try TFLiteActivation.code(node)]))
    }

    static func readPool(_ op: TFLiteOperator, _ c: inout ReadContext, _ irOp: String) throws {
        guard let options = op.options, let input = op.inputs.first else { throw TFLiteFormatError("\(op.op) needs an input and options") }
        let f = Fields.pool
        let kernel = [options.int(f.filterH), options.int(f.filterW)]
        let strides = [options.int(f.strideH), options.int(f.strideW)]
        var attributes = TFLiteActivation.attribute(for: op)
        attributes["kernel_shape"] = .ints(kernel)
        attributes["strides"] = .ints(strides)
        attributes["pads"] = .ints(try pads(code: options.int(f.padding), input: try c.type(input), effectiveKernel: kernel, strides: strides))
        try c.emit(irOp, [input], attributes, for: op)
    }
}
