#if canImport(Glibc)
import Glibc
#endif

/// What the reader process is asked to do, whether spawned (`liteconv read-hdf5-snapshot`) or
/// forked: read `path` under these limits and write its snapshot to `descriptor`.
public struct ReaderRequest: Sendable {
    public let path: String
    public let descriptor: Int32
    /// The most bytes one dataset's values may take.
    public let maxBytes: Int
    /// The CPU time allowed, in seconds.
    public let cpuSeconds: Int
    /// Top-level groups whose datasets' values are not read.
    public let skipped: Set<String>

    public init(path: String, descriptor: Int32, maxBytes: Int, cpuSeconds: Int, skipped: Set<String>) {
        self.path = path
        self.descriptor = descriptor
        self.maxBytes = maxBytes
        self.cpuSeconds = cpuSeconds
        self.skipped = skipped
    }

    /// Limits the calling process — the reader — to the request's CPU time and to room for its
    /// largest dataset, libhdf5's own buffers and the runtime; no core dumps.
    public func limitThisProcess() {
        limit(RLIMIT_CORE, 0)
        limit(RLIMIT_CPU, UInt64(max(1, cpuSeconds)))
        let (addressSpace, overflow) = maxBytes.addingReportingOverflow(1 << 31)
        if !overflow { limit(RLIMIT_AS, UInt64(max(0, addressSpace))) }
    }

    private func limit(_ resource: __rlimit_resource, _ value: UInt64) {
        var bound = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
        setrlimit(__rlimit_resource_t(resource.rawValue), &bound)
    }
}

/// The reader's work in its process: reads the request's file into its snapshot, reporting any
/// failure on stderr; returns the exit code (0, or ``IsolatedHDF5Reader/ChildExit``). Programs
/// that link libhdf5 provide it (``IsolatedHDF5Reader/forkedReader``).
public typealias SnapshotReading = @Sendable (ReaderRequest) -> Int32
