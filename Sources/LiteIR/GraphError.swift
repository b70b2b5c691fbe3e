/// Errors found while validating or transforming a graph. Each names the node at fault.
public enum GraphError: Error, CustomStringConvertible, Sendable {
    case invalidNode(node: String, op: String, reason: String)
    case unknownOp(node: String, op: String)
    case invalidGraph(reason: String)

    public var description: String {
        switch self {
        case .invalidNode(let node, let op, let reason): "node '\(node)' (\(op)): \(reason)"
        case .unknownOp(let node, let op): "node '\(node)': unknown operator '\(op)'"
        case .invalidGraph(let reason): reason
        }
    }
}
