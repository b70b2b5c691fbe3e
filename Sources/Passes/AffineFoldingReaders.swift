import LiteIR

extension AffineFolding {
    /// Folds node `index` (a per-channel scale or shift) into the layers that are its only
    /// readers — fully-connected layers, and convolutions without groups: a layer of x·s has
    /// weights scaled along their input-channel axis, a layer of x + t has bias b + W·t (for a
    /// convolution only when it pads nothing, since padding would not be shifted). A scale then a
    /// shift in front of padded convolutions is reordered, x·s + t = (x + t/s)·s, so the scale can
    /// still fold (a Rescaling layer before a "same" convolution). True when the graph changed.
    func foldIntoReaders(_ index: Int, in graph: inout Graph) -> Bool {
        let node = graph.nodes[index], result = node.outputs[0]
        guard let (data, affine) = Self.affine(node, in: graph), !graph.outputs.contains(result) else { return false }
        let readers = graph.nodes.indices.filter { graph.nodes[$0].inputs.contains(result) }
        let channels: Int
        switch affine {
        case .scale(let s): channels = s.count
        case .shift(let t): channels = t.count
        }
        guard !readers.isEmpty, readers.allSatisfy({ Self.readerWeights(graph.nodes[$0], of: result, channels: channels, in: graph) != nil }) else {
            return false
        }
        if case .shift(let t) = affine, !readers.allSatisfy({ Self.padsNothing(graph.nodes[$0]) }) {
            return scaleAfterShift(index, shift: t, in: &graph)
        }
        for r in readers {
            var layer = graph.nodes[r]
            let w = graph.constants[layer.inputs[1]]!
            switch affine {
            case .scale(let s):
                update(&layer, input: 1, to: Self.scaled(w, by: s, axis: w.rank - 1), in: &graph)
            case .shift(let t):
                let weights = w.floats(), n = w.shape[0], perRow = w.count / max(n, 1)
                let hasBias = layer.inputs.count > 2 && !layer.inputs[2].isEmpty
                var bias = hasBias ? graph.constants[layer.inputs[2]]!.floats() : [Float](repeating: 0, count: n)
                for row in 0..<n {
                    for k in 0..<perRow { bias[row] += weights[row * perRow + k] * t[k % channels] }
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

    /// Rewrites `x·s + t` (node `index` the shift) as `(x + t/s)·s` when the scale is the
    /// shift's private producer and has no zero.
    private func scaleAfterShift(_ index: Int, shift t: [Float], in graph: inout Graph) -> Bool {
        let node = graph.nodes[index]
        guard let (data, _) = Self.affine(node, in: graph), let p = graph.producerIndex(of: data), graph.isPrivate(data, of: index),
              let (inner, earlier) = Self.affine(graph.nodes[p], in: graph), case .scale(let s) = earlier, s.count == t.count,
              !s.contains(0) else { return false }
        graph.nodes[p].op = "Add"
        graph.nodes[p].inputs = [inner, graph.addConstant("\(node.name)/shift", Self.channelTensor(zip(t, s).map(/)))]
        graph.nodes[index].op = "Mul"
        graph.nodes[index].inputs = [data, graph.addConstant("\(node.name)/scale", Self.channelTensor(s))]
        return true
    }

    /// The constant float32 weights of a layer reading `value` as its input only, whose
    /// input-channel axis (the last) has `channels` entries, with a constant bias or none. A
    /// transposed convolution does not qualify: its output windows overlap unevenly.
    static func readerWeights(_ node: Node, of value: String, channels: Int, in graph: Graph) -> Tensor? {
        guard let layout = weightLayout(node.op), isLayer(node.op), layout.inputAxis == -1, !layout.scatters,
              node.inputs.first == value, !node.inputs.dropFirst().contains(value),
              (try? node.int("group", 1)) == 1, let w = graph.constants[node.inputs[1]], w.dtype == .float32, w.rank >= 2,
              w.shape.last == channels else { return nil }
        guard node.inputs.count > 2, !node.inputs[2].isEmpty else { return w }
        return graph.constants[node.inputs[2]].map { $0.dtype == .float32 && $0.count == w.shape[0] } == true ? w : nil
    }

    /// Whether a layer reads no padding (fully-connected layers never do).
    static func padsNothing(_ node: Node) -> Bool {
        ((try? node.ints("pads", [])) ?? [1]).allSatisfy { $0 == 0 }
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
