import Foundation
import LiteIR
import LiteOps

/// Folds constant per-channel scales and shifts — inference BatchNormalization, bias adds,
/// Rescaling — into what produces their input: a convolution's or fully-connected layer's
/// weights and bias, a MatMul's constant right-hand side, or an earlier scale or shift of the
/// same kind. A shift followed by a scale is reordered (x + t)·s = x·s + t·s so the scale can
/// reach the layer above it. What cannot fold upwards folds downwards into the fully-connected
/// layers reading it (a LayerNormalization's scale and shift into the projections after it).
/// Only float32 values change; weights with a single use are rewritten in place, keeping their
/// names.
public struct AffineFolding: GraphPass {
    public let id = "fold-affine"
    public let summary = "fold per-channel Mul/Add (BatchNormalization, bias adds) into Conv, ConvTranspose, Dense and MatMul weights"
    public init() {}

    /// How `op` weighs its input channels, when it is a weighted layer (``ChannelRule``).
    static func weightLayout(_ op: String) -> WeightLayout? {
        guard case .weighted(let layout) = OpRegistry.traits(op).channels else { return nil }
        return layout
    }

    /// Whether `op` has [O, …] weights at input 1 and an optional [O] bias at input 2.
    static func isLayer(_ op: String) -> Bool {
        weightLayout(op).map { $0.outputAxis == 0 && $0.bias == 2 } ?? false
    }

    /// A constant per-channel operation on one value.
    enum Affine {
        case scale([Float]), shift([Float])
    }

    public func apply(to graph: inout Graph) throws -> Int {
        var folded = 0
        var changed = true
        while changed {
            changed = false
            var index = 0
            while index < graph.nodes.count {
                if fold(index, in: &graph) || foldIntoReaders(index, in: &graph) {
                    folded += 1
                    changed = true
                }
                index += 1
            }
        }
        graph.removeDeadCode()
        return folded
    }

    /// Folds node `index` into its data input's producer; true when the graph changed.
    func fold(_ index: Int, in graph: inout Graph) -> Bool {
        let node = graph.nodes[index]
        guard let (data, affine) = Self.affine(node, in: graph), let producerIndex = graph.producerIndex(of: data),
              graph.isPrivate(data, of: index) else { return false }
        var producer = graph.nodes[producerIndex]
        guard producer.outputs.count == 1, producer.attributes["activation"] == nil else { return false }
        if Self.isLayer(producer.op) {
            guard foldIntoLayer(&producer, affine, in: &graph) else { return false }
        } else if let layout = Self.weightLayout(producer.op), layout.bias == nil, case .scale(let s) = affine {
            // A constant right-hand side (MatMul): scale its output-channel slices.
            guard let w = graph.privateConstant(producer.inputs[1]), w.dtype == .float32, w.rank == 2 else { return false }
            let axis = layout.outputAxis < 0 ? layout.outputAxis + w.rank : layout.outputAxis
            guard w.shape[axis] == s.count else { return false }
            graph.setConstant(producer.inputs[1], Self.scaled(w, by: s, axis: axis))
        } else if let (inner, earlier) = Self.affine(producer, in: graph) {
            switch (earlier, affine) {
            case (.scale(let a), .scale(let b)):
                producer.op = "Mul"
                producer.inputs = [inner, graph.addConstant("\(producer.name)/scale", Self.channelTensor(zip(a, b).map(*)))]
            case (.shift(let a), .shift(let b)):
                producer.op = "Add"
                producer.inputs = [inner, graph.addConstant("\(producer.name)/shift", Self.channelTensor(zip(a, b).map(+)))]
            case (.shift(let t), .scale(let s)):
                // Worth it only when the scale can then fold further up.
                guard let above = graph.producerIndex(of: inner), Self.weightLayout(graph.nodes[above].op) != nil else {
                    return false
                }
                let scaleNode = Node(name: "\(node.name)/scale", op: "Mul", inputs: [inner, graph.addConstant("\(node.name)/scale", Self.channelTensor(s))],
                                     outputs: [data])
                graph.nodes[producerIndex] = scaleNode
                graph.nodes[index].op = "Add"
                graph.nodes[index].inputs = [data, graph.addConstant("\(node.name)/shift", Self.channelTensor(zip(t, s).map(*)))]
                return true
            case (.scale, .shift):
                return false
            }
        } else {
            return false
        }
        producer.outputs = node.outputs
        graph.nodes[producerIndex] = producer
        graph.nodes.remove(at: index)
        graph.types[data] = nil
        return true
    }

