import LiteIR
import LiteOps

/// Evaluates nodes whose inputs are all constant with their own reference kernel, and `Shape` of
/// statically shaped values. Outputs larger than `maxGrowthBytes` beyond their inputs stay nodes,
/// so folding never blows up the file (e.g. a ConstantOfShape of a huge shape). A Reshape to a
/// shape computed at run time whose result inference knows (all dims but at most one) takes that
/// shape as its attribute, so the shape arithmetic feeding it (Shape → Gather → Concat, …) dies.
public struct ConstantFolding: GraphPass {
    public let id = "fold-constants"
    public let summary = "evaluate nodes whose inputs are constant (and Shape of static shapes)"
    public let maxGrowthBytes: Int

    public init(maxGrowthBytes: Int = 1 << 20) { self.maxGrowthBytes = maxGrowthBytes }

    public func apply(to graph: inout Graph) throws -> Int {
        var kept: [Node] = []
        var folded = 0
        let graphOutputs = Set(graph.outputs)
        for var node in graph.nodes {
            if let simplified = Self.withStaticShape(node, in: graph) {
                node = simplified
                folded += 1
            }
            // A graph output stays computed by a node: runtimes expect outputs to be op results.
            if node.outputs.contains(where: graphOutputs.contains) {
                kept.append(node)
                continue
            }
            if let results = try OpRegistry.fold(node, in: graph, maxGrowthBytes: maxGrowthBytes) {
                for (name, tensor) in zip(node.outputs, results) where !name.isEmpty {
                    let quantization = graph.types[name]?.quantization
                    graph.setConstant(name, tensor)
                    graph.types[name]?.quantization = quantization
                }
                folded += 1
            } else {
                kept.append(node)
            }
        }
        graph.nodes = kept
        graph.removeDeadCode()
        return folded
    }

    /// A run-time Reshape rewritten to the attribute form when its result type pins the shape.
    static func withStaticShape(_ node: Node, in graph: Graph) -> Node? {
        guard node.op == "Reshape", node.inputs.count == 2, let target = graph.types[node.outputs[0]]?.shape.reshapeTarget(keepingZeros: false) else { return nil }
        var node = node
        node.inputs = [node.inputs[0]]
        node.attributes = ["shape": .ints(target)]
        return node
    }
}
