import LiteIR
import LiteOps

/// Dynamic-range storage, as TFLiteConverter's dynamic-range quantization writes it: the float32
/// weights of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED with at least 1024 values become
/// int8, symmetric per output channel (scale = max |w| / 127, values rounded and clamped to ±127),
/// and the operator becomes TFLite's hybrid kernel (`HybridConv2D`, `HybridDepthwiseConv2D`,
/// `HybridFullyConnected` with asymmetric input quantization), which quantizes its float input on
/// the fly. A GATHER from a float32 table of at least 1024 values (an embedding) reads the table as
/// int8, symmetric per tensor, and a DEQUANTIZE turns the rows it gathers back to float (the rows
/// are exact integers moved, so only the rounding of the table changes what the file computes).
/// Smaller weights, biases and every other operator stay float.
enum DynamicRangeWeights {
    /// TFLiteConverter leaves smaller weights float.
    static let minimumWeights = 1024
    /// IR op → (hybrid op, the weights' output-channel axis).
    private static let hybrids: [String: (op: String, axis: Int)] = [
        "Conv2D": ("HybridConv2D", 0), "DepthwiseConv2D": ("HybridDepthwiseConv2D", 3), "FullyConnected": ("HybridFullyConnected", 0),
    ]

    static func apply(to graph: Graph) throws -> Graph {
        var graph = graph
        quantizeGatheredTables(&graph)
        for i in graph.nodes.indices {
            let node = graph.nodes[i]
            guard let (hybrid, axis) = hybrids[node.op], node.inputs.count > 1, graph.types[node.inputs[0]]?.dtype == .float32,
                  let weights = graph.constants[node.inputs[1]], weights.dtype == .float32, weights.count >= minimumWeights,
                  try node.int("group", 1) == 1 else { continue }
            let (values, quantization) = QuantizedOps.symmetricInt8(weights, axis: axis)
            let name = graph.addConstant("\(node.inputs[1])/int8", values)
            graph.types[name]?.quantization = quantization
            var rewritten = node
            rewritten.op = hybrid
            rewritten.inputs[1] = name
            rewritten.attributes["weight_scales"] = .floats(quantization.scales)
            if hybrid == "HybridFullyConnected" { rewritten.attributes["asymmetric_quantize_inputs"] = .int(1) }
            graph.nodes[i] = rewritten
        }
        graph.removeDeadCode()
        try TypeInference.run(&graph)
        return graph
    }

    /// Gather(table, indices) of a large float32 constant table → Dequantize(Gather(int8 table)).
    private static func quantizeGatheredTables(_ graph: inout Graph) {
        var nodes: [Node] = []
        for var node in graph.nodes {
            guard node.op == "Gather", let table = graph.constants[node.inputs[0]], table.dtype == .float32, table.count >= minimumWeights,
                  node.outputs.count == 1 else {
                nodes.append(node)
                continue
            }
            let (values, quantization) = QuantizedOps.symmetricInt8(table, axis: nil)
            let name = graph.addConstant("\(node.inputs[0])/int8", values)
            graph.types[name]?.quantization = quantization
            let output = node.outputs[0], rows = graph.freshName("\(output)/int8")
            node.inputs[0] = name
            node.outputs = [rows]
            nodes.append(node)
            nodes.append(Node(name: "\(node.name)/dequantized", op: "Dequantize", inputs: [rows], outputs: [output], attributes: quantization.attributes))
        }
        graph.nodes = nodes
    }
}
