import Foundation
import LiteIR

/// An elementwise op on one tensor; `makeFunction` reads the node's attributes once per run.
func unaryOp(_ name: String, floatOnly: Bool = true,
             _ makeFunction: @escaping @Sendable (Node) throws -> @Sendable (Float) -> Float) -> OpSpec {
    OpSpec(name, .elementwise, infer: { ctx in
        let x = try ctx.input(0)
        if floatOnly && !x.dtype.isFloatingPoint { throw ctx.node.error("expects a floating-point input, got \(x.dtype)") }
        _ = try makeFunction(ctx.node)
        return [x]
    }, evaluate: { node, inputs in
        let x = try inputs.required(0, node)
        let f = try makeFunction(node)
        return [Tensor.fromFloats(x.floats().map(f), shape: x.shape, dtype: x.dtype)]
    }, elementFunction: makeFunction)
}

let unaryOps: [OpSpec] = [
    unaryOp("Relu", floatOnly: false) { _ in { max($0, 0) } },
    unaryOp("Sigmoid") { _ in { 1 / (1 + exp(-$0)) } },
    unaryOp("Tanh") { _ in { tanh($0) } },
    unaryOp("LeakyRelu") { node in
        let alpha = try node.float("alpha", 0.01)
        return { $0 >= 0 ? $0 : alpha * $0 }
    },
    unaryOp("HardSigmoid") { node in
        let alpha = try node.float("alpha", 0.2), beta = try node.float("beta", 0.5)
        return { min(max(alpha * $0 + beta, 0), 1) }
    },
    unaryOp("HardSwish") { _ in { $0 * min(max($0 + 3, 0), 6) / 6 } },
    unaryOp("Clip", floatOnly: false) { node in
        let lo = try node.floatIfPresent("min") ?? -.infinity
        let hi = try node.floatIfPresent("max") ?? .infinity
        // ONNX: min(max(x, lo), hi); a NaN input stays NaN.
        return { $0.isNaN ? $0 : min(max($0, lo), hi) }
    },
    unaryOp("Abs", floatOnly: false) { _ in { abs($0) } },
    unaryOp("Neg", floatOnly: false) { _ in { -$0 } },
    unaryOp("Exp") { _ in { exp($0) } },
    unaryOp("Log") { _ in { log($0) } },
    unaryOp("Sqrt") { _ in { sqrt($0) } },
    unaryOp("Rsqrt") { _ in { 1 / sqrt($0) } },
    unaryOp("Erf") { _ in { erf($0) } },
    unaryOp("Floor") { _ in { floor($0) } },
    unaryOp("Ceil") { _ in { ceil($0) } },
    unaryOp("Reciprocal") { _ in { 1 / $0 } },
    unaryOp("Round") { _ in { $0.rounded(.toNearestOrEven) } },
    unaryOp("Sign", floatOnly: false) { _ in { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } },
    unaryOp("Sin") { _ in { sin($0) } },
    unaryOp("Cos") { _ in { cos($0) } },
    unaryOp("Tan") { _ in { tan($0) } },
    unaryOp("Asin") { _ in { asin($0) } },
    unaryOp("Acos") { _ in { acos($0) } },
    unaryOp("Atan") { _ in { atan($0) } },
    unaryOp("Sinh") { _ in { sinh($0) } },
    unaryOp("Cosh") { _ in { cosh($0) } },
    unaryOp("Asinh") { _ in { asinh($0) } },
    unaryOp("Acosh") { _ in { acosh($0) } },
    unaryOp("Atanh") { _ in { atanh($0) } },
    unaryOp("Elu") { node in
        let alpha = try node.float("alpha", 1)
        return { $0 > 0 ? $0 : alpha * (exp($0) - 1) }
    },
    unaryOp("Selu") { node in
        let alpha = try node.float("alpha", 1.67326319217681884765625), gamma = try node.float("gamma", 1.05070102214813232421875)
        return { gamma * ($0 > 0 ? $0 : alpha * (exp($0) - 1)) }
    },
    unaryOp("Celu") { node in
        let alpha = try node.float("alpha", 1)
        return { max(0, $0) + min(0, alpha * (exp($0 / alpha) - 1)) }
    },
    unaryOp("Gelu") { node in
        // erfc(−x/√2) = 1 + erf(x/√2) without the cancellation for large negative x (and as
        // TFLite's reference kernel computes it).
        guard try node.string("approximate", "none") == "tanh" else { return { 0.5 * $0 * erfc($0 * -Float(0.5).squareRoot()) } }
        let c = Float((2 / Double.pi).squareRoot())
        return { 0.5 * $0 * (1 + tanh(c * ($0 + 0.044715 * $0 * $0 * $0))) }
    },
    unaryOp("Softplus") { _ in { $0 > 20 ? $0 : log1p(exp($0)) } },
    unaryOp("Softsign") { _ in { $0 / (1 + abs($0)) } },
    unaryOp("Mish") { _ in { $0 * tanh($0 > 20 ? $0 : log1p(exp($0))) } },
    unaryOp("ThresholdedRelu") { node in
        let alpha = try node.float("alpha", 1)
        return { $0 > alpha ? $0 : 0 }
    },
    unaryOp("Shrink", floatOnly: false) { node in
        let bias = try node.float("bias", 0), lambd = try node.float("lambd", 0.5)
        return { $0 < -lambd ? $0 + bias : ($0 > lambd ? $0 - bias : 0) }
    },
    OpSpec("BitwiseNot", .elementwise, infer: { ctx in
        let x = try ctx.input(0)
        guard x.dtype.isInteger else { throw ctx.node.error("expects an integer input, got \(x.dtype)") }
        return [x]
    }, evaluate: { node, inputs in
        let x = try inputs.required(0, node)
        return [Tensor.fromInt64s(x.int64s().map { ~$0 }, shape: x.shape, dtype: x.dtype)]
    }),
    OpSpec("Identity", .elementwise, infer: { ctx in [try ctx.input(0)] }, evaluate: { node, inputs in [try inputs.required(0, node)] }),
]
