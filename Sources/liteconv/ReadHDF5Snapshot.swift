import ArgumentParser
import Foundation
import HDF5
import IsolatedHDF5
#if canImport(Glibc)
import Glibc
#endif

/// The hidden reader process of `IsolatedHDF5Reader`: reads one HDF5 file with libhdf5 under
/// limits on memory, CPU time and core dumps, and writes its snapshot to fd 3 (or `--output`).
/// Exit 0 done, 2 the file is unreadable (message on stderr), 3 the snapshot cannot be written.
struct ReadHDF5Snapshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: IsolatedHDF5Reader.childCommand,
        abstract: "Read an HDF5 file into a snapshot (used by liteconv itself).",
        shouldDisplay: false)

    @Argument(help: "The HDF5 file.") var file: String
    @Option(help: "Write the snapshot here instead of to fd 3.") var output: String?
    @Option(help: "The most bytes one dataset's values may take.") var maxBytes = Int(Int32.max)
    @Option(help: "The CPU time allowed, in seconds.") var cpuSeconds = 60
    @Option(help: "Top-level groups whose datasets' values are not read.") var skipValuesUnder: [String] = []

    func run() throws {
        limit(RLIMIT_CORE, 0)
        limit(RLIMIT_CPU, UInt64(max(1, cpuSeconds)))
        // Room for the largest dataset, libhdf5's own buffers and the runtime.
        let (addressSpace, overflow) = maxBytes.addingReportingOverflow(1 << 31)
        if !overflow { limit(RLIMIT_AS, UInt64(max(0, addressSpace))) }
        let descriptor = output.map { open($0, O_RDWR | O_CREAT | O_TRUNC, mode_t(0o644)) } ?? 3
        guard descriptor >= 0 else { fail(IsolatedHDF5Reader.ChildExit.cannotWrite, "cannot create \(output ?? "")") }
        do {
            try HDF5SnapshotWriter.write(file, to: descriptor, maxBytes: maxBytes, skippingValuesUnder: Set(skipValuesUnder))
        } catch let error as HDF5SnapshotWriter.WriteError {
            fail(IsolatedHDF5Reader.ChildExit.cannotWrite, error.description)
        } catch {
            fail(IsolatedHDF5Reader.ChildExit.unreadableFile, "\(error)")
        }
    }

    private func limit(_ resource: __rlimit_resource, _ value: UInt64) {
        var bound = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
        setrlimit(__rlimit_resource_t(resource.rawValue), &bound)
    }

    private func fail(_ code: Int32, _ message: String) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Glibc.exit(code)
    }
}
