// A vectorized single-precision GEMM in plain Swift (no C, no BLAS): Goto-style blocking with
// packed panels and a 6×16 register-blocked micro-kernel on SIMD16<Float>.
//
//   C[M, N] = A[M, K] · Bᵀ   with B stored [N, K] row-major  (conv im2col × weights, FC)
//   C[M, N] = A[M, K] · B    with B stored [K, N] row-major  (MatMul)
//
// Blocking: B is packed once per call into NR-wide column panels covering all of K
// (panel-major, k-major inside: 16 contiguous floats per k); A is packed per MC×KC block into
// MR-tall row panels (6 contiguous floats per k). The micro-kernel keeps a 6×16 tile of C in
// six SIMD16 accumulators (12 ymm or 6 zmm registers), broadcasting one A value per row and
// loading one 16-wide B row per k. M = 1…3 (FC at batch 1) takes a dot-product / axpy path
// instead: packing would cost as much as the whole product.
//
// Threads: DispatchQueue.concurrentPerform, first over B panels to pack, then over M blocks
// (or N ranges when M is small), each worker packing its own A blocks.
//
// Build note: the FMA in `addingProduct` only becomes vfmadd when the target CPU has FMA
// (swiftc -target-cpu native / haswell / znver3…). On the default x86-64 baseline it lowers to
// a call to fmaf per lane; build the product with a CPU flag or switch `fma` below to `c + a * b`.
import Dispatch

public enum SwiftGEMM {
    public static let mr = 8
    public static let nr = 16
    public static var kc = 256
    public static var mc = 120  // multiple of mr; MC×KC floats = 120 KiB of A in L2

    typealias V = SIMD16<Float>

