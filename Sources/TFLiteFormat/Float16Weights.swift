import LiteIR

/// How the writer stores constant float tensors.
public enum WeightStorage: String, Sendable, CaseIterable {
    /// As they are.
    case float32
    /// As float16, each behind a DEQUANTIZE (as TFLiteConverter's float16 quantization writes
    /// them): half the bytes; the kernels compute in float32 on the weights rounded to float16.
    case float16
    /// Dynamic range (``DynamicRangeWeights``): int8 weights for the convolutions and fully
    /// connected layers, which TFLite's hybrid kernels compute with float activations.
    case dynamicRange = "dynamic"
}

/// float16 storage: every float32 constant an operator reads becomes a float16 constant and a
/// Dequantize, placed before the first operator (once per constant), unless the operator's kernel
/// rules then refuse it (kernels that need constant operands keep them float32). Values beyond
/// float16's range become ±infinity, as TFLiteConverter's conversion makes them.
enum Float16Weights {
    static func apply(to graph: Graph) -> Graph {
        var graph = graph
        var dequantized: [String: String] = [:]
        var dequantizes: [Node] = []
        for i in graph.nodes.indices where graph.nodes[i].op != "Dequantize" {
            let original = graph.nodes[i]
            // How far the writer gets with the node: its kernel rules' violations (a writer that
            // refuses the node outright counts as the most).
            func refusals() -> Int { KernelConformance.trial(of: graph.nodes[i], in: graph)?.violations.count ?? Int.max }
            let refusedBefore = refusals()
            for j in graph.nodes[i].inputs.indices {
                let name = graph.nodes[i].inputs[j]
                guard let constant = graph.constants[name], constant.dtype == .float32, constant.count > 0 else { continue }
                if dequantized[name] == nil {
                    let half = graph.addConstant("\(name)/float16", Tensor(shape: constant.shape, values: constant.values(Float.self).map { Float16($0) }))
                    let output = graph.freshName("\(name)/dequantized")
                    graph.types[output] = TensorType(.float32, fixed: constant.shape)
                    dequantizes.append(Node(name: output, op: "Dequantize", inputs: [half], outputs: [output]))
                    dequantized[name] = output
                }
                graph.nodes[i].inputs[j] = dequantized[name]!
            }
            // A kernel that needs constant operands (the sequence ops' weights) keeps them float32.
            if refusals() > refusedBefore {
                graph.nodes[i] = original
            }
        }
        graph.nodes = dequantizes + graph.nodes
        graph.removeDeadCode()  // the Dequantizes a refusing operator left unread, and the float32 originals
        return graph
    }
}
