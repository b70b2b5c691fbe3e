import FlatBuffers
import Foundation
import LiteIR
import LiteOps

/// What the writer produced.
public struct TFLiteWriteSummary: Sendable {
    public var bytes: Int
    /// TFLite builtin name → number of operators.
    public var operatorCounts: [String: Int]
}

/// Writes IR graphs as TFLite flatbuffers (schema version 3, identifier "TFL3").
public enum TFLiteWriter {
    /// Lowers the graph to TFLite builtins, serializes it and writes `url` atomically.
    public static func write(_ graph: Graph, to url: URL) throws -> TFLiteWriteSummary {
        let lowered = try TFLiteLowering.lower(graph)
        var context = WriteContext(graph: lowered)
        var operators: [TFLiteOperator] = []
        var refused: [(node: String, op: String, reason: String)] = []
        for node in lowered.nodes {
            guard let writer = operatorWriters[node.op] else {
                refused.append((node.name, node.op, "no TFLite builtin for this operator"))
                continue
            }
            do {
                var op = try writer(node, &context)
                op.version = OperatorVersions.version(of: op, in: context.graph)
                operators.append(op)
            } catch let error as GraphError {
                refused.append((node.name, node.op, "\(error)"))
            }
        }
        guard refused.isEmpty else { throw TFLiteUnsupportedError(nodes: refused) }
        var serializer = ModelSerializer(graph: context.graph, operators: operators)
        let bytes = try serializer.write(to: url)
        var counts: [String: Int] = [:]
        for op in operators { counts[op.op.name, default: 0] += 1 }
        return TFLiteWriteSummary(bytes: bytes, operatorCounts: counts)
    }

    static let operatorWriters: [String: OperatorWriter] = {
        var table: [String: OperatorWriter] = [:]
        for family in [WindowMappings.writers, ElementwiseMappings.writers, ShapeMappings.writers, ResizeMappings.writers,
                       IndexMappings.writers, SequenceMappings.writers] {
            table.merge(family) { _, _ in preconditionFailure("an IR op has two TFLite writers") }
        }
        return table
    }()
}
