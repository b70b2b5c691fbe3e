import LiteIR

/// What the format a graph is written to expresses, for passes whose rewrites pay off only when
/// the writer keeps them (the TFLite writer answers from its kernel table).
public protocol LoweringTarget: Sendable {
    /// Whether the writer computes `node`, its fused activation included, as one operator.
    func keepsFusedActivation(of node: Node, in graph: Graph) -> Bool
    /// Why the writer refuses `node` with its operands' types in `graph` (nil: it writes it).
    func refusal(of node: Node, in graph: Graph) -> String?
}

/// A pass whose rewrites depend on the format the graph is written to.
public protocol TargetedPass: GraphPass {
    func targeting(_ target: any LoweringTarget) -> Self
}
