import Foundation
import LiteIR
import LiteOps

/// Translates one call of a Keras layer into IR nodes; returns the call's output values.
typealias KerasTranslator = @Sendable (inout KerasContext, LayerCall) throws -> [String]

/// One call of a layer: its config, the tensors it was called on and its weights.
struct LayerCall {
    let name: String
    let className: String
    let config: KerasConfig
    /// Positional tensor arguments, flattened (Concatenate's list, MultiHeadAttention's query
    /// and value, …).
    let inputs: [String]
    /// Tensor keyword arguments (Keras 2's `value` of MultiHeadAttention, `mask`, …): IR value
    /// names by keyword, read with ``keyword(_:)``.
    let keywords: KerasConfig
    /// Other keyword arguments of the call (`use_causal_mask`, `training`, …), as saved.
    let arguments: KerasConfig
    let weights: LayerWeights

    /// The tensor passed as keyword `name`, if any.
    func keyword(_ name: String) -> String? { keywords.value(name) as? String }

    func error(_ reason: String) -> GraphError { .invalidNode(node: name, op: className, reason: reason) }

    /// Refuses a `data_format` other than channels_last for a layer translated channels-last only.
    func requireChannelsLast() throws {
        let format = try config.string("data_format", "channels_last")
        guard format == "channels_last" else { throw error("data_format '\(format)' is not supported (only channels_last)") }
    }

    func input(_ i: Int) throws -> String {
        guard i < inputs.count else { throw error("expects at least \(i + 1) input tensor(s), got \(inputs.count)") }
        return inputs[i]
    }
}

/// The weights a layer was saved with, found by the last component of their saved path
/// ("kernel", "bias", "gamma", …) and optionally a scope component ("forward_lstm", "query").
struct LayerWeights {
    let layer: String
    let entries: [(path: [String], tensor: Tensor)]

    func optional(_ name: String, in scope: String? = nil) -> Tensor? {
        entries.first { entry in
            entry.path.last == name && (scope.map { s in entry.path.dropLast().contains { $0.hasPrefix(s) } } ?? true)
        }?.tensor
    }

    func required(_ name: String, in scope: String? = nil) throws -> Tensor {
        guard let tensor = optional(name, in: scope) else {
            let saved = entries.map { $0.path.joined(separator: "/") }
            throw GraphError.invalidGraph(reason: "layer '\(layer)': no saved weight '\(scope.map { "\($0)…/" } ?? "")\(name)' (saved: \(saved))")
        }
        return tensor
    }

    /// The entries under a scope component (one direction of a Bidirectional, say).
    func scoped(_ scope: String) -> LayerWeights {
        LayerWeights(layer: layer, entries: entries.filter { $0.path.dropLast().contains { $0.hasPrefix(scope) } })
    }
}

/// What a translator builds with: the graph builder, and the Keras version the file came from.
struct KerasContext {
    var builder: GraphBuilder
    /// 2 or 3: a few layers (hard_sigmoid, LeakyReLU's default) changed meaning between them.
    let kerasMajor: Int

    func type(_ value: String) throws -> TensorType { try builder.type(of: value) }

    mutating func emit(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], for call: LayerCall) throws -> String {
        try builder.add(op, inputs, attributes, name: "\(call.name)/\(op)")
    }

    /// Emits a node with `outputs` outputs (Split); returns their value names.
    mutating func emit(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], outputs: Int,
                       for call: LayerCall) throws -> [String] {
        try builder.add(op, inputs, attributes, name: "\(call.name)/\(op)", outputs: outputs)
    }

    mutating func constant(_ tensor: Tensor, _ label: String, for call: LayerCall) -> String {
        builder.graph.addConstant("\(call.name)/\(label)", tensor)
    }

    mutating func scalar(_ value: Float, like other: String, for call: LayerCall) throws -> String {
        constant(Tensor.fromFloats([value], shape: [], dtype: try type(other).dtype), "scalar", for: call)
    }

    /// A Reshape target for `dims` (`[Dim].reshapeTarget(keepingZeros: true)`).
    func target(_ dims: [Dim], for call: LayerCall) throws -> [Int] {
        guard let target = dims.reshapeTarget(keepingZeros: true) else { throw call.error("needs at most one unknown dim, got \(dims)") }
        return target
    }
}
