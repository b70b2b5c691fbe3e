import CONNX
import LiteIR
import LiteOps

/// The attributes and input positions of an ONNX node that its translation has read. A class,
/// so that every copy of the ``ONNXNode`` (helpers take it by value) records into one log.
final class ONNXUsageLog {
    var attributes: Set<String> = []
    var inputs: Set<Int> = []
}

/// One ONNX node being translated: its attributes as an IR ``Node`` (for typed access and
/// errors that name it), the opset, and the graph builder the translation emits into. Every
/// attribute and input is read through this type, which records it in ``usage``: the importer
/// refuses a node with one its translation did not read.
struct ONNXNode {
    /// The ONNX node with its inputs already resolved to IR value names ("" = omitted).
    let node: Node
    let opset: Int
    var builder: GraphBuilder
    /// ONNX outputs that are the same value as an earlier one (Identity, Dropout).
    var aliases: [String: String] = [:]
    let usage = ONNXUsageLog()

    var name: String { node.name }

    func error(_ reason: String) -> GraphError { node.error(reason) }

    private func read<T>(_ key: String, _ access: (Node) throws -> T) rethrows -> T {
        usage.attributes.insert(key)
        return try access(node)
    }

    func int(_ key: String, _ fallback: Int) throws -> Int { try read(key) { try $0.int(key, fallback) } }
    func intIfPresent(_ key: String) throws -> Int? { try read(key) { try $0.intIfPresent(key) } }
    func float(_ key: String, _ fallback: Float) throws -> Float { try read(key) { try $0.float(key, fallback) } }
    func floatIfPresent(_ key: String) throws -> Float? { try read(key) { try $0.floatIfPresent(key) } }
    func string(_ key: String, _ fallback: String) throws -> String { try read(key) { try $0.string(key, fallback) } }
    func ints(_ key: String, _ fallback: [Int]) throws -> [Int] { try read(key) { try $0.ints(key, fallback) } }
    func intsIfPresent(_ key: String) throws -> [Int]? { try read(key) { try $0.intsIfPresent(key) } }
    func floatsIfPresent(_ key: String) throws -> [Float]? { try read(key) { try $0.floatsIfPresent(key) } }
    func tensor(_ key: String) throws -> Tensor? { try read(key) { try $0.tensor(key) } }

    func stringsIfPresent(_ key: String) throws -> [String]? {
        switch read(key, { $0.attributes[key] }) {
        case nil: return nil
        case .strings(let values): return values
        case let other?: throw error("attribute '\(key)' must be a list of strings, found \(other)")
        }
    }

    /// Attributes `keys` as they are (those present), for an IR op that reads them with their
    /// ONNX meaning and defaults.
    func passedAttributes(_ keys: [String]) -> [String: Attribute] {
        usage.attributes.formUnion(keys)
        return node.attributes.filter { keys.contains($0.key) }
    }

    /// The IR value of input `i`, nil when omitted.
    func input(_ i: Int) -> String? {
        usage.inputs.insert(i)
        return i < node.inputs.count && !node.inputs[i].isEmpty ? node.inputs[i] : nil
    }

    /// Inputs `0..<count` as they are ("" where omitted), for an IR op that takes them as ONNX does.
    func passedInputs(_ count: Int) -> [String] {
        usage.inputs.formUnion(0..<count)
        return Array(node.inputs.prefix(count))
    }

    /// The given inputs of a variadic operator, in order.
    var variadicInputs: [String] {
        usage.inputs.formUnion(node.inputs.indices)
        return node.inputs.filter { !$0.isEmpty }
    }

    /// Refuses integer attribute `key` when it is given and differs from `dim`, a size it restates.
    func requireAgreement(_ key: String, with dim: Dim) throws {
        guard let value = try intIfPresent(key), let size = dim.value, value != size else { return }
        throw error("attribute '\(key)' = \(value) contradicts the input's \(size)")
    }

    /// Normalizations compute their statistics in the input type, stash_type 1 (float) for
    /// float32 data; other stash types are refused.
    func requireDefaultStashType() throws {
        let stash = try int("stash_type", 1)
        guard stash == 1 else { throw error("stash_type \(stash) is not supported (only 1, float)") }
    }

    /// Records input `i` as read where the ONNX definition gives it no effect.
    func disregardInput(_ i: Int) { usage.inputs.insert(i) }

    /// The attributes and given inputs the translation did not read, except attributes of
    /// `inert` (ones that cannot change what the node computes).
    func unread(inert: Set<String>) -> (attributes: [(key: String, value: Attribute)], inputs: [Int]) {
        (node.attributes.filter { !usage.attributes.contains($0.key) && !inert.contains($0.key) }.sorted { $0.key < $1.key },
         node.inputs.indices.filter { !node.inputs[$0].isEmpty && !usage.inputs.contains($0) })
    }

    func requiredInput(_ i: Int) throws -> String {
        guard let value = input(i) else { throw error("missing required input #\(i)") }
        return value
    }

    func type(_ i: Int) throws -> TensorType { try builder.type(of: try requiredInput(i)) }

    /// The value of an input that must be known at conversion time (shapes, axes, pads).
    func constantInput(_ i: Int, _ what: String) throws -> Tensor? {
        guard let value = input(i) else { return nil }
        guard let tensor = builder.constant(value) else {
            throw error("\(what) (input #\(i) '\(value)') must be a constant; dynamic \(what) is not supported")
        }
        return tensor
    }

    /// Output `i`'s ONNX name ("" when the model does not use it).
    func output(_ i: Int = 0) -> String { i < node.outputs.count ? node.outputs[i] : "" }

    /// Emits an intermediate single-output IR node; returns its value name.
    mutating func emit(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:]) throws -> String {
        try builder.add(op, inputs, attributes, name: "\(name)/\(op)")
    }

    /// Emits the IR node producing ONNX output `index` under its own name.
    mutating func emitOutput(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], index: Int = 0) throws {
        try builder.add(Node(name: name.isEmpty ? output(index) : name, op: op, inputs: inputs, outputs: [output(index)], attributes: attributes))
    }

    /// Makes ONNX output `index` another name for `value`.
    mutating func alias(_ index: Int, to value: String) {
        if !output(index).isEmpty { aliases[output(index)] = value }
    }

    /// Adds a constant; returns its value name.
    mutating func constant(_ tensor: Tensor, _ label: String) -> String {
        builder.graph.addConstant("\(name)/\(label)", tensor)
    }

    /// `dims` as Reshape target entries (`[Dim].reshapeTarget(keepingZeros: true)`).
    func reshapeTarget(_ dims: [Dim]) throws -> [Int] {
        guard let target = dims.reshapeTarget(keepingZeros: true) else { throw error("needs a static shape, got \(dims)") }
        return target
    }
}
