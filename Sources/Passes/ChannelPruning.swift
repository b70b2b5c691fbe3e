import LiteIR
import LiteOps

/// Structured pruning: the output channels (units) of convolutions and fully connected layers
/// with the smallest L1 norms go, with everything that reads them, so the layers themselves get
/// smaller. Channels are traced along the last (NHWC) axis, value by value:
/// - a weighted layer (Conv2D, FullyConnected) starts a channel group and ends the ones it reads
///   (its weights lose those input channels);
/// - a depthwise convolution, elementwise ops, pools, resizes, spatial pads and reductions pass
///   channels straight through (per-channel constants, depthwise weights and biases lose entries);
/// - an elementwise op of two traced values ties their groups (residual Adds, squeeze-excite Muls):
///   tied groups lose the same channels;
/// - a concatenation along the channels places its inputs' channels at their offsets;
/// - a flattening Reshape repeats the channels once per position (a Flatten→Dense layer loses
///   weight columns at every position).
/// A group that reaches a model output, a grouped convolution or any other op keeps every channel,
/// so the model's inputs and outputs never change shape. This changes what the model computes.
public enum ChannelPruning {
    /// What pruning did to one weighted layer.
    public struct Layer: Sendable, Encodable {
        public var node: String
        public var op: String
        public var channelsBefore: Int
        public var channelsAfter: Int
        /// The output channels kept, in order.
        public var keptChannels: [Int]
        public var parametersBefore: Int
        public var parametersAfter: Int
        public var macsBefore: Int
        public var macsAfter: Int
        /// Why its channels all stayed, when they did.
        public var keptAll: String?
    }

    /// What pruning did to the whole model.
    public struct Result: Sendable, Encodable {
        /// Every convolution and fully connected layer that starts channels, pruned or not.
        public var layers: [Layer]
        /// All constant elements, and the multiply-accumulates of every weighted layer
        /// (depthwise ones too), before and after.
        public var parametersBefore: Int, parametersAfter: Int
        public var macsBefore: Int, macsAfter: Int
    }

    /// Removes `fraction` (0…1) of the output channels of every prunable group.
    public static func apply(to graph: inout Graph, fraction: Double) throws -> Result {
        guard (0...1).contains(fraction) else { throw GraphError.invalidGraph(reason: "channel pruning needs a fraction in 0…1, got \(fraction)") }
        var trace = ChannelTrace(graph: graph)
        trace.run()
        let before = LayerCost.all(graph), parameters = graph.constants.values.reduce(0) { $0 + $1.count }
        let kept = trace.keptChannels(fraction: fraction)
        try ChannelSlicing(trace: trace, kept: kept).apply(to: &graph)
        let after = LayerCost.all(graph)
        func reason(_ root: Int?) -> String {
            guard let root else { return "a grouped convolution (its channels are tied to its groups)" }
            return trace.frozen[root] ?? "\(fraction) of its channels is less than one"
        }
        let layers = trace.weighted.map { layer in
            let node = graph.nodes.first { $0.name == layer.node }
            let (b, a) = (before[layer.node], node.flatMap { after[$0.name] })
            let root = layer.group.map { trace.root($0) }
            let channels = root.flatMap { kept[$0] }
            return Layer(node: layer.node, op: layer.op, channelsBefore: layer.channels, channelsAfter: channels?.count ?? layer.channels,
                         keptChannels: channels ?? Array(0..<layer.channels), parametersBefore: b?.parameters ?? 0, parametersAfter: a?.parameters ?? 0,
                         macsBefore: b?.macs ?? 0, macsAfter: a?.macs ?? 0, keptAll: channels == nil ? reason(root) : nil)
        }
        return Result(layers: layers, parametersBefore: parameters, parametersAfter: graph.constants.values.reduce(0) { $0 + $1.count },
                      macsBefore: before.values.reduce(0) { $0 + $1.macs }, macsAfter: after.values.reduce(0) { $0 + $1.macs })
    }
}

/// One channel of a traced value: channel `index` of group `group`.
struct TracedChannel: Hashable {
    var group: Int
    var index: Int
}

