import LiteIR
import LiteOps

/// Moves a constant Pad of spatial axes into the pads of the convolution or pool reading it:
/// zeros into Conv2D / Conv3D and into an average pool that counts pads, the lowest float into a
/// max pool. The writer then picks SAME or VALID when the combined pads match one (as a
/// ZeroPadding2D before a stride-2 "valid" convolution does), else pads explicitly once.
public struct PadFusion: GraphPass {
    public let id = "fuse-pads"
    public let summary = "fold a constant Pad into the pads of the Conv or pool after it"
    public init() {}

    public func apply(to graph: inout Graph) throws -> Int {
        var fused = 0
        var index = 0
        while index < graph.nodes.count {
            let node = graph.nodes[index]
            guard let fill = try Self.padValue(accepted: node), let input = node.inputs.first,
                  let padIndex = graph.producerIndex(of: input), graph.isPrivate(input, of: index),
                  let spatial = try Self.spatialPads(graph.nodes[padIndex], fill: fill, rank: graph.types[input]?.rank) else {
                index += 1
                continue
            }
            let n = spatial.count / 2
            let own = try node.ints("pads", Array(repeating: 0, count: 2 * n))
            guard own.count == 2 * n else {
                index += 1
                continue
            }
            graph.nodes[index].attributes["pads"] = .ints(zip(own, spatial).map(+))
            graph.nodes[index].inputs[0] = graph.nodes[padIndex].inputs[0]
            graph.nodes.remove(at: padIndex)
            graph.types[input] = nil
            fused += 1
        }
        return fused
    }

    /// The fill value a node's own pads stand for (its ``PadFill``), if pads can be folded into it.
    static func padValue(accepted node: Node) throws -> Float? {
        switch OpRegistry.traits(node.op).padFill {
        case .zero?:
            return 0
        case .countedZero?:
            return try node.int("count_include_pad", 0) != 0 && node.int("ceil_mode", 0) == 0 ? 0 : nil
        case .lowest?:
            return try node.outputs.count == 1 && node.int("ceil_mode", 0) == 0 ? -.greatestFiniteMagnitude : nil
        case nil:
            return nil
        }
    }

    /// The spatial pads (begins, then ends) of a constant-mode, attribute-form Pad of a
    /// channels-last value of `rank` filling with `fill` (or lower, for a max pool), when it pads
    /// nothing else and crops nothing.
    static func spatialPads(_ pad: Node, fill: Float, rank: Int?) throws -> [Int]? {
        guard pad.op == "Pad", pad.inputs.count == 1, pad.outputs.count == 1, let rank, rank >= 4,
              try pad.string("mode", "constant") == "constant" else { return nil }
        let value = try pad.float("value", 0)
        guard fill == 0 ? value == 0 : value <= fill else { return nil }
        let pads = try pad.ints("pads", [])
        guard pads.count == 2 * rank, pads.allSatisfy({ $0 >= 0 }),
              pads[0] == 0, pads[rank - 1] == 0, pads[rank] == 0, pads[2 * rank - 1] == 0 else { return nil }
        return Array(pads[1..<(rank - 1)]) + Array(pads[(rank + 1)..<(2 * rank - 1)])
    }
}
