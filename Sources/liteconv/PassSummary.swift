import Foundation
import LiteConvert
import Passes

/// The per-pass report of a conversion: a short table for stderr and the --report JSON.
enum PassSummary {
    static func table(_ passes: [PassStats]) -> String {
        guard !passes.isEmpty else { return "" }
        let width = passes.map(\.id.count).max() ?? 0
        return passes.map { p in
            p.id.padding(toLength: width, withPad: " ", startingAt: 0)
                + String(format: "  ops %5d → %-5d  weights %@ → %@  %.3f s\n", p.nodesBefore, p.nodesAfter,
                         megabytes(p.bytesBefore), megabytes(p.bytesAfter), p.seconds)
        }.joined()
    }

    /// The pruning table: per layer its weights and sparsity before and after, or why it stayed dense.
    static func pruning(_ layers: [MagnitudePruning.Layer]) -> String {
        let width = max(layers.map(\.node.count).max() ?? 0, 5)
        let rows = layers.map { l in
            l.node.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + l.op.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(format: " %8d weights  sparsity %5.1f%% → %5.1f%%", l.weights,
                100 * Double(l.zerosBefore) / Double(max(l.weights, 1)), 100 * Double(l.zerosAfter) / Double(max(l.weights, 1)))
                + (l.skipped.map { "  (dense: \($0))" } ?? "") + "\n"
        }
        return "pruning:\n" + rows.joined()
    }

    /// The channel pruning table: per layer its channels, parameters and MACs before and after,
    /// or why it kept every channel; then the model's totals.
    static func channels(_ result: ChannelPruning.Result) -> String {
        let width = max(result.layers.map(\.node.count).max() ?? 0, 5)
        let rows = result.layers.map { l in
            l.node.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + l.op.padding(toLength: 14, withPad: " ", startingAt: 0)
                + String(format: " channels %5d → %-5d  parameters %9d → %-9d  MACs %11d → %d", l.channelsBefore, l.channelsAfter,
                         l.parametersBefore, l.parametersAfter, l.macsBefore, l.macsAfter)
                + (l.keptAll.map { "  (kept: \($0))" } ?? "") + "\n"
        }
        return "channel pruning:\n" + rows.joined()
            + String(format: "model: parameters %d → %d (%.1f%%), MACs %d → %d (%.1f%%)\n", result.parametersBefore, result.parametersAfter,
                     100 * Double(result.parametersAfter) / Double(max(result.parametersBefore, 1)), result.macsBefore, result.macsAfter,
                     100 * Double(result.macsAfter) / Double(max(result.macsBefore, 1)))
    }

    /// The sparse weights table: per tensor its form, bytes dense and sparse, and density.
    static func sparse(_ weights: [SparseWeight]) -> String {
        let width = max(weights.map(\.tensor.count).max() ?? 0, 6)
        let rows = weights.map { w in
            w.tensor.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + w.form.padding(toLength: 22, withPad: " ", startingAt: 0)
                + String(format: " %10d → %10d bytes  %5.1f%% stored\n", w.denseBytes, w.sparseBytes, 100 * w.density)
        }
        let saved = weights.reduce(0) { $0 + $1.denseBytes - $1.sparseBytes }
        return "sparse weights (\(saved) bytes saved):\n" + rows.joined()
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.2f MB", Double(bytes) / 1_000_000) }

    struct Report: Encodable {
        let input: String
        let output: String
        let inputOps: Int
        let outputOps: [String: Int]
        let outputBytes: Int
        let seconds: Double
        let passes: [PassStats]
        /// Nodes of a quantized model that stay float, each with the reason.
        let floatNodes: [String]
        let prunedLayers: [MagnitudePruning.Layer]
        let channelPruning: ChannelPruning.Result?
        let sparseWeights: [SparseWeight]
    }

    static func json(_ result: ConversionReport, input: String, output: String) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(Report(input: input, output: output, inputOps: result.inputOps, outputOps: result.outputOps,
                                         outputBytes: result.outputBytes, seconds: result.seconds, passes: result.passes,
                                         floatNodes: result.floatGroups, prunedLayers: result.prunedLayers,
                                         channelPruning: result.channelPruning, sparseWeights: result.sparseWeights))
    }
}
