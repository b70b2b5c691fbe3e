import LiteIR
import LiteOps

/// Rewrites `Reshape → Transpose → Reshape` chains that only reorder the elements of one axis —
/// ShuffleNet's channel shuffle, `x.view(b, g, c/g, h, w).transpose(1, 2).view(b, c, h, w)` —
/// into one Gather along that axis with constant indices. The Gather then moves with the layout
/// like any axis op, where the 5-D transpose would have pinned the graph to NCHW.
public struct ShufflesToGather: GraphPass {
    public let id = "shuffles-to-gather"
    public let summary = "turn Reshape → Transpose → Reshape chains that permute one axis (channel shuffles) into one Gather"
    public init() {}

    public func apply(to graph: inout Graph) throws -> Int {
        var rewritten = 0
        let users = graph.users(), producers = graph.producers(), outputs = Set(graph.outputs)
        for index in graph.nodes.indices where graph.nodes[index].op == "Reshape" && graph.nodes[index].inputs.count == 1 {
            let merge = graph.nodes[index]
            guard let t = producers[merge.inputs[0]], graph.nodes[t].op == "Transpose", users[merge.inputs[0]]?.count == 1,
                  !outputs.contains(merge.inputs[0]), let perm = try graph.nodes[t].intsIfPresent("perm"),
                  let s = producers[graph.nodes[t].inputs[0]], graph.nodes[s].op == "Reshape", graph.nodes[s].inputs.count == 1,
                  users[graph.nodes[t].inputs[0]]?.count == 1, !outputs.contains(graph.nodes[t].inputs[0]) else { continue }
            let x = graph.nodes[s].inputs[0]
            guard let xType = graph.types[x], let split = graph.types[graph.nodes[s].outputs[0]]?.shape,
                  graph.types[merge.outputs[0]] == xType,
                  let (axis, indices) = Self.axisPermutation(xType.shape, split: split, perm: perm) else { continue }
            let positions = graph.addConstant("\(merge.name)/indices", Tensor(shape: [indices.count], values: indices.map(Int64.init)))
            graph.nodes[index] = Node(name: merge.name, op: "Gather", inputs: [x, positions], outputs: merge.outputs,
                                      attributes: ["axis": .int(axis)])
            rewritten += 1
        }
        graph.removeDeadCode()
        return rewritten
    }

    /// When reshaping dims `x` to `split`, transposing by `perm` and reshaping back to `x` only
    /// reorders the elements of one axis: that axis, and for each of its output positions the
    /// input position it reads.
    static func axisPermutation(_ x: [Dim], split: [Dim], perm: [Int]) -> (axis: Int, indices: [Int])? {
        guard perm.count == split.count else { return nil }
        var lead = 0
        while lead < x.count, lead < split.count, x[lead] == split[lead] { lead += 1 }
        var trail = 0
        while trail < x.count - lead, trail < split.count - lead, x[x.count - 1 - trail] == split[split.count - 1 - trail] { trail += 1 }
        let middle = lead..<(split.count - trail)
        guard x.count - lead - trail == 1, middle.count >= 2, let size = x[lead].value,
              perm.indices.allSatisfy({ middle.contains($0) ? middle.contains(perm[$0]) : perm[$0] == $0 }) else { return nil }
        let factors = middle.compactMap { split[$0].value }
        guard factors.count == middle.count, factors.reduce(1, *) == size else { return nil }
        let order = middle.map { perm[$0] - lead }
        let moved = order.map { factors[$0] }
        let strides = ShapeMath.strides(factors)
        let indices = (0..<size).map { position in
            var rest = position, source = 0
            for t in moved.indices.reversed() {
                source += rest % moved[t] * strides[order[t]]
                rest /= moved[t]
            }
            return source
        }
        return indices == Array(0..<size) ? nil : (lead, indices)
    }
}
