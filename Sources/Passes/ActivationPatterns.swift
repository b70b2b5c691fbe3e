import LiteIR
import LiteOps

/// Recognizes activations that exporters spell out as chains of elementwise ops — GELU as
/// `x·0.5·(1 + erf(x/√2))` or its tanh approximation, hard-swish as `x·relu6(x + 3)/6`, a leaky
/// ReLU as `max(x, 0.1·x)`, PReLU as `relu(x) − a·relu(−x)`, a sigmoid as `1/(1 + exp(−x))` — and
/// replaces each chain by the one op TFLite has for it.
///
/// The match is semantic, not syntactic, so every spelling is found: a *region* is a set of
/// elementwise float nodes computing a value from one other value `x` and constants that are
/// scalars or vary only along the last (channel) axis. Such a region is a function of one
/// variable per channel; it is evaluated with its own kernels on a dense grid of `x` (including
/// large magnitudes) and replaced only when a candidate op agrees everywhere within float
/// rounding. Regions whose intermediate values are read outside them are left alone.
public struct ActivationPatterns: GraphPass {
    public let id = "fuse-activation-patterns"
    public let summary = "replace elementwise chains that compute GELU, hard-swish, leaky ReLU, PReLU, ReLU6, sigmoid, … by that one op"
    public init() {}

    /// The largest region tried; bounds the work per value.
    static let maxRegionNodes = 32

    public func apply(to graph: inout Graph) throws -> Int {
        var fused = 0
        var index = graph.nodes.count - 1
        var links = Links(graph)
        while index >= 0 {
            if index < graph.nodes.count, fuse(endingAt: index, in: &graph, links) {
                fused += 1
                links = Links(graph)
            }
            index -= 1
        }
        if fused > 0 { graph.removeDeadCode() }
        return fused
    }

    /// Replaces the region ending with node `index` when it computes a candidate activation.
    func fuse(endingAt index: Int, in graph: inout Graph, _ links: Links) -> Bool {
        let last = graph.nodes[index]
        guard isRegionNode(last, in: graph) else { return false }
        let snapshot = graph
        guard let (region, (op, attributes, parameter)) = Region.candidates(endingAt: index, in: snapshot, links).lazy
                .compactMap({ region in region.match(in: snapshot).map { (region, $0) } }).first else { return false }
        var inputs = [region.input]
        if let parameter { inputs.append(graph.addConstant("\(last.name)/slope", parameter)) }
        graph.nodes[index] = Node(name: last.name, op: op, inputs: inputs, outputs: last.outputs, attributes: attributes)
        for i in region.nodes.sorted(by: >) where i != index { graph.nodes.remove(at: i) }
        return true
    }
}

/// Who produces and who reads each value, computed once per graph state.
struct Links {
    let producers: [String: Int]
    let users: [String: [Int]]
    let outputs: Set<String>

    init(_ graph: Graph) {
        producers = graph.producers()
        users = graph.users()
        outputs = Set(graph.outputs)
    }
}

/// Whether a node may belong to a region: elementwise, one output, no fused activation.
func isRegionNode(_ node: Node, in graph: Graph) -> Bool {
    node.outputs.count == 1 && node.attributes["activation"] == nil && OpRegistry.specs[node.op]?.isElementwise == true
}

/// An elementwise chain from one value to one value.
struct Region {
    /// The variable every node depends on.
    let input: String
    /// Node indices, in graph order; the last one produces the result.
    let nodes: [Int]
    /// Channel count of the per-channel constants (1 when all are scalars).
    let channels: Int

    /// The regions ending at node `end`, largest first: for every value `x` the end depends on
    /// through at most `maxRegionNodes` elementwise nodes, the nodes between `x` and the end —
    /// when they read nothing else but constants that are scalars or per-channel, and nothing
    /// outside reads their intermediate values.
    static func candidates(endingAt end: Int, in graph: Graph, _ links: Links) -> [Region] {
        let producers = links.producers
        var ancestors: Set<Int> = [end], frontier = [end], inputs: Set<String> = []
        while let i = frontier.popLast() {
            for input in graph.nodes[i].inputs where !input.isEmpty && graph.constants[input] == nil {
                inputs.insert(input)
                if let p = producers[input], !ancestors.contains(p), isRegionNode(graph.nodes[p], in: graph),
                   ancestors.count < ActivationPatterns.maxRegionNodes {
                    ancestors.insert(p)
                    frontier.append(p)
                }
            }
        }
        let regions = inputs.compactMap { Region(from: $0, endingAt: end, within: ancestors, links: links, in: graph) }
        return regions.sorted { $0.nodes.count > $1.nodes.count }
    }

