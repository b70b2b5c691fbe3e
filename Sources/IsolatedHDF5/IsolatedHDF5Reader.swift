import Foundation
import LiteIR
#if canImport(Glibc)
import Glibc
#endif

/// Reads HDF5 files in a child process, so that nothing a malformed file does inside libhdf5 —
/// a crash, a hang, an exhausting allocation — reaches the converter. The child is `liteconv`
/// itself in a hidden mode (``childCommand``), or a fork of a single-threaded liteconv
/// (``forkedReader``), with limits on its memory and CPU time and a deadline. It writes a
/// snapshot (``SnapshotFormat``) into an unnamed file whose large dataset values the parent then
/// maps in place. A crash or hang of the child is an error; the caller names the file.
public enum IsolatedHDF5Reader {
    /// The hidden `liteconv` subcommand the child runs.
    public static let childCommand = "read-hdf5-snapshot"
    /// Environment variable giving the reader's deadline in seconds (default: 60 s plus a second
    /// per 50 MB of file).
    public static let timeoutVariable = "LITECONV_HDF5_TIMEOUT"
    /// Environment variable naming the `liteconv` executable to run as the reader, for programs
    /// that embed the library (by default the running `liteconv`, or one beside the running program).
    public static let executableVariable = "LITECONV_HDF5_READER"

    /// A snapshot of the HDF5 file at `url`, with the values of datasets under the top-level
    /// groups `skippingValuesUnder` left out.
    public static func read(_ url: URL, skippingValuesUnder skipped: [String] = []) throws -> HDF5Snapshot {
        let path = url.path
        guard FileManager.default.isReadableFile(atPath: path) else { throw HDF5Error("cannot read the file") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let timeout = ProcessInfo.processInfo.environment[timeoutVariable].flatMap(Double.init) ?? 60 + Double(size) / 50e6
        let descriptor = try unnamedFile()
        defer { close(descriptor) }
        let request = ReaderRequest(path: path, descriptor: descriptor, maxBytes: MemoryBudget.tensorBytes,
                                    cpuSeconds: Int(timeout.rounded(.up)) + 1, skipped: Set(skipped))
        let (outcome, message) = try run(request, timeout: timeout)
        let detail = message.trimmingCharacters(in: .whitespacesAndNewlines)
        switch outcome {
        case .exited(0):
            return try HDF5Snapshot(try SnapshotBytes(descriptor: try reopen(descriptor)))
        case .exited(ChildExit.unreadableFile):
            throw HDF5Error(detail.isEmpty ? "not a readable HDF5 file" : detail)
        case .exited(let code):
            throw HDF5Error("the HDF5 reader process failed (exit \(code))\(detail.isEmpty ? "" : ": \(detail)")")
        case .signalled(let signal):
            throw HDF5Error("malformed HDF5 file: libhdf5 crashed reading it (signal \(signal): \(String(cString: strsignal(signal))))"
                + " — or it needed more memory than the limit of \(MemoryBudget.tensorBytes) bytes (--max-memory)")
        case .timedOut:
            throw HDF5Error("malformed HDF5 file: libhdf5 did not finish reading it in \(timeout) s (\(timeoutVariable) sets the limit)")
        }
    }

    /// The reader a program that links libhdf5 (liteconv) sets once at startup, before any other
    /// thread starts: while the process has one thread, the reader is forked from it instead of
    /// spawned, which spares the start of a new process (most of the cost on small files).
    nonisolated(unsafe) public static var forkedReader: SnapshotReading?

    /// Runs `request` in a forked reader when that is safe, else in a spawned `liteconv`.
    private static func run(_ request: ReaderRequest, timeout: Double) throws -> (ChildProcess.Outcome, String) {
        if let forkedReader, ChildProcess.isSingleThreaded, let result = ChildProcess.fork({ forkedReader(request) }, timeout: timeout) {
            return result
        }
        let arguments = [childCommand, request.path, "--max-bytes", "\(request.maxBytes)", "--cpu-seconds", "\(request.cpuSeconds)"]
            + request.skipped.sorted().flatMap { ["--skip-values-under", $0] }
        return try ChildProcess.run(try executable(), arguments, descriptor: request.descriptor, timeout: timeout)
    }

    /// The child's exit codes other than 0 and a signal.
    public enum ChildExit {
        /// The file is not HDF5, or libhdf5 reported an error reading it (message on stderr).
        public static let unreadableFile: Int32 = 2
        /// The snapshot could not be written (no space, for instance).
        public static let cannotWrite: Int32 = 3
    }

    /// An unnamed read-write file, in shared memory when there is room there, removed by the
    /// system however the process ends.
    private static func unnamedFile() throws -> Int32 {
        let unnamed = 0o20000000 | O_DIRECTORY | O_RDWR  // O_TMPFILE, which Swift does not import
        for folder in ["/dev/shm", FileManager.default.temporaryDirectory.path] {
            let descriptor = open(folder, Int32(unnamed), mode_t(0o600))
            if descriptor >= 0 { return descriptor }
        }
        throw HDF5Error("cannot create a temporary file for the HDF5 reader: \(String(cString: strerror(errno)))")
    }

    /// A second descriptor of the same file.
    private static func reopen(_ descriptor: Int32) throws -> Int32 {
        let copy = dup(descriptor)
        guard copy >= 0 else { throw HDF5Error("cannot read the HDF5 snapshot: \(String(cString: strerror(errno)))") }
        return copy
    }

    /// The `liteconv` to run as the reader.
    private static func executable() throws -> String {
        if let configured = ProcessInfo.processInfo.environment[executableVariable] { return configured }
        let running = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let runningURL = URL(fileURLWithPath: running)
        if runningURL.lastPathComponent == "liteconv" { return running }
        // Tests and tools built in the same package: the liteconv built beside them.
        let beside = runningURL.deletingLastPathComponent()
        for candidate in [beside, beside.deletingLastPathComponent()].map({ $0.appendingPathComponent("liteconv").path })
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw HDF5Error("reading HDF5 needs the liteconv executable: set \(executableVariable) to its path")
    }
}
