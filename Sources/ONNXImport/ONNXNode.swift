import CONNX
import LiteIR
import LiteOps

/// One ONNX node being translated: its attributes as an IR ``Node`` (for typed access and
/// errors that name it), the opset, and the graph builder the translation emits into.
struct ONNXNode {
    /// The ONNX node with its inputs already resolved to IR value names ("" = omitted).
    let node: Node
    let opset: Int
    var builder: GraphBuilder
    /// ONNX outputs that are the same value as an earlier one (Identity, Dropout).
    var aliases: [String: String] = [:]

    var name: String { node.name }

    func error(_ reason: String) -> GraphError { node.error(reason) }

    /// The IR value of input `i`, nil when omitted.
    func input(_ i: Int) -> String? {
        i < node.inputs.count && !node.inputs[i].isEmpty ? node.inputs[i] : nil
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

    /// The shape of input `i` as Reshape target entries: fixed dims as-is, one unknown dim as -1.
    func reshapeTarget(_ dims: [Dim]) throws -> [Int] {
        let unknown = dims.filter { $0.value == nil }.count
        guard unknown <= 1 else { throw error("needs a static shape, got \(dims)") }
        return dims.map { $0.value ?? -1 }
    }
}
