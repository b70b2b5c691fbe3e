import LiteIR
import LiteOps

/// An ordered list of passes. Every pass leaves a type-checked graph behind it.
public struct Pipeline: Sendable {
    public static let available: [any GraphPass] = [
        BoundaryLayout(), ConstantFolding(), NoOpRemoval(), CommonSubexpressions(), ShufflesToGather(), TransposeSinking(), ArithmeticSimplification(), NormalizationFusion(),
        ActivationPatterns(), FullyConnectedFormation(), AffineFolding(), ChannelGatherFolding(), ReductionFusion(), PadFusion(), FuseActivations(), QuantizedOpFusion(), DeadCodeElimination(),
    ]

    /// The default order, and why:
    /// 1. fold-constants first turns shape arithmetic and weight layout changes into constants;
    /// 2. remove-no-ops then drops the identities that exposes (same-shape Reshape, identity
    ///    Transpose, same-type Cast), which would otherwise stop transposes from sinking;
    /// 3. merge-common-subexpressions merges duplicated branches so their transposes cancel once;
    /// 4. shuffles-to-gather turns channel shuffles (5-D transposes no layout change removes)
    ///    into Gathers, which sink like any axis op;
    /// 5. sink-transposes cancels the NCHW↔NHWC transposes the importers put around layout-bound
    ///    ops (activations must still be separate ops to be sunk through);
    /// 6. fold-constants again absorbs transposes that reached constants, and remove-no-ops the
    ///    identity transposes composition leaves;
    /// 7. simplify-arithmetic turns divisions by constants into the multiplications fold-affine
    ///    folds and squares/roots into the spelling fuse-normalizations reads; fuse-activation-patterns then recognizes activations spelled out in elementwise
    ///    ops — before fold-affine, which would otherwise fold their constant factors (GELU's
    ///    ·0.5) into the layer after them;
    /// 8. form-fully-connected before fold-affine, so bias adds after a MatMul fold into it;
    /// 9. fold-affine needs per-channel constants along the last (NHWC) axis, so it follows
    ///    sinking, and precedes fuse-activations because BatchNormalization's Mul and Add sit
    ///    between a convolution and its activation;
    /// 10. fold-channel-gathers once layers are NHWC (their channels the last axis);
    ///    fuse-reductions after sinking (the pools and reductions are NHWC by then), fuse-pads,
    ///    fuse-activations once producers sit next to their activations;
    /// 11. fuse-quantized-ops last, on the float ops as the passes left them (activations fused,
    ///    transposes cancelled through the per-tensor Quantize/Dequantize), dead code after it.
    public static let defaultIDs = [
        "fold-constants", "remove-no-ops", "merge-common-subexpressions", "shuffles-to-gather", "sink-transposes", "fold-constants",
        "remove-no-ops", "simplify-arithmetic", "fuse-normalizations", "fuse-activation-patterns", "form-fully-connected", "fold-affine", "fold-channel-gathers", "fuse-reductions", "fuse-pads",
        "fuse-activations", "fuse-quantized-ops", "remove-dead-code",
    ]

    public let passes: [any GraphPass]

    /// A pipeline of the given pass ids for graphs written by `target`; throws on an unknown id.
    public init(ids: [String] = Pipeline.defaultIDs, target: any LoweringTarget) throws {
        passes = try ids.map { id in
            guard let pass = Pipeline.available.first(where: { $0.id == id }) else {
                throw GraphError.invalidGraph(reason: "unknown pass '\(id)'; available: \(Pipeline.available.map(\.id).joined(separator: ", "))")
            }
            return Self.retargeted(pass, target)
        }
    }

    private static func retargeted(_ pass: any GraphPass, _ target: any LoweringTarget) -> any GraphPass {
        func retarget<P: TargetedPass>(_ pass: P) -> any GraphPass { pass.targeting(target) }
        return (pass as? any TargetedPass).map { retarget($0) } ?? pass
    }

    /// Runs every pass in order, re-inferring types after each.
    public func run(on graph: inout Graph) throws -> [PassStats] {
        var stats: [PassStats] = []
        for pass in passes {
            stats.append(try pass.run(on: &graph))
            try TypeInference.run(&graph)
        }
        return stats
    }
}
