import LiteIR

/// Builds a graph node by node, inferring each node's output types as it is added (so errors
/// name the node at once) and folding nodes whose inputs are all constant.
public struct GraphBuilder: Sendable {
    public var graph: Graph
    /// Folding may grow the constants by at most this many bytes per node.
    public var maxFoldGrowthBytes = 1 << 20
    /// Values read by the nodes kept so far (not by nodes folded away).
    public private(set) var referencedValues: Set<String> = []

    public init(graph: Graph = Graph()) { self.graph = graph }

    /// Adds a node, or its folded constant results (unless `folding` is false: a value a runtime
    /// must compute, such as the zero state a sequence op overwrites); returns the node's output names.
    @discardableResult
    public mutating func add(_ node: Node, folding: Bool = true) throws -> [String] {
        let context = graph.inferenceContext(for: node)
        let types = try OpRegistry.infer(context)
        guard types.count == node.outputs.count else {
            throw node.error("produces \(types.count) outputs, the node lists \(node.outputs.count)")
        }
        let values = ShapeValues.propagate(context, outputs: types)
        // Graph outputs (known up front) stay computed by nodes: runtimes expect op results there.
        if folding, !node.outputs.contains(where: graph.outputs.contains),
           let results = try ShapeValues.constants(values, types) ?? OpRegistry.fold(node, in: graph, maxGrowthBytes: maxFoldGrowthBytes) {
            for (name, (tensor, type)) in zip(node.outputs, zip(results, types)) where !name.isEmpty {
                graph.setConstant(name, tensor)
                graph.types[name]?.quantization = type.quantization
            }
        } else {
            for (name, type) in zip(node.outputs, types) where !name.isEmpty { graph.types[name] = type }
            for (name, value) in zip(node.outputs, values) where !name.isEmpty { graph.shapeValues[name] = value }
            graph.nodes.append(node)
            referencedValues.formUnion(node.inputs)
        }
        return node.outputs
    }

    /// Adds a single-output node named after `base` with a fresh output name; returns that name.
    public mutating func add(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], name base: String) throws -> String {
        let output = graph.freshName(base)
        try add(Node(name: output, op: op, inputs: inputs, outputs: [output], attributes: attributes))
        return output
    }

    /// Adds a node with `count` outputs named after `base`; returns their fresh names.
    public mutating func add(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], name base: String,
                             outputs count: Int) throws -> [String] {
        let name = graph.freshName(base)
        let outputs = (0..<count).map { graph.freshName("\(name)_\($0)") }
        return try add(Node(name: name, op: op, inputs: inputs, outputs: outputs, attributes: attributes))
    }

    /// The output types `node` would have in the graph built so far.
    public func inferTypes(_ node: Node) throws -> [TensorType] {
        try OpRegistry.infer(graph.inferenceContext(for: node))
    }

    /// Drops a constant no kept node reads (e.g. weights whose layout change was folded).
    public mutating func releaseConstantIfUnused(_ name: String) {
        guard graph.constants[name] != nil, !referencedValues.contains(name), !graph.outputs.contains(name) else { return }
        graph.constants[name] = nil
        graph.types[name] = nil
    }

    public func type(of value: String) throws -> TensorType { try graph.type(of: value) }
    public func constant(_ value: String) -> Tensor? { graph.constants[value] }
}

extension OpRegistry {
    /// The outputs of `node` when they can be computed now: all inputs constant (or, for ops like
    /// Shape, static types), and the outputs no more than `maxGrowthBytes` larger than the inputs.
    public static func fold(_ node: Node, in graph: Graph, maxGrowthBytes: Int) throws -> [Tensor]? {
        let spec = try spec(for: node)
        // A Dequantize keeps the model's storage (float16, int8 weights): runtimes dequantize it.
        if node.op == "Dequantize" { return nil }
        if let fromTypes = spec.evaluateFromTypes, let results = try fromTypes(graph.inferenceContext(for: node)) {
            return results
        }
        let inputs = node.inputs.map { $0.isEmpty ? nil : graph.constants[$0] }
        for (name, value) in zip(node.inputs, inputs) where !name.isEmpty && value == nil { return nil }
        let context = graph.inferenceContext(for: node)
        let outputBytes = try infer(context).reduce(0) { sum, type in
            guard let shape = type.fixedShape, let n = checkedElementCount(shape) else { return Int.max }
            return sum &+ n &* type.dtype.byteSize
        }
        let inputBytes = inputs.reduce(0) { $0 + ($1?.data.count ?? 0) }
        if outputBytes > inputBytes &+ maxGrowthBytes { return nil }
        return try kernel(for: node, in: context)(inputs)
    }
}
