// GEMM bench: OpenBLAS (cblas_sgemm) vs BLIS (bli_sgemm) vs SwiftGEMM at 1 and 2 threads on
// ResNet-50 / MobileNetV2 batch-1 shapes. Built and run by scripts/bench_gemm.sh.
//
//   bench_gemm            the markdown table (GFLOP/s, median of 7 samples)
//   bench_gemm spin       CPU burnt by each library's idle threads in the second after a call
//   bench_gemm nested     each library called from inside DispatchQueue.concurrentPerform
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct Shape {
    let m: Int, n: Int, k: Int
    let bT: Bool  // B stored [N, K] (C = A·Bᵀ, conv/FC) or [K, N] (MatMul)
    let what: String
    var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
}

let shapes: [Shape] = [
    Shape(m: 3136, n: 64, k: 576, bT: true, what: "ResNet 3×3 conv 56²×64"),
    Shape(m: 3136, n: 256, k: 64, bT: true, what: "ResNet 1×1 expand 56² 64→256"),
    Shape(m: 3136, n: 64, k: 256, bT: true, what: "ResNet 1×1 reduce 56² 256→64"),
    Shape(m: 784, n: 128, k: 1152, bT: true, what: "ResNet 3×3 conv 28²×128"),
    Shape(m: 196, n: 256, k: 2304, bT: true, what: "ResNet 3×3 conv 14²×256"),
    Shape(m: 49, n: 512, k: 4608, bT: true, what: "ResNet 3×3 conv 7²×512"),
    Shape(m: 49, n: 2048, k: 512, bT: true, what: "ResNet 1×1 expand 7² 512→2048"),
    Shape(m: 12544, n: 32, k: 27, bT: true, what: "MobileNetV2 first conv 112², K=27"),
    Shape(m: 3136, n: 24, k: 144, bT: true, what: "MobileNetV2 1×1 project 56² 144→24"),
    Shape(m: 784, n: 192, k: 32, bT: true, what: "MobileNetV2 1×1 expand 28² 32→192"),
    Shape(m: 1, n: 1000, k: 2048, bT: true, what: "ResNet FC"),
    Shape(m: 1, n: 1000, k: 1280, bT: true, what: "MobileNetV2 FC"),
    Shape(m: 256, n: 512, k: 512, bT: false, what: "MatMul, B [K,N]"),
]

enum Lib: String, CaseIterable { case openblas = "OpenBLAS", blis = "BLIS", swift = "Swift" }

func setThreads(_ lib: Lib, _ t: Int) {
    switch lib {
    case .openblas: openblas_set_num_threads(Int32(t))
    case .blis: bli_thread_set_num_threads(Int64(t))
    case .swift: break
    }
}

func gemm(_ lib: Lib, _ s: Shape, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
          _ c: UnsafeMutablePointer<Float>, threads: Int) {
    let (m, n, k) = (s.m, s.n, s.k)
    switch lib {
    case .openblas:
        // CblasRowMajor 101, CblasNoTrans 111, CblasTrans 112
        cblas_sgemm(101, 111, s.bT ? 112 : 111, Int32(m), Int32(n), Int32(k), 1, a, Int32(k),
                    b, Int32(s.bT ? k : n), 0, c, Int32(n))
    case .blis:
        var one: Float = 1, zero: Float = 0
        // op(B) is K×N: element (kk, j) at b[j*K + kk] (Bᵀ layout) or b[kk*N + j].
        let (rsb, csb) = s.bT ? (1, k) : (n, 1)
        bli_sgemm(0, 0, Int64(m), Int64(n), Int64(k), &one, a, Int64(k), 1, b, Int64(rsb),
                  Int64(csb), &zero, c, Int64(n), 1)
    case .swift:
        SwiftGEMM.sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: s.bT ? k : n,
                        bTransposed: s.bT, c: c, ldc: n, threads: threads)
    }
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) * 1e-6
        + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) * 1e-6
}

