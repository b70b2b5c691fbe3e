import LiteIR

/// The layer classes Keras defines inside its own application models (`keras.applications`):
/// ConvNeXt's LayerScale and StochasticDepth, InceptionResNetV2's CustomScaleLayer. They are
/// part of Keras, not user code, and are recognized only by their class and Keras module.
enum ApplicationLayers {
    static let table: [String: KerasTranslator] = {
        var table: [String: KerasTranslator] = [:]
        for (name, application) in classes { table[name] = application.translate }
        return table
    }()

    /// A class's config keys beside the base layer's, and its translation.
    private typealias Application = (keys: Set<String>, translate: KerasTranslator)

    private static let classes: [String: Application] = [
        // x · γ, γ one value per channel (Keras 3 saves it unnamed, as "variable", "variable_2", …).
        "LayerScale": (["init_values", "projection_dim"], { c, call in
            let entries = call.weights.entries
            guard let gamma = call.weights.optional("gamma") ?? (entries.count == 1 ? entries[0].tensor : nil) else {
                throw call.error("needs its one saved scale, found \(entries.count) weights")
            }
            _ = try call.config.double("init_values")
            _ = try call.config.int("projection_dim")
            return [try c.emit("Mul", [try call.input(0), c.constant(gamma, "gamma", for: call)], for: call)]
        }),
        // inputs[0] + inputs[1] · scale (tf-keras registers it as "Custom>CustomScaleLayer").
        "CustomScaleLayer": (["scale"], customScale),
        "Custom>CustomScaleLayer": (["scale"], customScale),
        // Drops whole residual branches in training only.
        "StochasticDepth": (["drop_path_rate"], { _, call in
            _ = try call.config.double("drop_path_rate", 0)
            return [try call.input(0)]
        }),
    ]

    private static func customScale(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        guard call.inputs.count == 2 else { throw call.error("expects a list of two tensors, got \(call.inputs.count)") }
        let scale = try c.scalar(Float(try call.config.double("scale")), like: call.inputs[1], for: call)
        return [try c.emit("Add", [call.inputs[0], try c.emit("Mul", [call.inputs[1], scale], for: call)], for: call)]
    }

    /// Whether a saved layer is one of these classes as Keras defines it: from a Keras
    /// applications module (a legacy .h5 records no module), with exactly its config keys.
    static func isShippedWithKeras(_ layer: [String: Any]) -> Bool {
        guard let className = layer["class_name"] as? String, let application = classes[className],
              let config = layer["config"] as? [String: Any] else { return false }
        if let module = layer["module"] as? String,
           !["keras.src.applications.", "keras.applications.", "tf_keras.src.applications.", "tf_keras.applications."].contains(where: { module.hasPrefix($0) }) {
            return false
        }
        return Set(config.keys).isSubset(of: application.keys.union(["name", "trainable", "dtype"]))
    }
}
