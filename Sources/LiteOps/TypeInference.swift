import LiteIR

/// Whole-graph validation: infers every node's output types in order, checking each node once.
public enum TypeInference {
    /// Infers and records the type of every node output. Throws the first node's error.
    public static func run(_ graph: inout Graph) throws {
        graph.shapeValues = [:]
        var defined = Set(graph.inputs).union(graph.constants.keys)
        for input in graph.inputs where graph.types[input] == nil {
            throw GraphError.invalidGraph(reason: "graph input '\(input)' has no type")
        }
        for node in graph.nodes {
            for input in node.inputs where !input.isEmpty && !defined.contains(input) {
                throw node.error("input '\(input)' is not defined before this node")
            }
            let context = graph.inferenceContext(for: node)
            let types = try OpRegistry.infer(context)
            guard types.count == node.outputs.count else {
                throw node.error("produces \(types.count) outputs, the node lists \(node.outputs.count)")
            }
            for (name, type) in zip(node.outputs, types) where !name.isEmpty {
                graph.types[name] = type
                defined.insert(name)
            }
            for (name, value) in zip(node.outputs, ShapeValues.propagate(context, outputs: types)) where !name.isEmpty {
                graph.shapeValues[name] = value
            }
        }
        for output in graph.outputs where !defined.contains(output) {
            throw GraphError.invalidGraph(reason: "graph output '\(output)' is never produced")
        }
    }
}

extension Graph {
    /// What inference sees of `node` in this graph: input types and constant input values.
    public func inferenceContext(for node: Node) -> InferenceContext {
        InferenceContext(
            node: node,
            inputTypes: node.inputs.map { $0.isEmpty ? nil : types[$0] },
            constantInputs: node.inputs.map { $0.isEmpty ? nil : constants[$0] },
            shapeValues: node.inputs.map { $0.isEmpty ? nil : shapeValues[$0] })
    }
}
