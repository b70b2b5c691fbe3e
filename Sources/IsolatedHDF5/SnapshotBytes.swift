import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The bytes of a snapshot: the file the reader process wrote, mapped into memory once (dataset
/// values are borrowed from the mapping, not copied), or bytes already in memory (tests, fuzzing).
public final class SnapshotBytes: @unchecked Sendable {
    private let storage: Data
    /// The snapshot's size in bytes.
    public var count: Int { storage.count }

    /// The snapshot open as `descriptor` (not kept: the mapping outlives it).
    public init(descriptor: Int32) throws {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size >= 0, status.st_size <= off_t(Int.max) else {
            throw HDF5Error("cannot read the HDF5 snapshot: \(String(cString: strerror(errno)))")
        }
        let size = Int(status.st_size)
        guard size > 0 else {
            storage = Data()
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0), address != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw HDF5Error("cannot map the HDF5 snapshot: \(String(cString: strerror(errno)))")
        }
        storage = Data(bytesNoCopy: address, count: size, deallocator: .custom { address, size in munmap(address, size) })
    }

    /// A snapshot held in memory.
    public init(_ data: Data) {
        storage = data
    }

    /// `length` bytes at `offset`, sharing the snapshot's memory (the mapping stays while they do).
    func slice(offset: Int, length: Int) throws -> Data {
        guard offset >= 0, length >= 0, !offset.addingReportingOverflow(length).overflow, offset + length <= count else {
            throw HDF5Error("the HDF5 snapshot is truncated")
        }
        let start = storage.startIndex + offset
        return storage[start..<start + length]
    }
}
