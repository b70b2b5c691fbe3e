import LiteIR
import LiteOps

/// An ordered list of passes. Every pass leaves a type-checked graph behind it.
public struct Pipeline: Sendable {
    public static let available: [any GraphPass] = [
        ConstantFolding(), NoOpRemoval(), CommonSubexpressions(), TransposeSinking(), AffineFolding(), PadFusion(),
        FuseActivations(), DeadCodeElimination(),
    ]

    /// The default order, and why:
    /// 1. fold-constants first turns shape arithmetic and weight layout changes into constants;
    /// 2. remove-no-ops then drops the identities that exposes (same-shape Reshape, identity
    ///    Transpose, same-type Cast), which would otherwise stop transposes from sinking;
    /// 3. merge-common-subexpressions merges duplicated branches so their transposes cancel once;
    /// 4. sink-transposes cancels the NCHW↔NHWC transposes the importers put around layout-bound
    ///    ops (activations must still be separate ops to be sunk through);
    /// 5. fold-constants again absorbs transposes that reached constants, and remove-no-ops the
    ///    identity transposes composition leaves;
    /// 6. fold-affine needs per-channel constants along the last (NHWC) axis, so it follows
    ///    sinking, and precedes fuse-activations because BatchNormalization's Add sits between a
    ///    convolution and its activation;
    /// 7. fuse-pads after fold-affine (a Pad is never between a layer and its BatchNormalization,
    ///    but the order keeps each pass's input simple), fuse-activations once producers sit next
    ///    to their activations, dead code last.
    public static let defaultIDs = [
        "fold-constants", "remove-no-ops", "merge-common-subexpressions", "sink-transposes", "fold-constants", "remove-no-ops",
        "fold-affine", "fuse-pads", "fuse-activations", "remove-dead-code",
    ]

    public let passes: [any GraphPass]

    /// A pipeline of the given pass ids; throws on an unknown id.
    public init(ids: [String] = Pipeline.defaultIDs) throws {
        passes = try ids.map { id in
            guard let pass = Pipeline.available.first(where: { $0.id == id }) else {
                throw GraphError.invalidGraph(reason: "unknown pass '\(id)'; available: \(Pipeline.available.map(\.id).joined(separator: ", "))")
            }
            return pass
        }
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
