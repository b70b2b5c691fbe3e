/// Single-precision matrix products on OpenBLAS, row-major, split over threads by rows of C (or
/// by columns when C has too few rows), each part one single-threaded OpenBLAS call.
public enum GEMM {
    /// Whether OpenBLAS is installed; without it the GEMM kernels leave their nodes to the
    /// reference kernels.
    static var isAvailable: Bool { OpenBLAS.shared != nil }

    /// The OpenBLAS build in use, or why there is none.
    public static var libraryDescription: String { OpenBLAS.shared.map { "OpenBLAS \($0.description)" } ?? "OpenBLAS not found" }

    /// C[m, n] = A[m, k] · B (B is [k, n], or [n, k] when `transposedB`), rows `lda`, `ldb`, `ldc`
    /// apart; C is overwritten, or accumulated into when `accumulate`. Needs ``isAvailable``.
    static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         transposedB: Bool, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false, threads: Int) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) } }
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

    /// Whether OpenBLAS is there and every size and row stride fits its 32-bit integers.
    static func fits(_ sizes: Int...) -> Bool { isAvailable && sizes.allSatisfy { $0 >= 0 && $0 <= Int(Int32.max) } }
}
