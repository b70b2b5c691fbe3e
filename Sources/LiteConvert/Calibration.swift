import Foundation
import Interpreter
import LiteIR

extension LiteConvert {
    /// The range of every float value of `graph` (inputs and node outputs) over the calibration
    /// `samples`, run by our interpreter; `progress` is told after each sample.
    static func calibrationRanges(_ graph: Graph, samples: [[NamedTensor]],
                                  progress: ((Int, Int) -> Void)? = nil) throws -> [String: ClosedRange<Float>] {
        var probe = graph
        probe.outputs = graph.outputs + graph.nodes.flatMap(\.outputs).filter { !$0.isEmpty && graph.types[$0]?.dtype == .float32 && !graph.outputs.contains($0) }
        let interpreter = try Interpreter(graph: probe)
        var ranges: [String: ClosedRange<Float>] = [:]
        func include(_ name: String, _ tensor: Tensor) {
            guard tensor.dtype == .float32, let low = tensor.values(Float.self).min(), let high = tensor.values(Float.self).max(),
                  low.isFinite, high.isFinite else { return }
            ranges[name] = ranges[name].map { min($0.lowerBound, low)...max($0.upperBound, high) } ?? low...high
        }
        for (index, sample) in samples.enumerated() {
            let inputs = try bind(sample, to: graph)
            for (name, tensor) in inputs { include(name, tensor) }
            for (name, tensor) in try interpreter.run(inputs) { include(name, tensor) }
            progress?(index + 1, samples.count)
        }
        return ranges
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
