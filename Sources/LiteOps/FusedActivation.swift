import Foundation
import LiteIR

/// The activation TFLite fuses into an op's output (attribute `activation`), as TFLite's builtin
/// float kernels compute it: a clamp of the result to a range whose bounds are finite, so +inf
/// becomes FLT_MAX even for RELU, and NaN passes through. `FINITE_RANGE` is TFLite's NONE: the
/// same kernels still clamp to ±FLT_MAX (the .tflite reader gives it to every op whose kernel
/// does). TANH is not one: those kernels ignore a fused TANH.
public enum FusedActivation: String, Sendable, CaseIterable {
    case relu = "RELU", relu6 = "RELU6", reluN1To1 = "RELU_N1_TO_1", finiteRange = "FINITE_RANGE"

    /// The node's fused activation, nil when it has none; throws on an unknown name.
    public init?(_ node: Node) throws {
        let name = try node.string("activation", "NONE")
        if name == "NONE" { return nil }
        guard let value = FusedActivation(rawValue: name) else {
            throw node.error("unknown fused activation '\(name)'")
        }
        self = value
    }

    /// The clamp bounds.
    public var range: (lower: Float, upper: Float) {
        switch self {
        case .relu: (0, .greatestFiniteMagnitude)
        case .relu6: (0, 6)
        case .reluN1To1: (-1, 1)
        case .finiteRange: (-.greatestFiniteMagnitude, .greatestFiniteMagnitude)
        }
    }

    public func apply(_ x: Float) -> Float {
        let (lower, upper) = range
        return Swift.min(Swift.max(x, lower), upper)
    }

    func apply(_ t: Tensor) -> Tensor {
        guard t.dtype == .float32 else { return t }
        return Tensor(shape: t.shape, values: t.values(Float.self).map(apply))
    }
}
