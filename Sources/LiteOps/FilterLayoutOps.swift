import LiteIR

/// Convolutions with their filter in TFLite's layout, which the TFLite lowering produces so that
/// each maps to one builtin as is (the filter transpose folds into the constant weights):
///
/// - `DepthwiseConv2D`: NHWC input with C channels, filter `[1, KH, KW, C·M]`, optional bias —
///   `Conv2D` with `group` = C of the filter moved to `[C·M, KH, KW, 1]`.
/// - `Conv3DDHWIO`: NDHWC input, filter `[KD, KH, KW, C, O]`, optional bias — `Conv3D` (no
///   groups) of the filter moved to `[O, KD, KH, KW, C]`.
///
/// Attributes as their base op's (strides, dilations, pads, activation).
public enum FilterLayout {
    /// The permutation from depthwise `[1, KH, KW, O]` to Conv2D's `[O, KH, KW, 1]` (its own inverse).
    public static let depthwiseToConv2D = [3, 1, 2, 0]
    /// From CONV_3D's `[KD, KH, KW, C, O]` to Conv3D's `[O, KD, KH, KW, C]`, and back.
    public static let dhwioToConv3D = [4, 0, 1, 2, 3], conv3DToDHWIO = [1, 2, 3, 4, 0]

    /// An op computing `base` on its filter (input 1) permuted by `perm`, with `group` from
    /// `group(node, input)` (nil: no groups).
    static func variant(_ name: String, of base: OpSpec, perm: [Int], group: @escaping @Sendable (Node, TensorType) throws -> Int?) -> OpSpec {
        @Sendable func baseNode(_ node: Node, input: TensorType) throws -> Node {
            var rewritten = node
            rewritten.op = base.name
            if let g = try group(node, input) { rewritten.attributes["group"] = .int(g) }
            return rewritten
        }
        return OpSpec(name, OpTraits(.layoutBound), infer: { ctx in
            let x = try ctx.input(0), w = try ctx.input(1)
            guard w.rank == perm.count else { throw ctx.node.error("expects a \(perm.count)-D filter, got \(w)") }
            var types = ctx.inputTypes
            types[1] = TensorType(w.dtype, perm.map { w.shape[$0] })
            var constants = ctx.constantInputs
            if constants.count > 1 { constants[1] = nil }
            return try base.infer(InferenceContext(node: try baseNode(ctx.node, input: x), inputTypes: types, constantInputs: constants))
        }, evaluate: { node, inputs in
            let x = try inputs.required(0, node), w = try inputs.required(1, node)
            var moved = inputs
            moved[1] = try OpRegistry.evaluate("Transpose", [w], ["perm": .ints(perm)])
            let typeOfX = TensorType(x.dtype, x.shape.map { .fixed($0) })
            return try base.evaluate(try baseNode(node, input: typeOfX), moved)
        })
    }

    static let ops: [OpSpec] = [
        variant("DepthwiseConv2D", of: conv2D, perm: depthwiseToConv2D) { node, x in
            guard x.rank == 4, let channels = x.shape[3].value else {
                throw node.error("expects an NHWC input with a static channel count, got \(x)")
            }
            return channels
        },
        variant("Conv3DDHWIO", of: conv3D, perm: dhwioToConv3D) { _, _ in nil },
    ]
}
