import Foundation
import LiteIR
import LiteOps

/// One intermediate tensor of the original model beside its counterpart in the converted file.
public struct TensorComparison: Codable, Sendable {
    /// The value's name in the original model, and the op that computes it there.
    public var name: String
    public var op: String
    /// The tensor of the converted file it was compared with (dequantized when quantized).
    public var convertedName: String
    /// Signal-to-quantization-noise ratio in dB over every input set (nil: identical).
    public var sqnrDB: Double?
    public var maxAbsoluteError: Double
    public var cosineSimilarity: Double
    /// The SQNR lost against the worst compared tensor it is computed from (nil when those are
    /// identical to the original or it has none).
    public var dropDB: Double?
    /// Whether its SQNR is below the threshold while every compared tensor it is computed from
    /// is at or above it: the error enters here.
    public var crossesThreshold: Bool
}

/// `verify --per-layer`: every intermediate tensor the two models share, in the original's graph
/// order, with the first one where the error crosses the threshold.
public struct LayerReport: Codable, Sendable {
    /// The SQNR (dB) below which a tensor counts as diverged: `--min-sqnr`, else 30 dB for files
    /// with quantized or float16 tensors and 80 dB for float32 files.
    public var thresholdDB: Double
    public var tensors: [TensorComparison]
    /// The same tensors' names, lowest SQNR first.
    public var worstFirst: [String]
    /// The first tensor in graph order that crosses the threshold.
    public var firstDivergent: String?
    /// Float values of the original with no counterpart in the converted file (fused away).
    public var unmatched: Int
    /// Float values whose counterpart has another shape (channels pruned away), not compared.
    public var reshaped: Int
}

/// Pairs the original model's values with the converted file's tensors by name and accumulates
/// their differences. The converted file keeps the original names, with suffixes where passes
/// re-emit a value: `_nhwc` (the value in channels-last layout, ``TransposeSinking``), `/float`,
/// `/int8`, `/int16`, `/dequantized`, `/quantized` (quantization), each possibly numbered `_N`.
struct LayerComparison {
    /// The models with every compared value as an extra output.
    let originalProbe: Graph
    let convertedProbe: Graph
    private let original: Graph
    private let converted: Graph
    /// Original value → converted tensor, and whether the name says it is channels-last.
    private let pairs: [String: (converted: String, channelsLast: Bool)]
    private var statistics: [String: ErrorStatistics] = [:]
    private var layoutMismatches: Set<String> = []

    init(original: Graph, converted: Graph) throws {
        self.original = original
        self.converted = converted
        let values = original.inputs + original.nodes.flatMap(\.outputs)
        let floatValues = Set(values.filter { !$0.isEmpty && original.types[$0]?.dtype.isFloatingPoint == true })
        var pairs: [String: (converted: String, channelsLast: Bool)] = [:]
        let candidates = converted.inputs + converted.nodes.flatMap(\.outputs).filter { !$0.isEmpty }
        for name in candidates where floatValues.contains(name) { pairs[name] = (name, false) }
        for name in candidates {
            guard let (source, channelsLast) = Self.sourceName(of: name, in: floatValues), pairs[source] == nil else { continue }
            pairs[source] = (name, channelsLast)
        }
        self.pairs = pairs
        var originalProbe = original
        originalProbe.outputs += floatValues.filter { pairs[$0] != nil && !original.outputs.contains($0) }.sorted()
        var convertedProbe = converted
        convertedProbe.outputs += pairs.values.map(\.converted).filter { !converted.outputs.contains($0) }.sorted()
        self.originalProbe = originalProbe
        self.convertedProbe = convertedProbe
    }

    /// The original value a converted tensor's name stands for, by stripping the passes' suffixes.
    static func sourceName(of name: String, in values: Set<String>) -> (String, channelsLast: Bool)? {
        let suffixes = ["_nhwc", "/float", "/int8", "/int16", "/dequantized", "/quantized"]
        var candidate = name
        var channelsLast = false
        while !values.contains(candidate) {
            var stripped = candidate
            if let underscore = stripped.lastIndex(of: "_"), stripped[stripped.index(after: underscore)...].allSatisfy(\.isNumber),
               stripped.index(after: underscore) < stripped.endIndex {
                stripped = String(stripped[..<underscore])
            }
            guard let suffix = suffixes.first(where: { stripped.hasSuffix($0) }) else { return nil }
            if suffix == "_nhwc" { channelsLast = true }
            candidate = String(stripped.dropLast(suffix.count))
        }
        return candidate == name ? nil : (candidate, channelsLast)
    }

