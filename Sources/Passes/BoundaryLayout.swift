import LiteIR

/// Turns the graph's 4-D image inputs and outputs from NCHW to NHWC (`--nhwc-io`): each such
/// input keeps its name but takes NHWC data, transposed back for the NCHW graph; each output is
/// transposed to NHWC under its own name. Transpose sinking then cancels these transposes
/// against the ones around convolutions.
public enum BoundaryLayout {
    /// Returns the names of the inputs and outputs that changed layout.
    @discardableResult
    public static func makeNHWC(_ graph: inout Graph) -> [String] {
        var changed: [String] = []
        var prologue: [Node] = []
        for input in graph.inputs {
            guard let type = graph.types[input], type.rank == 4 else { continue }
            let nchwValue = graph.freshName(input + "_nchw")
            graph.replaceUses(of: input, with: nchwValue)
            graph.types[nchwValue] = type
            graph.types[input] = TensorType(type.dtype, [0, 2, 3, 1].map { type.shape[$0] })
            prologue.append(Node(name: nchwValue, op: "Transpose", inputs: [input], outputs: [nchwValue], attributes: ["perm": .ints([0, 3, 1, 2])]))
            changed.append(input)
        }
        graph.nodes.insert(contentsOf: prologue, at: 0)
        for (position, output) in graph.outputs.enumerated() {
            guard let type = graph.types[output], type.rank == 4, !graph.inputs.contains(output) else { continue }
            let nchwValue = graph.freshName(output + "_nchw")
            for i in graph.nodes.indices {
                graph.nodes[i].outputs = graph.nodes[i].outputs.map { $0 == output ? nchwValue : $0 }
                graph.nodes[i].inputs = graph.nodes[i].inputs.map { $0 == output ? nchwValue : $0 }
            }
            graph.types[nchwValue] = type
            graph.types[output] = TensorType(type.dtype, [0, 2, 3, 1].map { type.shape[$0] })
            graph.nodes.append(Node(name: output, op: "Transpose", inputs: [nchwValue], outputs: [output], attributes: ["perm": .ints([0, 2, 3, 1])]))
            graph.outputs[position] = output
            changed.append(output)
        }
        return changed
    }
}
