import Foundation

#if FUZZING
// libFuzzer's entry points (`make fuzz` builds this target with -sanitize=fuzzer -DFUZZING):
// the target comes from LITECONV_FUZZ_TARGET.
nonisolated(unsafe) private var target = FuzzTarget.onnx

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let name = ProcessInfo.processInfo.environment["LITECONV_FUZZ_TARGET"] ?? "onnx"
    guard let chosen = FuzzTarget(rawValue: name) else { fatalError("LITECONV_FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue))") }
    target = chosen
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    target.run(bytes.map { Data(bytes: $0, count: size) } ?? Data())
    return 0
}

/// libFuzzer's driver (its `main` without the name: SwiftPM links an executable's entry point
/// as `<target>_main`).
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                       _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("liteconv_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc, arguments = argv
    return runDriver(&count, &arguments) { bytes, size in fuzzOneInput(bytes, size) }
}
#else
/// Replays fuzz inputs without the fuzzer: `liteconv-fuzz TARGET FILE|FOLDER …` feeds each file
/// to the target (a crash ends the process by its signal, which `make test` reports).
@main
struct FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("usage: liteconv-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE|FOLDER …\n".utf8))
            exit(64)
        }
        var files: [URL] = []
        for path in arguments.dropFirst() {
            let url = URL(fileURLWithPath: path)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                files.append(url)
                continue
            }
            let members = (try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? []
            files += members.filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.path < $1.path }
        }
        var accepted = 0
        for file in files {
            guard let data = try? Data(contentsOf: file) else { continue }
            if target.run(data) { accepted += 1 }
        }
        print("\(name): \(files.count) inputs replayed, \(accepted) accepted, \(files.count - accepted) refused with an error, none crashed")
    }
}
#endif