    @inline(__always) static func fma(_ c: V, _ a: V, _ b: V) -> V { c.addingProduct(a, b) }

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always) static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    /// C[M, N] (row stride ldc) = A[M, K] (row stride lda) · op(B).
    /// `bTransposed`: B is [N, K] row-major (row stride ldb) and op(B) = Bᵀ; otherwise B is
    /// [K, N] row-major and op(B) = B. C is overwritten (beta = 0).
    public static func sgemm(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, bTransposed: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        threads: Int = 1
    ) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
            return
        }
        if m <= 3 {
            gemvPath(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, bTransposed: bTransposed,
                     c: c, ldc: ldc, threads: threads)
            return
        }
        let panels = (n + nr - 1) / nr
        let packedB = UnsafeMutablePointer<Float>.allocate(capacity: panels * k * nr)
        defer { packedB.deallocate() }
        let t = max(1, threads)

        // 1. Pack B into panels (in parallel over panel ranges).
        let packTasks = min(t, panels)
        parallel(packTasks) { task in
            let p0 = panels * task / packTasks, p1 = panels * (task + 1) / packTasks
            for p in p0..<p1 {
                packB(panel: p, n: n, k: k, b: b, ldb: ldb, bTransposed: bTransposed,
                      dst: packedB + p * k * nr)
            }
        }

        // 2. Split C into t pieces along M (or along N when M has too few micro-panels).
        let mPanels = (m + mr - 1) / mr
        let splitM = t == 1 || mPanels >= 2 * t || mPanels >= panels
        let tasks = t
        let pb = UnsafePointer(packedB)
        parallel(tasks) { task in
            var m0 = 0, m1 = m, q0 = 0, q1 = panels
            if tasks > 1 {
                if splitM {
                    m0 = min(m, mPanels * task / tasks * mr)
                    m1 = min(m, mPanels * (task + 1) / tasks * mr)
                } else {
                    q0 = panels * task / tasks
                    q1 = panels * (task + 1) / tasks
                }
            }
            if m0 < m1 && q0 < q1 {
                block(m0: m0, m1: m1, q0: q0, q1: q1, n: n, k: k, a: a, lda: lda, packedB: pb,
                      c: c, ldc: ldc)
            }
        }
    }

    @inline(__always) static func parallel(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: count, execute: body) }
    }

    /// Panel p of B: columns p*16 ..< p*16+16 of op(B), all K, as dst[k*16 + j]; zero-padded.
    static func packB(panel p: Int, n: Int, k: Int, b: UnsafePointer<Float>, ldb: Int,
                      bTransposed: Bool, dst: UnsafeMutablePointer<Float>) {
        let j0 = p * nr, w = min(nr, n - j0)
        if bTransposed {
            if w < nr { dst.update(repeating: 0, count: k * nr) }
            for j in 0..<w {
                let row = b + (j0 + j) * ldb
                for kk in 0..<k { dst[kk * nr + j] = row[kk] }
            }
        } else {
            for kk in 0..<k {
                let src = b + kk * ldb + j0, d = dst + kk * nr
                if w == nr { store(load(src), d) } else {
                    for j in 0..<w { d[j] = src[j] }
                    for j in w..<nr { d[j] = 0 }
                }
            }
        }
    }

    /// Rows m0..<m1 of C, B panels q0..<q1, all K; A packed here, per MC×KC block.
    static func block(m0: Int, m1: Int, q0: Int, q1: Int, n: Int, k: Int,
                      a: UnsafePointer<Float>, lda: Int, packedB: UnsafePointer<Float>,
                      c: UnsafeMutablePointer<Float>, ldc: Int) {
        let kcMax = kc, mcMax = mc
        let packedA = UnsafeMutablePointer<Float>.allocate(capacity: mcMax * kcMax)
        defer { packedA.deallocate() }
        var pc = 0
        while pc < k {
            let kcur = min(kcMax, k - pc)
            var ic = m0
            while ic < m1 {
                let mcur = min(mcMax, m1 - ic)
                packA(rows: mcur, kcur: kcur, a: a + ic * lda + pc, lda: lda, dst: packedA)
                for q in q0..<q1 {
                    let pbq = packedB + q * k * nr + pc * nr
                    let j0 = q * nr, w = min(nr, n - j0)
                    var ir = 0
                    while ir < mcur {
                        let h = min(mr, mcur - ir)
                        micro(kc: kcur, pa: packedA + ir * kcur, pb: pbq,
                              c: c + (ic + ir) * ldc + j0, ldc: ldc,
                              accumulate: pc > 0, rows: h, cols: w)
                        ir += mr
                    }
                }
                ic += mcur
            }
            pc += kcur
        }
    }

    /// A block rows×kcur as MR-tall panels: dst[panel*kcur*6 + kk*6 + r]; zero-padded rows.
    @inline(__always)
    static func packA(rows: Int, kcur: Int, a: UnsafePointer<Float>, lda: Int,
                      dst: UnsafeMutablePointer<Float>) {
        var r0 = 0
        var d = dst
        while r0 < rows {
            let h = min(mr, rows - r0)
            if h == mr {
                let s0 = a + r0 * lda, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda
                let s4 = s3 + lda, s5 = s4 + lda, s6 = s5 + lda, s7 = s6 + lda
                for kk in 0..<kcur {
                    let o = d + kk * mr
                    o[0] = s0[kk]; o[1] = s1[kk]; o[2] = s2[kk]; o[3] = s3[kk]
                    o[4] = s4[kk]; o[5] = s5[kk]; o[6] = s6[kk]; o[7] = s7[kk]
                }
            } else {
                for kk in 0..<kcur {
                    for r in 0..<mr { d[kk * mr + r] = r < h ? a[(r0 + r) * lda + kk] : 0 }
                }
            }
            d += kcur * mr
            r0 += mr
        }
    }

    /// The 8×16 micro-kernel: C tile (+)= Apanel · Bpanel over kc.
    @inline(__always)
    static func micro(kc: Int, pa: UnsafePointer<Float>, pb: UnsafePointer<Float>,
                      c: UnsafeMutablePointer<Float>, ldc: Int,
                      accumulate: Bool, rows: Int, cols: Int) {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V(), c6 = V(), c7 = V()
        var a = pa, b = pb
        for _ in 0..<kc {
            let b0 = load(b)
            c0 = fma(c0, V(repeating: a[0]), b0)
            c1 = fma(c1, V(repeating: a[1]), b0)
            c2 = fma(c2, V(repeating: a[2]), b0)
            c3 = fma(c3, V(repeating: a[3]), b0)
            c4 = fma(c4, V(repeating: a[4]), b0)
            c5 = fma(c5, V(repeating: a[5]), b0)
            c6 = fma(c6, V(repeating: a[6]), b0)
            c7 = fma(c7, V(repeating: a[7]), b0)
            a += mr; b += nr
        }
        if rows == mr && cols == nr {
            if accumulate {
                c0 += load(c); c1 += load(c + ldc); c2 += load(c + 2 * ldc); c3 += load(c + 3 * ldc)
                c4 += load(c + 4 * ldc); c5 += load(c + 5 * ldc); c6 += load(c + 6 * ldc); c7 += load(c + 7 * ldc)
            }
            store(c0, c); store(c1, c + ldc); store(c2, c + 2 * ldc); store(c3, c + 3 * ldc)
            store(c4, c + 4 * ldc); store(c5, c + 5 * ldc); store(c6, c + 6 * ldc); store(c7, c + 7 * ldc)
            return
        }
        withUnsafeTemporaryAllocation(of: V.self, capacity: mr) { tile in
            tile[0] = c0; tile[1] = c1; tile[2] = c2; tile[3] = c3
            tile[4] = c4; tile[5] = c5; tile[6] = c6; tile[7] = c7
            for r in 0..<rows {
                let row = c + r * ldc, v = tile[r]
                for j in 0..<cols { row[j] = accumulate ? row[j] + v[j] : v[j] }
            }
        }
    }

    /// M ≤ 3: each output is a dot product of an A row with a B row (Bᵀ layout), or an axpy
    /// over B rows ([K, N] layout); parallel over N ranges.
    static func gemvPath(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                         b: UnsafePointer<Float>, ldb: Int, bTransposed: Bool,
                         c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int) {
        let t = max(1, min(threads, (n + 63) / 64))
        parallel(t) { task in
            let n0 = n * task / t, n1 = n * (task + 1) / t
            for i in 0..<m {
                let x = a + i * lda, y = c + i * ldc
                if bTransposed {
                    var j = n0
                    while j + 4 <= n1 {
                        let r0 = b + j * ldb, r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb
                        var s0 = V(), s1 = V(), s2 = V(), s3 = V()
                        var kk = 0
                        while kk + 16 <= k {
                            let xv = load(x + kk)
                            s0 = fma(s0, xv, load(r0 + kk)); s1 = fma(s1, xv, load(r1 + kk))
                            s2 = fma(s2, xv, load(r2 + kk)); s3 = fma(s3, xv, load(r3 + kk))
                            kk += 16
                        }
                        var d0 = s0.sum(), d1 = s1.sum(), d2 = s2.sum(), d3 = s3.sum()
                        while kk < k {
                            d0 += x[kk] * r0[kk]; d1 += x[kk] * r1[kk]
                            d2 += x[kk] * r2[kk]; d3 += x[kk] * r3[kk]
                            kk += 1
                        }
                        y[j] = d0; y[j + 1] = d1; y[j + 2] = d2; y[j + 3] = d3
                        j += 4
                    }
                    while j < n1 {
                        let r = b + j * ldb
                        var s = V(), kk = 0
                        while kk + 16 <= k { s = fma(s, load(x + kk), load(r + kk)); kk += 16 }
                        var d = s.sum()
                        while kk < k { d += x[kk] * r[kk]; kk += 1 }
                        y[j] = d
                        j += 1
                    }
                } else {
                    (y + n0).update(repeating: 0, count: n1 - n0)
                    for kk in 0..<k {
                        let xv = V(repeating: x[kk]), r = b + kk * ldb
                        var j = n0
                        while j + 16 <= n1 { store(fma(load(y + j), xv, load(r + j)), y + j); j += 16 }
                        while j < n1 { y[j] += x[kk] * r[j]; j += 1 }
                    }
                }
            }
        }
    }
}
