import Foundation

/// The graph inputs and outputs whose layout differs from the source model's: `--nhwc-io`
/// stores them NHWC where the source has them NCHW. Recorded once, by the pass that changes the
/// boundary, in the graph's metadata (and so in a written .tflite), so that running and
/// verifying never guess a layout from shapes (which cannot tell when C = H = W).
public struct BoundaryLayouts: Codable, Equatable, Sendable {
    /// The metadata key (also the name of the .tflite metadata entry).
    public static let metadataKey = "liteconvert_io_layout"

    /// Inputs and outputs stored NHWC whose source model has them NCHW.
    public var nhwcFromNCHW: [String]

    public init(nhwcFromNCHW: [String]) { self.nhwcFromNCHW = nhwcFromNCHW }

    /// The layouts a graph records; none changed when it records nothing.
    public init(of graph: Graph) throws {
        guard let text = graph.metadata[Self.metadataKey] else {
            self.init(nhwcFromNCHW: [])
            return
        }
        do {
            self = try JSONDecoder().decode(BoundaryLayouts.self, from: Data(text.utf8))
        } catch {
            throw GraphError.invalidGraph(reason: "metadata '\(Self.metadataKey)' is not a layout record: \(text.prefix(200))")
        }
    }

    /// Stores the record in the graph's metadata.
    public func record(in graph: inout Graph) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        graph.metadata[Self.metadataKey] = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The permutation from the source's layout to the stored one, for a value that changed.
    public static let toStored = [0, 2, 3, 1]
    /// The permutation back to the source's layout.
    public static let toSource = [0, 3, 1, 2]
}
