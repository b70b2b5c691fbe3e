import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A process run to completion or to a deadline: its exit status and what it wrote to stderr.
struct ChildProcess {
    enum Outcome: Equatable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
    }

    /// Runs `executable` with `arguments`, `descriptor` as its fd 3, stdout to /dev/null and
    /// stderr collected (the first 64 KiB); kills it when it has not ended after `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], descriptor: Int32, timeout: Double) throws -> (Outcome, String) {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw HDF5Error("cannot start the HDF5 reader: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        posix_spawn_file_actions_adddup2(&actions, descriptor, 3)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(writeEnd)
        guard spawned == 0 else { throw HDF5Error("cannot start the HDF5 reader \(executable): \(String(cString: strerror(spawned)))") }

        return wait(pid, collecting: readEnd, timeout: timeout)
    }

    /// Whether this process runs one thread (so that a forked child finds no lock held by another).
    static var isSingleThreaded: Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task"))?.count ?? 0) == 1
    }

    /// Runs `body` in a forked child with its stderr collected, its result the exit code; nil when
    /// the fork fails. Call only while the process runs one thread.
    static func fork(_ body: () -> Int32, timeout: Double) -> (Outcome, String)? {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return nil }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        let pid = Glibc.fork()
        if pid == 0 {
            close(readEnd)
            dup2(writeEnd, 2)
            _exit(body())
        }
        close(writeEnd)
        guard pid > 0 else { return nil }
        return wait(pid, collecting: readEnd, timeout: timeout)
    }

    /// Waits for `pid` while collecting `descriptor`; kills it at the deadline.
    private static func wait(_ pid: pid_t, collecting descriptor: Int32, timeout: Double) -> (Outcome, String) {
        let (message, finished) = collect(descriptor, until: Date().addingTimeInterval(timeout))
        if !finished { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard finished else { return (.timedOut, message) }
        let signal = status & 0x7f
        return (signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal), message)
    }

    /// Reads `descriptor` to its end or the deadline; returns the text and whether the end came.
    private static func collect(_ descriptor: Int32, until deadline: Date) -> (String, Bool) {
        var collected = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return (String(decoding: collected, as: UTF8.self), false) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining * 1000 + 1, 60_000)))
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            if ready < 0 { return (String(decoding: collected, as: UTF8.self), false) }
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return (String(decoding: collected, as: UTF8.self), true) }
            if collected.count < 65_536 { collected += buffer.prefix(count) }
        }
    }
}
