import LiteIR

/// Merges nodes that compute the same op on the same inputs with the same attributes (every IR
/// op is deterministic): later duplicates are removed and their results read from the first.
/// A duplicate producing a graph output stays, so outputs keep their names.
public struct CommonSubexpressions: GraphPass {
    public let id = "merge-common-subexpressions"
    public let summary = "merge nodes computing the same op on the same inputs"
    public init() {}

    public func apply(to graph: inout Graph) throws -> Int {
        let graphOutputs = Set(graph.outputs)
        var seen: [String: [String]] = [:]
        var renamed: [String: String] = [:]
        var kept: [Node] = []
        var merged = 0
        for var node in graph.nodes {
            node.inputs = node.inputs.map { renamed[$0] ?? $0 }
            guard let key = Self.key(node), !node.outputs.contains(where: graphOutputs.contains) else {
                kept.append(node)
                continue
            }
            if let first = seen[key] {
                merged += 1
                for (duplicate, original) in zip(node.outputs, first) where !duplicate.isEmpty {
                    renamed[duplicate] = original
                    graph.types[duplicate] = nil
                }
            } else {
                seen[key] = node.outputs
                kept.append(node)
            }
        }
        graph.nodes = kept
        return merged
    }

    /// What makes two nodes equal: op, inputs, which outputs are requested and attributes; nil
    /// for nodes with tensor attributes (not compared) or without inputs.
    static func key(_ node: Node) -> String? {
        guard !node.inputs.isEmpty else { return nil }
        var parts = [node.op, node.inputs.joined(separator: ","), node.outputs.map { $0.isEmpty ? "-" : "+" }.joined()]
        for name in node.attributes.keys.sorted() {
            if case .tensor = node.attributes[name] { return nil }
            parts.append("\(name)=\(node.attributes[name]!)")
        }
        return parts.joined(separator: "|")
    }
}
