import LiteIR
import LiteOps

/// MatMul by a constant [K, N] matrix becomes FullyConnected with [N, K] weights (TFLite's
/// FULLY_CONNECTED keeps the leading dims), so fold-affine can then take the bias Add after it,
/// and fuse-activations its activation, into the one op.
public struct FullyConnectedFormation: GraphPass {
    public let id = "form-fully-connected"
    public let summary = "turn MatMul by a constant matrix into FullyConnected (then bias and activation fold into it)"
    public init() {}

    public func apply(to graph: inout Graph) throws -> Int {
        var formed = 0
        for i in graph.nodes.indices where graph.nodes[i].op == "MatMul" && graph.nodes[i].outputs.count == 1 {
            let node = graph.nodes[i]
            guard node.inputs.count == 2, let x = graph.types[node.inputs[0]], x.dtype == .float32, x.rank >= 2,
                  let w = graph.constants[node.inputs[1]], w.dtype == .float32, w.rank == 2 else { continue }
            let transposed = try OpRegistry.evaluate("Transpose", [w], ["perm": .ints([1, 0])])
            let weights: String
            if graph.privateConstant(node.inputs[1]) != nil {
                graph.setConstant(node.inputs[1], transposed)
                weights = node.inputs[1]
            } else {
                weights = graph.addConstant(node.inputs[1] + "_transposed", transposed)
            }
            graph.nodes[i] = Node(name: node.name, op: "FullyConnected", inputs: [node.inputs[0], weights], outputs: node.outputs,
                                  attributes: ["keep_num_dims": .int(1)])
            formed += 1
        }
        graph.removeDeadCode()
        return formed
    }
}
