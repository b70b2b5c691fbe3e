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
        guard let (lowered, refused) = try? TFLiteLowering.lower(Self.probe(node, in: graph), keepingRefused: true), refused.isEmpty else { return false }
        return lowered.nodes.contains { $0.outputs.first == output && (try? $0.string("activation", "NONE")) == activation }
    }

    /// Lowers `node` alone and returns the kernel table's first refusal.
    public func refusal(of node: Node, in graph: Graph) -> String? {
        do {
            return try TFLiteLowering.lower(Self.probe(node, in: graph), keepingRefused: true).refused.first?.reason
        } catch {
            return "\(error)"
        }
    }

    /// A graph of `node` alone, its operands as in `graph` (constants with their quantization).
    private static func probe(_ node: Node, in graph: Graph) -> Graph {
        var probe = Graph(name: "probe", outputs: node.outputs, nodes: [node])
        for input in Set(node.inputs) where !input.isEmpty {
            if let constant = graph.constants[input] {
                probe.setConstant(input, constant)
                if let quantization = graph.types[input]?.quantization { probe.types[input]?.quantization = quantization }
            } else {
                probe.inputs.append(input)
                probe.types[input] = graph.types[input]
            }
        }
        return probe
    }
}
