import LiteIR

/// Normalizations and layout moves expressed with IR reductions, reshapes and transposes.
enum NormalizationOperators {
    static let table: [String: ONNXTranslator] = [
        "InstanceNormalization": instanceNormalization, "GroupNormalization": groupNormalization,
        "LpNormalization": lpNormalization, "MeanVarianceNormalization": meanVarianceNormalization,
        "SpaceToDepth": spaceToDepth, "DepthToSpace": depthToSpace,
        "CastLike": { n in try n.emitOutput("Cast", [try n.requiredInput(0)], ["to": .string(try n.type(1).dtype.rawValue)]) },
        "Size": { n in
            let shape = try n.emit("Shape", [try n.requiredInput(0)])
            try n.emitOutput("ReduceProd", [shape], ["keepdims": .int(0)])
        },
    ]

    /// (x − mean) / √(var + ε) over `axes`, keepdims.
    private static func standardize(_ n: inout ONNXNode, _ x: String, axes: [Int], epsilon: Float, dtype: DType) throws -> String {
        let attributes: [String: Attribute] = ["axes": .ints(axes), "keepdims": .int(1)]
        let centered = try n.emit("Sub", [x, try n.emit("ReduceMean", [x], attributes)])
        let variance = try n.emit("ReduceMean", [try n.emit("Mul", [centered, centered])], attributes)
        let eps = n.constant(Tensor.fromFloats([epsilon], shape: [], dtype: dtype), "epsilon")
        return try n.emit("Mul", [centered, try n.emit("Rsqrt", [try n.emit("Add", [variance, eps])])])
    }

    /// A per-channel parameter [C] shaped to broadcast over NC… data of `rank`.
    private static func channelParameter(_ n: inout ONNXNode, _ index: Int, rank: Int) throws -> String {
        try n.emit("Reshape", [try n.requiredInput(index)], ["shape": .ints([-1] + Array(repeating: 1, count: rank - 2))])
    }

    static func instanceNormalization(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        guard x.rank >= 3 else { throw n.error("expects N, C and spatial dims, got \(x)") }
        let y = try standardize(&n, try n.requiredInput(0), axes: Array(2..<x.rank), epsilon: try n.float("epsilon", 1e-5), dtype: x.dtype)
        let scaled = try n.emit("Mul", [y, try channelParameter(&n, 1, rank: x.rank)])
        try n.emitOutput("Add", [scaled, try channelParameter(&n, 2, rank: x.rank)])
    }

    /// Opset 21 semantics: statistics per group of channels, scale and bias per channel.
    static func groupNormalization(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        guard n.opset >= 21 else { throw n.error("GroupNormalization before opset 21 (per-group scale) is not supported") }
        try n.requireDefaultStashType()
        let groups = try n.int("num_groups", 0)
        guard x.rank >= 3, let channels = x.shape[1].value, groups > 0, channels % groups == 0,
              x.shape.dropFirst().allSatisfy({ $0.value != nil }), let sampleSize = checkedElementCount(x.shape.dropFirst().compactMap(\.value)) else {
            throw n.error("needs static C divisible by num_groups \(groups), got \(x)")
        }
        let grouped = try n.emit("Reshape", [try n.requiredInput(0)], ["shape": .ints([-1, groups, sampleSize / groups])])
        let y = try standardize(&n, grouped, axes: [2], epsilon: try n.float("epsilon", 1e-5), dtype: x.dtype)
        let restored = try n.emit("Reshape", [y], ["shape": .ints([-1] + x.shape.dropFirst().compactMap(\.value))])
        let scaled = try n.emit("Mul", [restored, try channelParameter(&n, 1, rank: x.rank)])
        try n.emitOutput("Add", [scaled, try channelParameter(&n, 2, rank: x.rank)])
    }

