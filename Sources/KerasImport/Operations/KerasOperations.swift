import Foundation
import LiteIR

/// Translates one operation call; returns its output values.
typealias OperationTranslator = @Sendable (inout KerasContext, OperationArguments) throws -> [String]

/// How a saved operation's arguments bind to the parameter names of its translation.
struct OperationSignature: Sendable {
    /// The translation (a key of ``KerasOperations/translations``), Keras 3's snake-case op name.
    let op: String
    /// Positional parameters in call order; a trailing `*name` collects the rest as a list.
    let positional: [String]
    /// Saved keyword names that the translation calls otherwise (TensorFlow's `y` is `x2`).
    let renamed: [String: String]
    /// Parameter values a call may leave out whose default differs from the translation's
    /// (`tf.nn.gelu` is exact, `keras.ops.gelu` approximate).
    let defaults: [String: String]

    init(_ op: String, _ positional: [String], renamed: [String: String] = [:], defaults: [String: String] = [:]) {
        self.op = op
        self.positional = positional
        self.renamed = renamed
        self.defaults = defaults
    }
}

/// Operations applied to tensors inside a functional model: Keras 3 saves `x + 3.0` or
/// `keras.ops.mean(x, axis=1)` as a node whose class is the operation's (`Add`, `Mean`, from a
/// `keras.src.ops` module) with its arguments in the node and its settings in the config;
/// tf-keras saves `tf.math.add` or `x[1:]` as a TFOpLambda / SlicingOpLambda layer naming the
/// TensorFlow function. Both bind to one translation per operation, with every argument.
enum KerasOperations {
    /// Every operation translation, by op name. Each family file contributes its translators.
    static let translations: [String: OperationTranslator] = {
        var table: [String: OperationTranslator] = [:]
        for family in [ArithmeticOperations.table, MathOperations.table, ShapeOperations.table, ReductionOperations.table, ActivationOperations.table] {
            table.merge(family) { _, _ in preconditionFailure("a Keras operation is translated twice") }
        }
        return table
    }()

    /// Whether a saved layer entry is an operation call rather than a layer. Keras 3 records
    /// the operation's module in `to_json()` but not in a legacy .h5; there an operation is told
    /// from a layer of the same class name (`Add`, `Concatenate`) by its config, which lacks
    /// the `trainable` every layer config of those classes has.
    static func isOperation(_ layer: [String: Any]) -> Bool {
        let className = layer["class_name"] as? String ?? ""
        if className == "TFOpLambda" || className == "SlicingOpLambda" { return true }
        if let module = layer["module"] as? String { return module.hasPrefix("keras.src.ops") }
        guard OperationSignatures.keras3[className] != nil, let config = layer["config"] as? [String: Any] else { return false }
        return KerasLayers.table[className] == nil || config["trainable"] == nil
    }

    /// The signature an operation call binds with, nil for a layer or an unknown operation.
    static func signature(of layer: [String: Any]) -> OperationSignature? {
        guard isOperation(layer), let className = layer["class_name"] as? String else { return nil }
        if className == "TFOpLambda" || className == "SlicingOpLambda" {
            guard let function = (layer["config"] as? [String: Any])?["function"] as? String else { return nil }
            return OperationSignatures.tensorFlow[function]
        }
        return OperationSignatures.keras3[className]
    }

    /// The operation for messages: its class, or the TensorFlow function a TFOpLambda names.
    static func describe(_ layer: [String: Any]) -> String {
        let className = layer["class_name"] as? String ?? "?"
        guard className == "TFOpLambda" || className == "SlicingOpLambda" else { return className }
        return "\(className) tf.\((layer["config"] as? [String: Any])?["function"] as? String ?? "?")"
    }

    /// Binds a call's arguments and config to the signature, translates it, and refuses any
    /// argument the translation did not read.
    static func translate(_ c: inout KerasContext, _ signature: OperationSignature, name: String, args: [CallValue<String>],
                          kwargs: [String: CallValue<String>], config: KerasConfig) throws -> [String] {
        var values: [String: CallValue<String>] = signature.defaults.mapValues { .constant(parseDefault($0)) }
        for (i, arg) in args.enumerated() {
            guard i < signature.positional.count || signature.positional.last?.hasPrefix("*") == true else {
                throw config.error("takes \(signature.positional.count) positional argument(s), the call has \(args.count)")
            }
            let parameter = signature.positional[min(i, signature.positional.count - 1)]
            if parameter.hasPrefix("*") {
                let rest = String(parameter.dropFirst())
                if case .list(let items) = values[rest] { values[rest] = .list(items + [arg]) } else { values[rest] = .list([arg]) }
            } else {
                values[parameter] = arg
            }
        }
        for (key, value) in kwargs { values[signature.renamed[key] ?? key] = value }
        // A TFOpLambda's config describes the layer wrapping the function; a Keras 3 operation's
        // config holds the operation's settings (Cast's dtype among them).
        let wrapper: Set<String> = config.values["function"] != nil ? ["name", "trainable", "dtype", "function"] : ["name"]
        for (key, value) in config.values where !wrapper.contains(key) {
            values[signature.renamed[key] ?? key] = .constant(value)
        }
        let call = LayerCall(name: name, className: signature.op, config: config, inputs: args.flatMap(\.tensors),
                             keywords: KerasConfig([:], context: config.context), arguments: KerasConfig([:], context: config.context),
                             weights: LayerWeights(layer: name, entries: []))
        guard let translate = translations[signature.op] else { throw config.error("no translation for operation '\(signature.op)'") }
        let arguments = OperationArguments(call: call, values: values)
        let outputs = try translate(&c, arguments)
        try arguments.checkAllRead()
        return outputs
    }

    /// A signature default as a JSON value ("false", "-1", "null").
    private static func parseDefault(_ text: String) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? NSNull()
    }
}
