import Foundation
import LiteIR

/// What one pass changed.
public struct PassStats: Sendable, Encodable {
    public var id: String
    public var nodesBefore: Int
    public var nodesAfter: Int
    /// Bytes of constant data (weights) before and after.
    public var bytesBefore: Int
    public var bytesAfter: Int
    /// Rewrites performed (nodes folded, transposes cancelled, …).
    public var changes: Int
    public var seconds: Double
}

/// A graph-to-graph rewrite with a stable id. Every pass keeps the graph's inputs, outputs and
/// the values it computes (up to float rounding).
public protocol GraphPass: Sendable {
    var id: String { get }
    /// One line for `liteconv passes`.
    var summary: String { get }
    /// Rewrites the graph; returns the number of changes made.
    func apply(to graph: inout Graph) throws -> Int
}

extension GraphPass {
    /// Runs the pass and reports node counts, constant bytes and time before and after.
    public func run(on graph: inout Graph) throws -> PassStats {
        let (nodesBefore, bytesBefore) = (graph.nodes.count, graph.constantBytes)
        let start = Date()
        let changes = try apply(to: &graph)
        return PassStats(id: id, nodesBefore: nodesBefore, nodesAfter: graph.nodes.count, bytesBefore: bytesBefore,
                         bytesAfter: graph.constantBytes, changes: changes, seconds: Date().timeIntervalSince(start))
    }
}

extension Graph {
    /// Bytes of all constant tensors.
    public var constantBytes: Int { constants.values.reduce(0) { $0 + $1.data.count } }
}
