import FlatBuffers
import Foundation
import LiteIR
import LiteOps

/// What the writer produced.
public struct TFLiteWriteSummary: Sendable {
    public var bytes: Int
    /// TFLite builtin name (or "CUSTOM LiteConvert.<op>") → number of operators.
    public var operatorCounts: [String: Int]
    /// Nodes written as LiteConvert custom operators, with why TFLite has no builtin for them.
    public var customNodes: [(node: String, op: String, reason: String)] = []
    /// The weights stored sparse.
    public var sparseWeights: [SparseWeight] = []
}

/// Writes IR graphs as TFLite flatbuffers (schema version 3, identifier "TFL3").
public enum TFLiteWriter {
    /// Lowers the graph to TFLite builtins, serializes it and writes `url` atomically. Nodes
    /// TFLite cannot express are refused all at once, or with `allowCustom` written as
    /// LiteConvert custom operators (see ``CustomOperators``). `weights` chooses how constant
    /// float tensors are stored (after the lowering, so they are in their final layouts), `sparse`
    /// which weights are stored sparse (``SparseWeights``).
    public static func write(_ graph: Graph, to url: URL, allowCustom: Bool = false, weights: WeightStorage = .float32,
                             sparse: SparseWeightPolicy = .never) throws -> TFLiteWriteSummary {
        var (lowered, loweringRefusals) = try TFLiteLowering.lower(graph, keepingRefused: allowCustom)
        switch weights {
        case .float32: break
        case .float16: lowered = Float16Weights.apply(to: lowered)
        case .dynamicRange: lowered = try DynamicRangeWeights.apply(to: lowered)
        }
        var refused = Dictionary(loweringRefusals.map { ($0.node, $0) }) { first, _ in first }
        var context = WriteContext(graph: lowered)
        var operators: [TFLiteOperator] = []
        var customNodes: [Node] = []
        for node in lowered.nodes {
            if refused[node.name] == nil {
                do {
                    guard let writer = operatorWriters[node.op] else { throw node.error("no TFLite builtin for this operator") }
                    var op = try writer(node, &context)
                    op.version = OperatorVersions.version(of: op, in: context.graph)
                    // The lowering kept every node inside the kernel table; this names a rule it missed.
                    let violations = KernelTable.violations(of: op, writtenFor: node, in: context.graph)
                    guard violations.isEmpty else {
                        throw node.error("TFLite's \(op.op): " + violations.map(\.description).joined(separator: "; "))
                    }
                    operators.append(op)
                    continue
                } catch GraphError.invalidNode(_, _, let reason) {
                    refused[node.name] = (node.name, node.op, reason)
                }
            }
            customNodes.append(node)
            operators.append(TFLiteOperator(op: .custom, inputs: node.inputs, outputs: node.outputs, customCode: CustomOperators.codePrefix + node.op))
        }
        let refusals = customNodes.compactMap { refused[$0.name] }
        guard refusals.isEmpty || allowCustom else { throw TFLiteUnsupportedError(nodes: refusals, opset: graph.metadata["onnx_opset"]) }
        var metadata: [(name: String, data: Data)] = []
        if !customNodes.isEmpty { metadata.append((CustomOperators.metadataName, try CustomOperators.metadata(for: customNodes))) }
        if let layouts = graph.metadata[BoundaryLayouts.metadataKey] { metadata.append((BoundaryLayouts.metadataKey, Data(layouts.utf8))) }
        let (sparseWeights, encodings) = SparseWeights.apply(sparse, operators: &operators, graph: &context.graph)
        var serializer = ModelSerializer(graph: context.graph, operators: operators, metadata: metadata, sparse: encodings)
        let bytes = try serializer.write(to: url)
        var counts: [String: Int] = [:]
        for op in operators { counts[op.customCode.map { "CUSTOM \($0)" } ?? op.op.name, default: 0] += 1 }
        return TFLiteWriteSummary(bytes: bytes, operatorCounts: counts, customNodes: refusals, sparseWeights: sparseWeights)
    }

    static let operatorWriters: [String: OperatorWriter] = {
        var table: [String: OperatorWriter] = [:]
        for family in MappingFamilies.all {
            table.merge(family.writers) { _, _ in preconditionFailure("an IR op has two TFLite writers") }
        }
        return table
    }()
}
