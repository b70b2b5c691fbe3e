import ArgumentParser
import Foundation
import LiteConvert

struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time a model in the interpreter: load, first run, then per-run latency and peak memory.",
        discussion: "Inputs are seeded random arrays of the model's input types; symbolic dims are 1 unless --shape sets them.")

    @Argument(help: "The model (.onnx, Keras .h5 or .tflite).") var model: String
    @OptionGroup var keras: KerasConfigOption
    @OptionGroup var memory: MemoryOption
    @OptionGroup var engineOptions: EngineOptions
    @Option(help: "Timed runs.") var runs = 20
    @Option(help: "Untimed runs after the first run.") var warmup = 1
    @Option(help: "An input's shape, as name=1x224x224x3 (repeatable).") var shape: [String] = []
    @Flag(help: "Also time every node in one more run and list the time per operator.") var opProfile = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard runs > 0 else { throw ValidationError("--runs must be positive") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        _ = try shapes()
    }

    /// `--shape` values by input name.
    func shapes() throws -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        for item in shape {
            guard let equals = item.lastIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("--shape \(item): expected name=1x224x224x3")
            }
            let dims = item[item.index(after: equals)...].split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
            guard !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw ValidationError("--shape \(item): dims must be positive integers separated by x")
            }
            shapes[String(item[..<equals])] = dims.compactMap { $0 }
        }
        return shapes
    }

    func run() throws {
        try reportingErrors {
            memory.apply()
            let options = BenchmarkOptions(runs: runs, warmup: warmup, engine: engineOptions.engine, threads: engineOptions.threads,
                                           shapes: try shapes(), kerasConfig: keras.url, opProfile: opProfile)
            let report = try LiteConvert.benchmark(URL(fileURLWithPath: model), options: options)
            if json {
                try printJSON(report)
                return
            }
            print(report.model)
            for (name, shape) in report.inputShapes.sorted(by: { $0.key < $1.key }) {
                print("  input \(name) [\(shape.map(String.init).joined(separator: "x"))]")
            }
            print("gemm \(report.gemmLibrary)")
            print("engine \(report.engine), \(report.threads) thread\(report.threads == 1 ? "" : "s"), \(report.runs) runs")
            print(String(format: "load          %10.2f ms", report.loadMilliseconds))
            print(String(format: "first run     %10.2f ms", report.firstRunMilliseconds))
            print(String(format: "latency       %10.2f ms min  %.2f ms median  %.2f ms max",
                         report.latency.min, report.latency.median, report.latency.max))
            print(String(format: "peak RSS      %10.1f MB", Double(report.peakRSSBytes) / 1_048_576))
            if let profile = report.opProfile {
                let total = profile.reduce(0) { $0 + $1.milliseconds }
                print("operator                    nodes         ms       %")
                for entry in profile {
                    print(String(format: "%@ %6d %10.2f  %6.1f", entry.op.padding(toLength: 26, withPad: " ", startingAt: 0),
                                 entry.nodes, entry.milliseconds, total > 0 ? 100 * entry.milliseconds / total : 0))
                }
            }
        }
    }
}
