import ArgumentParser
import Foundation
import LiteConvert
import NumPyIO

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the original and the converted model with the interpreter and compare every output.",
        discussion: "Exit code 1 when any output differs beyond the tolerances.")

    @Argument(help: "The original model (.onnx or Keras .h5).") var original: String
    @Argument(help: "The converted model (.tflite).") var converted: String
    @Option(help: "Input arrays (.npz). Without it, random inputs are used.") var inputs: String?
    @Option(help: "Number of random input sets when no --inputs is given.") var samples = 3
    @Option(help: "Reference outputs (.npz) for --inputs, e.g. the source framework's; the converted model must match them too.")
    var expected: String?
    @OptionGroup var keras: KerasConfigOption
    @OptionGroup var memory: MemoryOption
    @Option(help: "Absolute tolerance.") var atol = 1e-5
    @Option(help: "Relative tolerance.") var rtol = 1e-4
    @Option(help: ArgumentHelp("Pass on SQNR instead of the tolerances: every output at least this many dB (for quantized files).",
                               valueName: "dB")) var minSqnr: Double?
    @Flag(help: ArgumentHelp("Also compare every intermediate tensor the two models share by name (SQNR, max error, cosine), in graph order and worst first, marking the first tensor whose SQNR falls below the threshold (--min-sqnr, else 30 dB for quantized files, 80 dB for float).",
                             discussion: "The first tensor that diverges is where the accuracy goes, or where a conversion bug is."))
    var perLayer = false
    @OptionGroup var engineOptions: EngineOptions
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if expected != nil && inputs == nil { throw ValidationError("--expected needs --inputs") }
        guard samples > 0 else { throw ValidationError("--samples must be positive") }
        guard atol >= 0, rtol >= 0 else { throw ValidationError("tolerances must not be negative") }
    }

    func run() throws {
        var report: VerificationReport?
        try reportingErrors {
            memory.apply()
            let originalGraph = try LiteConvert.load(URL(fileURLWithPath: original), config: keras.url)
            let convertedGraph = try LiteConvert.load(URL(fileURLWithPath: converted))
            let inputSets = try inputs.map { [try NumPy.readNPZ(url: URL(fileURLWithPath: $0))] }
                ?? (0..<samples).map { LiteConvert.randomInputs(for: originalGraph, seed: UInt64($0) + 1) }
            let reference = try expected.map { try NumPy.readNPZ(url: URL(fileURLWithPath: $0)) }
            report = try LiteConvert.verify(original: originalGraph, converted: convertedGraph, inputSets: inputSets,
                                            expected: reference, atol: atol, rtol: rtol, minSQNR: minSqnr,
                                            perLayer: perLayer, engine: engineOptions.engine, threads: engineOptions.threads)
        }
        guard let report else { return }
        if json {
            try printJSON(report)
        } else {
            if let layers = report.layers { printLayers(layers) }
            print("output                          max abs err   max rel err   cosine     SQNR dB    top-1   result")
            let rows = report.outputs.map { ($0, $0.name) } + report.againstExpected.map { ($0, "\($0.name) (vs expected)") }
            for (o, label) in rows {
                print(String(format: "%@ %12.3e  %12.3e  %9.6f  %@  %@   %@", label.padding(toLength: 30, withPad: " ", startingAt: 0),
                             o.maxAbsoluteError, o.maxRelativeError, o.cosineSimilarity, rightAligned(decibels(o.sqnrDB), 8),
                             rightAligned(o.top1Agreement.map { String(format: "%.1f%%", $0 * 100) } ?? "", 6), o.passed ? "pass" : "FAIL"))
            }
        }
        if !report.passed { throw ExitCode(1) }
    }
}

/// A SQNR for the tables: "exact" when there is no error.
private func decibels(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "exact" }

private func rightAligned(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(width - text.count, 0)) + text }

/// The per-layer tables: graph order with the first divergent tensor marked, then worst first.
private func printLayers(_ layers: LayerReport) {
    func row(_ t: TensorComparison) -> String {
        String(format: "  %@ %@ %@ %@  %12.3e  %9.6f%@", t.name.padding(toLength: 40, withPad: " ", startingAt: 0),
               t.op.padding(toLength: 16, withPad: " ", startingAt: 0), rightAligned(decibels(t.sqnrDB), 8),
               rightAligned(t.dropDB.map { String(format: "%.2f", $0) } ?? "", 8),
               t.maxAbsoluteError, t.cosineSimilarity,
               t.name == layers.firstDivergent ? "  <- first below \(layers.thresholdDB) dB" : t.crossesThreshold ? "  <- below \(layers.thresholdDB) dB" : "")
    }
    let header = "  tensor                                   op               SQNR dB     drop   max abs err     cosine"
    let reshaped = layers.reshaped > 0 ? ", \(layers.reshaped) of another shape (pruned channels)" : ""
    print("per-layer, in graph order (\(layers.tensors.count) tensors compared, \(layers.unmatched) fused away\(reshaped)):")
    print(header)
    layers.tensors.forEach { print(row($0)) }
    let byName = Dictionary(layers.tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    print("\nper-layer, worst first:")
    print(header)
    layers.worstFirst.compactMap { byName[$0] }.forEach { print(row($0)) }
    print(layers.firstDivergent.map { "\nfirst tensor below \(layers.thresholdDB) dB SQNR: \($0)\n" } ?? "\nno tensor below \(layers.thresholdDB) dB SQNR\n")
}
