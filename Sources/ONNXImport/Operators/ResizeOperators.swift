import LiteIR

/// Resize (opset 10+) and Upsample (before 10) of the two spatial axes of NCHW data, with
/// constant scales or sizes, as the NHWC IR op Resize2D.
enum ResizeOperators {
    static let table: [String: ONNXTranslator] = ["Resize": resize, "Upsample": resize]

    static func resize(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        guard x.rank == 4, let h = x.shape[2].value, let w = x.shape[3].value else {
            throw n.error("expects NCHW data with static H and W, got \(x)")
        }
        let mode = try n.node.string("mode", "nearest")
        guard mode == "nearest" || mode == "linear" || mode == "bilinear" else { throw n.error("mode '\(mode)' is not supported") }
        if try n.node.int("antialias", 0) != 0 { throw n.error("antialias is not supported") }
        if try n.node.string("keep_aspect_ratio_policy", "stretch") != "stretch" { throw n.error("keep_aspect_ratio_policy is not supported") }
        if n.node.attributes["axes"] != nil { throw n.error("the axes attribute is not supported") }
        let transform = n.opset < 11 ? "asymmetric" : try n.node.string("coordinate_transformation_mode", "half_pixel")
        guard ["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn"].contains(transform) else {
            throw n.error("coordinate_transformation_mode '\(transform)' is not supported")
        }
        let sizes: [Int]
        let scaleIndex = n.node.op == "Upsample" || n.opset < 11 ? 1 : 2
        if n.node.op == "Upsample", let attribute = n.node.attributes["scales"], case .floats(let scales) = attribute {
            sizes = try outputSizes(n, scales: scales, h: h, w: w)
        } else if n.opset >= 11, let given = try n.constantInput(3, "sizes")?.ints() {
            guard given.count == 4, given[0] == x.shape[0].value ?? given[0], given[1] == x.shape[1].value ?? given[1] else {
                throw n.error("sizes \(given) may only change H and W")
            }
            sizes = [given[2], given[3]]
        } else if let scales = try n.constantInput(scaleIndex, "scales")?.floats(), !scales.isEmpty {
            sizes = try outputSizes(n, scales: scales, h: h, w: w)
        } else {
            throw n.error("needs constant scales or sizes")
        }
        let attributes: [String: Attribute] = [
            "sizes": .ints(sizes), "mode": .string(mode == "nearest" ? "nearest" : "linear"),
            "coordinate_transformation_mode": .string(transform),
            "nearest_mode": .string(n.opset < 11 ? "floor" : try n.node.string("nearest_mode", "round_prefer_floor")),
        ]
        let resized = try n.emit("Resize2D", [try n.toNHWC(try n.requiredInput(0))], attributes)
        try n.outputFromNHWC(resized, rank: 4)
    }

    /// floor(dim · scale) for H and W; N and C must keep scale 1.
    private static func outputSizes(_ n: ONNXNode, scales: [Float], h: Int, w: Int) throws -> [Int] {
        guard scales.count == 4, scales[0] == 1, scales[1] == 1, scales[2] > 0, scales[3] > 0 else {
            throw n.error("scales \(scales) may only resize H and W")
        }
        return [Int((Float(h) * scales[2]).rounded(.down)), Int((Float(w) * scales[3]).rounded(.down))]
    }
}
