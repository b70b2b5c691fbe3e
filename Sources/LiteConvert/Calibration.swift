import Foundation
import Interpreter
import LiteIR

extension LiteConvert {
    /// The range of every float value of `graph` (inputs and node outputs) over the calibration
    /// `samples`, run by our interpreter, chosen by `method` (the methods other than min/max
    /// histogram the values in a second pass); `progress` is told after each run of a sample.
    static func calibrationRanges(_ graph: Graph, samples: [[NamedTensor]], method: CalibrationMethod = .minmax,
                                  progress: ((Int, Int) -> Void)? = nil) throws -> [String: ClosedRange<Float>] {
        var probe = graph
        probe.outputs = graph.outputs + graph.nodes.flatMap(\.outputs).filter { !$0.isEmpty && graph.types[$0]?.dtype == .float32 && !graph.outputs.contains($0) }
        let interpreter = try Interpreter(graph: probe)
        let passes = method == .minmax ? 1 : 2
        var runs = 0
        /// Every float value of every sample, one sample at a time.
        func forEachValue(_ body: (String, [Float]) -> Void) throws {
            for sample in samples {
                let inputs = try bind(sample, to: graph)
                for (name, tensor) in inputs where tensor.dtype == .float32 { body(name, tensor.values(Float.self)) }
                for (name, tensor) in try interpreter.run(inputs) where tensor.dtype == .float32 { body(name, tensor.values(Float.self)) }
                runs += 1
                progress?(runs, samples.count * passes)
            }
        }
        var ranges: [String: ClosedRange<Float>] = [:]
        try forEachValue { name, values in
            guard let low = values.min(), let high = values.max(), low.isFinite, high.isFinite else { return }
            ranges[name] = ranges[name].map { min($0.lowerBound, low)...max($0.upperBound, high) } ?? low...high
        }
        guard method != .minmax else { return ranges }
        var histograms = ranges.mapValues { ValueHistogram(range: $0) }
        try forEachValue { name, values in histograms[name]?.add(values) }
        return histograms.mapValues { method == .percentile ? $0.percentileRange() : $0.mseRange() }
    }

    /// Calibration samples from array files (the arrays of each .npz) whose first axis holds the
    /// samples, each sample with a leading dim of 1; at most `limit` of them.
    public static func calibrationSamples(_ files: [(name: String, arrays: [NamedTensor])], limit: Int? = nil) throws -> [[NamedTensor]] {
        var samples: [[NamedTensor]] = []
        for (file, arrays) in files {
            guard let count = arrays.first?.tensor.shape.first, arrays.allSatisfy({ $0.tensor.shape.first == count }) else {
                throw LiteConvertError.badInput("\(file): calibration arrays must share their first (sample) axis")
            }
            for i in 0..<count {
                samples.append(try arrays.map { name, tensor in
                    let size = tensor.count / count * tensor.dtype.byteSize
                    let bytes = tensor.data.subdata(in: (tensor.data.startIndex + i * size)..<(tensor.data.startIndex + (i + 1) * size))
                    return (name, try Tensor(dtype: tensor.dtype, shape: [1] + tensor.shape.dropFirst(), data: bytes))
                })
            }
        }
        guard !samples.isEmpty else { throw LiteConvertError.badInput("no calibration samples in \(files.map(\.name).joined(separator: ", "))") }
        return limit.map { Array(samples.prefix(max($0, 1))) } ?? samples
    }
}