struct Buffers {
    let a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
    init(_ s: Shape, seed: UInt64 = 42) {
        a = .allocate(capacity: s.m * s.k); b = .allocate(capacity: s.n * s.k); c = .allocate(capacity: s.m * s.n)
        var g = seed
        func r() -> Float { g = g &* 6364136223846793005 &+ 1442695040888963407; return Float(Int64(bitPattern: g >> 11) % 2001 - 1000) / 1000 }
        for i in 0..<(s.m * s.k) { a[i] = r() }
        for i in 0..<(s.n * s.k) { b[i] = r() }
        c.update(repeating: .nan, count: s.m * s.n)
    }
    func free() { a.deallocate(); b.deallocate(); c.deallocate() }
}

/// GFLOP/s, median of `samples` samples of ≥ ~30 ms each.
func measure(_ lib: Lib, _ s: Shape, _ buf: Buffers, threads: Int, samples: Int = 7) -> Double {
    gemm(lib, s, buf.a, buf.b, buf.c, threads: threads)
    var t0 = now()
    gemm(lib, s, buf.a, buf.b, buf.c, threads: threads)
    let once = max(now() - t0, 1e-7)
    let reps = max(1, Int(0.03 / once))
    var times: [Double] = []
    for _ in 0..<samples {
        t0 = now()
        for _ in 0..<reps { gemm(lib, s, buf.a, buf.b, buf.c, threads: threads) }
        times.append((now() - t0) / Double(reps))
    }
    times.sort()
    return s.flops / times[samples / 2] * 1e-9
}

/// max |x - y| / max |y| over C.
func relErr(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) -> Float {
    var d: Float = 0, big: Float = 0
    for i in 0..<count { d = max(d, abs(x[i] - y[i])); big = max(big, abs(y[i])) }
    return big > 0 ? d / big : d
}

func info() -> String {
    let core = String(cString: openblas_get_corename())
    let conf = String(cString: openblas_get_config())
    let arch = String(cString: bli_arch_string(bli_arch_query_id()))
    return "OpenBLAS \(conf) (core \(core)); BLIS arch \(arch)"
}

func table() {
    print("<!-- \(info()) -->")
    // Correctness: all three (and Swift at 2 threads) agree with OpenBLAS at 1 thread.
    for s in shapes {
        let buf = Buffers(s)
        let ref = UnsafeMutablePointer<Float>.allocate(capacity: s.m * s.n)
        setThreads(.openblas, 1)
        gemm(.openblas, s, buf.a, buf.b, ref, threads: 1)
        for (lib, t) in [(Lib.blis, 1), (.swift, 1), (.swift, 2)] {
            setThreads(lib, t)
            buf.c.update(repeating: .nan, count: s.m * s.n)
            gemm(lib, s, buf.a, buf.b, buf.c, threads: t)
            let e = relErr(buf.c, ref, s.m * s.n)
            if !(e < 1e-4) {
                print("MISMATCH \(lib.rawValue) t=\(t) \(s.m)x\(s.n)x\(s.k): rel err \(e)")
                exit(1)
            }
        }
        ref.deallocate(); buf.free()
    }
    var results: [[Double]] = Array(repeating: [], count: shapes.count)
    let configs: [(Lib, Int)] = [1, 2].flatMap { t in Lib.allCases.map { ($0, t) } }
    for (lib, t) in configs {
        setThreads(lib, t)
        usleep(300_000)  // let the previous library's worker threads stop spinning
        for (i, s) in shapes.enumerated() {
            let buf = Buffers(s)
            results[i].append(measure(lib, s, buf, threads: t))
            buf.free()
        }
    }
    var header = "| M×N×K | layer |"
    var rule = "|---|---|"
    for (lib, t) in configs { header += " \(lib.rawValue) \(t)T |"; rule += "---:|" }
    header += " Swift/best 1T | Swift/best 2T |"; rule += "---:|---:|"
    print(header); print(rule)
    for (i, s) in shapes.enumerated() {
        let r = results[i]
        var line = "| \(s.m)×\(s.n)×\(s.k)\(s.bT ? "" : " (B[K,N])") | \(s.what) |"
        for g in 0..<2 {
            let group = Array(r[(3 * g)..<(3 * g + 3)])
            let best = group.max()!
            for v in group {
                let txt = String(format: "%.1f", v)
                line += v == best ? " **\(txt)** |" : " \(txt) |"
            }
        }
        let s1 = r[2] / max(r[0], r[1]), s2 = r[5] / max(r[3], r[4])
        line += String(format: " %.0f%% | %.0f%% |", s1 * 100, s2 * 100)
        print(line)
    }
    // Geometric means over the conv shapes (M > 1) and over all.
    func geo(_ col: Int, _ rows: [Int]) -> Double {
        exp(rows.map { log(results[$0][col]) }.reduce(0, +) / Double(rows.count))
    }
    let conv = shapes.indices.filter { shapes[$0].m > 1 && shapes[$0].bT }
    var line = "| geomean, conv shapes | |"
    for col in 0..<6 { line += String(format: " %.1f |", geo(col, conv)) }
    line += String(format: " %.0f%% | %.0f%% |",
                   geo(2, conv) / max(geo(0, conv), geo(1, conv)) * 100,
                   geo(5, conv) / max(geo(3, conv), geo(4, conv)) * 100)
    print(line)
}

