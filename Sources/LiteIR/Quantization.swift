/// How the integers of a quantized tensor stand for real numbers: real = scale · (q − zero point),
/// with one scale and zero point for the whole tensor, or one per slice along `axis`
/// (TFLite's per-channel weights).
public struct Quantization: Hashable, Sendable, CustomStringConvertible {
    public var scales: [Float]
    public var zeroPoints: [Int64]
    /// The axis the parameters run along; nil for one pair for the whole tensor.
    public var axis: Int?

    public init(scales: [Float], zeroPoints: [Int64], axis: Int? = nil) {
        self.scales = scales
        self.zeroPoints = zeroPoints
        self.axis = axis
    }

    /// One scale and zero point for the whole tensor.
    public init(scale: Float, zeroPoint: Int64) {
        self.init(scales: [scale], zeroPoints: [zeroPoint])
    }

    public var description: String {
        if let axis { return "q(axis \(axis): \(scales.count) scales)" }
        return "q(scale \(scales.first.map { "\($0)" } ?? "?"), zero point \(zeroPoints.first ?? 0))"
    }
}
