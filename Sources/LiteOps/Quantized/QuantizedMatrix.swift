import LiteIR

/// FullyConnected and MatMul on quantized values.
///
/// - FullyConnected, as TFLite's reference kernel since it requantizes in float
///   (kernels/fully_connected.cc, reference/integer_ops/fully_connected.h): acc = Σ (w − weight
///   zero point)(x − input zero point) + bias (int32 for int8, int64 for int16 activations),
///   then round(acc · input scale · filter scale[n] / output scale) in double, the output zero
///   point and the activation's clamp.
/// - MatMul (BATCH_MATMUL, reference/batch_matmul.h): acc = Σ (a − zero point)(b − zero point)
///   in int32, times the multiplier of Float(scale a · scale b) / output scale, the output
///   zero point; int16 operands accumulate in int64 and take the int64 multiplier form.
enum QuantizedMatrix {
    static let kernels: [String: QuantizedKernel] = [
        "FullyConnected": QuantizedKernel(.fromAttributes, check: checkFullyConnected, prepare: fullyConnected),
        "MatMul": QuantizedKernel(.fromAttributes, check: checkMatMul, prepare: matMul),
    ]

    private static func checkFullyConnected(_ q: QuantizedOperands) throws {
        let x = try q.input(0), w = try q.input(1)
        guard [.int8, .int16].contains(x.dtype), w.dtype == .int8, let wq = w.quantization, wq.scales.count == 1 || wq.axis == 0 else {
            throw q.node.error("computes int8 or int16 inputs with int8 weights quantized per tensor or per unit, got \(x) and \(w)")
        }
        _ = try q.scalar(0)
        if x.dtype == .int16, try q.scalar(0).zeroPoint != 0 || q.outputScalar.zeroPoint != 0 {
            throw q.node.error("int16 activations must have zero point 0")
        }
        if q.has(2), try ![DType.int32, .int64].contains(q.input(2).dtype) { throw q.node.error("a quantized bias must be int32 or int64") }
    }

    private static func fullyConnected(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let node = q.node
        let (inScale, inZero) = try q.scalar(0)
        let (outScale, outZero) = q.outputScalar
        let wq = try q.input(1).quantization!
        let units = wq.axis == nil ? 1 : wq.scales.count
        let effective = (0..<units).map { Double(inScale) * Double(wq.scales[$0]) / Double(outScale) }
        let weightZeros = wq.zeroPoints.map { Int64($0) }
        let range = try q.activationRange()
        let keepDims = try node.int("keep_num_dims", 0) != 0
        let dtype = q.output.dtype
        return { inputs in
            let x = try inputs.required(0, node), w = try inputs.required(1, node)
            let (n, k) = (w.shape[0], w.shape[1])
            let rows = k == 0 ? 0 : x.count / k
            let xv = x.int32s(), wv = w.int32s()
            let bias = inputs.count > 2 ? inputs[2]?.int64s() : nil
            var out = [Int32](repeating: 0, count: rows * n)
            for r in 0..<rows {
                for j in 0..<n {
                    let weightZero = weightZeros[weightZeros.count == 1 ? 0 : j]
                    var acc: Int64 = 0
                    for p in 0..<k { acc += (Int64(wv[j * k + p]) - weightZero) * Int64(xv[r * k + p] - inZero) }
                    acc += bias?[j] ?? 0
                    if dtype == .int8 { acc = Int64(Int32(truncatingIfNeeded: acc)) }
                    let scaled = Int32(clamping: Int64((Double(acc) * effective[units == 1 ? 0 : j]).rounded(.toNearestOrAwayFromZero)))
                    out[r * n + j] = min(max(scaled &+ outZero, range.lowerBound), range.upperBound)
                }
            }
            return [Tensor.fromInt32s(out, shape: keepDims ? Array(x.shape.dropLast()) + [n] : [rows, n], dtype: dtype)]
        }
    }

    private static func checkMatMul(_ q: QuantizedOperands) throws {
        let a = try q.input(0), b = try q.input(1)
        guard [.int8, .int16].contains(a.dtype), b.dtype == a.dtype else {
            throw q.node.error("multiplies two int8 or two int16 operands, got \(a) and \(b)")
        }
        _ = try q.scalar(0)
        _ = try q.scalar(1)
    }

    private static func matMul(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let node = q.node
        let (aScale, aZero) = try q.scalar(0), (bScale, bZero) = try q.scalar(1)
        let (outScale, outZero) = q.outputScalar
        let multiplier = QuantizedMultiplier(Double(aScale * bScale) / Double(outScale))
        let range = q.outputRange
        let wide = q.output.dtype == .int16, dtype = q.output.dtype
        return { inputs in
            let a = try inputs.required(0, node), b = try inputs.required(1, node)
            let g = try matMulGeometry(a.shape.map { .fixed($0) }, b.shape.map { .fixed($0) }, node: node)
            let (m, k, n) = (g.m.value!, g.k.value!, g.n.value!)
            let aBatch = Array((a.shape.count == 1 ? [1] + a.shape : a.shape).dropLast(2))
            let bBatch = Array((b.shape.count == 1 ? b.shape + [1] : b.shape).dropLast(2))
            let batch = g.batch.map { $0.value! }
            let av = a.int32s(), bv = b.int32s()
            var out = [Int32](repeating: 0, count: batch.reduce(1, *) * m * n)
            forEachBroadcast(aBatch, bBatch, batch) { i, ia, ib in
                for r in 0..<m {
                    for c in 0..<n {
                        var acc: Int64 = 0
                        for p in 0..<k {
                            acc += Int64(av[(ia * m + r) * k + p] - aZero) * Int64(bv[(ib * k + p) * n + c] - bZero)
                        }
                        let scaled = wide ? multiplier.apply(acc) : multiplier.apply(Int32(truncatingIfNeeded: acc))
                        out[(i * m + r) * n + c] = min(max(scaled &+ outZero, range.lowerBound), range.upperBound)
                    }
                }
            }
            return [Tensor.fromInt32s(out, shape: g.out.map { $0.value! }, dtype: dtype)]
        }
    }
}