/// CPU time burnt by the process while the main thread sleeps for `window` after a 2-thread call.
func spin() {
    let s = shapes[3]
    let buf = Buffers(s)
    print("<!-- \(info()) -->")
    print("| library (2 threads) | env | CPU ms burnt in the 1 s after a call | in 1 s with no prior call |")
    print("|---|---|---:|---:|")
    let env = ["OPENBLAS_THREAD_TIMEOUT", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT"]
        .compactMap { k in ProcessInfo.processInfo.environment[k].map { "\(k)=\($0)" } }
        .joined(separator: " ")
    for lib in Lib.allCases {
        setThreads(lib, 2)
        gemm(lib, s, buf.a, buf.b, buf.c, threads: 2)
        usleep(1_500_000)
        var c0 = cpuSeconds()
        usleep(1_000_000)
        let idle = cpuSeconds() - c0
        gemm(lib, s, buf.a, buf.b, buf.c, threads: 2)
        c0 = cpuSeconds()
        usleep(1_000_000)
        let after = cpuSeconds() - c0
        print(String(format: "| %@ | %@ | %.0f | %.0f |", lib.rawValue, env.isEmpty ? "default" : env, after * 1000, idle * 1000))
        setThreads(lib, 1)
        usleep(1_500_000)
    }
    buf.free()
}

/// Each library called concurrently from DispatchQueue.concurrentPerform workers (2 workers,
/// many calls, separate C buffers), library threads 1 and 2: results must match the serial ones.
func nested() {
    print("<!-- \(info()) -->")
    print("| library | lib threads | calls in concurrentPerform(2 workers) | correct | ms per call (wall / calls) | serial 1T ms per call |")
    print("|---|---:|---:|---|---:|---:|")
    let s = shapes[4]
    let buf = Buffers(s)
    let ref = UnsafeMutablePointer<Float>.allocate(capacity: s.m * s.n)
    setThreads(.openblas, 1)
    gemm(.openblas, s, buf.a, buf.b, ref, threads: 1)
    let calls = 64
    let outs = (0..<calls).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: s.m * s.n) }
    for lib in Lib.allCases {
        setThreads(lib, 1)
        var t0 = now()
        for _ in 0..<8 { gemm(lib, s, buf.a, buf.b, buf.c, threads: 1) }
        let serial = (now() - t0) / 8
        for lt in [1, 2] {
            setThreads(lib, lt)
            usleep(200_000)
            for o in outs { o.update(repeating: .nan, count: s.m * s.n) }
            t0 = now()
            DispatchQueue.concurrentPerform(iterations: 2) { w in
                for i in stride(from: w, to: calls, by: 2) { gemm(lib, s, buf.a, buf.b, outs[i], threads: lt) }
            }
            let wall = now() - t0
            let ok = outs.allSatisfy { relErr($0, ref, s.m * s.n) < 1e-4 }
            print(String(format: "| %@ | %d | %d | %@ | %.2f | %.2f |", lib.rawValue, lt, calls, ok ? "yes" : "NO",
                         wall / Double(calls) * 1000, serial * 1000))
        }
        setThreads(lib, 1)
    }
    for o in outs { o.deallocate() }
    ref.deallocate(); buf.free()
}

bli_init()
switch CommandLine.arguments.dropFirst().first ?? "table" {
case "spin": spin()
case "nested": nested()
default: table()
}