    /// x / ‖x‖ₚ along `axis` (p = 1 or 2).
    static func lpNormalization(_ n: inout ONNXNode) throws {
        let x = try n.requiredInput(0)
        let p = try n.int("p", 2)
        let attributes: [String: Attribute] = ["axes": .ints([try n.int("axis", -1)]), "keepdims": .int(1)]
        let norm: String
        switch p {
        case 1: norm = try n.emit("ReduceSum", [try n.emit("Abs", [x])], attributes)
        case 2: norm = try n.emit("Sqrt", [try n.emit("ReduceSum", [try n.emit("Mul", [x, x])], attributes)])
        default: throw n.error("p must be 1 or 2, got \(p)")
        }
        try n.emitOutput("Div", [x, norm])
    }

    /// (x − E[x]) / √(E[x²] − E[x]² + 1e-9) over `axes` (ONNX's own definition).
    static func meanVarianceNormalization(_ n: inout ONNXNode) throws {
        let x = try n.requiredInput(0)
        let attributes: [String: Attribute] = ["axes": .ints(try n.ints("axes", [0, 2, 3])), "keepdims": .int(1)]
        let mean = try n.emit("ReduceMean", [x], attributes)
        let variance = try n.emit("Sub", [try n.emit("ReduceMean", [try n.emit("Mul", [x, x])], attributes), try n.emit("Mul", [mean, mean])])
        let eps = n.constant(Tensor.fromFloats([1e-9], shape: [], dtype: try n.type(0).dtype), "epsilon")
        try n.emitOutput("Div", [try n.emit("Sub", [x, mean]), try n.emit("Sqrt", [try n.emit("Add", [variance, eps])])])
    }

    /// The NHWC IR op between layout transposes (TFLite's DEPTH_TO_SPACE / SPACE_TO_DEPTH),
    /// whose channel order is DCR (depth-column-row); CRD channels (opset 25's `mode`) are
    /// gathered from it.
    static func spaceToDepth(_ n: inout ONNXNode) throws {
        let x = try n.type(0), b = try n.int("blocksize", 0)
        guard x.rank == 4, b > 0, let c = x.shape[1].value else {
            throw n.error("needs an NCHW input with static channels and a positive blocksize, got \(x), \(b)")
        }
        var moved = try n.emit("SpaceToDepth", [try n.toNHWC(try n.requiredInput(0))], ["blocksize": .int(b)])
        if try n.string("mode", "DCR") == "CRD" {
            // CRD channel k·b² + (i·b + j) is DCR channel (i·b + j)·C + k.
            let order = (0..<(c * b * b)).map { crd in Int64((crd % (b * b)) * c + crd / (b * b)) }
            moved = try n.emit("Gather", [moved, n.constant(Tensor(shape: [c * b * b], values: order), "dcr_to_crd")], ["axis": .int(3)])
        }
        try n.outputFromNHWC(moved, rank: 4)
    }

    /// CRD channels are first gathered into TFLite's DCR order.
    static func depthToSpace(_ n: inout ONNXNode) throws {
        let x = try n.type(0), b = try n.int("blocksize", 0)
        guard x.rank == 4, b > 0, let c = x.shape[1].value, c % (b * b) == 0 else {
            throw n.error("needs an NCHW input whose channels are a static multiple of blocksize² and a positive blocksize, got \(x), \(b)")
        }
        var nhwc = try n.toNHWC(try n.requiredInput(0))
        if try n.string("mode", "DCR") == "CRD" {
            let depth = c / (b * b)
            // DCR channel (i·b + j)·depth + k holds CRD channel k·b² + i·b + j.
            let order = (0..<c).map { dcr in Int64((dcr % depth) * b * b + dcr / depth) }
            let indices = n.constant(Tensor(shape: [c], values: order), "crd_to_dcr")
            nhwc = try n.emit("Gather", [nhwc, indices], ["axis": .int(3)])
        }
        try n.outputFromNHWC(try n.emit("DepthToSpace", [nhwc], ["blocksize": .int(b)]), rank: 4)
    }
}
