import LiteIR

/// FullyConnected and MatMul as GEMM.
enum MatrixKernels {
    static let table: [String: FastKernel] = ["FullyConnected": fullyConnected, "MatMul": matMul]

    /// x[rows, K] · W[N, K]ᵀ + bias (the leading dims kept with `keep_num_dims`).
    static func fullyConnected(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        guard let x = inputs.float(0), let w = inputs.float(1), w.rank == 2, let bias = inputs.optionalFloat(2, count: w.shape[0]) else { return nil }
        let (n, k) = (w.shape[0], w.shape[1])
        let rows = k == 0 ? 0 : x.count / k
        guard GEMM.fits(rows, n, k) else { return nil }
        let shape = try node.int("keep_num_dims", 0) != 0 ? Array(x.shape.dropLast()) + [n] : [rows, n]
        let clamp = try OutputClamp(node)
        return [FloatStorage.make(shape, context) { out in
            FloatStorage.read(x) { xp in
                FloatStorage.read(w) { wp in
                    GEMM.multiply(m: rows, n: n, k: k, a: xp, lda: k, b: wp, ldb: k, transposedB: true, c: out, ldc: n, threads: context.threads)
                }
            }
            FloatStorage.read(optional: bias) { clamp.finish(out, rows: rows, columns: n, bias: $0) }
        }]
    }

    /// A[…, M, K] · B[K, N] as one GEMM over all of A's rows, or batch by batch when both have
    /// the same batch dims. Other broadcasts and 1-D operands are left to the reference kernel.
    static func matMul(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        guard let a = inputs.float(0), let b = inputs.float(1), a.rank >= 2, b.rank >= 2,
              a.shape.last == b.shape[b.rank - 2] else { return nil }
        let (m, k, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1], b.shape[b.rank - 1])
        let clamp = try OutputClamp(node)
        if b.rank == 2 {
            let rows = a.count / max(k, 1)
            guard k > 0, GEMM.fits(rows, n, k) else { return nil }
            return [try FloatStorage.make(Array(a.shape.dropLast()) + [n], context) { out in
                try product(a, b, into: out, batches: 1, m: rows, k: k, n: n, context)
                clamp.apply(out, count: rows * n, threads: context.threads)
            }]
        }
        guard a.rank == b.rank, a.shape.dropLast(2) == b.shape.dropLast(2), GEMM.fits(m, n, k) else { return nil }
        let batches = a.shape.dropLast(2).reduce(1, *)
        return [try FloatStorage.make(Array(a.shape.dropLast()) + [n], context) { out in
            try product(a, b, into: out, batches: batches, m: m, k: k, n: n, context)
            clamp.apply(out, count: batches * m * n, threads: context.threads)
        }]
    }

    private static func product(_ a: Tensor, _ b: Tensor, into out: UnsafeMutablePointer<Float>, batches: Int, m: Int, k: Int, n: Int,
                                _ context: KernelContext) throws {
        FloatStorage.read(a) { ap in
            FloatStorage.read(b) { bp in
                for batch in 0..<batches {
                    GEMM.multiply(m: m, n: n, k: k, a: ap + batch * m * k, lda: k, b: bp + batch * k * n, ldb: n, transposedB: false,
                                  c: out + batch * m * n, ldc: n, threads: context.threads)
                }
            }
        }
    }
}