    /// Adds one input set's values of both models (the probes' outputs by name).
    mutating func add(original values: [String: Tensor], converted results: [String: Tensor]) throws {
        for (name, pair) in pairs {
            guard let reference = values[name], var candidate = results[pair.converted] else { continue }
            if let quantization = converted.types[pair.converted]?.quantization, !candidate.dtype.isFloatingPoint {
                let dequantize = Node(name: "", op: "Dequantize", inputs: [""], outputs: [""], attributes: quantization.attributes)
                candidate = try OpRegistry.evaluate(dequantize, [candidate])[0]
            }
            guard let aligned = try Self.align(candidate, to: reference.shape, channelsLast: pair.channelsLast) else {
                layoutMismatches.insert(name)
                continue
            }
            statistics[name, default: ErrorStatistics()].add(reference, aligned.converted(to: .float32))
        }
    }

    /// `tensor` in the layout of `shape`: as it is, or moved from channels-last to channels-first.
    private static func align(_ tensor: Tensor, to shape: [Int], channelsLast: Bool) throws -> Tensor? {
        let rank = shape.count
        let toChannelsFirst = rank >= 3 ? [0, rank - 1] + Array(1..<(rank - 1)) : nil
        let fromChannelsFirst = toChannelsFirst.map { perm in perm.indices.map { i in perm.firstIndex(of: i)! } }
        let permutedFits = fromChannelsFirst.map { perm in perm.map { shape[$0] } == tensor.shape } ?? false
        if channelsLast && permutedFits, let perm = toChannelsFirst { return try LiteConvert.transpose(tensor, perm) }
        if tensor.shape == shape { return tensor }
        if permutedFits, let perm = toChannelsFirst { return try LiteConvert.transpose(tensor, perm) }
        return nil
    }

    /// The comparison of every paired value, in the original's graph order.
    func report(threshold: Double?) throws -> LayerReport {
        let threshold = threshold ?? (Self.isQuantized(converted) ? 30 : 80)
        let order = original.inputs + original.nodes.flatMap(\.outputs)
        let compared = order.filter { statistics[$0] != nil && !layoutMismatches.contains($0) }
        let producers = original.producers()
        var ancestorMemo: [String: Set<String>] = [:]
        /// The nearest compared values `value` is computed from.
        func comparedAncestors(_ value: String) -> Set<String> {
            if let known = ancestorMemo[value] { return known }
            var found: Set<String> = []
            if let index = producers[value] {
                for input in original.nodes[index].inputs where !input.isEmpty {
                    found.formUnion(statistics[input] != nil && !layoutMismatches.contains(input) ? [input] : comparedAncestors(input))
                }
            }
            ancestorMemo[value] = found
            return found
        }
        let sqnr = { (name: String) in statistics[name]!.sqnrDB ?? .infinity }
        var tensors: [TensorComparison] = []
        for name in compared {
            let stats = statistics[name]!
            let worstInput = comparedAncestors(name).map(sqnr).min()
            let own = sqnr(name)
            tensors.append(TensorComparison(
                name: name, op: producers[name].map { original.nodes[$0].op } ?? "input", convertedName: pairs[name]!.converted,
                sqnrDB: stats.sqnrDB, maxAbsoluteError: stats.maxAbsoluteError, cosineSimilarity: stats.cosineSimilarity,
                dropDB: worstInput.flatMap { $0.isFinite && own.isFinite ? $0 - own : nil },
                crossesThreshold: own < threshold && (worstInput ?? .infinity) >= threshold))
        }
        let worstFirst = tensors.sorted { ($0.sqnrDB ?? .infinity) < ($1.sqnrDB ?? .infinity) }.map(\.name)
        let floatValues = order.filter { original.types[$0]?.dtype.isFloatingPoint == true }
        return LayerReport(thresholdDB: threshold, tensors: tensors, worstFirst: worstFirst,
                           firstDivergent: tensors.first(where: \.crossesThreshold)?.name,
                           unmatched: floatValues.count - tensors.count - layoutMismatches.count, reshaped: layoutMismatches.count)
    }

    /// Whether the file holds quantized or float16 tensors (whose expected SQNR is far lower).
    private static func isQuantized(_ graph: Graph) -> Bool {
        graph.types.values.contains { $0.quantization != nil || $0.dtype == .float16 }
            || graph.constants.values.contains { $0.dtype == .float16 }
    }
}
