import Foundation
import LiteIR

/// A tensor a layer call reads: output `tensor` of call `node` of `layer`.
struct TensorReference: Hashable {
    let layer: String
    let node: Int
    let tensor: Int
}

/// One argument of a saved call: a tensor (a ``TensorReference`` in the file, an IR value name
/// once resolved), a list of arguments, or a constant as saved (number, string, null, object).
indirect enum CallValue<TensorID> {
    case tensor(TensorID)
    case list([CallValue<TensorID>])
    case constant(Any)

    /// Every tensor inside, in order.
    var tensors: [TensorID] {
        switch self {
        case .tensor(let t): [t]
        case .list(let items): items.flatMap(\.tensors)
        case .constant: []
        }
    }

    func map<Other>(_ transform: (TensorID) throws -> Other) rethrows -> CallValue<Other> {
        switch self {
        case .tensor(let t): .tensor(try transform(t))
        case .list(let items): .list(try items.map { try $0.map(transform) })
        case .constant(let value): .constant(value)
        }
    }
}

/// The arguments of one call of a layer or operation, as saved in `inbound_nodes`.
struct InboundCall {
    var args: [CallValue<TensorReference>] = []
    var kwargs: [String: CallValue<TensorReference>] = [:]

    /// Every tensor the call reads.
    var references: [TensorReference] {
        args.flatMap(\.tensors) + kwargs.sorted { $0.key < $1.key }.flatMap(\.value.tensors)
    }
}

/// input_layers / output_layers: one [name, node, tensor] triple or a list of them.
func references(_ value: Any?) throws -> [TensorReference] {
    guard let list = value as? [Any] else { return [] }
    if let triple = reference(list) { return [triple] }
    return try list.map { item in
        guard let entry = item as? [Any], let triple = reference(entry) else {
            throw GraphError.invalidGraph(reason: "malformed input/output layer reference \(item)")
        }
        return triple
    }
}

private func reference(_ entry: [Any]) -> TensorReference? {
    guard entry.count >= 3, let layer = entry[0] as? String, let node = entry[1] as? Int, let tensor = entry[2] as? Int else { return nil }
    return TensorReference(layer: layer, node: node, tensor: tensor)
}

/// The calls of a layer from `inbound_nodes`: Keras 3's {"args", "kwargs"} with
/// `__keras_tensor__` entries, or Keras 2's lists of [layer, node, tensor, kwargs] — one entry
/// per positional tensor (several entries: a list of tensors; a TFOpLambda's single entry may
/// stand alone), where a `_CONSTANT_VALUE` entry holds a constant first argument (`3.0 - x`).
func inboundCalls(_ layer: [String: Any]) throws -> [InboundCall] {
    guard let nodes = layer["inbound_nodes"] as? [Any] else { return [] }
    return try nodes.map { node in
        if let keras3 = node as? [String: Any] {
            return InboundCall(args: (keras3["args"] as? [Any] ?? []).map(keras3Value),
                               kwargs: (keras3["kwargs"] as? [String: Any] ?? [:]).mapValues(keras3Value))
        }
        guard let list = node as? [Any] else { throw GraphError.invalidGraph(reason: "malformed inbound node \(node)") }
        // A TFOpLambda called on one tensor saves that entry alone, not a list of entries.
        let entries: [Any] = list.first is String ? [list] : list
        var call = InboundCall()
        var first: [CallValue<TensorReference>] = []
        for item in entries {
            guard let entry = item as? [Any], entry.count >= 3 else { throw GraphError.invalidGraph(reason: "malformed inbound tensor \(item)") }
            if entry[0] as? String == "_CONSTANT_VALUE" {
                first.append(.constant(entry[2]))
            } else if let tensor = reference(entry) {
                first.append(.tensor(tensor))
            } else {
                throw GraphError.invalidGraph(reason: "malformed inbound tensor \(item)")
            }
            for (name, value) in entry.count > 3 ? entry[3] as? [String: Any] ?? [:] : [:] { call.kwargs[name] = keras2Value(value) }
        }
        call.args = first.count == 1 ? first : [.list(first)]
        return call
    }
}

private func keras3Value(_ value: Any) -> CallValue<TensorReference> {
    if let object = value as? [String: Any], object["class_name"] as? String == "__keras_tensor__",
       let config = object["config"] as? [String: Any], let history = config["keras_history"] as? [Any], let tensor = reference(history) {
        return .tensor(tensor)
    }
    if let list = value as? [Any] { return .list(list.map(keras3Value)) }
    return .constant(value)
}

private func keras2Value(_ value: Any) -> CallValue<TensorReference> {
    guard let list = value as? [Any] else { return .constant(value) }
    if let tensor = reference(list) { return .tensor(tensor) }
    return .list(list.map(keras2Value))
}
