import LiteIR
import LiteOps

/// Evaluates nodes whose inputs are all constant with their own reference kernel, and `Shape` of
/// statically shaped values. Outputs larger than `maxGrowthBytes` beyond their inputs stay nodes,
/// so folding never blows up the file (e.g. a ConstantOfShape of a huge shape).
public struct ConstantFolding: GraphPass {
    public let id = "fold-constants"
    public let summary = "evaluate nodes whose inputs are constant (and Shape of static shapes)"
    public let maxGrowthBytes: Int

    public init(maxGrowthBytes: Int = 1 << 20) { self.maxGrowthBytes = maxGrowthBytes }

    public func apply(to graph: inout Graph) throws -> Int {
        var kept: [Node] = []
        var folded = 0
        let graphOutputs = Set(graph.outputs)
        for node in graph.nodes {
            // A graph output stays computed by a node: runtimes expect outputs to be op results.
            if node.outputs.contains(where: graphOutputs.contains) {
                kept.append(node)
                continue
            }
            if let results = try OpRegistry.fold(node, in: graph, maxGrowthBytes: maxGrowthBytes) {
                for (name, tensor) in zip(node.outputs, results) where !name.isEmpty {
                    graph.setConstant(name, tensor)
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
}
