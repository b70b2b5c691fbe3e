import LiteIR
import LiteOps

/// An ordered list of passes. Every pass leaves a type-checked graph behind it.
public struct Pipeline: Sendable {
    public static let available: [any GraphPass] = [
        ConstantFolding(), DeadCodeElimination(), TransposeSinking(), FuseActivations(),
    ]

    /// The default order. Folding first turns shape arithmetic and weight layout changes into
    /// constants; sinking then cancels the NCHW↔NHWC transposes the importers put around
    /// layout-bound ops (activations between them must still be separate ops to be sunk through);
    /// folding again absorbs transposes that reached constants; activations fuse once the
    /// producers sit next to them; dead code last.
    public static let defaultIDs = ["fold-constants", "sink-transposes", "fold-constants", "fuse-activations", "remove-dead-code"]

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
