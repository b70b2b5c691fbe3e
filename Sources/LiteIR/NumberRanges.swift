/// The ranges numbers read from model files must fall in before anything computes with them,
/// so that arithmetic on them cannot overflow and a number like a kernel size of 10⁹ is an error
/// naming the node and attribute rather than an allocation. Importers and op inference use the
/// same ranges.
public enum NumberRange {
    /// Kernel sizes, strides and dilations along one axis (2²⁴: far beyond any real model).
    public static let window = 1...(1 << 24)
    /// Pads along one axis.
    public static let pad = 0...(1 << 24)
    /// A Pad op's begins and ends, negative ones cropping.
    public static let padOrCrop = -(1 << 40)...(1 << 40)

    /// Dims computed from a file's numbers (a resize's scaled sizes…): at most 2⁴⁰.
    public static let dim = 0...(1 << 40)

    /// A computed floating-point size as an integer in ``dim``, nil when it is not finite or outside.
    public static func dim(_ value: Double) -> Int? {
        guard value.isFinite, value >= 0, value <= Double(dim.upperBound) else { return nil }
        return Int(value)
    }

    /// `values`, or an error naming `what` when one falls outside `range`.
    public static func check(_ values: [Int], in range: ClosedRange<Int>, _ what: String, error: (String) -> Error) throws -> [Int] {
        if let bad = values.first(where: { !range.contains($0) }) {
            throw error("\(what) \(values): \(bad) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return values
    }
}

extension Node {
    /// An integer list attribute (or `fallback`) whose every value lies in `range`.
    public func ints(_ key: String, _ fallback: [Int], in range: ClosedRange<Int>) throws -> [Int] {
        try NumberRange.check(try ints(key, fallback), in: range, "attribute '\(key)'", error: self.error)
    }
}
