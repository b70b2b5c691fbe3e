import Foundation
import Interpreter
import LiteIR
import LiteOps

/// How one output of the converted model compares with the original's.
public struct OutputComparison: Codable, Sendable {
    public var name: String
    public var maxAbsoluteError: Double
    public var maxRelativeError: Double
    public var cosineSimilarity: Double
    /// Signal-to-quantization-noise ratio in dB (nil: identical).
    public var sqnrDB: Double?
    /// For classifier-shaped outputs ([batch, classes]): the share of rows with the same top class.
    public var top1Agreement: Double?
    public var passed: Bool

    init(name: String, _ statistics: ErrorStatistics, minSQNR: Double?) {
        self.name = name
        maxAbsoluteError = statistics.maxAbsoluteError
        maxRelativeError = statistics.maxRelativeError
        cosineSimilarity = statistics.cosineSimilarity
        sqnrDB = statistics.sqnrDB
        top1Agreement = statistics.top1Agreement
        passed = minSQNR.map { minimum in statistics.sqnrDB.map { $0 >= minimum } ?? true } ?? statistics.withinTolerance
    }
}

/// The result of `verify`: every output over every input set.
public struct VerificationReport: Codable, Sendable {
    public var atol: Double
    public var rtol: Double
    /// When set, an output passes on its SQNR (at least this many dB) instead of the tolerances.
    public var minSQNR: Double?
    public var samples: Int
    public var outputs: [OutputComparison]
    /// The converted model's outputs against reference arrays (e.g. the source framework's), when given.
    public var againstExpected: [OutputComparison]
    /// Intermediate tensors compared (`perLayer`), when asked.
    public var layers: LayerReport?
    public var passed: Bool { outputs.allSatisfy(\.passed) && againstExpected.allSatisfy(\.passed) }
}

extension LiteConvert {
    /// Runs both models with our interpreter on each input set and compares every output:
    /// an element passes when |converted − original| ≤ atol + rtol·|original|, or, with `minSQNR`,
    /// an output passes when its SQNR over all input sets is at least that many dB.
    /// With `expected` (arrays by output name for the first input set), the converted model's
    /// outputs are also compared with those. With `perLayer`, every intermediate tensor the two
    /// models share by name is compared too (``LayerReport``).
    public static func verify(original: Graph, converted: Graph, inputSets: [[NamedTensor]],
                              expected: [NamedTensor]? = nil, atol: Double, rtol: Double, minSQNR: Double? = nil,
                              perLayer: Bool = false, engine: Engine = .fast,
                              threads: Int = Interpreter.defaultThreads) throws -> VerificationReport {
        var layers = perLayer ? try LayerComparison(original: original, converted: converted) : nil
        var statistics: [String: ErrorStatistics] = [:]
        // One interpreter per model for every input set: later runs use the first one's memory plan.
        let expectedSets = try run(layers?.originalProbe ?? original, inputSets: inputSets, engine: engine, threads: threads)
        // Quantized outputs of the converted file compare as real numbers where the original's are float.
        let realOutputs = Set(zip(original.outputs, converted.outputs).filter { original.types[$0.0]?.dtype.isFloatingPoint == true }.map(\.1))
        let actualSets = try runInSourceLayout(layers?.convertedProbe ?? converted, inputSets: inputSets, dequantizing: realOutputs,
                                               engine: engine, threads: threads)
        for (expected, actual) in zip(expectedSets, actualSets) {
            for (position, name) in original.outputs.enumerated() {
                guard let reference = expected.first(where: { $0.name == name })?.tensor else { continue }
                guard let candidate = actual[name] ?? (position < converted.outputs.count ? actual[converted.outputs[position]] : nil) else {
                    throw LiteConvertError.badInput("the converted model has no output '\(name)'")
                }
                statistics[name, default: ErrorStatistics()].add(reference, candidate, atol: atol, rtol: rtol)
            }
            try layers?.add(original: Dictionary(expected.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a }), converted: actual)
        }
        var againstExpected: [OutputComparison] = []
        if let expected, let actual = actualSets.first {
            let references = try match(expected, to: converted.outputs, role: "expected output")
            for name in converted.outputs {
                guard let reference = references[name], let candidate = actual[name] else { continue }
                var one = ErrorStatistics()
                one.add(reference, candidate, atol: atol, rtol: rtol)
                againstExpected.append(OutputComparison(name: name, one, minSQNR: minSQNR))
            }
        }
        return VerificationReport(atol: atol, rtol: rtol, minSQNR: minSQNR, samples: inputSets.count,
                                  outputs: original.outputs.compactMap { name in statistics[name].map { OutputComparison(name: name, $0, minSQNR: minSQNR) } },
                                  againstExpected: againstExpected, layers: try layers?.report(threshold: minSQNR))
    }

    /// Runs the converted graph on the source model's arrays, each input and output it turned
    /// NHWC (``BoundaryLayouts``) transposed to and from the source's NCHW, float arrays for
    /// quantized inputs quantized with their parameters and the quantized outputs named in
    /// `dequantizing` dequantized (the I/O of an int8 or uint8 model); one result per set.
    static func runInSourceLayout(_ graph: Graph, inputSets: [[NamedTensor]], dequantizing: Set<String> = [], engine: Engine,
                                  threads: Int) throws -> [[String: Tensor]] {
        let changed = Set(try BoundaryLayouts(of: graph).nhwcFromNCHW)
        func quantization(_ name: String) -> (Quantization, DType)? {
            guard let type = graph.types[name], let q = type.quantization, !type.dtype.isFloatingPoint else { return nil }
            return (q, type.dtype)
        }
        let arraySets = try inputSets.map { inputs in
            var arrays = try match(inputs, to: graph.inputs, role: "model input")
            for (name, var tensor) in arrays {
                if changed.contains(name) { tensor = try transpose(tensor, BoundaryLayouts.toStored) }
                if let (q, dtype) = quantization(name), tensor.dtype.isFloatingPoint {
                    let quantize = Node(name: "", op: "Quantize", inputs: [""], outputs: [""],
                                        attributes: q.attributes.merging(["dtype": .string(dtype.rawValue)]) { $1 })
                    tensor = try OpRegistry.evaluate(quantize, [tensor.converted(to: .float32)])[0]
                }
                arrays[name] = tensor
            }
            return graph.inputs.compactMap { name in arrays[name].map { (name, $0) } }
        }
        return try run(graph, inputSets: arraySets, engine: engine, threads: threads).map { results in
            var outputs: [String: Tensor] = [:]
            for (name, var tensor) in results {
                if dequantizing.contains(name), let (q, _) = quantization(name) {
                    let dequantize = Node(name: "", op: "Dequantize", inputs: [""], outputs: [""], attributes: q.attributes)
                    tensor = try OpRegistry.evaluate(dequantize, [tensor])[0]
                }
                outputs[name] = changed.contains(name) ? try transpose(tensor, BoundaryLayouts.toSource) : tensor
            }
            return outputs
        }
    }
}
