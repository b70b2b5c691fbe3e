import CBLAS

/// Single-precision matrix products on OpenBLAS, row-major.
enum GEMM {
    /// C[m, n] = A[m, k] · B (B is [k, n], or [n, k] when `transposedB`), rows `lda`, `ldb`, `ldc`
    /// apart; C is overwritten, or accumulated into when `accumulate`.
    static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         transposedB: Bool, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false, threads: Int) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) } }
            return
        }
        setThreads(threads)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposedB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k),
                    1, a, Int32(lda), b, Int32(ldb), accumulate ? 1 : 0, c, Int32(ldc))
    }

    /// Whether every size and row stride fits BLAS's 32-bit integers.
    static func fits(_ sizes: Int...) -> Bool { sizes.allSatisfy { $0 >= 0 && $0 <= Int(Int32.max) } }

    /// OpenBLAS keeps one global thread count; set it only when it changes.
    nonisolated(unsafe) private static var currentThreads = 0

    private static func setThreads(_ threads: Int) {
        guard threads != currentThreads else { return }
        openblas_set_num_threads(Int32(threads))
        currentThreads = threads
    }
}
