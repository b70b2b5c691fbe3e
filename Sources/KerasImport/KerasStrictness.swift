import Foundation
import LiteIR

/// Strict import: after a layer or operation is translated, every key of its config and every
/// argument of its call must have been read by the translation, or be one that does not change
/// what the model computes at inference. Anything else is refused, naming the layer, the key and
/// its value: no part of a model is dropped silently.
enum KerasStrictness {
    /// When an unread key leaves inference unchanged.
    enum Harmless {
        /// With any value (training-only settings, initializers, names).
        case always
        /// Only with one of these values (`mask_zero: false`); any other value changes the result.
        case when([JSONValue])
        /// A size the saved weights carry (the translation reads the weights' shapes): harmless
        /// when it is a positive integer, or a list of them, that fits an int32 — anything else
        /// is a malformed config.
        case size
    }

    /// A JSON scalar a harmless value is compared with.
    enum JSONValue: Equatable {
        case null, bool(Bool), int(Int), string(String)

        func matches(_ value: Any) -> Bool {
            switch self {
            case .null: return value is NSNull
            case .int(let i): return !isJSONBool(value) && integer(value) == i
            case .bool(let b): return isJSONBool(value) && (value as? Bool) == b
            case .string(let s): return (value as? String) == s
            }
        }
    }

    /// Config keys no translation needs to read, for any layer class.
    static let configKeys: [String: Harmless] = {
        var keys: [String: Harmless] = [
            // Identity and bookkeeping.
            "name": .always, "trainable": .always, "build_config": .always, "compile_config": .always,
            "input_dim": .always, "input_length": .always, "batch_input_shape": .always, "batch_size": .always,
            "autocast": .always, "supports_masking": .always,
            // Training only: dropout, noise, regularization, batch-norm updates, random seeds.
            "dropout": .always, "recurrent_dropout": .always, "rate": .always, "noise_shape": .always, "stddev": .always,
            "seed": .always, "momentum": .always, "renorm": .always, "renorm_clipping": .always, "renorm_momentum": .always,
            "fused": .always, "virtual_batch_size": .always, "synchronized": .always, "l1": .always, "l2": .always,
            "activity_regularizer": .always,
            // Sizes the saved weights carry (the translation reads the weights' shapes).
            "units": .size, "filters": .size, "depth_multiplier": .size, "output_dim": .size, "shared_axes": .always,
            "kernel_size": .size, "groups": .when([.int(1)]),
            // Input shapes recorded for building (Keras 2's MultiHeadAttention).
            "query_shape": .always, "key_shape": .always, "value_shape": .always,
            // Initializer settings.
            "unit_forget_bias": .always,
            // Resizing pads only with pad_to_aspect_ratio, which must be off.
            "pad_to_aspect_ratio": .when([.bool(false)]), "fill_mode": .always, "fill_value": .always,
            // How a layer is computed, not what: RNN loop unrolling, kernel choice, attention's
            // fused implementation.
            "unroll": .always, "implementation": .always, "use_cudnn": .always, "flash_attention": .always,
            // LoRA's scale matters only with a rank, which must be unset.
            "lora_alpha": .always, "lora_rank": .when([.null]),
            "quantization_config": .when([.null]),
            // Float32 compute (a mixed or float16 policy computes something else).
            "dtype": .when([.string("float32"), .null]),
            // Flags whose default is the only value the translations implement.
            "sparse": .when([.bool(false)]), "ragged": .when([.bool(false)]), "adjustment": .when([.null]),
            "antialias": .when([.bool(false)]), "sliding_window": .when([.null]), "softmax_robust_masking": .when([.bool(false)]),
            "use_gate": .when([.bool(false)]),
            // Only acts on masked steps, and masks are refused.
            "zero_output_for_mask": .always,
        ]
        for role in ["kernel", "bias", "recurrent", "depthwise", "pointwise", "embeddings", "gamma", "beta", "moving_mean",
                     "moving_variance", "alpha"] {
            for part in ["initializer", "regularizer", "constraint"] { keys["\(role)_\(part)"] = .always }
        }
        return keys
    }()

