import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The bytes of a snapshot: a file the reader process wrote, whose dataset values are mapped
/// into memory where they lie (no copy), or bytes already in memory (tests, fuzzing).
public final class SnapshotBytes: @unchecked Sendable {
    private enum Backing {
        case file(descriptor: Int32)
        case memory(Data)
    }

    private let backing: Backing
    /// The snapshot's size in bytes.
    public let count: Int

    /// The snapshot open as `descriptor`, which this object now owns and closes.
    public init(descriptor: Int32) throws {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size >= 0 else {
            close(descriptor)
            throw HDF5Error("cannot read the HDF5 snapshot: \(String(cString: strerror(errno)))")
        }
        backing = .file(descriptor: descriptor)
        count = Int(status.st_size)
    }

    /// A snapshot held in memory.
    public init(_ data: Data) {
        backing = .memory(data)
        count = data.count
    }

    deinit {
        if case .file(let descriptor) = backing { close(descriptor) }
    }

    /// A copy of `length` bytes at `offset` (the header and manifest).
    func copy(offset: Int, length: Int) throws -> Data {
        guard offset >= 0, length >= 0, !offset.addingReportingOverflow(length).overflow, offset + length <= count else {
            throw HDF5Error("the HDF5 snapshot is truncated")
        }
        switch backing {
        case .memory(let data):
            return data.subdata(in: data.startIndex + offset..<data.startIndex + offset + length)
        case .file(let descriptor):
            var data = Data(count: length)
            var done = 0
            while done < length {
                let read = data.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, length - done, off_t(offset + done)) }
                guard read > 0 else { throw HDF5Error("cannot read the HDF5 snapshot: \(String(cString: strerror(errno)))") }
                done += read
            }
            return data
        }
    }

    /// `length` bytes at `offset` (a multiple of the page size), mapped rather than copied.
    func values(offset: Int, length: Int) throws -> Data {
        guard case .file(let descriptor) = backing, length > 0 else { return try copy(offset: offset, length: length) }
        guard let address = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, off_t(offset)),
              address != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw HDF5Error("cannot map the HDF5 snapshot: \(String(cString: strerror(errno)))")
        }
        return Data(bytesNoCopy: address, count: length, deallocator: .custom { address, length in munmap(address, length) })
    }
}
