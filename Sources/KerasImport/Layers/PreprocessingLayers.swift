import LiteIR

/// Rescaling, Normalization, Resizing and CenterCrop.
enum PreprocessingLayers {
    static let table: [String: KerasTranslator] = [
        "Rescaling": rescaling, "Normalization": normalization, "Resizing": resizing, "CenterCrop": centerCrop,
    ]

    /// x · scale + offset (scalars or per-channel lists).
    static func rescaling(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let x = try call.input(0)
        func values(_ key: String, _ fallback: Float) throws -> Tensor {
            if let list = call.config.value(key) as? [Double] { return Tensor(shape: [list.count], values: list.map { Float($0) }) }
            return Tensor(scalar: Float(try call.config.double(key, Double(fallback))))
        }
        let scaled = try c.emit("Mul", [x, c.constant(try values("scale", 1), "scale", for: call)], for: call)
        return [try c.emit("Add", [scaled, c.constant(try values("offset", 0), "offset", for: call)], for: call)]
    }

    /// (x − mean) / max(√variance, 1e-7) along the axis; invert undoes it.
    static func normalization(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let x = try call.input(0)
        let rank = try c.type(x).rank
        /// The config's statistic when it gives one; when it is null (or absent), the statistic
        /// adapt() stored as a weight.
        func statistic(_ key: String) throws -> [Float] {
            let given = call.config.value(key)
            if let list = given as? [Double] { return list.map { Float($0) } }
            if given is Double || given is Int { return [Float(try call.config.double(key))] }
            if let stored = call.weights.optional(key) { return stored.floats() }
            throw call.error("has no \(key) (adapt() it before saving)")
        }
        let mean = try statistic("mean"), variance = try statistic("variance")
        let axes = try NormalizationLayers.axes(call, rank: rank)
        guard axes.count <= 1, mean.count == variance.count else { throw call.error("supports one normalized axis") }
        let shape = mean.count == 1 || axes.isEmpty ? [] : [mean.count] + Array(repeating: 1, count: rank - 1 - axes[0])
        let std = variance.map { max($0.squareRoot(), 1e-7) }
        let meanValue = c.constant(Tensor(shape: shape, values: mean), "mean", for: call)
        let stdValue = c.constant(Tensor(shape: shape, values: std), "std", for: call)
        if try call.config.bool("invert", false) {
            return [try c.emit("Add", [try c.emit("Mul", [x, stdValue], for: call), meanValue], for: call)]
        }
        return [try c.emit("Div", [try c.emit("Sub", [x, meanValue], for: call), stdValue], for: call)]
    }

    /// The center window of a channels-last image.
    static func crop(_ c: inout KerasContext, _ call: LayerCall, _ x: String, height: Int, width: Int) throws -> String {
        let t = try c.type(x)
        guard t.rank == 4, let h = t.shape[1].value, let w = t.shape[2].value, h >= height, w >= width else {
            throw call.error("crops [batch, height, width, channels] images at least \(height)×\(width), got \(t)")
        }
        let (top, left) = ((h - height) / 2, (w - width) / 2)
        return try c.emit("Slice", [x], ["starts": .ints([0, top, left, 0]),
                                         "ends": .ints([Int(Int32.max), top + height, left + width, Int(Int32.max)])], for: call)
    }

    static func centerCrop(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        try call.requireChannelsLast()
        return [try crop(&c, call, try call.input(0), height: try call.config.int("height", in: NumberRange.window),
                         width: try call.config.int("width", in: NumberRange.window))]
    }

    /// tf.image.resize to height × width (half-pixel centers), after a center crop to the target's
    /// aspect ratio when crop_to_aspect_ratio.
    static func resizing(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        try call.requireChannelsLast()
        var x = try call.input(0)
        let (height, width) = (try call.config.int("height", in: NumberRange.window), try call.config.int("width", in: NumberRange.window))
        if try call.config.bool("crop_to_aspect_ratio", false) {
            let t = try c.type(x)
            guard let h = t.shape[1].value, let w = t.shape[2].value else { throw call.error("needs static image sizes, got \(t)") }
            // The largest window of the target's aspect ratio.
            let cropHeight = min(h, Int((Double(w) * Double(height) / Double(width)).rounded(.down)))
            let cropWidth = min(w, Int((Double(h) * Double(width) / Double(height)).rounded(.down)))
            x = try crop(&c, call, x, height: cropHeight, width: cropWidth)
        }
        var attributes: [String: Attribute] = ["sizes": .ints([height, width]), "coordinate_transformation_mode": .string("half_pixel")]
        switch try call.config.string("interpolation", "bilinear") {
        case "bilinear": attributes["mode"] = .string("linear")
        case "nearest": attributes.merge(["mode": .string("nearest"), "coordinate_transformation_mode": .string("tf_half_pixel_for_nn"),
                                          "nearest_mode": .string("floor")]) { $1 }
        case "bicubic": attributes.merge(["mode": .string("cubic"), "cubic_coeff_a": .float(-0.5), "exclude_outside": .int(1)]) { $1 }
        case let other: throw call.error("interpolation '\(other)' is not supported")
        }
        return [try c.emit("Resize2D", [x], attributes, for: call)]
    }
}
