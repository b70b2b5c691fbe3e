import LiteIR

/// ZeroPadding, Cropping and UpSampling (1-D and 2-D).
enum ReshapingLayers {
    static let table: [String: KerasTranslator] = [
        "ZeroPadding1D": { try padOrCrop(&$0, $1, key: "padding", spatial: 1, crop: false) },
        "ZeroPadding2D": { try padOrCrop(&$0, $1, key: "padding", spatial: 2, crop: false) },
        "Cropping1D": { try padOrCrop(&$0, $1, key: "cropping", spatial: 1, crop: true) },
        "Cropping2D": { try padOrCrop(&$0, $1, key: "cropping", spatial: 2, crop: true) },
        "UpSampling1D": upSampling1D,
        "UpSampling2D": upSampling2D,
    ]

    /// [(before, after)] per spatial axis from Keras' forms: n, (a, b) (per axis in 2-D,
    /// before/after in 1-D) or ((t, b), (l, r)).
    static func amounts(_ call: LayerCall, key: String, spatial: Int) throws -> [(Int, Int)] {
        let value = call.config.value(key)
        if let n = value as? Int { return Array(repeating: (n, n), count: spatial) }
        guard let list = value as? [Any] else { throw call.error("'\(key)' must be an integer or a list") }
        if let pair = list as? [Int], pair.count == 2 { return spatial == 1 ? [(pair[0], pair[1])] : pair.map { ($0, $0) } }
        let pairs = try list.map { item -> (Int, Int) in
            guard let pair = item as? [Int], pair.count == 2 else { throw call.error("'\(key)' must hold pairs of integers") }
            return (pair[0], pair[1])
        }
        guard pairs.count == spatial else { throw call.error("'\(key)' needs \(spatial) pair(s)") }
        return pairs
    }

    static func padOrCrop(_ c: inout KerasContext, _ call: LayerCall, key: String, spatial: Int, crop: Bool) throws -> [String] {
        let x = try call.input(0)
        let rank = try c.type(x).rank
        let channelsFirst = try call.config.string("data_format", "channels_last") == "channels_first"
        let first = channelsFirst ? 2 : 1
        var pads = Array(repeating: 0, count: 2 * rank)
        for (i, (before, after)) in try amounts(call, key: key, spatial: spatial).enumerated() {
            (pads[first + i], pads[first + i + rank]) = crop ? (-before, -after) : (before, after)
        }
        return [try c.emit("Pad", [x], ["pads": .ints(pads), "mode": .string("constant"), "value": .float(0)], for: call)]
    }

    /// Each step repeated `size` times: [B, T, C] → [B, T, size, C] → [B, T·size, C].
    static func upSampling1D(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let x = try call.input(0)
        let t = try c.type(x)
        let size = try call.config.int("size", 2, in: NumberRange.window)
        guard t.rank == 3, let steps = t.shape[1].value, let channels = t.shape[2].value else { throw call.error("expects [batch, steps, channels] with static sizes") }
        let column = try c.emit("Reshape", [x], ["shape": .ints([-1, steps, 1, channels])], for: call)
        let tiled = try c.emit("Tile", [column, c.constant(Tensor(shape: [4], values: [Int64(1), 1, Int64(size), 1]), "repeats", for: call)], for: call)
        guard let upsampled = checkedElementCount([steps, size]) else { throw call.error("\(steps) steps \(size) times are more than any tensor holds") }
        return [try c.emit("Reshape", [tiled], ["shape": .ints([-1, upsampled, channels])], for: call)]
    }

    /// Nearest repeats pixels; bilinear and bicubic resample as TensorFlow's image.resize does
    /// (half-pixel centers; Keys' cubic with a = −0.5).
    static func upSampling2D(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        let (x, channelsFirst) = try ConvolutionLayers.nhwc(&c, call, spatial: 2)
        let t = try c.type(x)
        let size = try call.config.ints("size", count: 2, [2, 2])
        guard let h = t.shape[1].value, let w = t.shape[2].value else { throw call.error("needs static spatial sizes, got \(t)") }
        var attributes: [String: Attribute] = ["sizes": .ints([h * size[0], w * size[1]])]
        switch try call.config.string("interpolation", "nearest") {
        case "nearest": attributes.merge(["mode": .string("nearest"), "coordinate_transformation_mode": .string("asymmetric"), "nearest_mode": .string("floor")]) { $1 }
        case "bilinear": attributes.merge(["mode": .string("linear"), "coordinate_transformation_mode": .string("half_pixel")]) { $1 }
        case "bicubic":
            attributes.merge(["mode": .string("cubic"), "coordinate_transformation_mode": .string("half_pixel"), "cubic_coeff_a": .float(-0.5),
                              "exclude_outside": .int(1)]) { $1 }
        case let other: throw call.error("interpolation '\(other)' is not supported")
        }
        let y = try c.emit("Resize2D", [x], attributes, for: call)
        return [try ConvolutionLayers.restore(&c, call, y, spatial: 2, channelsFirst: channelsFirst)]
    }
}
