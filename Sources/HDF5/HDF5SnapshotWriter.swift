import Foundation
import IsolatedHDF5
import LiteIR
#if canImport(Glibc)
import Glibc
#endif

/// The reader process's side of ``IsolatedHDF5Reader``: walks an HDF5 file with libhdf5 and
/// writes its snapshot (``SnapshotFormat``). Group attributes are read as strings; each
/// dataset's values are read straight into the snapshot's mapped pages.
public enum HDF5SnapshotWriter {
    /// The snapshot file could not be written (as opposed to the HDF5 file being unreadable).
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The reader process's whole work (``SnapshotReading``): limits this process, writes the
    /// snapshot, reports a failure on stderr; returns the exit code.
    public static func read(_ request: ReaderRequest) -> Int32 {
        request.limitThisProcess()
        do {
            try write(request.path, to: request.descriptor, maxBytes: request.maxBytes, skippingValuesUnder: request.skipped)
            return 0
        } catch let error as WriteError {
            report(error.description)
            return IsolatedHDF5Reader.ChildExit.cannotWrite
        } catch {
            report("\(error)")
            return IsolatedHDF5Reader.ChildExit.unreadableFile
        }
    }

    private static func report(_ message: String) {
        let bytes = Array("\(message)\n".utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// Limits of the walk: a file's links may form cycles.
    static let maxDepth = 64
    static let maxObjects = 1_000_000

    /// Writes the snapshot of the HDF5 file at `path` to `descriptor` (read-write, empty). No
    /// dataset's values may exceed `maxBytes`; those under the top-level groups `skipped` are
    /// not read (their entries say so).
    public static func write(_ path: String, to descriptor: Int32, maxBytes: Int, skippingValuesUnder skipped: Set<String>) throws {
        let file = try LibHDF5File(path)
        var walk = Walk(descriptor: descriptor, maxBytes: maxBytes, skipped: skipped)
        try walk.group(file.root, depth: 0)
        let manifest = SnapshotManifest(objects: walk.objects).encoded()
        try put(manifest, at: walk.nextOffset, descriptor)
        try put(SnapshotFormat.header(manifestOffset: walk.nextOffset, length: manifest.count), at: 0, descriptor)
    }

    fileprivate static func put(_ bytes: [UInt8], at offset: Int, _ descriptor: Int32) throws {
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
            guard written > 0 else { throw WriteError(description: "cannot write the snapshot: \(String(cString: strerror(errno)))") }
            done += written
        }
    }

    private struct Walk {
        let descriptor: Int32
        let maxBytes: Int
        let skipped: Set<String>
        var objects: [SnapshotObject] = []
        var nextOffset = SnapshotFormat.headerSize

        init(descriptor: Int32, maxBytes: Int, skipped: Set<String>) {
            self.descriptor = descriptor
            self.maxBytes = maxBytes
            self.skipped = skipped
        }

        mutating func group(_ group: LibHDF5Group, depth: Int) throws {
            guard depth <= HDF5SnapshotWriter.maxDepth else { throw HDF5Error("'\(group.path)' is nested deeper than \(HDF5SnapshotWriter.maxDepth) groups") }
            var attributes: [SnapshotAttribute] = []
            for attribute in try group.attributes() { attributes.append(try stored(attribute)) }
            objects.append(SnapshotObject(path: group.path, kind: .group, attributes: attributes))
            for name in try group.memberNames() {
                guard objects.count < HDF5SnapshotWriter.maxObjects else { throw HDF5Error("the file holds more than \(HDF5SnapshotWriter.maxObjects) objects") }
                let path = group.path == "/" ? "/\(name)" : "\(group.path)/\(name)"
                switch group.kind(of: name) {
                case .group: try self.group(try group.group(name), depth: depth + 1)
                case .dataset:
                    let skip = skipped.contains(String(path.dropFirst().prefix { $0 != "/" }))
                    objects.append(SnapshotObject(path: path, kind: .dataset, dataset: try dataset(try group.dataset(name), skip: skip)))
                case .other: objects.append(SnapshotObject(path: path, kind: .other))
                }
            }
        }

        /// The attribute's entry, its strings written at the next aligned offset.
        mutating func stored(_ attribute: (name: String, strings: Result<[String], HDF5Error>)) throws -> SnapshotAttribute {
            switch attribute.strings {
            case .failure(let error): return SnapshotAttribute(name: attribute.name, error: error.description)
            case .success(let strings):
                let bytes = strings.flatMap { Array($0.utf8) }
                guard let offset = SnapshotFormat.aligned(nextOffset), let next = SnapshotFormat.aligned(offset + bytes.count) else {
                    throw HDF5Error("the file's attributes are too large")
                }
                try HDF5SnapshotWriter.put(bytes, at: offset, descriptor)
                nextOffset = next
                return SnapshotAttribute(name: attribute.name, offset: offset, lengths: strings.map(\.utf8.count))
            }
        }

        /// The dataset's entry, its values written at the next aligned offset.
        mutating func dataset(_ dataset: LibHDF5Dataset, skip: Bool) throws -> SnapshotDatasetEntry {
            if skip { return SnapshotDatasetEntry(error: "'\(dataset.path)' was not read (the importer does not use it)") }
            do {
                let shape = try dataset.shape()
                let (type, storedWidth) = try dataset.elementType()
                guard let count = checkedElementCount(shape) else { throw HDF5Error("'\(dataset.path)' of shape \(shape) is larger than any tensor") }
                let (length, overflow) = count.multipliedReportingOverflow(by: type.width)
                guard !overflow, length <= maxBytes else {
                    throw HDF5Error("'\(dataset.path)' holds \(count) values, more than the memory limit of \(maxBytes) bytes (--max-memory)")
                }
                try dataset.checkStorage(count: count, storedWidth: storedWidth)
                let mapped = length >= SnapshotFormat.mappedReadBytes
                guard let offset = SnapshotFormat.aligned(nextOffset, to: mapped ? SnapshotFormat.pageAlignment : SnapshotFormat.alignment),
                      let next = SnapshotFormat.aligned(offset + length) else { throw HDF5Error("the file's datasets are too large") }
                if mapped {
                    try readMapped(dataset, type: type, offset: offset, length: length)
                } else {
                    try readBuffered(dataset, type: type, offset: offset, length: length)
                }
                nextOffset = next
                return SnapshotDatasetEntry(shape: shape, type: type, offset: offset, length: length)
            } catch let error as HDF5Error {
                return SnapshotDatasetEntry(error: error.description)
            }
        }

        /// Reads the values of a small dataset through a buffer into the snapshot's bytes at `offset`.
        private func readBuffered(_ dataset: LibHDF5Dataset, type: HDF5ElementType, offset: Int, length: Int) throws {
            guard length > 0 else { return }
            var buffer = [UInt8](repeating: 0, count: length)
            try buffer.withUnsafeMutableBytes { try dataset.read(as: type, into: $0) }
            try HDF5SnapshotWriter.put(buffer, at: offset, descriptor)
        }

        /// Reads the values of a large dataset straight into the snapshot's bytes
        /// `offset..<offset+length` (`offset` page-aligned), mapped.
        private func readMapped(_ dataset: LibHDF5Dataset, type: HDF5ElementType, offset: Int, length: Int) throws {
            guard length > 0 else { return }
            let reserved = posix_fallocate(descriptor, off_t(offset), off_t(length))
            guard reserved == 0 else {
                throw WriteError(description: "cannot make room for '\(dataset.path)' in the snapshot: \(String(cString: strerror(reserved)))")
            }
            guard let address = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, off_t(offset)),
                  address != UnsafeMutableRawPointer(bitPattern: -1) else {
                throw WriteError(description: "cannot map the snapshot: \(String(cString: strerror(errno)))")
            }
            defer { munmap(address, length) }
            try dataset.read(as: type, into: UnsafeMutableRawBufferPointer(start: address, count: length))
        }
    }
}
