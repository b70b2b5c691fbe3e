import LiteIR

/// Add, Sub, Mul and SquaredDifference on quantized values with numpy broadcasting, as TFLite's reference kernels
/// (kernels/add.cc, sub.cc, mul.cc Prepare; reference/integer_ops/add.h, mul.h):
///
/// - Add/Sub: ``QuantizedAddition``.
/// - Mul: (a − zero point)(b − zero point) times the multiplier of scale a · scale b / output
///   scale, computed in float.
///
/// Then the output zero point and the fused activation's clamp. int16 Add/Sub use TFLite's
/// general-scale form (the only one TFLiteConverter writes, `pot_scale_int16` false).
enum QuantizedArithmetic {
    static let kernels: [String: QuantizedKernel] = [
        "Add": QuantizedKernel(.fromAttributes, check: checkAddOrSub, prepare: addOrSub),
        "Sub": QuantizedKernel(.fromAttributes, check: checkAddOrSub, prepare: addOrSub),
        "Mul": QuantizedKernel(.fromAttributes, check: check, prepare: mul),
        "SquaredDifference": QuantizedKernel(.fromAttributes, check: { q in
            try check(q)
            guard try q.input(0).dtype == .int8 else { throw q.node.error("computes int8 operands only") }
        }, prepare: squaredDifference),
    ]

    private static func check(_ q: QuantizedOperands) throws {
        let a = try q.input(0), b = try q.input(1)
        guard [.int8, .int16].contains(a.dtype), b.dtype == a.dtype else {
            throw q.node.error("computes two int8 or two int16 operands, got \(a) and \(b)")
        }
        let zeros = [try q.scalar(0).zeroPoint, try q.scalar(1).zeroPoint, q.outputScalar.zeroPoint]
        if a.dtype == .int16, zeros.contains(where: { $0 != 0 }) { throw q.node.error("int16 operands must have zero point 0") }
    }

    private static func checkAddOrSub(_ q: QuantizedOperands) throws {
        try check(q)
        _ = try QuantizedAddition(q)
    }

    private static func addOrSub(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let addition = try QuantizedAddition(q)
        return try elementwise(q) { a, b in addition.unclamped(a, b) }
    }

    /// SQUARED_DIFFERENCE (squared_difference.cc): Add's form with a left shift of 7, the
    /// difference squared, then the multiplier of (2 · larger scale)² / (2¹⁴ · output scale).
    private static func squaredDifference(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let (aScale, aZero) = try q.scalar(0), (bScale, bZero) = try q.scalar(1)
        let (outScale, outZero) = q.outputScalar
        let twiceMax = 2 * Double(max(aScale, bScale))
        let real = twiceMax * twiceMax / Double(Float(1 << 14) * outScale)
        guard real < 1 else { throw q.node.error("the output scale is too small for TFLite's SQUARED_DIFFERENCE (which aborts)") }
        let aMultiplier = QuantizedMultiplier(Double(aScale) / twiceMax), bMultiplier = QuantizedMultiplier(Double(bScale) / twiceMax)
        let outMultiplier = QuantizedMultiplier(real)
        return try elementwise(q) { a, b in
            let difference = aMultiplier.apply((a - aZero) << 7) &- bMultiplier.apply((b - bZero) << 7)
            return outMultiplier.apply(difference &* difference) &+ outZero
        }
    }

    private static func mul(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let (aScale, aZero) = try q.scalar(0), (bScale, bZero) = try q.scalar(1)
        let (outScale, outZero) = q.outputScalar
        let multiplier = QuantizedMultiplier(Double(aScale * bScale / outScale))
        return try elementwise(q) { a, b in multiplier.apply((a - aZero) &* (b - bZero)) &+ outZero }
    }

    /// The broadcast kernel of `combine`, clamped to the activation's range.
    private static func elementwise(_ q: QuantizedOperands, _ combine: @escaping @Sendable (Int32, Int32) -> Int32) throws
        -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let node = q.node, range = try q.activationRange(), dtype = q.output.dtype
        return { inputs in
            let a = try inputs.required(0, node), b = try inputs.required(1, node)
            let shape = try ShapeMath.broadcast(a.shape, b.shape, node: node)
            let x = a.int32s(), y = b.int32s()
            var out = [Int32](repeating: 0, count: shape.reduce(1, *))
            forEachBroadcast(a.shape, b.shape, shape) { i, ia, ib in
                out[i] = min(max(combine(x[ia], y[ib]), range.lowerBound), range.upperBound)
            }
            return [Tensor.fromInt32s(out, shape: shape, dtype: dtype)]
        }
    }
}

/// Add/Sub prepared as TFLite's Prepare does (add.cc, sub.cc): each operand, less its zero
/// point, shifted left by 20 (int8) or 15 (int16) and scaled by its scale / (2 · the larger
/// scale), the sum (difference) by 2 · larger scale / (2^shift · output scale), then the output
/// zero point and the fused activation's clamp. The reference and the fast kernels both run it.
public struct QuantizedAddition: Sendable {
    public let aZero: Int32, bZero: Int32, outZero: Int32
    public let a: QuantizedMultiplier, b: QuantizedMultiplier, output: QuantizedMultiplier
    public let leftShift: Int32
    /// 1 for Add, −1 for Sub.
    public let sign: Int32
    public let range: ClosedRange<Int32>

    /// TFLite's Prepare aborts the process (QuantizeMultiplierSmallerThanOneExp) unless the sum's
    /// multiplier is below 1: an output scale below 2 · the larger input scale / 2^shift is refused.
    init(_ q: QuantizedOperands) throws {
        let (aScale, aZero) = try q.scalar(0), (bScale, bZero) = try q.scalar(1)
        let (outScale, outZero) = q.outputScalar
        leftShift = q.output.dtype == .int8 ? 20 : 15
        let twiceMax = 2 * Double(max(aScale, bScale))
        let real = twiceMax / (Double(1 << leftShift) * Double(outScale))
        guard real < 1 else {
            throw q.node.error("the output scale \(outScale) is too small for inputs of scales \(aScale) and \(bScale): TFLite's \(q.node.op == "Add" ? "ADD" : "SUB") aborts on it")
        }
        (a, b, output) = (QuantizedMultiplier(Double(aScale) / twiceMax), QuantizedMultiplier(Double(bScale) / twiceMax), QuantizedMultiplier(real))
        (self.aZero, self.bZero, self.outZero) = (aZero, bZero, outZero)
        sign = q.node.op == "Sub" ? -1 : 1
        range = try q.activationRange()
    }

    /// The prepared arithmetic of a quantized Add or Sub node; nil for any other node.
    public init?(_ context: InferenceContext) throws {
        guard QuantizedOps.applies(context), ["Add", "Sub"].contains(context.node.op), let output = try OpRegistry.infer(context).first else { return nil }
        try self.init(QuantizedOperands(node: context.node, inputs: context.inputTypes, constants: context.constantInputs, output: output))
    }

    /// The result before the clamp.
    @inlinable
    public func unclamped(_ x: Int32, _ y: Int32) -> Int32 {
        let scaledA = a.apply((x &- aZero) << leftShift), scaledB = b.apply((y &- bZero) << leftShift)
        return output.apply(scaledA &+ sign &* scaledB) &+ outZero
    }

    /// The output integer of operands `x` and `y`.
    @inlinable
    public func callAsFunction(_ x: Int32, _ y: Int32) -> Int32 { min(max(unclamped(x, y), range.lowerBound), range.upperBound) }
}
