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
    @Option(help: "Absolute tolerance.") var atol = 1e-5
    @Option(help: "Relative tolerance.") var rtol = 1e-4
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
            let originalGraph = try LiteConvert.load(URL(fileURLWithPath: original), config: keras.url)
            let convertedGraph = try LiteConvert.load(URL(fileURLWithPath: converted))
            let inputSets = try inputs.map { [try NumPy.readNPZ(url: URL(fileURLWithPath: $0))] }
                ?? (0..<samples).map { LiteConvert.randomInputs(for: originalGraph, seed: UInt64($0) + 1) }
            let reference = try expected.map { try NumPy.readNPZ(url: URL(fileURLWithPath: $0)) }
            report = try LiteConvert.verify(original: originalGraph, converted: convertedGraph, inputSets: inputSets,
                                            expected: reference, atol: atol, rtol: rtol,
                                            engine: engineOptions.engine, threads: engineOptions.threads)
        }
        guard let report else { return }
        if json {
            try printJSON(report)
        } else {
            print("output                          max abs err   max rel err   cosine     result")
            let rows = report.outputs.map { ($0, $0.name) } + report.againstExpected.map { ($0, "\($0.name) (vs expected)") }
            for (o, label) in rows {
                print(String(format: "%@ %12.3e  %12.3e  %9.6f  %@", label.padding(toLength: 30, withPad: " ", startingAt: 0),
                             o.maxAbsoluteError, o.maxRelativeError, o.cosineSimilarity, o.passed ? "pass" : "FAIL"))
            }
        }
        if !report.passed { throw ExitCode(1) }
    }
}
