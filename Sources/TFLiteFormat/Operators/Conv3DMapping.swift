import LiteIR
import LiteOps

/// CONV_3D: input NDHWC, filter [KD, KH, KW, C, O] (`Conv3DDHWIO`, see ``FilterLayout``),
/// optional bias, SAME or VALID padding, no groups.
extension WindowMappings {
    static func writeConv3D(_ node: Node, _ c: inout WriteContext) throws -> TFLiteOperator {
        let x = try c.type(node.inputs[0])
        let kernel = Array(try c.dims(node.inputs[1])[0..<3])
        let window = try SpatialWindow(node: node, kernel: kernel)
        let bias = node.inputs.count > 2 && !node.inputs[2].isEmpty ? [node.inputs[2]] : []
        let f = Fields.conv3D
        return TFLiteOperator(op: .conv3D, version: 1, inputs: [node.inputs[0], node.inputs[1]] + bias, outputs: node.outputs,
                              options: BuiltinOptionsValue(.conv3D, numbers: [
                                f.padding: try paddingCode(node, input: spatial(x), kernel: kernel),
                                f.strideD: Double(window.strides[0]), f.strideH: Double(window.strides[1]), f.strideW: Double(window.strides[2]),
                                f.activation: try TFLiteActivation.code(node),
                                f.dilationD: Double(window.dilations[0]), f.dilationH: Double(window.dilations[1]),
                                f.dilationW: Double(window.dilations[2])]))
    }

    static func readConv3D(_ op: TFLiteOperator, _ c: inout ReadContext) throws {
        guard op.inputs.count >= 2, let options = op.options else { throw TFLiteFormatError("CONV_3D needs input, filter and options") }
        let x = try c.type(try op.input(0))
        let filter = try c.constant(try op.input(1), of: op, "filter")
        guard x.rank == 5, filter.rank == 5, filter.shape[0..<3].allSatisfy({ $0 > 0 && $0 < 1 << 16 }) else {
            throw TFLiteFormatError("CONV_3D needs a 5-D input and a 5-D filter, got \(x) and \(filter.shape)")
        }
        let f = Fields.conv3D
        let strides = [options.int(f.strideD), options.int(f.strideH), options.int(f.strideW)]
        let dilations = [options.int(f.dilationD), options.int(f.dilationH), options.int(f.dilationW)]
        guard dilations.allSatisfy({ $0 > 0 && $0 < 1 << 16 }) else { throw TFLiteFormatError("CONV_3D: invalid dilations \(dilations)") }
        let effective = (0..<3).map { SpatialWindow.effectiveKernel(filter.shape[$0], dilation: dilations[$0]) }
        var attributes = TFLiteActivation.attribute(for: op)
        attributes["strides"] = .ints(strides)
        attributes["dilations"] = .ints(dilations)
        attributes["pads"] = .ints(try pads(code: options.int(f.padding), input: x, effectiveKernel: effective, strides: strides))
        // conv3d.cc reads the bias as optional: a -1 is none.
        let bias = op.inputs.count > 2 && !op.inputs[2].isEmpty ? [op.inputs[2]] : []
        try c.emit("Conv3DDHWIO", [try op.input(0), try op.input(1)] + bias, attributes, for: op)
    }
}