/// Traces channel groups through the graph (see ``ChannelPruning``).
struct ChannelTrace {
    let graph: Graph
    /// The channels along each traced value's last axis.
    private(set) var maps: [String: [TracedChannel]] = [:]
    private var parent: [Int] = []
    /// Why a group (by root) keeps every channel.
    private(set) var frozen: [Int: String] = [:]
    /// Each group's producers: node index, and the channel count.
    private(set) var producers: [Int: [Int]] = [:]
    private var sizes: [Int] = []
    /// Every weighted layer: its node, op, output channels and the group it starts (nil: none).
    private(set) var weighted: [(node: String, op: String, channels: Int, group: Int?)] = []
    /// Constant inputs sliced along an axis by the channels of a traced value: (node, input, axis, value).
    private(set) var slices: [(node: Int, input: Int, axis: Int, value: String)] = []

    init(graph: Graph) { self.graph = graph }

    mutating func root(_ g: Int) -> Int {
        var g = g
        while parent[g] != g { parent[g] = parent[parent[g]]; g = parent[g] }
        return g
    }

    private mutating func newGroup(_ size: Int, frozenBecause reason: String? = nil) -> Int {
        parent.append(parent.count)
        sizes.append(size)
        if let reason { frozen[parent.count - 1] = reason }
        return parent.count - 1
    }

    private mutating func freeze(_ map: [TracedChannel]?, _ reason: String) {
        for g in Set((map ?? []).map(\.group)) where frozen[root(g)] == nil { frozen[root(g)] = reason }
    }

    /// Ties two maps position by position (both lose the same channels).
    private mutating func tie(_ a: [TracedChannel], _ b: [TracedChannel], _ reason: String) {
        for (x, y) in zip(a, b) {
            let (rx, ry) = (root(x.group), root(y.group))
            if rx != ry {
                parent[ry] = rx
                producers[rx, default: []] += producers[ry] ?? []
                if let why = frozen[ry], frozen[rx] == nil { frozen[rx] = why }
            }
            if x.index != y.index || sizes[rx] != sizes[ry] { frozen[rx] = frozen[rx] ?? reason }
        }
    }

    /// The value's map, or a frozen group of its own (a value whose channels cannot be traced).
    private mutating func map(of value: String, _ reason: String) -> [TracedChannel]? {
        if let map = maps[value] { return map }
        guard graph.constants[value] == nil, let channels = graph.types[value]?.shape.last?.value else { return nil }
        let g = newGroup(channels, frozenBecause: reason)
        return (0..<channels).map { TracedChannel(group: g, index: $0) }
    }

    private func lastDim(_ value: String) -> Int? { graph.types[value]?.shape.last?.value }

    mutating func run() {
        for (i, node) in graph.nodes.enumerated() { trace(node, at: i) }
        for output in graph.outputs { freeze(maps[output], "reaches a model output") }
    }

