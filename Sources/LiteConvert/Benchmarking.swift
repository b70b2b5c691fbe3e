import Foundation
import FastKernels
import Interpreter
import LiteIR
#if canImport(Glibc)
import Glibc
#endif

/// How `benchmark` runs a model.
public struct BenchmarkOptions: Sendable {
    /// Timed runs after the first run and the warm-up.
    public var runs: Int
    /// Untimed runs after the first run.
    public var warmup: Int
    public var engine: Engine
    public var threads: Int
    /// Concrete input shapes by input name; other inputs take their declared shape with
    /// symbolic dims set to 1.
    public var shapes: [String: [Int]]
    /// The JSON model config of a weights-only Keras .h5.
    public var kerasConfig: URL?
    /// Also time each node in one more run and report the time per operator.
    public var opProfile: Bool

    public init(runs: Int = 20, warmup: Int = 1, engine: Engine = .fast, threads: Int = Interpreter.defaultThreads,
                shapes: [String: [Int]] = [:], kerasConfig: URL? = nil, opProfile: Bool = false) {
        self.runs = runs
        self.warmup = warmup
        self.engine = engine
        self.threads = threads
        self.shapes = shapes
        self.kerasConfig = kerasConfig
        self.opProfile = opProfile
    }
}

/// What `benchmark` measured, in the spirit of TFLite's `benchmark_model`.
public struct BenchmarkReport: Codable, Sendable {
    /// Per-run latency over the timed runs, in milliseconds.
    public struct Latency: Codable, Sendable {
        public var min: Double
        public var median: Double
        public var max: Double
    }

    public var model: String
    public var engine: String
    public var threads: Int
    public var runs: Int
    /// Reading the file into a graph and preparing the interpreter (validation, plan, constant
    /// dequantization).
    public var loadMilliseconds: Double
    public var firstRunMilliseconds: Double
    public var latency: Latency
    /// The process's peak resident set size so far.
    public var peakRSSBytes: Int
    /// The input shapes the runs used, by input name.
    public var inputShapes: [String: [Int]]
    /// The BLAS under the fast engine's matrix products.
    public var gemmLibrary: String
    /// With `opProfile`: the time per IR operator in one profiled run, slowest first.
    public var opProfile: [OperatorTime]?

    /// One operator's share of a run.
    public struct OperatorTime: Codable, Sendable {
        public var op: String
        public var nodes: Int
        public var milliseconds: Double
    }

    enum CodingKeys: String, CodingKey {
        case model, engine, threads, runs
        case loadMilliseconds = "load_ms", firstRunMilliseconds = "first_run_ms", latency = "latency_ms"
        case peakRSSBytes = "peak_rss_bytes", inputShapes = "input_shapes", gemmLibrary = "gemm_library", opProfile = "op_profile"
    }
}

extension LiteConvert {
    /// Loads a model (.onnx, .h5 or .tflite), runs it once, then `warmup` and `runs` more times
    /// on seeded random inputs, and reports the times and the peak memory.
    public static func benchmark(_ url: URL, options: BenchmarkOptions) throws -> BenchmarkReport {
        guard options.runs > 0, options.warmup >= 0, options.threads > 0 else {
            throw LiteConvertError.badInput("benchmark needs runs > 0, warmup >= 0 and threads > 0")
        }
        let loadStart = ContinuousClock.now
        let graph = try load(url, config: options.kerasConfig)
        let interpreter = try Interpreter(graph: graph, engine: options.engine, threads: options.threads)
        let loadTime = ContinuousClock.now - loadStart
        let inputs = try bind(try benchmarkInputs(for: graph, shapes: options.shapes, model: url.path), to: graph)

        func timedRun() throws -> Double {
            let start = ContinuousClock.now
            _ = try interpreter.run(inputs)
            return (ContinuousClock.now - start).milliseconds
        }
        let firstRun = try timedRun()
        for _ in 0..<options.warmup { _ = try timedRun() }
        let latencies = try (0..<options.runs).map { _ in try timedRun() }.sorted()
        var profile: [String: BenchmarkReport.OperatorTime]?
        if options.opProfile {
            var byOp: [String: BenchmarkReport.OperatorTime] = [:]
            _ = try interpreter.run(inputs) { node, time in
                byOp[node.op, default: .init(op: node.op, nodes: 0, milliseconds: 0)].nodes += 1
                byOp[node.op]?.milliseconds += time.milliseconds
            }
            profile = byOp
        }
        return BenchmarkReport(
            model: url.path, engine: interpreter.engine.rawValue, threads: options.threads, runs: options.runs,
            loadMilliseconds: loadTime.milliseconds, firstRunMilliseconds: firstRun,
            latency: .init(min: latencies[0], median: median(latencies), max: latencies[latencies.count - 1]),
            peakRSSBytes: peakResidentBytes(),
            inputShapes: Dictionary(uniqueKeysWithValues: inputs.map { ($0.key, $0.value.shape) }),
            gemmLibrary: interpreter.engine == .fast ? GEMM.libraryDescription : "none (reference kernels)",
            opProfile: profile?.values.sorted { ($0.milliseconds, $1.op) > ($1.milliseconds, $0.op) })
    }

    /// Seeded random inputs of the declared shapes, symbolic dims set to 1, except where
    /// `shapes` names the input; a named shape must fit the declared rank and fixed dims.
    static func benchmarkInputs(for graph: Graph, shapes: [String: [Int]], model: String) throws -> [NamedTensor] {
        if let unknown = shapes.keys.sorted().first(where: { !graph.inputs.contains($0) }) {
            throw LiteConvertError.badInput("\(model): --shape names '\(unknown)', which is not an input (inputs: \(graph.inputs.joined(separator: ", ")))")
        }
        var concrete = graph
        for (name, shape) in shapes {
            guard let declared = concrete.types[name] else { continue }
            let fits = shape.count == declared.rank && shape.allSatisfy { $0 > 0 }
                && zip(shape, declared.shape).allSatisfy { $1.value == nil || $1.value == $0 }
            guard fits, checkedElementCount(shape) != nil else {
                throw LiteConvertError.badInput("\(model): --shape \(name)=\(shape) does not fit the input's declared shape \(declared)")
            }
            concrete.types[name] = TensorType(declared.dtype, fixed: shape)
        }
        return randomInputs(for: concrete, seed: 1, batch: 1)
    }

    private static func median(_ sorted: [Double]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The peak resident set size of this process (Linux reports kilobytes, macOS bytes).
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return usage.ru_maxrss * 1024
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return usage.ru_maxrss
        #endif
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
