import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that it appears whole or not at all, and nothing is left behind by a
/// failure, an interrupt or even SIGKILL. On Linux the bytes go to an unnamed file in the
/// target's folder (O_TMPFILE), linked into place once complete: until then no name exists to
/// leave behind. Where the filesystem has no unnamed files, a hidden temporary file is used,
/// removed on failure and on SIGINT/SIGTERM.
public enum AtomicFile {
    /// Writes `url` with what `body` writes to the handle; returns when the file is in place.
    public static func write(to url: URL, _ body: (FileHandle) throws -> Void) throws {
        let folder = url.deletingLastPathComponent().path
        #if os(Linux)
        let fd = open(folder.isEmpty ? "." : folder, unnamedFileFlags, mode_t(0o644))
        if fd >= 0 {
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            try body(handle)
            try link(fd, to: url)
            try handle.close()
            return
        }
        guard [EOPNOTSUPP, EISDIR, EINVAL].contains(errno) else { throw failure(url, "cannot create a file in \(folder)") }
        #endif
        try writeThroughTemporaryName(url, body)
    }

    #if os(Linux)
    /// O_TMPFILE (__O_TMPFILE | O_DIRECTORY, which Swift does not import) | O_WRONLY | O_CLOEXEC.
    private static let unnamedFileFlags = 0o20000000 | O_DIRECTORY | O_WRONLY | O_CLOEXEC

    /// Gives the unnamed file `url`'s name: directly when the name is free, else through a
    /// hidden name renamed over the old file (an instant in which a kill would leave it).
    private static func link(_ fd: Int32, to url: URL) throws {
        let source = "/proc/self/fd/\(fd)"
        if linkat(AT_FDCWD, source, AT_FDCWD, url.path, AT_SYMLINK_FOLLOW) == 0 { return }
        guard errno == EEXIST else { throw failure(url, "cannot link the written file") }
        let hidden = temporaryName(for: url)
        guard linkat(AT_FDCWD, source, AT_FDCWD, hidden.path, AT_SYMLINK_FOLLOW) == 0 else { throw failure(url, "cannot link the written file") }
        guard rename(hidden.path, url.path) == 0 else {
            let error = failure(url, "cannot replace the old file")
            unlink(hidden.path)
            throw error
        }
    }
    #endif

    private static func writeThroughTemporaryName(_ url: URL, _ body: (FileHandle) throws -> Void) throws {
        let temporary = temporaryName(for: url)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else { throw failure(url, "cannot create \(temporary.path)") }
        InterruptCleanup.remember(temporary.path)
        defer { InterruptCleanup.forget() }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try body(handle)
            guard rename(temporary.path, url.path) == 0 else { throw failure(url, "cannot rename \(temporary.path) into place") }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    private static func temporaryName(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
    }

    private static func failure(_ url: URL, _ what: String) -> AtomicFileError {
        AtomicFileError(description: "\(url.path): \(what): \(String(cString: strerror(errno)))")
    }
}

/// A file that could not be written.
public struct AtomicFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Removes the temporary file being written when SIGINT or SIGTERM arrives, then lets the
/// signal end the process as it would have.
private enum InterruptCleanup {
    /// The path being written, as a C string the handler can read (one write at a time).
    nonisolated(unsafe) static var pending: UnsafeMutablePointer<CChar>?
    private static let installed: Void = {
        for signal in [SIGINT, SIGTERM] {
            _ = Glibc.signal(signal) { number in
                if let path = InterruptCleanup.pending { unlink(path) }
                Glibc.signal(number, SIG_DFL)
                raise(number)
            }
        }
    }()

    static func remember(_ path: String) {
        _ = installed
        pending = strdup(path)
    }

    static func forget() {
        let path = pending
        pending = nil
        free(path)
    }
}