    private mutating func trace(_ node: Node, at i: Int) {
        let inputs = node.inputs, output = node.outputs.first ?? ""
        let incoming = maps[inputs.first ?? ""]
        func freezeAll(_ reason: String) { for value in inputs { freeze(maps[value], reason) } }
        switch node.op {
        case "Conv2D", "FullyConnected":
            guard inputs.count > 1, let w = graph.constants[inputs[1]], w.dtype == .float32, let outputs = w.shape.first,
                  inputs.count < 3 || inputs[2].isEmpty || graph.constants[inputs[2]] != nil else { return freezeAll("read by \(node.name), whose weights are computed") }
            let group = (try? node.int("group", 1)) ?? 1
            let inputChannels = lastDim(inputs[0])
            if node.op == "Conv2D", group > 1 {
                if group == inputChannels, w.shape[3] == 1, outputs == group, let incoming {
                    // Depthwise, one filter per channel: channels pass straight through.
                    slices.append((i, 1, 0, inputs[0]))
                    if inputs.count > 2, !inputs[2].isEmpty { slices.append((i, 2, 0, inputs[0])) }
                    maps[output] = incoming
                    return
                }
                freezeAll("read by the grouped convolution \(node.name)")
                weighted.append((node.name, node.op, outputs, nil))
                return
            }
            if let incoming {
                if inputChannels == w.shape.last { slices.append((i, 1, w.rank - 1, inputs[0])) } else { freeze(incoming, "flattened by \(node.name)") }
            }
            let g = newGroup(outputs)
            producers[g] = [i]
            weighted.append((node.name, node.op, outputs, g))
            maps[output] = (0..<outputs).map { TracedChannel(group: g, index: $0) }
        case "Concat":
            let rank = graph.types[output]?.rank ?? 0
            guard let axis = try? node.int("axis", 0), axis == -1 || axis == rank - 1 else { return freezeAll("concatenated by \(node.name) along another axis") }
            var combined: [TracedChannel] = []
            for value in inputs {
                guard let map = map(of: value, "concatenated with traced channels by \(node.name)") else { return freezeAll("concatenated with a constant by \(node.name)") }
                combined += map
            }
            maps[output] = combined
        case "Reshape":
            guard let incoming, let x = graph.types[inputs[0]]?.fixedShape, let y = graph.types[output]?.fixedShape,
                  let c = x.last, let last = y.last, last % c == 0 else { return freezeAll("reshaped by \(node.name)") }
            // A merge of trailing dims ending at the channels (a flatten): the channels repeat.
            var trailing = 1, k = x.count
            while k > 0 && trailing < last { k -= 1; trailing *= x[k] }
            guard trailing == last, x[..<k].reduce(1, *) == y.dropLast().reduce(1, *) else { return freezeAll("reshaped by \(node.name)") }
            maps[output] = Array(Array(repeating: incoming, count: last / c).joined())
        case "Pad":
            let rank = graph.types[inputs[0]]?.rank ?? 0
            guard let incoming, let pads = try? padParameters(node, inputs.map { graph.constants[$0] }, rank: rank),
                  pads.pads.count == 2 * rank, pads.pads[rank - 1] == 0, pads.pads[2 * rank - 1] == 0 else { return freezeAll("padded by \(node.name)") }
            maps[output] = incoming
        default:
            let traits = OpRegistry.traits(node.op)
            if traits.axes == .reducedAxes, let incoming, let rank = graph.types[inputs[0]]?.rank {
                let axes = ((try? node.ints("axes", [])) ?? []).map { $0 < 0 ? $0 + rank : $0 }
                if !axes.isEmpty, !axes.contains(rank - 1), inputs.count == 1 { maps[output] = incoming; return }
            }
            guard traits.channels == .perChannel, node.outputs.count == 1, let channels = lastDim(output) else { return freezeAll("read by \(node.name) (\(node.op))") }
            var traced: [[TracedChannel]] = []
            for (j, value) in inputs.enumerated() where !value.isEmpty && lastDim(value) == channels && channels > 1 {
                if graph.constants[value] != nil {
                    slices.append((i, j, graph.constants[value]!.rank - 1, output))
                } else if let map = map(of: value, "combined with traced channels by \(node.name)") {
                    traced.append(map)
                }
            }
            guard let first = traced.first else { return }
            for other in traced.dropFirst() { tie(first, other, "combined out of order by \(node.name)") }
            maps[output] = first
        }
    }

    /// The channels each prunable group keeps (by root): its largest summed L1 norms (each
    /// producer's norms relative to its mean), `fraction` of them gone, one at least kept.
    mutating func keptChannels(fraction: Double) -> [Int: [Int]] {
        var kept: [Int: [Int]] = [:]
        for g in producers.keys where root(g) == g && frozen[g] == nil {
            let size = sizes[g]
            var scores = [Double](repeating: 0, count: size)
            for p in producers[g]! {
                let w = graph.constants[graph.nodes[p].inputs[1]]!.values(Float.self)
                let per = w.count / size
                let norms = (0..<size).map { c in w[(c * per)..<((c + 1) * per)].reduce(0) { $0 + Double(abs($1)) } }
                let mean = max(norms.reduce(0, +) / Double(size), .leastNormalMagnitude)
                for c in 0..<size { scores[c] += norms[c] / mean }
            }
            let keep = max(1, size - Int(fraction * Double(size)))
            guard keep < size else { continue }
            kept[g] = (0..<size).sorted { (scores[$0], $1) > (scores[$1], $0) }.prefix(keep).sorted()
        }
        return kept
    }

    /// The positions of `value`'s last axis that stay.
    mutating func keptPositions(of value: String, _ kept: [Int: [Int]]) -> [Int]? {
        guard let map = maps[value] else { return nil }
        let sets = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, Set($0.value)) })
        var positions: [Int] = []
        var changed = false
        for (p, channel) in map.enumerated() {
            if let set = sets[root(channel.group)], !set.contains(channel.index) { changed = true } else { positions.append(p) }
        }
        return changed ? positions : nil
    }
}
