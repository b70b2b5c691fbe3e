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
    }

    static func json(_ result: ConversionReport, input: String, output: String) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(Report(input: input, output: output, inputOps: result.inputOps, outputOps: result.outputOps,
                                         outputBytes: result.outputBytes, seconds: result.seconds, passes: result.passes,
                                         floatNodes: result.floatGroups))
    }
}
