import LiteIR
import LiteOps

/// Resize (opset 10+) and Upsample (before 10) of the spatial axes of NCHW (or NCL) data as
/// the NHWC IR op Resize2D: every mode, coordinate transformation, antialias, axes,
/// keep_aspect_ratio_policy and crop ROI, with scales or sizes constant or given at run time.
enum ResizeOperators {
    static let table: [String: ONNXTranslator] = ["Resize": resize, "Upsample": resize]

    static func resize(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        guard x.rank == 3 || x.rank == 4 else { throw n.error("only 3-D (NCL) and 4-D (NCHW) inputs are supported, got \(x)") }
        let legacy = n.node.op == "Upsample" || n.opset < 11
        var attributes = try samplingAttributes(n, legacy: legacy)
        let axes = try resizedAxes(n, rank: x.rank)
        let policy = legacy ? "stretch" : try n.string("keep_aspect_ratio_policy", "stretch")
        // The two spatial axes in NCHW, or NCL lifted to NC1L.
        let spatial: [Int?] = x.rank == 4 ? [2, 3] : [nil, 2]

        if let (scales, sizes) = try staticTargets(n, x: x, axes: axes, legacy: legacy, policy: policy) {
            for axis in 0..<x.rank where !spatial.contains(axis) {
                guard x.shape[axis].value.map({ sizes[axis] == $0 }) ?? true, scales.map({ $0[axis] == 1 }) ?? true else {
                    throw n.error("only the spatial axes may be resized, not axis \(axis)")
                }
            }
            attributes["sizes"] = .ints(spatial.map { $0.map { sizes[$0] } ?? 1 })
            if let scales { attributes["scales"] = .floats(spatial.map { $0.map { scales[$0] } ?? 1 }) }
            if let roi = try crop(n, rank: x.rank, axes: axes, legacy: legacy) { attributes["roi"] = .floats(spatial.map { $0.map { roi[$0] } ?? 0 } + spatial.map { $0.map { roi[$0 + x.rank] } ?? 1 }) }
            let resized = try n.emit("Resize2D", [try n.toNHWC(try n.requiredInput(0))], attributes)
            try n.outputFromNHWC(resized, rank: x.rank)
            return
        }
        // Sizes or scales known at run time: the two spatial entries become input #1.
        guard policy == "stretch" else { throw n.error("keep_aspect_ratio_policy needs constant sizes") }
        if try crop(n, rank: x.rank, axes: axes, legacy: legacy) != nil { throw n.error("tf_crop_and_resize needs constant sizes or scales") }
        let (value, isScales) = try runtimeTarget(n, legacy: legacy)
        let positions = spatial.map { axis in axis.flatMap { axes.firstIndex(of: $0) } }
        let pair = try spatialPair(&n, value, positions: positions, defaults: isScales ? [1, 1] : spatial.map { $0.flatMap { x.shape[$0].value } ?? 1 },
                                   dtype: try n.builder.type(of: value).dtype)
        let resized = try n.emit("Resize2D", [try n.toNHWC(try n.requiredInput(0)), pair], attributes)
        try n.outputFromNHWC(resized, rank: x.rank)
    }

    /// Mode and coordinate transformation: Upsample and Resize-10 sample asymmetrically and
    /// round nearest neighbors down.
    private static func samplingAttributes(_ n: ONNXNode, legacy: Bool) throws -> [String: Attribute] {
        var attributes = legacy ? [:] : n.passedAttributes([
            "coordinate_transformation_mode", "nearest_mode", "cubic_coeff_a", "exclude_outside", "antialias", "extrapolation_value",
        ])
        let mode = try n.string("mode", "nearest")
        attributes["mode"] = .string(mode == "bilinear" ? "linear" : mode)
        if legacy {
            attributes["coordinate_transformation_mode"] = .string("asymmetric")
            attributes["nearest_mode"] = .string("floor")
        }
        var probe = n.node
        probe.attributes = attributes
        _ = try ResizeSampling(probe)
        return attributes
    }

    /// The axes the scales, sizes and roi list (the `axes` attribute, opset 18), else all.
    private static func resizedAxes(_ n: ONNXNode, rank: Int) throws -> [Int] {
        guard let given = try n.intsIfPresent("axes") else { return Array(0..<rank) }
        let axes = try given.map { a in
            let r = a < 0 ? a + rank : a
            guard r >= 0, r < rank else { throw n.error("axis \(a) is out of range for rank \(rank)") }
            return r
        }
        guard Set(axes).count == axes.count else { throw n.error("repeated axes \(given)") }
        return axes
    }

