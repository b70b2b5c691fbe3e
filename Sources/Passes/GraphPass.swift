import LiteIR

/// What one pass changed.
public struct PassStats: Sendable {
    public var id: String
    public var nodesBefore: Int
    public var nodesAfter: Int
    /// Rewrites performed (nodes folded, transposes cancelled, …).
    public var changes: Int
}

/// A graph-to-graph rewrite with a stable id. Exact passes keep every output value unchanged.
public protocol GraphPass: Sendable {
    var id: String { get }
    /// One line for `liteconv passes`.
    var summary: String { get }
    /// Rewrites the graph; returns the number of changes made.
    func apply(to graph: inout Graph) throws -> Int
}

extension GraphPass {
    /// Runs the pass and reports node counts before and after.
    public func run(on graph: inout Graph) throws -> PassStats {
        let before = graph.nodes.count
        let changes = try apply(to: &graph)
        return PassStats(id: id, nodesBefore: before, nodesAfter: graph.nodes.count, changes: changes)
    }
}
