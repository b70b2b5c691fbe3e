import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The bytes of a snapshot: the file the reader process wrote — large datasets mapped into
/// memory where they lie, each on its own (a tensor's values are freed with it), small ones
/// copied — or bytes already in memory (tests, fuzzing).
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
        guard fstat(descriptor, &status) == 0, status.st_size >= 0, status.st_size <= off_t(Int.max) else {
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

    /// `length` bytes at `offset`: mapped when they are a large dataset's (at a page-aligned
    /// offset), else copied.
    func slice(offset: Int, length: Int) throws -> Data {
        guard offset >= 0, length >= 0, !offset.addingReportingOverflow(length).overflow, offset + length <= count else {
            throw HDF5Error("the HDF5 snapshot is truncated")
        }
        switch backing {
        case .memory(let data):
            return data.subdata(in: data.startIndex + offset..<data.startIndex + offset + length)
        case .file(let descriptor):
            if length >= SnapshotFormat.mappedReadBytes && offset % SnapshotFormat.pageAlignment == 0 {
                return try mapped(descriptor, offset: offset, length: length)
            }
            return try copied(descriptor, offset: offset, length: length)
        }
    }

    private func mapped(_ descriptor: Int32, offset: Int, length: Int) throws -> Data {
        guard let address = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, off_t(offset)),
              address != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw HDF5Error("cannot map the HDF5 snapshot: \(String(cString: strerror(errno)))")
        }
        return Data(bytesNoCopy: address, count: length, deallocator: .custom { address, length in munmap(address, length) })
    }

    private func copied(_ descriptor: Int32, offset: Int, length: Int) throws -> Data {
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
