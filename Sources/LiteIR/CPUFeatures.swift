#if canImport(Glibc)
import Glibc
#endif

/// What this machine's CPU can run, read once from Linux's /proc/cpuinfo (its first `flags`
/// line; the file reports no size, so it is read line by line). Elsewhere the set is empty.
public enum CPUFeatures {
    /// The CPU's feature flags, as /proc/cpuinfo names them (avx2, fma, avx512f, …).
    public static let flags: Set<String> = readFlags()

    /// Whether the fast kernels can run: they are compiled for AVX2 and FMA on x86-64 Linux
    /// (Package.swift), everywhere else for the compiler's default CPU.
    public static var runsFastKernels: Bool {
        #if arch(x86_64) && os(Linux)
        return flags.isSuperset(of: ["avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "abm", "movbe"])
        #else
        return true
        #endif
    }

    private static func readFlags() -> Set<String> {
        #if os(Linux)
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 1 << 16)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("flags") else { continue }
            return Set(text.split(whereSeparator: \.isWhitespace).dropFirst(2).map(String.init))
        }
        #endif
        return []
    }
}