    /// The nodes of `ancestors` between `input` and node `end`, if they form a region.
    init?(from input: String, endingAt end: Int, within ancestors: Set<Int>, links: Links, in graph: Graph) {
        guard let type = graph.types[input], type.dtype == .float32, graph.types[graph.nodes[end].outputs[0]] == type else { return nil }
        var members: Set<Int> = [end], frontier = [end]
        while let i = frontier.popLast() {
            for name in graph.nodes[i].inputs where !name.isEmpty && name != input && graph.constants[name] == nil {
                guard let p = links.producers[name], ancestors.contains(p) else { return nil }
                if members.insert(p).inserted { frontier.append(p) }
            }
        }
        guard members.count >= 2 else { return nil }
        let channels = type.shape.last?.value ?? 1
        var perChannel = false
        for i in members {
            for name in graph.nodes[i].inputs {
                guard let c = graph.constants[name] else { continue }
                guard c.count == 1 || (c.shape.last == channels && c.count == channels && c.rank <= type.rank) else { return nil }
                perChannel = perChannel || c.count > 1
            }
        }
        let result = graph.nodes[end].outputs[0]
        for i in members where graph.nodes[i].outputs[0] != result {
            let value = graph.nodes[i].outputs[0]
            guard !links.outputs.contains(value), (links.users[value] ?? []).allSatisfy(members.contains) else { return nil }
        }
        self.input = input
        self.nodes = members.sorted()
        self.channels = perChannel ? channels : 1
    }

    /// The probe points: a dense grid over [-10, 10], values near zero and large magnitudes.
    static let grid: [Float] = stride(from: Float(-10), through: 10, by: 0.0625).map { $0 } + [-1e-3, 1e-3, -60, -30, 30, 60]
    /// A few of them, to reject most regions cheaply before the full grid.
    static let coarseGrid: [Float] = [-8, -3, -1, -0.5, 0, 0.5, 1, 2.5, 7]

    /// The region's values at every point, per channel: `[point][channel]`.
    func evaluate(at points: [Float], in graph: Graph) throws -> [[Float]] {
        var values: [String: Tensor] = [input: Tensor(shape: [points.count, channels], values: points.flatMap { Array(repeating: $0, count: channels) })]
        for i in nodes {
            let node = graph.nodes[i]
            let inputs = node.inputs.map { name -> Tensor? in name.isEmpty ? nil : values[name] ?? graph.constants[name] }
            values[node.outputs[0]] = try OpRegistry.evaluate(node, inputs)[0]
        }
        let flat = values[graph.nodes[nodes.last!].outputs[0]]!.floats()
        return points.indices.map { p in Array(flat[(p * channels)..<((p + 1) * channels)]) }
    }

    /// The op the region computes, with its attributes and (for PReLU) its slope tensor.
    func match(in graph: Graph) -> (op: String, attributes: [String: Attribute], parameter: Tensor?)? {
        guard let coarse = match(at: Region.coarseGrid, in: graph) else { return nil }
        return match(at: Region.grid, in: graph).flatMap { $0.op == coarse.op ? $0 : nil }
    }

    /// The candidate agreeing with the region at every one of `points`.
    private func match(at points: [Float], in graph: Graph) -> (op: String, attributes: [String: Attribute], parameter: Tensor?)? {
        guard let computed = try? evaluate(at: points, in: graph) else { return nil }
        func agrees(_ f: (Int, Int) -> Float) -> Bool {
            computed.indices.allSatisfy { p in
                computed[p].indices.allSatisfy { c in
                    let expected = f(p, c), actual = computed[p][c]
                    return abs(expected - actual) <= 1e-5 * max(1, abs(expected))
                }
            }
        }
        for (candidate, values) in ActivationCandidate.values(at: points) where agrees({ p, _ in values[p] }) {
            return (candidate.op, candidate.attributes, nil)
        }
        // Leaky ReLU and PReLU: identity for x ≥ 0, a per-channel slope below.
        guard let minusOne = points.firstIndex(of: -1) else { return nil }
        let slopes = computed[minusOne].map { -$0 }
        guard agrees({ p, c in points[p] >= 0 ? points[p] : slopes[c] * points[p] }) else { return nil }
        if Set(slopes).count == 1 { return ("LeakyRelu", ["alpha": .float(slopes[0])], nil) }
        return ("PRelu", [:], Tensor(shape: [channels], values: slopes))
    }
}

/// A single-input activation a region may turn out to compute, as its registered kernel
/// computes it.
struct ActivationCandidate: Sendable {
    let op: String
    let attributes: [String: Attribute]

    static let all: [ActivationCandidate] = [
        .init(op: "Relu", attributes: [:]),
        .init(op: "Clip", attributes: ["min": .float(0), "max": .float(6)]),
        .init(op: "Clip", attributes: ["min": .float(-1), "max": .float(1)]),
        .init(op: "Clip", attributes: ["min": .float(0), "max": .float(1)]),
        .init(op: "Sigmoid", attributes: [:]),
        .init(op: "Tanh", attributes: [:]),
        .init(op: "HardSwish", attributes: [:]),
        .init(op: "Gelu", attributes: ["approximate": .string("none")]),
        .init(op: "Gelu", attributes: ["approximate": .string("tanh")]),
        .init(op: "Elu", attributes: ["alpha": .float(1)]),
    ]

    /// Every candidate with its kernel's values at the two probe grids, computed once.
    private static let onGrids: [[Float]: [(ActivationCandidate, [Float])]] = Dictionary(uniqueKeysWithValues: [Region.coarseGrid, Region.grid].map { points in
        let x = Tensor(shape: [points.count], values: points)
        return (points, all.compactMap { candidate in
            (try? OpRegistry.evaluate(candidate.op, [x], candidate.attributes).floats()).map { (candidate, $0) }
        })
    })

    /// The candidates with their values at `points` (one of the probe grids).
    static func values(at points: [Float]) -> [(ActivationCandidate, [Float])] { onGrids[points] ?? [] }
}