    /// Call keyword arguments that leave inference unchanged (`training` for layers whose
    /// result does not depend on it, see ``trainingDependent``).
    static let callArguments: [String: Harmless] = [
        "training": .always, "mask": .when([.null]), "initial_state": .when([.null]),
        "return_attention_scores": .when([.bool(false)]), "use_causal_mask": .when([.bool(false)]),
    ]

    /// Refuses a translated layer call whose config, keyword arguments or tensor keywords hold
    /// an entry the translation did not read and that is not harmless.
    static func check(_ call: LayerCall, kerasMajor: Int) throws {
        try checkConfig(of: call)
        try checkArguments(of: call.className, call.keywords, call.arguments, call.config.context, kerasMajor: kerasMajor)
    }

    /// Refuses call arguments (tensors by keyword, other keyword values) that were not read and
    /// are not harmless. tf-keras keeps a `training=True` given in the graph at inference (the
    /// "Monte Carlo dropout" idiom), so it is refused where the result depends on it; Keras 3
    /// replaces a saved `training` with the model call's (False in predict), so it is harmless.
    static func checkArguments(of className: String, _ keywords: KerasConfig, _ arguments: KerasConfig, _ what: String, kerasMajor: Int) throws {
        if kerasMajor < 3, trainingDependent.contains(className), let training = arguments.value("training"), isJSONBool(training),
           training as? Bool == true {
            throw GraphError.invalidGraph(reason: "\(what): is called with training=True, which tf-keras keeps at inference "
                                          + "(batch statistics, dropout, noise); only the inference computation is converted")
        }
        try check(arguments, against: callArguments, what, role: "call argument")
        try check(keywords, against: [:], what, role: "tensor argument")
    }

    /// Layers that compute otherwise when called with training=True (batch statistics, dropout,
    /// noise); any layer wrapping others (a nested model, a recurrent layer with dropout).
    static let trainingDependent: Set<String> = Set([
        "BatchNormalization", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout", "GaussianNoise",
        "GaussianDropout", "StochasticDepth", "SimpleRNN", "LSTM", "GRU", "Bidirectional", "TimeDistributed", "MultiHeadAttention",
        "Sequential", "Functional", "Model",
    ] + CoreLayers.augmentations)

    /// Refuses a config entry of a translated layer that was not read and is not harmless.
    static func checkConfig(of call: LayerCall) throws {
        try check(call.config, against: configKeys, call.config.context, role: "config key")
    }

    /// The first unread entry that is not harmless, as an error naming `what` (a layer call).
    static func check(_ config: KerasConfig, against harmless: [String: Harmless], _ what: String, role: String) throws {
        for (key, value) in config.unreadEntries where !isHarmless(key, value, harmless) {
            if case .size = harmless[key] {
                throw GraphError.invalidGraph(reason: "\(what): \(role) '\(key)' = \(describe(value)) is not a size (positive integers up to 2³¹ − 1)")
            }
            throw GraphError.invalidGraph(reason: "\(what): \(role) '\(key)' = \(describe(value)) is not understood by the importer "
                                          + "and would change what the model computes; it is refused rather than dropped")
        }
    }

    private static func isHarmless(_ key: String, _ value: Any, _ table: [String: Harmless]) -> Bool {
        switch table[key] {
        case .always: return true
        case .when(let values): return values.contains { $0.matches(value) } || isFloat32Policy(key, value)
        case .size:
            let sizes = (value as? [Any]) ?? [value]
            return !sizes.isEmpty && sizes.allSatisfy { integer($0).map { (1...Int(Int32.max)).contains($0) } ?? false }
        case nil: return false
        }
    }

    /// Keras 3 saves a float32 dtype policy as {"class_name": "DTypePolicy", "config": {"name": "float32"}}.
    private static func isFloat32Policy(_ key: String, _ value: Any) -> Bool {
        guard key == "dtype", let policy = value as? [String: Any], let config = policy["config"] as? [String: Any] else { return false }
        return config["name"] as? String == "float32"
    }

    /// A value as a short JSON text for messages.
    static func describe(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if let string = value as? String { return "\"\(string)\"" }
        if JSONSerialization.isValidJSONObject(value), let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]),
           let text = String(data: data, encoding: .utf8) {
            return text.count > 120 ? String(text.prefix(117)) + "…" : text
        }
        return "\(value)"
    }
}
