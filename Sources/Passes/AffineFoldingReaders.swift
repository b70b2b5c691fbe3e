import LiteIR

extension AffineFolding {
    /// Folds node `index` (a per-channel scale or shift) into the fully-connected layers that
    /// are its only readers: FC(x·s) has weights W·diag(s), FC(x + t) has bias b + W·t. True
    /// when the graph changed.
    func foldIntoReaders(_ index: Int, in graph: inout Graph) -> Bool {
        let node = graph.nodes[index], result = node.outputs[0]
        guard let (data, affine) = Self.affine(node, in: graph), !graph.outputs.contains(result) else { return false }
        let readers = graph.nodes.indices.filter { graph.nodes[$0].inputs.contains(result) }
        let channels: Int
        switch affine {
        case .scale(let s): channels = s.count
        case .shift(let t): channels = t.count
        }
        guard !readers.isEmpty, readers.allSatisfy({ Self.isDenseReader(graph.nodes[$0], of: result, channels: channels, in: graph) }) else {
            return false
        }
        for r in readers {
            var layer = graph.nodes[r]
            let w = graph.constants[layer.inputs[1]]!
            let hasBias = layer.inputs.count > 2 && !layer.inputs[2].isEmpty
            switch affine {
            case .scale(let s):
                update(&layer, input: 1, to: Self.scaled(w, by: s, axis: 1), in: &graph)
            case .shift(let t):
                let weights = w.floats(), n = w.shape[0]
                var bias = hasBias ? graph.constants[layer.inputs[2]]!.floats() : [Float](repeating: 0, count: n)
                for row in 0..<n {
                    for k in 0..<channels { bias[row] += weights[row * channels + k] * t[k] }
                }
                if hasBias {
                    update(&layer, input: 2, to: Self.channelTensor(bias), in: &graph)
                } else {
                    layer.inputs = Array(layer.inputs.prefix(2)) + [graph.addConstant("\(layer.name)/bias", Self.channelTensor(bias))]
                }
            }
            layer.inputs[0] = data
            graph.nodes[r] = layer
        }
        graph.nodes.remove(at: index)
        graph.types[result] = nil
        return true
    }

    /// Whether `node` is a FullyConnected reading `value` as its [.., channels] input only, with
    /// constant float32 weights (and bias).
    static func isDenseReader(_ node: Node, of value: String, channels: Int, in graph: Graph) -> Bool {
        guard node.op == "FullyConnected", node.inputs.first == value, !node.inputs.dropFirst().contains(value),
              let w = graph.constants[node.inputs[1]], w.dtype == .float32, w.rank == 2, w.shape[1] == channels else { return false }
        guard node.inputs.count > 2, !node.inputs[2].isEmpty else { return true }
        return graph.constants[node.inputs[2]].map { $0.dtype == .float32 && $0.count == w.shape[0] } ?? false
    }

    /// Replaces a layer's constant input: in place when the layer is its only reader, else as a
    /// new constant.
    private func update(_ layer: inout Node, input i: Int, to tensor: Tensor, in graph: inout Graph) {
        if graph.privateConstant(layer.inputs[i]) != nil {
            graph.setConstant(layer.inputs[i], tensor)
        } else {
            layer.inputs[i] = graph.addConstant(layer.inputs[i], tensor)
        }
    }
}
