import LiteIR
import LiteOps

/// DEQUANTIZE ↔ Dequantize and QUANTIZE ↔ Quantize. The quantization lives on the quantized
/// tensor in the file and on the node (its attributes) in the IR: the writer puts the node's
/// parameters on the tensor, the reader takes them from it.
enum QuantizationMappings {
    static let writers: [String: OperatorWriter] = [
        "Dequantize": { node, c in
            let input = node.inputs[0]
            let type = try c.type(input)
            if type.dtype != .float16 {
                c.graph.types[input]?.quantization = try Quantization(node: node, dtype: type.dtype, shape: type.shape)
            }
            return TFLiteOperator(op: .dequantize, inputs: [input], outputs: node.outputs, options: nil)
        },
        "Quantize": { node, c in
            TFLiteOperator(op: .quantize, inputs: [node.inputs[0]], outputs: node.outputs, options: nil)
        },
    ]

    static let readers: [Int32: OperatorReader] = [
        BuiltinOperator.dequantize.code: { op, c in
            // The parameters from the quantized tensor (a Dequantize is never folded: the model
            // keeps its float16 or integer storage).
            let input = try op.input(0)
            try c.builder.add(Node(name: op.outputs.first ?? "Dequantize", op: "Dequantize", inputs: [input], outputs: op.outputs,
                                   attributes: c.declared[input]?.quantization?.attributes ?? [:]))
        },
        BuiltinOperator.quantize.code: { op, c in
            let input = try op.input(0), output = op.outputs.first ?? ""
            guard let type = c.declared[output], let quantization = type.quantization else {
                throw TFLiteFormatError("QUANTIZE producing '\(output)' has no output quantization")
            }
            try c.emit("Quantize", [input], quantization.attributes.merging(["dtype": .string(type.dtype.rawValue)]) { $1 }, for: op)
        },
    ]
}
