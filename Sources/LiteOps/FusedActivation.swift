import Foundation
import LiteIR

/// The activation TFLite can fuse into an op's output (attribute `activation`). TANH is not one:
/// the schema has the code, but TFLite's float kernels (CONV_2D, ADD, MUL, …) only clamp to a
/// range and ignore it.
public enum FusedActivation: String, Sendable, CaseIterable {
    case relu = "RELU", relu6 = "RELU6", reluN1To1 = "RELU_N1_TO_1"

    /// The node's fused activation, nil when it has none; throws on an unknown name.
    public init?(_ node: Node) throws {
        let name = try node.string("activation", "NONE")
        if name == "NONE" { return nil }
        guard let value = FusedActivation(rawValue: name) else {
            throw node.error("unknown fused activation '\(name)'")
        }
        self = value
    }

    public func apply(_ x: Float) -> Float {
        switch self {
        case .relu: Swift.max(x, 0)
        case .relu6: Swift.min(Swift.max(x, 0), 6)
        case .reluN1To1: Swift.min(Swift.max(x, -1), 1)
        }
    }

    func apply(_ t: Tensor) -> Tensor {
        guard t.dtype == .float32 else { return t }
        return Tensor(shape: t.shape, values: t.values(Float.self).map(apply))
    }
}
