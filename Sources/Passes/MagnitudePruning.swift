import LiteIR

/// Unstructured (or block) magnitude pruning: the constant float32 weights of convolutions,
/// depthwise convolutions, fully connected layers and MatMuls lose their smallest-magnitude
/// values (blocks: the smallest L1 norms), to the requested share per layer or under one global
/// threshold. Blocks run along the weights' reduction axis (a convolution's or fully connected
/// layer's input channels, a MatMul's K), the layout TFLite's block-sparse kernels read. The first
/// and last such layer and layers of fewer than `minimumWeights` values stay dense unless
/// `everyLayer`. This changes what the model computes; `verify` shows by how much.
public enum MagnitudePruning {
    /// Per layer or one threshold over all pruned layers.
    public enum Scope: String, Sendable, CaseIterable { case layer, global }

    public struct Options: Sendable {
        /// The share of weights (blocks) to zero, 0…1.
        public var sparsity: Double
        public var scope = Scope.layer
        /// Values per block along the reduction axis (1: unstructured).
        public var block = 1
        /// Prune the first, last and small layers too.
        public var everyLayer = false

        public init(sparsity: Double, scope: Scope = .layer, block: Int = 1, everyLayer: Bool = false) {
            (self.sparsity, self.scope, self.block, self.everyLayer) = (sparsity, scope, block, everyLayer)
        }
    }

    /// What pruning did to one layer.
    public struct Layer: Sendable, Encodable {
        public var node: String
        public var op: String
        public var weights: Int
        public var zerosBefore: Int
        public var zerosAfter: Int
        /// Why the layer was left dense, when it was.
        public var skipped: String?
    }

    static let minimumWeights = 1024
    /// Weighted ops: their weights' input and the reduction axis blocks run along (nil: the last).
    private static let weighted: [String: (input: Int, axis: Int?)] = ["Conv2D": (1, nil), "DepthwiseConv2D": (1, nil), "FullyConnected": (1, nil), "MatMul": (1, 0)]

    /// Prunes `graph`'s weights in place; returns every candidate layer, pruned or not.
    public static func apply(to graph: inout Graph, _ options: Options) throws -> [Layer] {
        guard (0...1).contains(options.sparsity), options.block >= 1 else {
            throw GraphError.invalidGraph(reason: "pruning needs a sparsity in 0…1 and a positive block, got \(options.sparsity) and \(options.block)")
        }
        let candidates = graph.nodes.indices.filter { i in
            guard let (input, _) = weighted[graph.nodes[i].op], input < graph.nodes[i].inputs.count,
                  let w = graph.constants[graph.nodes[i].inputs[input]] else { return false }
            return w.dtype == .float32 && w.rank >= 2
        }
        var layers: [Layer] = []
        var groups: [(layer: Int, blocks: BlockView)] = []
        for (position, i) in candidates.enumerated() {
            let node = graph.nodes[i], (input, axis) = weighted[node.op]!
            let w = graph.constants[node.inputs[input]]!
            let zeros = w.values(Float.self).filter { $0 == 0 }.count
            var layer = Layer(node: node.name, op: node.op, weights: w.count, zerosBefore: zeros, zerosAfter: zeros)
            let view = BlockView(shape: w.shape, axis: axis ?? w.rank - 1, block: options.block)
            if !options.everyLayer && (position == 0 || position == candidates.count - 1) {
                layer.skipped = position == 0 ? "first layer" : "last layer"
            } else if !options.everyLayer && w.count < minimumWeights {
                layer.skipped = "fewer than \(minimumWeights) weights"
            } else if view == nil {
                layer.skipped = "its reduction axis of \(w.shape[axis ?? w.rank - 1]) is not a multiple of the block \(options.block)"
            } else {
                groups.append((layers.count, view!))
            }
            layers.append(layer)
        }
        // Every block's L1 norm, then the blocks to zero: per layer, or the smallest overall.
        let norms = groups.map { group in group.blocks.norms(graph.constants[graph.nodes[candidates[group.layer]].inputs[weighted[graph.nodes[candidates[group.layer]].op]!.input]]!) }
        var pruned: [[Bool]] = norms.map { [Bool](repeating: false, count: $0.count) }
        func smallest(_ entries: [(norm: Float, group: Int, block: Int)]) {
            let count = Int((options.sparsity * Double(entries.count)).rounded())
            for entry in entries.sorted(by: { ($0.norm, $0.group, $0.block) < ($1.norm, $1.group, $1.block) }).prefix(count) {
                pruned[entry.group][entry.block] = true
            }
        }
        switch options.scope {
        case .layer:
            for g in norms.indices { smallest(norms[g].enumerated().map { ($0.element, g, $0.offset) }) }
        case .global:
            smallest(norms.indices.flatMap { g in norms[g].enumerated().map { ($0.element, g, $0.offset) } })
        }
        for (g, group) in groups.enumerated() {
            let i = candidates[group.layer], name = graph.nodes[i].inputs[weighted[graph.nodes[i].op]!.input]
            var values = graph.constants[name]!.values(Float.self)
            for index in values.indices where pruned[g][group.blocks.block(of: index)] { values[index] = 0 }
            let pruneName = graph.addConstant("\(name)/pruned", Tensor(shape: graph.constants[name]!.shape, values: values))
            graph.nodes[i].inputs[weighted[graph.nodes[i].op]!.input] = pruneName
            layers[group.layer].zerosAfter = values.filter { $0 == 0 }.count
        }
        graph.removeDeadCode()
        return layers
    }

    /// Blocks of `block` consecutive values along `axis`: each element's block number.
    struct BlockView: Equatable {
        let inner: Int, extent: Int, block: Int, count: Int

        init?(shape: [Int], axis: Int, block: Int) {
            guard shape[axis] % block == 0 else { return nil }
            inner = shape[(axis + 1)...].reduce(1, *)
            extent = shape[axis]
            self.block = block
            count = shape.reduce(1, *) / block
        }

        func block(of index: Int) -> Int {
            let outer = index / (inner * extent), along = index / inner % extent, rest = index % inner
            return (outer * (extent / block) + along / block) * inner + rest
        }

        /// The L1 norm of every block of `weights`.
        func norms(_ weights: Tensor) -> [Float] {
            var norms = [Float](repeating: 0, count: count)
            for (index, value) in weights.values(Float.self).enumerated() { norms[block(of: index)] += abs(value) }
            return norms
        }
    }
}
