import Foundation
import LiteIR

/// How far a tensor (over one or more input sets) strays from its reference: sums and extremes
/// gathered element by element, from which SQNR, cosine and top-1 agreement follow.
struct ErrorStatistics {
    private(set) var signal = 0.0
    private(set) var noise = 0.0
    private(set) var maxAbsoluteError = 0.0
    private(set) var maxRelativeError = 0.0
    private var dot = 0.0, referenceNorm = 0.0, candidateNorm = 0.0
    /// Whether every element is within the tolerances it was added with.
    private(set) var withinTolerance = true
    private var rows = 0, agreeingRows = 0

    /// Adds one pair of tensors; a shape mismatch counts as total disagreement.
    /// An element is within tolerance when |candidate − reference| ≤ atol + rtol·|reference|;
    /// NaN matches only NaN and is left out of the sums.
    mutating func add(_ reference: Tensor, _ candidate: Tensor, atol: Double = .infinity, rtol: Double = 0) {
        guard reference.shape == candidate.shape else {
            withinTolerance = false
            maxAbsoluteError = .infinity
            maxRelativeError = .infinity
            noise = .infinity
            return
        }
        let a = reference.floats(), b = candidate.floats()
        for (x, y) in zip(a, b) {
            let (x, y) = (Double(x), Double(y))
            if x.isNaN || y.isNaN {
                if x.isNaN != y.isNaN { withinTolerance = false; maxAbsoluteError = .infinity; noise = .infinity }
                continue
            }
            let diff = x == y ? 0 : abs(x - y)
            maxAbsoluteError = max(maxAbsoluteError, diff)
            maxRelativeError = max(maxRelativeError, diff == 0 ? 0 : diff / max(abs(x), 1e-12))
            if diff > atol + rtol * abs(x) { withinTolerance = false }
            signal += x * x
            noise += diff * diff
            dot += x * y
            referenceNorm += x * x
            candidateNorm += y * y
        }
        // Classifier-shaped tensors ([batch, classes]): does the top class agree row by row?
        if reference.rank == 2, let classes = reference.shape.last, classes > 1 {
            for row in 0..<reference.shape[0] {
                let range = row * classes..<(row + 1) * classes
                rows += 1
                if argmax(a[range]) == argmax(b[range]) { agreeingRows += 1 }
            }
        }
    }

    /// Signal-to-quantization-noise ratio in dB: 10·log10(Σx² / Σ(x − y)²); nil when the tensors
    /// are identical (no noise), −∞ for a zero signal with noise.
    var sqnrDB: Double? {
        if noise == 0 { return nil }
        if signal == 0 || noise.isInfinite { return -.infinity }
        return 10 * log10(signal / noise)
    }

    var cosineSimilarity: Double {
        if noise.isInfinite { return 0 }
        if referenceNorm == 0 && candidateNorm == 0 { return 1 }
        return dot / max((referenceNorm * candidateNorm).squareRoot(), 1e-300)
    }

    /// The share of rows whose largest entry is at the same index; nil unless classifier-shaped.
    var top1Agreement: Double? { rows == 0 ? nil : Double(agreeingRows) / Double(rows) }

    private func argmax(_ values: ArraySlice<Float>) -> Int {
        var best = values.startIndex
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }
}
