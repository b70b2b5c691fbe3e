import Foundation
import LiteIR

/// A numpy-broadcasting elementwise op on two tensors of one element type. Floats compute in
/// Float; integers in Int64 (so shape arithmetic stays exact).
func binaryOp(_ name: String,
              float: (@Sendable (Float, Float) -> Float)?,
              integer: (@Sendable (Int64, Int64) -> Int64)?) -> OpSpec {
    OpSpec(name, .elementwise, infer: { ctx in
        let a = try ctx.input(0), b = try ctx.input(1)
        guard a.dtype == b.dtype else { throw ctx.node.error("input types differ: \(a.dtype) and \(b.dtype)") }
        if integer == nil && !a.dtype.isFloatingPoint { throw ctx.node.error("expects floating-point inputs, got \(a.dtype)") }
        if float == nil && (a.dtype.isFloatingPoint || a.dtype == .bool) { throw ctx.node.error("expects integer inputs, got \(a.dtype)") }
        return [TensorType(a.dtype, try ShapeMath.broadcast(a.shape, b.shape, node: ctx.node))]
    }, evaluate: { node, inputs in
        let a = try inputs.required(0, node), b = try inputs.required(1, node)
        let shape = try ShapeMath.broadcast(a.shape, b.shape, node: node)
        let n = shape.reduce(1, *)
        guard let integer, !a.dtype.isFloatingPoint else {
            guard let float else { throw node.error("expects integer inputs") }
            let x = a.floats(), y = b.floats()
            var out = [Float](repeating: 0, count: n)
            out.withUnsafeMutableBufferPointer { o in
                forEachBroadcast(a.shape, b.shape, shape) { i, ia, ib in o[i] = float(x[ia], y[ib]) }
            }
            return [Tensor.fromFloats(out, shape: shape, dtype: a.dtype)]
        }
        let x = a.int64s(), y = b.int64s()
        var out = [Int64](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { o in
            forEachBroadcast(a.shape, b.shape, shape) { i, ia, ib in o[i] = integer(x[ia], y[ib]) }
        }
        return [Tensor.fromInt64s(out, shape: shape, dtype: a.dtype)]
    })
}

/// Integer division rounding toward zero like C (ONNX Div on integers); x/0 gives 0, not a trap.
@Sendable func integerDivide(_ a: Int64, _ b: Int64) -> Int64 {
    b == 0 || (a == .min && b == -1) ? 0 : a / b
}

let binaryOps: [OpSpec] = [
    binaryOp("Add", float: +, integer: { $0 &+ $1 }),
    binaryOp("Sub", float: -, integer: { $0 &- $1 }),
    binaryOp("Mul", float: *, integer: { $0 &* $1 }),
    binaryOp("Div", float: /, integer: integerDivide),
    binaryOp("Max", float: { $0.isNaN || $1.isNaN ? .nan : max($0, $1) }, integer: { max($0, $1) }),
    binaryOp("Min", float: { $0.isNaN || $1.isNaN ? .nan : min($0, $1) }, integer: { min($0, $1) }),
    binaryOp("Pow", float: { pow($0, $1) }, integer: { a, b in
        b < 0 ? 0 : (0..<b).reduce(Int64(1)) { acc, _ in acc &* a }
    }),
    // Mod takes the divisor's sign (ONNX fmod=0); FMod the dividend's (C fmod, ONNX fmod=1).
    binaryOp("Mod", float: { a, b in let r = fmod(a, b); return r != 0 && (r < 0) != (b < 0) ? r + b : r },
             integer: { a, b in b == 0 ? 0 : ((a % b) + b) % b }),
    binaryOp("FMod", float: { fmod($0, $1) }, integer: { a, b in b == 0 ? 0 : a % b }),
    binaryOp("BitShiftLeft", float: nil, integer: { a, b in b >= 64 || b < 0 ? 0 : a << b }),
    binaryOp("BitShiftRight", float: nil, integer: { a, b in b >= 64 || b < 0 ? 0 : Int64(bitPattern: UInt64(bitPattern: a) >> UInt64(b)) }),
    binaryOp("BitwiseAnd", float: nil, integer: { $0 & $1 }),
    binaryOp("BitwiseOr", float: nil, integer: { $0 | $1 }),
    binaryOp("BitwiseXor", float: nil, integer: { $0 ^ $1 }),
    binaryOp("Atan2", float: { atan2($0, $1) }, integer: nil),
    binaryOp("PRelu", float: { $0 < 0 ? $0 * $1 : $0 }, integer: { $0 < 0 ? $0 &* $1 : $0 }),
    // (a − b)², TFLite's SQUARED_DIFFERENCE.
    binaryOp("SquaredDifference", float: { ($0 - $1) * ($0 - $1) }, integer: { ($0 &- $1) &* ($0 &- $1) }),
]
