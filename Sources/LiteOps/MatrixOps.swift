import LiteIR

/// out[m, n] += sum_k a[m, k] * b[k, n] for row-major blocks.
func multiplyAccumulate(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>,
                        _ out: UnsafeMutableBufferPointer<Float>, m: Int, k: Int, n: Int,
                        aOffset: Int, bOffset: Int, outOffset: Int) {
    for i in 0..<m {
        let row = outOffset + i * n
        for p in 0..<k {
            let av = a[aOffset + i * k + p]
            if av == 0 { continue }
            let bRow = bOffset + p * n
            for j in 0..<n { out[row + j] += av * b[bRow + j] }
        }
    }
}

/// Numpy matmul shapes: (batch dims, M, K, N, output shape) with 1-D operands promoted.
func matMulGeometry(_ a: [Dim], _ b: [Dim], node: Node) throws -> (batch: [Dim], m: Dim, k: Dim, n: Dim, out: [Dim]) {
    guard !a.isEmpty, !b.isEmpty else { throw node.error("MatMul operands must have rank >= 1") }
    let aa = a.count == 1 ? [.fixed(1)] + a : a
    let bb = b.count == 1 ? b + [.fixed(1)] : b
    let k = aa[aa.count - 1], k2 = bb[bb.count - 2]
    if let x = k.value, let y = k2.value, x != y {
        throw node.error("inner dimensions differ: \(a) x \(b)")
    }
    let batch = try ShapeMath.broadcast(Array(aa.dropLast(2)), Array(bb.dropLast(2)), node: node)
    let m = aa[aa.count - 2], n = bb[bb.count - 1]
    var out = batch
    if a.count > 1 { out.append(m) }
    if b.count > 1 { out.append(n) }
    return (batch, m, k, n, out)
}

private let matMul = OpSpec("MatMul", OpTraits(.other, channels: .weighted(WeightLayout(outputAxis: -1, inputAxis: -2, bias: nil))), infer: { ctx in
    let a = try ctx.input(0), b = try ctx.input(1)
    guard a.dtype == .float32 || a.dtype == .float16, b.dtype == a.dtype else {
        throw ctx.node.error("expects two float inputs of one type, got \(a.dtype) and \(b.dtype)")
    }
    return [TensorType(a.dtype, try matMulGeometry(a.shape, b.shape, node: ctx.node).out)]
}, evaluate: { node, inputs in
    let a = try inputs.required(0, node), b = try inputs.required(1, node)
    let g = try matMulGeometry(a.shape.map { .fixed($0) }, b.shape.map { .fixed($0) }, node: node)
    let m = g.m.value!, k = g.k.value!, n = g.n.value!
    let batch = g.batch.map { $0.value! }
    let aBatch = Array((a.shape.count == 1 ? [1] + a.shape : a.shape).dropLast(2))
    let bBatch = Array((b.shape.count == 1 ? b.shape + [1] : b.shape).dropLast(2))
    let batchCount = batch.reduce(1, *)
    let av = a.floats(), bv = b.floats()
    var out = [Float](repeating: 0, count: batchCount * m * n)
    av.withUnsafeBufferPointer { pa in
        bv.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { po in
                forEachBroadcast(aBatch, bBatch, batch) { i, ia, ib in
                    multiplyAccumulate(pa, pb, po, m: m, k: k, n: n,
                                       aOffset: ia * m * k, bOffset: ib * k * n, outOffset: i * m * n)
                }
            }
        }
    }
    return [Tensor.fromFloats(out, shape: g.out.map { $0.value! }, dtype: a.dtype)]
})

/// TFLite FULLY_CONNECTED: x[..., K] · W[N, K]ᵀ + bias[N]. Without `keep_num_dims` the leading
/// dims collapse into one.
private let fullyConnected = OpSpec("FullyConnected", OpTraits(.other, channels: .weighted(.outputFirst)), infer: { ctx in
    let x = try ctx.input(0), w = try ctx.input(1)
    guard w.rank == 2, let k = w.shape[1].value, x.rank >= 1 else {
        throw ctx.node.error("weights must be 2-D [N, K] with static K, input rank >= 1")
    }
    let total = ShapeMath.product(x.shape)
    if let total, total % max(k, 1) != 0 { throw ctx.node.error("input \(x.shape) is not a multiple of K=\(k)") }
    if ctx.hasInput(2) {
        let bias = try ctx.input(2)
        guard bias.rank == 1, bias.shape[0] == w.shape[0] else { throw ctx.node.error("bias must be [N]") }
    }
    if try ctx.node.int("keep_num_dims", 0) != 0 {
        guard x.shape.last?.value == k else { throw ctx.node.error("last input dim must be K=\(k)") }
        return [TensorType(x.dtype, Array(x.shape.dropLast()) + [w.shape[0]])]
    }
    let rows: Dim = x.rank == 2 && x.shape[1].value == k ? x.shape[0] : total.map { .fixed($0 / max(k, 1)) } ?? .symbolic("")
    return [TensorType(x.dtype, [rows, w.shape[0]])]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node), w = try inputs.required(1, node)
    let n = w.shape[0], k = w.shape[1]
    let rows = k == 0 ? 0 : x.count / k
    let xv = x.floats(), wv = w.floats()
    let bias = inputs.count > 2 ? inputs[2]?.floats() : nil
    var out = [Float](repeating: 0, count: rows * n)
    for r in 0..<rows {
        for j in 0..<n {
            // TFLite's reference order: the products one at a time, then the bias.
            var acc: Float = 0
            for p in 0..<k { acc += xv[r * k + p] * wv[j * k + p] }
            out[r * n + j] = acc + (bias?[j] ?? 0)
        }
    }
    let shape = try node.int("keep_num_dims", 0) != 0 ? Array(x.shape.dropLast()) + [n] : [rows, n]
    return [Tensor.fromFloats(out, shape: shape, dtype: x.dtype)]
})

let matrixOps: [OpSpec] = [matMul, fullyConnected]
