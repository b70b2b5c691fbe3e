import LiteIR

/// Dense, Embedding, the inference-time identities (Dropout family, noise, regularization, the
/// random image augmentations) and the shape layers Flatten, Reshape, Permute and RepeatVector.
enum CoreLayers {
    static let table: [String: KerasTranslator] = {
        var table: [String: KerasTranslator] = [
            "Dense": dense, "Embedding": embedding, "Flatten": flatten, "Reshape": reshape, "Permute": permute,
            "RepeatVector": repeatVector,
        ]
        for identity in ["Identity", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout", "GaussianNoise",
                         "GaussianDropout", "ActivityRegularization"] + augmentations {
            table[identity] = { _, call in
                // None of their settings act at inference (data_format, rates, factors, seeds).
                for key in call.config.values.keys { _ = call.config.value(key) }
                return [try call.input(0)]
            }
        }
        return table
    }()

    /// Keras' random image augmentations: the input unchanged unless called with training=True
    /// (measured against Keras 3.15 for each class). RandomCrop is not one: it resizes at
    /// inference.
    static let augmentations = [
        "RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast", "RandomTranslation", "RandomBrightness", "RandomHue",
        "RandomSaturation", "RandomGrayscale", "RandomSharpness", "RandomShear", "RandomColorJitter", "RandomColorDegeneration",
        "RandomPosterization", "RandomInvert", "RandomErasing", "RandomGaussianBlur", "RandomElasticTransform", "RandomPerspective",
        "AugMix", "CutMix", "MixUp", "RandAugment", "Solarization",
    ]

    /// x · kernel (+ bias) on the last axis, then the activation.
    static func dense(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let kernel = c.constant(try call.weights.required("kernel"), "kernel", for: call)
        var y = try c.emit("MatMul", [try call.input(0), kernel], for: call)
        if try call.config.bool("use_bias", true) {
            y = try c.emit("Add", [y, c.constant(try call.weights.required("bias"), "bias", for: call)], for: call)
        }
        return [try KerasActivations.apply(try call.config.activation(), y, &c, call)]
    }

    /// Rows of the embedding matrix at the (integer-cast) indices.
    static func embedding(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        if try call.config.bool("mask_zero", false) {
            throw call.error("mask_zero masks later layers' steps, which the importer does not carry; re-save the model without it")
        }
        let table = c.constant(try call.weights.required("embeddings"), "embeddings", for: call)
        var indices = try call.input(0)
        if try c.type(indices).dtype != .int32 && c.type(indices).dtype != .int64 {
            indices = try c.emit("Cast", [indices], ["to": .string("int32")], for: call)
        }
        return [try c.emit("Gather", [table, indices], ["axis": .int(0)], for: call)]
    }

    /// [batch, …] → [batch, product of the rest] (channels-last order, as Keras flattens).
    /// Channels-first inputs are moved to channels-last first, as Keras does.
    static func flatten(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        var value = try call.input(0)
        let x = try c.type(value)
        guard let rest = x.shape.dropFirst().reduce(Optional(1), { acc, d in acc.flatMap { a in d.value.map { a * $0 } } }) else {
            throw call.error("needs static dims after the batch, got \(x)")
        }
        if try call.config.string("data_format", "channels_last") == "channels_first", x.rank > 2 {
            value = try c.emit("Transpose", [value], ["perm": .ints([0] + Array(2..<x.rank) + [1])], for: call)
        }
        return [try c.emit("Reshape", [value], ["shape": .ints([-1, rest])], for: call)]
    }

    /// Keras' target_shape excludes the batch dim and may hold one -1.
    static func reshape(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let target = try call.config.ints("target_shape")
        let x = try c.type(try call.input(0))
        var shape = [x.shape[0].value ?? -1] + target
        if shape.filter({ $0 == -1 }).count > 1 {
            // A dynamic batch and a -1 in the target: resolve the -1 from the static dims.
            let staticDims = x.shape.dropFirst().compactMap(\.value)
            guard staticDims.count == x.rank - 1, let rest = checkedElementCount(staticDims) else {
                throw call.error("needs static dims after the batch to resolve -1 in \(target)")
            }
            guard let known = checkedElementCount(target.filter { $0 != -1 }), known > 0, rest % known == 0 else { throw call.error("cannot reshape \(x) to \(target)") }
            shape = [-1] + target.map { $0 == -1 ? rest / known : $0 }
        }
        return [try c.emit("Reshape", [try call.input(0)], ["shape": .ints(shape)], for: call)]
    }

    /// `dims` are 1-based and leave the batch axis in place.
    static func permute(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let dims = try call.config.ints("dims")
        return [try c.emit("Transpose", [try call.input(0)], ["perm": .ints([0] + dims)], for: call)]
    }

    /// [batch, features] → [batch, n, features].
    static func repeatVector(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let n = try call.config.int("n", in: NumberRange.window)
        let x = try c.type(try call.input(0))
        guard x.rank == 2, let features = x.shape[1].value else { throw call.error("expects [batch, features] with static features, got \(x)") }
        let column = try c.emit("Reshape", [try call.input(0)], ["shape": .ints([-1, 1, features])], for: call)
        let repeats = c.constant(Tensor(shape: [3], values: [Int64(1), Int64(n), Int64(1)]), "repeats", for: call)
        return [try c.emit("Tile", [column, repeats], for: call)]
    }
}
