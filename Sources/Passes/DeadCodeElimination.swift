import LiteIR

/// Removes nodes and constants that no graph output depends on.
public struct DeadCodeElimination: GraphPass {
    public let id = "remove-dead-code"
    public let summary = "remove nodes and constants no output depends on"
    public init() {}

    public func apply(to graph: inout Graph) throws -> Int {
        graph.removeDeadCode()
    }
}