    /// Per-axis scales (nil when sizes were given) and output sizes, when both are known now.
    private static func staticTargets(_ n: ONNXNode, x: TensorType, axes: [Int], legacy: Bool,
                                      policy: String) throws -> (scales: [Float]?, sizes: [Int])? {
        // Sizes or scales known only at run time need no static input.
        let given = legacy ? n.input(1) : (n.input(3).flatMap { try? n.builder.type(of: $0).shape != [.fixed(0)] ? $0 : nil } ?? n.input(2))
        if let given, n.builder.constant(given) == nil { return nil }
        guard x.shape[2...].allSatisfy({ $0.value != nil }) else { throw n.error("constant scales or sizes need static spatial dims, got \(x)") }
        // Batch and channel dims may be unknown: they must keep their size anyway.
        let input = x.shape.map { $0.value ?? 1 }
        if n.node.op == "Upsample", n.opset < 9 {
            guard let scales = try n.floatsIfPresent("scales"), scales.count == x.rank else { throw n.error("needs one scale per axis") }
            let sizes = try zip(input, scales).map { size, scale in
            guard let scaled = NumberRange.dim((Double(size) * Double(scale)).rounded(.down)) else { throw n.error("scales \(given) give no size a tensor can have") }
            return scaled
        }
        return (scales, sizes)
        }
        let scaleSlot = legacy ? 1 : 2
        if !legacy, let sizesInput = n.input(3), try n.builder.type(of: sizesInput).shape != [.fixed(0)] {
            try requireNoScales(n)
            guard let given = n.builder.constant(sizesInput)?.ints() else { return nil }
            guard given.count == axes.count, given.allSatisfy({ $0 >= 0 }) else { throw n.error("needs one size per resized axis, got \(given)") }
            var sizes = input
            for (i, axis) in axes.enumerated() { sizes[axis] = given[i] }
            guard policy != "stretch" else { return (nil, sizes) }
            let ratios = axes.map { Double(sizes[$0]) / Double(max(input[$0], 1)) }
            let scale: Double
            switch policy {
            case "not_larger": scale = ratios.min() ?? 1
            case "not_smaller": scale = ratios.max() ?? 1
            default: throw n.error("unknown keep_aspect_ratio_policy '\(policy)'")
            }
            var scales = [Float](repeating: 1, count: x.rank)
            for axis in axes {
                guard let size = NumberRange.dim(scale * Double(input[axis]) + 0.5) else { throw n.error("scales the sizes \(sizes) to no size a tensor can have") }
                sizes[axis] = size
                scales[axis] = Float(scale)
            }
            return (scales, sizes)
        }
        guard let scalesInput = n.input(scaleSlot) else { throw n.error("needs scales or sizes") }
        guard let given = n.builder.constant(scalesInput)?.floats() else { return nil }
        guard given.count == axes.count, given.allSatisfy({ $0 > 0 }) else { throw n.error("needs one positive scale per resized axis, got \(given)") }
        var scales = [Float](repeating: 1, count: x.rank)
        for (i, axis) in axes.enumerated() { scales[axis] = given[i] }
        let sizes = try zip(input, scales).map { size, scale in
            guard let scaled = NumberRange.dim((Double(size) * Double(scale)).rounded(.down)) else { throw n.error("scales \(given) give no size a tensor can have") }
            return scaled
        }
        return (scales, sizes)
    }

    /// The crop [starts…, ends…] over every axis for tf_crop_and_resize, nil for other modes
    /// (which ignore the roi input).
    private static func crop(_ n: ONNXNode, rank: Int, axes: [Int], legacy: Bool) throws -> [Float]? {
        guard !legacy else { return nil }
        guard try n.string("coordinate_transformation_mode", "half_pixel") == "tf_crop_and_resize" else {
            n.disregardInput(1)
            return nil
        }
        guard let roi = try n.constantInput(1, "roi")?.floats(), roi.count == 2 * axes.count else {
            throw n.error("tf_crop_and_resize needs a constant roi with a start and an end per resized axis")
        }
        var full = Array(repeating: Float(0), count: rank) + Array(repeating: Float(1), count: rank)
        for (i, axis) in axes.enumerated() { (full[axis], full[axis + rank]) = (roi[i], roi[i + axes.count]) }
        return full
    }

    /// The run-time scales or sizes input.
    private static func runtimeTarget(_ n: ONNXNode, legacy: Bool) throws -> (String, isScales: Bool) {
        if !legacy, let sizes = n.input(3), try n.builder.type(of: sizes).shape != [.fixed(0)] {
            try requireNoScales(n)
            return (sizes, false)
        }
        return (try n.requiredInput(legacy ? 1 : 2), true)
    }

    /// Sizes replace scales, which must then be empty (opsets 11–12 require the input).
    private static func requireNoScales(_ n: ONNXNode) throws {
        if let scales = n.input(2), try n.builder.type(of: scales).shape != [.fixed(0)] {
            throw n.error("scales and sizes cannot both be given")
        }
    }

    /// [h, w] from a run-time per-axis tensor: the entries at `positions`, `defaults` where an
    /// axis is not listed.
    private static func spatialPair(_ n: inout ONNXNode, _ value: String, positions: [Int?], defaults: [Int], dtype: DType) throws -> String {
        let parts = try positions.enumerated().map { i, position -> String in
            guard let position else { return n.constant(Tensor.fromInt64s([Int64(defaults[i])], shape: [1], dtype: dtype), "default") }
            return try n.emit("Gather", [value, n.constant(Tensor(shape: [1], values: [Int64(position)]), "position")], ["axis": .int(0)])
        }
        return try n.emit("Concat", parts, ["axis": .int(0)])
    }
}
