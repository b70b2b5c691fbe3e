import LiteIR
import Passes

/// The TFLite writer as a pass target: what it writes as one operator follows from the lowering
/// and its kernel table.
public struct TFLiteTarget: LoweringTarget {
    public init() {}

    /// Lowers `node` alone: the activation stays fused when the node computing its output after
    /// the lowering still carries it (the kernel table splits off what a builtin would not honor).
    public func keepsFusedActivation(of node: Node, in graph: Graph) -> Bool {
        guard let activation = try? node.string("activation", "NONE"), activation != "NONE", let output = node.outputs.first else { return false }
        var probe = Graph(name: "probe", outputs: node.outputs, nodes: [node])
        for input in Set(node.inputs) where !input.isEmpty {
            if let constant = graph.constants[input] {
                probe.setConstant(input, constant)
            } else {
                probe.inputs.append(input)
                probe.types[input] = graph.types[input]
            }
        }
        guard let (lowered, refused) = try? TFLiteLowering.lower(probe, keepingRefused: true), refused.isEmpty else { return false }
        return lowered.nodes.contains { $0.outputs.first == output && (try? $0.string("activation", "NONE")) == activation }
    }
}
