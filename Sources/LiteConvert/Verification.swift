import Foundation
import Interpreter
import LiteIR

/// How one output of the converted model compares with the original's.
public struct OutputComparison: Codable, Sendable {
    public var name: String
    public var maxAbsoluteError: Double
    public var maxRelativeError: Double
    public var cosineSimilarity: Double
    public var passed: Bool
}

/// The result of `verify`: every output of every input set.
public struct VerificationReport: Codable, Sendable {
    public var atol: Double
    public var rtol: Double
    public var samples: Int
    public var outputs: [OutputComparison]
    /// The converted model's outputs against reference arrays (e.g. the source framework's), when given.
    public var againstExpected: [OutputComparison]
    public var passed: Bool { outputs.allSatisfy(\.passed) && againstExpected.allSatisfy(\.passed) }
}

extension LiteConvert {
    /// Runs both models with our interpreter on each input set and compares every output:
    /// an element passes when |converted − original| ≤ atol + rtol·|original|.
    /// With `expected` (arrays by output name for the first input set), the converted model's
    /// outputs are also compared with those.
    public static func verify(original: Graph, converted: Graph, inputSets: [[NamedTensor]],
                              expected: [NamedTensor]? = nil, atol: Double, rtol: Double,
                              engine: Engine = .fast, threads: Int = Interpreter.defaultThreads) throws -> VerificationReport {
        var merged: [String: OutputComparison] = [:]
        // One interpreter per model for every input set: later runs use the first one's memory plan.
        let expectedSets = try run(original, inputSets: inputSets, engine: engine, threads: threads)
        let actualSets = try runInSourceLayout(converted, inputSets: inputSets, engine: engine, threads: threads)
        for (expected, actual) in zip(expectedSets, actualSets) {
            for (position, (name, reference)) in expected.enumerated() {
                guard let candidate = actual[name] ?? (position < converted.outputs.count ? actual[converted.outputs[position]] : nil) else {
                    throw LiteConvertError.badInput("the converted model has no output '\(name)'")
                }
                let comparison = compare(name, reference, candidate, atol: atol, rtol: rtol)
                if let previous = merged[name] {
                    merged[name] = OutputComparison(
                        name: name, maxAbsoluteError: max(previous.maxAbsoluteError, comparison.maxAbsoluteError),
                        maxRelativeError: max(previous.maxRelativeError, comparison.maxRelativeError),
                        cosineSimilarity: min(previous.cosineSimilarity, comparison.cosineSimilarity),
                        passed: previous.passed && comparison.passed)
                } else {
                    merged[name] = comparison
                }
            }
        }
        var againstExpected: [OutputComparison] = []
        if let expected, let actual = actualSets.first {
            let references = try match(expected, to: converted.outputs, role: "expected output")
            for name in converted.outputs {
                guard let reference = references[name], let candidate = actual[name] else { continue }
                againstExpected.append(compare(name, reference, candidate, atol: atol, rtol: rtol))
            }
        }
        return VerificationReport(atol: atol, rtol: rtol, samples: inputSets.count,
                                  outputs: original.outputs.compactMap { merged[$0] }, againstExpected: againstExpected)
    }

    /// Runs the converted graph on the source model's arrays, each input and output it turned
    /// NHWC (``BoundaryLayouts``) transposed to and from the source's NCHW; one result per set.
    static func runInSourceLayout(_ graph: Graph, inputSets: [[NamedTensor]], engine: Engine, threads: Int) throws -> [[String: Tensor]] {
        let changed = Set(try BoundaryLayouts(of: graph).nhwcFromNCHW)
        let arraySets = try inputSets.map { inputs in
            var arrays = try match(inputs, to: graph.inputs, role: "model input")
            for (name, tensor) in arrays where changed.contains(name) { arrays[name] = try transpose(tensor, BoundaryLayouts.toStored) }
            return graph.inputs.compactMap { name in arrays[name].map { (name, $0) } }
        }
        return try run(graph, inputSets: arraySets, engine: engine, threads: threads).map { results in
            var outputs: [String: Tensor] = [:]
            for (name, tensor) in results {
                outputs[name] = changed.contains(name) ? try transpose(tensor, BoundaryLayouts.toSource) : tensor
            }
            return outputs
        }
    }

    static func compare(_ name: String, _ reference: Tensor, _ candidate: Tensor, atol: Double, rtol: Double) -> OutputComparison {
        guard reference.shape == candidate.shape else {
            return OutputComparison(name: name, maxAbsoluteError: .infinity, maxRelativeError: .infinity, cosineSimilarity: 0, passed: false)
        }
        let a = reference.floats(), b = candidate.floats()
        var maxAbs = 0.0, maxRel = 0.0, dot = 0.0, na = 0.0, nb = 0.0
        var passed = true
        for (x, y) in zip(a, b) {
            let (x, y) = (Double(x), Double(y))
            if x.isNaN || y.isNaN {
                if x.isNaN != y.isNaN { passed = false; maxAbs = .infinity }
                continue
            }
            let diff = x == y ? 0 : abs(x - y)
            maxAbs = max(maxAbs, diff)
            maxRel = max(maxRel, diff == 0 ? 0 : diff / max(abs(x), 1e-12))
            if diff > atol + rtol * abs(x) { passed = false }
            dot += x * y
            na += x * x
            nb += y * y
        }
        let cosine = na == 0 && nb == 0 ? 1 : dot / max((na * nb).squareRoot(), 1e-300)
        return OutputComparison(name: name, maxAbsoluteError: maxAbs, maxRelativeError: maxRel, cosineSimilarity: cosine, passed: passed)
    }
}
