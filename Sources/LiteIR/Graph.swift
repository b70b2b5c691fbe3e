import Foundation
/// A dataflow graph: nodes in topological order over named values.
///
/// Every value (graph input, constant, node output) has an entry in `types`. Constants hold their
/// tensors in `constants`. Graph inputs and outputs are listed in the model's order.
public struct Graph: Sendable {
    public var name: String
    public var inputs: [String]
    public var outputs: [String]
    public var nodes: [Node]
    public var constants: [String: Tensor]
    public var types: [String: TensorType]
    /// What inference knows of the elements of small integer tensors computed from shapes (a
    /// dynamic batch size, a static channel count): one dim per element, fixed or symbolic.
    public var shapeValues: [String: [Dim]] = [:]
    /// Free-form key/value metadata carried from the source model (producer, doc strings).
    public var metadata: [String: String]
    /// Names ``freshName(_:)`` never returns (the values of a graph being rebuilt from another).
    public var reservedNames: Set<String> = []

    public init(name: String = "main", inputs: [String] = [], outputs: [String] = [], nodes: [Node] = [],
                constants: [String: Tensor] = [:], types: [String: TensorType] = [:], metadata: [String: String] = [:]) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.nodes = nodes
        self.constants = constants
        self.types = types
        self.metadata = metadata
    }

    /// The static type of a value.
    public func type(of value: String) throws -> TensorType {
        guard let t = types[value] else { throw GraphError.invalidGraph(reason: "value '\(value)' has no type") }
        return t
    }

    /// Adds (or replaces) a constant value and records its type.
    public mutating func setConstant(_ name: String, _ tensor: Tensor) {
        constants[name] = tensor
        types[name] = tensor.type
    }

    /// A value name not used yet, derived from `base`.
    public func freshName(_ base: String) -> String {
        func free(_ name: String) -> Bool { types[name] == nil && constants[name] == nil && !reservedNames.contains(name) }
        if free(base) { return base }
        var i = 1
        while true {
            let candidate = "\(base)_\(i)"
            if free(candidate) { return candidate }
            i += 1
        }
    }

    /// Adds a constant under a fresh name derived from `base`; returns the name.
    public mutating func addConstant(_ base: String, _ tensor: Tensor) -> String {
        let name = freshName(base)
        setConstant(name, tensor)
        return name
    }

    /// Index of the node producing each value.
    public func producers() -> [String: Int] {
        var map: [String: Int] = [:]
        for (i, node) in nodes.enumerated() {
            for o in node.outputs where !o.isEmpty { map[o] = i }
        }
        return map
    }

    /// Number of uses of each value by nodes and graph outputs.
    public func useCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for node in nodes {
            for i in node.inputs where !i.isEmpty { counts[i, default: 0] += 1 }
        }
        for o in outputs { counts[o, default: 0] += 1 }
        return counts
    }

    /// Replaces every use of `old` (node inputs and graph outputs) by `new`.
    public mutating func replaceUses(of old: String, with new: String) {
        for i in nodes.indices {
            for j in nodes[i].inputs.indices where nodes[i].inputs[j] == old {
                nodes[i].inputs[j] = new
            }
        }
        for j in outputs.indices where outputs[j] == old { outputs[j] = new }
    }

    /// Makes constants of equal type and bytes one constant: the per-use copies lowering makes
    /// (a weight transposed for every step of an unrolled loop) are stored once. Constants that
    /// are graph outputs keep their names. Returns the number of constants merged away.
    @discardableResult
    public mutating func mergeIdenticalConstants() -> Int {
        struct Content: Hashable {
            let type: TensorType?
            let dtype: DType
            let shape: [Int]
            let data: Data
        }
        let kept = Set(outputs)
        var canonical: [Content: String] = [:]
        var renamed: [String: String] = [:]
        for name in constants.keys.sorted() where !kept.contains(name) {
            let tensor = constants[name]!
            let content = Content(type: types[name], dtype: tensor.dtype, shape: tensor.shape, data: tensor.data)
            if let first = canonical[content] {
                renamed[name] = first
            } else {
                canonical[content] = name
            }
        }
        guard !renamed.isEmpty else { return 0 }
        for i in nodes.indices {
            nodes[i].inputs = nodes[i].inputs.map { renamed[$0] ?? $0 }
        }
        for name in renamed.keys {
            constants[name] = nil
            types[name] = nil
            shapeValues[name] = nil
        }
        return renamed.count
    }

    /// Removes nodes whose outputs nobody uses and constants nobody reads. Returns nodes removed.
    @discardableResult
    public mutating func removeDeadCode() -> Int {
        var live = Set(outputs)
        var keep = [Bool](repeating: false, count: nodes.count)
        for i in nodes.indices.reversed() where nodes[i].outputs.contains(where: { live.contains($0) }) {
            keep[i] = true
            live.formUnion(nodes[i].inputs)
        }
        let before = nodes.count
        nodes = nodes.indices.filter { keep[$0] }.map { nodes[$0] }
        // Unread results of kept multi-output nodes keep their types.
        for node in nodes { live.formUnion(node.outputs) }
        let inputSet = Set(inputs)
        for name in constants.keys where !live.contains(name) { constants[name] = nil }
        for name in types.keys where !live.contains(name) && !inputSet.contains(name) { types[name] = nil }
        for name in shapeValues.keys where !live.contains(name) { shapeValues[name] = nil }
        return before - nodes.count
    }
}
