/// Single-precision matrix products on OpenBLAS, row-major, split over threads by rows of C (or
/// by columns when C has too few rows), each part one single-threaded OpenBLAS call.
public enum GEMM {
    /// Whether OpenBLAS is installed; without it the GEMM kernels leave their nodes to the
    /// reference kernels.
    static var isAvailable: Bool { OpenBLAS.shared != nil }

    /// The OpenBLAS build in use, or why there is none.
    public static var libraryDescription: String { OpenBLAS.shared?.description ?? "OpenBLAS not found" }

    /// C[m, n] = A[m, k] · B (B is [k, n], or [n, k] when `transposedB`), rows `lda`, `ldb`, `ldc`
    /// apart; C is overwritten, or accumulated into when `accumulate`. Needs ``isAvailable``.
    static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         transposedB: Bool, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false, threads: Int) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) } }
            return
        }
        if m <= 4 {
            // A few rows: dot products with B [n, k], or rows of B [k, n] scaled and summed, where
            // OpenBLAS's sgemm runs at a sixth of the speed (docs/benchmarks.md).
            parallelChunks(n, threads: m * n * k < 1 << 16 ? 1 : threads, minimumChunk: 16) { columns in
                for row in 0..<m {
                    let output = c + row * ldc
                    if transposedB {
                        for column in columns {
                            let dot = dotProduct(a + row * lda, b + column * ldb, count: k)
                            output[column] = accumulate ? output[column] + dot : dot
                        }
                    } else {
                        if !accumulate { (output + columns.lowerBound).update(repeating: 0, count: columns.count) }
                        for i in 0..<k {
                            let scale = a[row * lda + i], source = b + i * ldb
                            for column in columns { output[column] += scale * source[column] }
                        }
                    }
                }
            }
            return
        }
        guard let blas = OpenBLAS.shared else { preconditionFailure("GEMM without OpenBLAS: check GEMM.isAvailable") }
        let work = m * n * k
        let parts = work < 1 << 18 ? 1 : threads
        func call(rows: Range<Int>, columns: Range<Int>) {
            let bColumn = transposedB ? columns.lowerBound * ldb : columns.lowerBound
            blas.sgemm(OpenBLAS.rowMajor, OpenBLAS.noTranspose, transposedB ? OpenBLAS.transpose : OpenBLAS.noTranspose,
                       Int32(rows.count), Int32(columns.count), Int32(k), 1, a + rows.lowerBound * lda, Int32(lda),
                       b + bColumn, Int32(ldb), accumulate ? 1 : 0, c + rows.lowerBound * ldc + columns.lowerBound, Int32(ldc))
        }
        if m >= parts * 32 || n < parts * 32 {
            parallelChunks(m, threads: parts, minimumChunk: 8) { call(rows: $0, columns: 0..<n) }
        } else {
            parallelChunks(n, threads: parts, minimumChunk: 16) { call(rows: 0..<m, columns: $0) }
        }
    }

    /// Σ x[i]·y[i], eight lanes at a time.
    private static func dotProduct(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var (s0, s1) = (SIMD8<Float>.zero, SIMD8<Float>.zero)
        var i = 0
        while i + 16 <= count {
            s0.addProduct((x + i).loadVector(), (y + i).loadVector())
            s1.addProduct((x + i + 8).loadVector(), (y + i + 8).loadVector())
            i += 16
        }
        var sum = (s0 + s1).sum()
        while i < count {
            sum += x[i] * y[i]
            i += 1
        }
        return sum
    }

    /// Whether OpenBLAS is there and every size and row stride fits its 32-bit integers.
    static func fits(_ sizes: Int...) -> Bool { isAvailable && sizes.allSatisfy { $0 >= 0 && $0 <= Int(Int32.max) } }
}
