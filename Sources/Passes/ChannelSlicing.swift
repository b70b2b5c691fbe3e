import Foundation
import LiteIR
import LiteOps

/// Removes the pruned channels a ``ChannelTrace`` found: the producers' weight rows and bias
/// entries, the consumers' weight columns, per-channel constants, depthwise filters, and the
/// targets of flattening Reshapes; then infers every value's type again.
struct ChannelSlicing {
    var trace: ChannelTrace
    let kept: [Int: [Int]]

    func apply(to graph: inout Graph) throws {
        var trace = self.trace
        guard !kept.isEmpty else { return }
        // The consumers and pass-through constants first (their positions come from the
        // unpruned maps), then the producers' own rows.
        for slice in trace.slices {
            guard let positions = trace.keptPositions(of: slice.value, kept) else { continue }
            Self.slice(&graph, node: slice.node, input: slice.input, axis: slice.axis, positions)
            if slice.input == 1, graph.nodes[slice.node].op == "Conv2D", (try? graph.nodes[slice.node].int("group", 1)) ?? 1 > 1 {
                graph.nodes[slice.node].attributes["group"] = .int(positions.count)
            }
        }
        for (g, channels) in kept {
            for p in trace.producers[g] ?? [] {
                Self.slice(&graph, node: p, input: 1, axis: 0, channels)
                if graph.nodes[p].inputs.count > 2, !graph.nodes[p].inputs[2].isEmpty { Self.slice(&graph, node: p, input: 2, axis: 0, channels) }
            }
        }
        for i in graph.nodes.indices where graph.nodes[i].op == "Reshape" {
            let output = graph.nodes[i].outputs[0]
            guard let positions = trace.keptPositions(of: output, kept) else { continue }
            try Self.retarget(&graph, node: i, lastDim: positions.count)
        }
        // Every type again, in order.
        var builder = GraphBuilder(graph: graph)
        builder.graph.nodes = []
        for name in Set(graph.nodes.flatMap(\.outputs)) where graph.constants[name] == nil && !graph.inputs.contains(name) {
            builder.graph.types[name] = nil
            builder.graph.shapeValues[name] = nil
        }
        for node in graph.nodes { try builder.add(node, folding: false) }
        graph = builder.graph
        graph.removeDeadCode()
    }

    /// Replaces input `input` of node `node` by its constant with only `positions` along `axis`.
    private static func slice(_ graph: inout Graph, node: Int, input: Int, axis: Int, _ positions: [Int]) {
        let name = graph.nodes[node].inputs[input]
        guard let tensor = graph.constants[name] else { return }
        let shape = tensor.shape, inner = shape[(axis + 1)...].reduce(1, *), extent = shape[axis], outer = shape[..<axis].reduce(1, *)
        let width = tensor.dtype.byteSize
        var data = Data(capacity: outer * positions.count * inner * width)
        tensor.data.withUnsafeBytes { bytes in
            for o in 0..<outer {
                for p in positions {
                    let start = ((o * extent + p) * inner) * width
                    data.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + inner * width)]))
                }
            }
        }
        var sliced = shape
        sliced[axis] = positions.count
        graph.nodes[node].inputs[input] = graph.addConstant("\(name)/channels", Tensor(dtype: tensor.dtype, shape: sliced, validatedData: data))
    }

    /// A flattening Reshape whose last dim became `lastDim`.
    private static func retarget(_ graph: inout Graph, node i: Int, lastDim: Int) throws {
        let node = graph.nodes[i]
        if node.inputs.count > 1, let shape = graph.constants[node.inputs[1]] {
            var target = shape.ints()
            if target.last != -1 { target[target.count - 1] = lastDim }
            graph.nodes[i].inputs[1] = graph.addConstant("\(node.inputs[1])/channels", Tensor(shape: [target.count], values: target.map { Int64($0) }))
        } else {
            var target = try node.ints("shape", [])
            if let last = target.last, last != -1 { target[target.count - 1] = lastDim }
            graph.nodes[i].attributes["shape"] = .ints(target)
        }
    }
}

/// Parameters (weights and bias elements) and multiply-accumulates of a weighted layer.
struct LayerCost {
    var parameters: Int
    var macs: Int

    /// Every Conv2D and FullyConnected with constant weights, by node name.
    static func all(_ graph: Graph) -> [String: LayerCost] {
        var costs: [String: LayerCost] = [:]
        for node in graph.nodes where node.op == "Conv2D" || node.op == "FullyConnected" {
            guard node.inputs.count > 1, let w = graph.constants[node.inputs[1]], let outputs = w.shape.first, outputs > 0,
                  let y = graph.types[node.outputs[0]]?.shape.map({ $0.value ?? 1 }) else { continue }  // a symbolic batch counts once
            let bias = node.inputs.count > 2 ? graph.constants[node.inputs[2]]?.count ?? 0 : 0
            // Each output element sums one weight row (a depthwise filter, for a depthwise conv).
            costs[node.name] = LayerCost(parameters: w.count + bias, macs: y.reduce(1, *) * (w.count / outputs))
        }
        return costs
    }
}
