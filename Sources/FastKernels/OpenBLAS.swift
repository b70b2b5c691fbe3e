import Foundation
import LiteIR
#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS (Debian libopenblas0, installed by `make` with libopenblas-dev), opened at first use
/// rather than linked, so its kernel choice can be set before it loads: OpenBLAS reads
/// `OPENBLAS_CORETYPE` once, when the library is loaded, and 0.3.21 (Debian 12) does not know
/// AMD Zen 4/5 and falls back to its AVX2 kernels on those AVX-512 CPUs, at about half the
/// speed of its SkylakeX kernels (docs/benchmarks.md). A core type the user sets is kept.
struct OpenBLAS: Sendable {
    typealias SGEMM = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void
    typealias Text = @convention(c) () -> UnsafePointer<CChar>?

    let sgemm: SGEMM
    /// The library's version and build options, and the core type whose kernels it runs.
    let description: String

    /// The loaded library, or nil when it is not installed.
    static let shared: OpenBLAS? = OpenBLAS()

    // CBLAS enum values (cblas.h).
    static let rowMajor: Int32 = 101, noTranspose: Int32 = 111, transpose: Int32 = 112

    private init?() {
        if getenv("OPENBLAS_CORETYPE") == nil, OpenBLAS.cpuHasAVX512 { setenv("OPENBLAS_CORETYPE", "SkylakeX", 0) }
        let names = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"]
        guard let handle = names.lazy.compactMap({ (name: String) in dlopen(name, RTLD_NOW) }).first,
              let sgemm = dlsym(handle, "cblas_sgemm"), let setThreads = dlsym(handle, "openblas_set_num_threads") else { return nil }
        self.sgemm = unsafeBitCast(sgemm, to: SGEMM.self)
        // Work is split over threads by the caller; OpenBLAS runs each call on the calling thread.
        unsafeBitCast(setThreads, to: SetThreads.self)(1)
        func text(_ symbol: String) -> String? {
            dlsym(handle, symbol).flatMap { unsafeBitCast($0, to: Text.self)() }.map { String(cString: $0) }
        }
        description = [text("openblas_get_config"), text("openblas_get_corename").map { "core \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
    }

    /// Whether the CPU has the AVX-512 subsets OpenBLAS's SkylakeX kernels use.
    private static var cpuHasAVX512: Bool {
        CPUFeatures.flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"])
    }
}
