import LiteIR
import LiteOps

/// A Gather of channels (last axis, constant indices) of what a convolution or fully-connected
/// layer computes is that layer with its output channels gathered: weights and bias rows are
/// picked at conversion time (a PixelShuffle's CRD→DCR reorder, a channel selection).
public struct ChannelGatherFolding: GraphPass {
    public let id = "fold-channel-gathers"
    public let summary = "fold a constant Gather of output channels into the Conv or FullyConnected weights computing them"
    public init() {}

    public func apply(to graph: inout Graph) throws -> Int {
        var folded = 0
        var index = 0
        while index < graph.nodes.count {
            let gather = graph.nodes[index]
            guard gather.op == "Gather", let rank = graph.types[gather.inputs[0]]?.rank,
                  try ShapeMath.axis(try gather.int("axis", 0), rank: rank, node: gather) == rank - 1,
                  let indices = graph.constants[gather.inputs[1]], indices.rank == 1,
                  let p = graph.producerIndex(of: gather.inputs[0]), AffineFolding.isLayer(graph.nodes[p].op),
                  try graph.nodes[p].int("group", 1) == 1, graph.isPrivate(gather.inputs[0], of: index),
                  let weights = graph.constants[graph.nodes[p].inputs[1]], Self.hasConstantBias(graph.nodes[p], in: graph) else {
                index += 1
                continue
            }
            var layer = graph.nodes[p]
            layer.inputs[1] = graph.addConstant(layer.inputs[1], try OpRegistry.evaluate("Gather", [weights, indices], ["axis": .int(0)]))
            if layer.inputs.count > 2, !layer.inputs[2].isEmpty, let bias = graph.constants[layer.inputs[2]] {
                layer.inputs[2] = graph.addConstant(layer.inputs[2], try OpRegistry.evaluate("Gather", [bias, indices], ["axis": .int(0)]))
            }
            layer.outputs = gather.outputs
            graph.types[gather.inputs[0]] = nil
            graph.nodes[p] = layer
            graph.nodes.remove(at: index)
            folded += 1
        }
        graph.removeDeadCode()
        return folded
    }

    /// Whether the layer has no bias or a constant one.
    static func hasConstantBias(_ layer: Node, in graph: Graph) -> Bool {
        layer.inputs.count < 3 || layer.inputs[2].isEmpty || graph.constants[layer.inputs[2]] != nil
    }
}
