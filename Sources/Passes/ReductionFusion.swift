import LiteIR
import LiteOps

/// Global pooling as TFLite runs it fastest and in the fewest ops: a max or average pool whose
/// unpadded window covers the whole (static) image becomes a MEAN / REDUCE_MAX over H and W, and
/// a reduction that keeps its reduced dims only for a Reshape (Flatten) to drop them reduces
/// without keeping them instead.
public struct ReductionFusion: GraphPass {
    public let id = "fuse-reductions"
    public let summary = "global pools become Mean/Max over H, W; a keepdims reduction followed by a Flatten drops the dims itself"
    public init() {}

    public func apply(to graph: inout Graph) throws -> Int {
        var changed = 0
        for i in graph.nodes.indices {
            if let global = try Self.globalReduction(graph.nodes[i], in: graph) {
                graph.nodes[i] = global
                changed += 1
            }
        }
        var index = 0
        while index < graph.nodes.count {
            if try dropKeptDims(reshape: index, in: &graph) { changed += 1 } else { index += 1 }
        }
        return changed
    }

    /// The reduction a pool over the whole image is, if it is one.
    static func globalReduction(_ node: Node, in graph: Graph) throws -> Node? {
        guard node.op == "MaxPool2D" || node.op == "AvgPool2D", node.outputs.count == 1, node.inputs.count == 1,
              let x = graph.types[node.inputs[0]], x.rank == 4, let h = x.shape[1].value, let w = x.shape[2].value,
              try node.ints("kernel_shape", []) == [h, w], try node.ints("pads", [0, 0, 0, 0]).allSatisfy({ $0 == 0 }),
              try node.ints("dilations", [1, 1]) == [1, 1] else { return nil }
        var reduction = Node(name: node.name, op: node.op == "MaxPool2D" ? "ReduceMax" : "ReduceMean", inputs: node.inputs,
                             outputs: node.outputs, attributes: ["axes": .ints([1, 2]), "keepdims": .int(1)])
        reduction.attributes["activation"] = node.attributes["activation"]
        return reduction
    }

    /// Reduce(keepdims) → Reshape that removes exactly the reduced unit dims: the reduction
    /// writes the reshape's result without keeping them. True when the graph changed.
    func dropKeptDims(reshape index: Int, in graph: inout Graph) throws -> Bool {
        let reshape = graph.nodes[index]
        guard reshape.op == "Reshape", let kept = reshape.inputs.first, let p = graph.producerIndex(of: kept),
              OpRegistry.traits(graph.nodes[p].op).axes == .reducedAxes, graph.nodes[p].inputs.count == 1, graph.isPrivate(kept, of: index),
              try graph.nodes[p].int("keepdims", 1) != 0, let axes = try graph.nodes[p].intsIfPresent("axes"), !axes.isEmpty,
              let x = graph.types[graph.nodes[p].inputs[0]], let y = graph.types[reshape.outputs[0]] else { return false }
        let reduced = Set(axes.map { $0 < 0 ? $0 + x.rank : $0 })
        let remaining = x.shape.indices.filter { !reduced.contains($0) }.map { x.shape[$0] }
        guard remaining.count == y.rank, remaining.filter({ $0.value == nil }).count <= 1,
              zip(remaining, y.shape).allSatisfy({ $0 == $1 || ($0.value == nil && $1.value == nil) }) else { return false }
        graph.nodes[p].attributes["keepdims"] = .int(0)
        graph.nodes[p].outputs = reshape.outputs
        graph.nodes.remove(at: index)
        graph.types[kept] = nil
        return true
    }
}