    /// Scales the weights and bias of a layer, or shifts its bias.
    func foldIntoLayer(_ layer: inout Node, _ affine: Affine, in graph: inout Graph) -> Bool {
        guard layer.inputs.count >= 2, let w = graph.privateConstant(layer.inputs[1]), w.dtype == .float32 else { return false }
        let hasBias = layer.inputs.count > 2 && !layer.inputs[2].isEmpty
        var bias = [Float](repeating: 0, count: w.shape[0])
        if hasBias {
            guard let b = graph.privateConstant(layer.inputs[2]), b.dtype == .float32, b.count == w.shape[0] else { return false }
            bias = b.floats()
        }
        switch affine {
        case .scale(let s):
            guard s.count == w.shape[0] else { return false }
            graph.setConstant(layer.inputs[1], Self.scaled(w, by: s, axis: 0))
            guard hasBias else { return true }
            bias = zip(bias, s).map(*)
        case .shift(let t):
            guard t.count == w.shape[0] else { return false }
            bias = zip(bias, t).map(+)
        }
        if hasBias {
            graph.setConstant(layer.inputs[2], Self.channelTensor(bias))
        } else {
            layer.inputs = Array(layer.inputs.prefix(2)) + [graph.addConstant("\(layer.name)/bias", Self.channelTensor(bias))] + layer.inputs.dropFirst(3)
        }
        return true
    }

    /// The data input and per-channel constant of a Mul, Div, Add or Sub by a float32 constant
    /// that varies (at most) along the last axis and leaves the data's type unchanged.
    static func affine(_ node: Node, in graph: Graph) -> (String, Affine)? {
        guard node.inputs.count == 2, node.outputs.count == 1, node.attributes["activation"] == nil,
              ["Mul", "Div", "Add", "Sub"].contains(node.op) else { return nil }
        let commutative = node.op == "Mul" || node.op == "Add"
        for (data, other) in commutative ? [(0, 1), (1, 0)] : [(0, 1)] {
            guard let c = graph.constants[node.inputs[other]], c.dtype == .float32,
                  let type = graph.types[node.inputs[data]], type.dtype == .float32, type == graph.types[node.outputs[0]],
                  let channels = type.shape.last?.value, c.rank <= type.rank,
                  c.shape.dropLast().allSatisfy({ $0 == 1 }), c.shape.last.map({ $0 == 1 || $0 == channels }) ?? true else { continue }
            let values = c.floats()
            let perChannel = values.count == channels ? values : Array(repeating: values[0], count: channels)
            switch node.op {
            case "Mul": return (node.inputs[data], .scale(perChannel))
            case "Div":
                guard perChannel.allSatisfy({ $0 != 0 }) else { return nil }
                return (node.inputs[data], .scale(perChannel.map { 1 / $0 }))
            case "Add": return (node.inputs[data], .shift(perChannel))
            default: return (node.inputs[data], .shift(perChannel.map { -$0 }))
            }
        }
        return nil
    }

    /// `w` (float32) with every slice along `axis` multiplied by its factor, in one pass over a
    /// copy of its bytes.
    static func scaled(_ w: Tensor, by factors: [Float], axis: Int) -> Tensor {
        let inner = w.shape[(axis + 1)...].reduce(1, *), size = w.shape[axis]
        var data = Data(w.data)
        data.withUnsafeMutableBytes { raw in
            let values = raw.bindMemory(to: Float.self)
            var i = 0
            while i < values.count {
                for factor in factors.prefix(size) {
                    for j in i..<(i + inner) { values[j] *= factor }
                    i += inner
                }
            }
        }
        return Tensor(dtype: .float32, shape: w.shape, validatedData: data)
    }

    static func channelTensor(_ values: [Float]) -> Tensor { Tensor(shape: [values.count], values: values) }
}

extension Graph {
    /// Index of the node producing `value`.
    func producerIndex(of value: String) -> Int? { nodes.firstIndex { $0.outputs.contains(value) } }

    /// Whether node `index` is the only reader of `value`, which is not a graph output.
    func isPrivate(_ value: String, of index: Int) -> Bool {
        !outputs.contains(value) && nodes.enumerated().allSatisfy { $0.offset == index || !$0.element.inputs.contains(value) }
    }

    /// The constant `value` when exactly one node reads it and it is not a graph output.
    func privateConstant(_ value: String) -> Tensor? {
        guard let tensor = constants[value], !outputs.contains(value),
              nodes.reduce(0, { $0 + $1.inputs.filter { $0 == value }.count }) == 1 else { return nil }
        return tensor
    }
}
