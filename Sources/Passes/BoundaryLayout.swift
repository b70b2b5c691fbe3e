import LiteIR

/// `--nhwc-io`: turns the graph's 4-D image inputs and outputs from NCHW to NHWC. Each such
/// input keeps its name but takes NHWC data, transposed back for the NCHW graph; each output is
/// transposed to NHWC under its own name. Transpose sinking then cancels these transposes against
/// the ones around convolutions. What changed is recorded in the graph (``BoundaryLayouts``).
/// Run it first, and on channels-first (ONNX) graphs only: Keras and TFLite are NHWC already.
public struct BoundaryLayout: GraphPass {
    public let id = "nhwc-io"
    public let summary = "turn 4-D NCHW inputs and outputs into NHWC ones (--nhwc-io; recorded in the file)"
    public init() {}

    public func apply(to graph: inout Graph) throws -> Int {
        var layouts = try BoundaryLayouts(of: graph)
        var changed: [String] = []
        var prologue: [Node] = []
        for input in graph.inputs {
            guard let type = graph.types[input], type.rank == 4, !layouts.nhwcFromNCHW.contains(input) else { continue }
            let nchwValue = graph.freshName(input + "_nchw")
            graph.replaceUses(of: input, with: nchwValue)
            graph.types[nchwValue] = type
            graph.types[input] = TensorType(type.dtype, BoundaryLayouts.toStored.map { type.shape[$0] })
            prologue.append(Node(name: nchwValue, op: "Transpose", inputs: [input], outputs: [nchwValue],
                                 attributes: ["perm": .ints(BoundaryLayouts.toSource)]))
            changed.append(input)
        }
        graph.nodes.insert(contentsOf: prologue, at: 0)
        for (position, output) in graph.outputs.enumerated() {
            guard let type = graph.types[output], type.rank == 4, !graph.inputs.contains(output), !layouts.nhwcFromNCHW.contains(output) else { continue }
            let nchwValue = graph.freshName(output + "_nchw")
            for i in graph.nodes.indices {
                graph.nodes[i].outputs = graph.nodes[i].outputs.map { $0 == output ? nchwValue : $0 }
                graph.nodes[i].inputs = graph.nodes[i].inputs.map { $0 == output ? nchwValue : $0 }
            }
            graph.types[nchwValue] = type
            graph.types[output] = TensorType(type.dtype, BoundaryLayouts.toStored.map { type.shape[$0] })
            graph.nodes.append(Node(name: output, op: "Transpose", inputs: [nchwValue], outputs: [output],
                                    attributes: ["perm": .ints(BoundaryLayouts.toStored)]))
            graph.outputs[position] = output
            changed.append(output)
        }
        layouts.nhwcFromNCHW += changed
        layouts.record(in: &graph)
        return changed.count
    }
}
