import ArgumentParser
import Foundation
import HDF5
import IsolatedHDF5
#if canImport(Glibc)
import Glibc
#endif

/// The hidden reader process of `IsolatedHDF5Reader` when it is spawned: reads one HDF5 file
/// with libhdf5 under limits on memory, CPU time and core dumps, and writes its snapshot to fd 3
/// (or `--output`). Exit 0 done, 2 the file is unreadable (message on stderr), 3 the snapshot
/// cannot be written.
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
        let descriptor = output.map { open($0, O_RDWR | O_CREAT | O_TRUNC, mode_t(0o644)) } ?? 3
        guard descriptor >= 0 else {
            FileHandle.standardError.write(Data("cannot create \(output ?? "")\n".utf8))
            throw ExitCode(IsolatedHDF5Reader.ChildExit.cannotWrite)
        }
        let request = ReaderRequest(path: file, descriptor: descriptor, maxBytes: maxBytes, cpuSeconds: cpuSeconds, skipped: Set(skipValuesUnder))
        let code = HDF5SnapshotWriter.read(request)
        if code != 0 { throw ExitCode(code) }
    }
}
