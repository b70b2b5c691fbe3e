/// How calibration turns the values a tensor took into its quantization range.
public enum CalibrationMethod: String, Sendable, CaseIterable {
    /// The smallest and largest value seen (TFLiteConverter's method).
    case minmax
    /// The 0.01st and 99.99th percentiles of the values seen: rare outliers no longer stretch the
    /// range and coarsen every other value's step.
    case percentile
    /// The range whose int8 rounding and clipping has the least expected squared error over the
    /// values seen.
    case mse
}

/// A histogram of the values a tensor took over the calibration samples, in equal bins over the
/// range seen in a first pass (widened to hold 0, as the quantized range is).
struct ValueHistogram {
    static let binCount = 2048
    let range: ClosedRange<Float>
    private(set) var counts = [Double](repeating: 0, count: binCount)

    init(range: ClosedRange<Float>) {
        self.range = min(range.lowerBound, 0)...max(range.upperBound, 0)
    }

    private var width: Double { Double(range.upperBound - range.lowerBound) / Double(Self.binCount) }

    mutating func add(_ values: [Float]) {
        let low = Double(range.lowerBound), width = width
        guard width > 0 else { return }
        for value in values where value.isFinite {
            let bin = Int((Double(value) - low) / width)
            counts[min(max(bin, 0), Self.binCount - 1)] += 1
        }
    }

    private func center(_ bin: Int) -> Double { Double(range.lowerBound) + (Double(bin) + 0.5) * width }

    /// The range from the `tail` quantile to the 1 − `tail` quantile (bin edges).
    func percentileRange(tail: Double = 1e-4) -> ClosedRange<Float> {
        let total = counts.reduce(0, +)
        guard total > 0, width > 0 else { return range }
        var seen = 0.0, low = 0
        while low < Self.binCount - 1 && seen + counts[low] <= tail * total { seen += counts[low]; low += 1 }
        seen = 0
        var high = Self.binCount - 1
        while high > low && seen + counts[high] <= tail * total { seen += counts[high]; high -= 1 }
        let edge = { (bin: Int) in Float(Double(self.range.lowerBound) + Double(bin) * self.width) }
        return edge(low)...edge(high + 1)
    }

    /// The range [a·low, b·high] (a, b from 1 down to 0.2 in steps of 0.02) with the least
    /// expected squared error when the values are rounded to `levels` steps and clipped to it:
    /// each value inside costs step²/12, each outside its squared distance to the range.
    func mseRange(levels: Int = 256) -> ClosedRange<Float> {
        guard width > 0 else { return range }
        // Prefix sums of n, n·c and n·c² give any region's squared distances to a point at once.
        var n = [0.0], nc = [0.0], ncc = [0.0]
        for bin in 0..<Self.binCount {
            let c = center(bin), k = counts[bin]
            n.append(n[bin] + k); nc.append(nc[bin] + k * c); ncc.append(ncc[bin] + k * c * c)
        }
        func squaredDistances(_ bins: Range<Int>, to point: Double) -> Double {
            let k = n[bins.upperBound] - n[bins.lowerBound], s1 = nc[bins.upperBound] - nc[bins.lowerBound]
            let s2 = ncc[bins.upperBound] - ncc[bins.lowerBound]
            return max(k * point * point - 2 * point * s1 + s2, 0)
        }
        func bin(of value: Double) -> Int { min(max(Int(((value - Double(range.lowerBound)) / width).rounded()), 0), Self.binCount) }
        let factors = stride(from: 1.0, through: 0.2, by: -0.02).map { $0 }
        var best = (error: Double.infinity, range: range)
        for a in factors where range.lowerBound < 0 || a == 1 {
            let low = Double(range.lowerBound) * a, lowBin = bin(of: low)
            for b in factors where range.upperBound > 0 || b == 1 {
                let high = Double(range.upperBound) * b, highBin = bin(of: high)
                guard high > low, highBin >= lowBin else { continue }
                let step = (high - low) / Double(levels - 1)
                let inside = n[highBin] - n[lowBin]
                let error = squaredDistances(0..<lowBin, to: low) + squaredDistances(highBin..<Self.binCount, to: high)
                    + inside * step * step / 12
                if error < best.error { best = (error, Float(low)...Float(high)) }
            }
        }
        return best.range
    }
}
