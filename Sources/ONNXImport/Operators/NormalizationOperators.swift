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
        let y = try standardize(&n, try n.requiredInput(0), axes: Array(2..<x.rank), epsilon: try n.node.float("epsilon", 1e-5), dtype: x.dtype)
        let scaled = try n.emit("Mul", [y, try channelParameter(&n, 1, rank: x.rank)])
        try n.emitOutput("Add", [scaled, try channelParameter(&n, 2, rank: x.rank)])
    }

    /// Opset 21 semantics: statistics per group of channels, scale and bias per channel.
    static func groupNormalization(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        guard n.opset >= 21 else { throw n.error("GroupNormalization before opset 21 (per-group scale) is not supported") }
        let groups = try n.node.int("num_groups", 0)
        guard x.rank >= 3, let channels = x.shape[1].value, groups > 0, channels % groups == 0,
              x.shape.dropFirst().allSatisfy({ $0.value != nil }) else {
            throw n.error("needs static C divisible by num_groups \(groups), got \(x)")
        }
        let grouped = try n.emit("Reshape", [try n.requiredInput(0)], ["shape": .ints([-1, groups, x.shape.dropFirst().compactMap(\.value).reduce(1, *) / groups])])
        let y = try standardize(&n, grouped, axes: [2], epsilon: try n.node.float("epsilon", 1e-5), dtype: x.dtype)
        let restored = try n.emit("Reshape", [y], ["shape": .ints([-1] + x.shape.dropFirst().compactMap(\.value))])
        let scaled = try n.emit("Mul", [restored, try channelParameter(&n, 1, rank: x.rank)])
        try n.emitOutput("Add", [scaled, try channelParameter(&n, 2, rank: x.rank)])
    }

    /// x / ‖x‖ₚ along `axis` (p = 1 or 2).
    static func lpNormalization(_ n: inout ONNXNode) throws {
        let x = try n.requiredInput(0)
        let p = try n.node.int("p", 2)
        let attributes: [String: Attribute] = ["axes": .ints([try n.node.int("axis", -1)]), "keepdims": .int(1)]
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
        let attributes: [String: Attribute] = ["axes": .ints(try n.node.ints("axes", [0, 2, 3])), "keepdims": .int(1)]
        let mean = try n.emit("ReduceMean", [x], attributes)
        let variance = try n.emit("Sub", [try n.emit("ReduceMean", [try n.emit("Mul", [x, x])], attributes), try n.emit("Mul", [mean, mean])])
        let eps = n.constant(Tensor.fromFloats([1e-9], shape: [], dtype: try n.type(0).dtype), "epsilon")
        try n.emitOutput("Div", [try n.emit("Sub", [x, mean]), try n.emit("Sqrt", [try n.emit("Add", [variance, eps])])])
    }

    /// NCHW with blocks of b×b pixels moved into channels: out channel = (by·b + bx)·C + c.
    static func spaceToDepth(_ n: inout ONNXNode) throws {
        let (c, h, w, b) = try blockGeometry(&n)
        guard h % b == 0, w % b == 0 else { throw n.error("H and W must be multiples of blocksize \(b)") }
        let split = try n.emit("Reshape", [try n.requiredInput(0)], ["shape": .ints([-1, c, h / b, b, w / b, b])])
        let moved = try n.emit("Transpose", [split], ["perm": .ints([0, 3, 5, 1, 2, 4])])
        try n.emitOutput("Reshape", [moved], ["shape": .ints([-1, c * b * b, h / b, w / b])])
    }

    /// The inverse move, in DCR (depth-column-row, default) or CRD order.
    static func depthToSpace(_ n: inout ONNXNode) throws {
        let (c, h, w, b) = try blockGeometry(&n)
        guard c % (b * b) == 0 else { throw n.error("C must be a multiple of blocksize² (\(b * b))") }
        let dcr = try n.node.string("mode", "DCR") == "DCR"
        let shape = dcr ? [-1, b, b, c / (b * b), h, w] : [-1, c / (b * b), b, b, h, w]
        let split = try n.emit("Reshape", [try n.requiredInput(0)], ["shape": .ints(shape)])
        let moved = try n.emit("Transpose", [split], ["perm": .ints(dcr ? [0, 3, 4, 1, 5, 2] : [0, 1, 4, 2, 5, 3])])
        try n.emitOutput("Reshape", [moved], ["shape": .ints([-1, c / (b * b), h * b, w * b])])
    }

    private static func blockGeometry(_ n: inout ONNXNode) throws -> (Int, Int, Int, Int) {
        let x = try n.type(0)
        let b = try n.node.int("blocksize", 0)
        guard x.rank == 4, let c = x.shape[1].value, let h = x.shape[2].value, let w = x.shape[3].value, b > 0 else {
            throw n.error("needs a static NCHW input and a positive blocksize, got \(x)")
        }
        return (c, h, w, b)
    }
}
