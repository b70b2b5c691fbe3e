import Foundation

/// A position in a buffer under construction, counted in bytes from the buffer's end.
public struct Offset: Hashable, Sendable {
    public let fromEnd: Int
}

public struct FlatBufferError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Builds a FlatBuffer back to front, like the reference implementation.
///
/// Large byte vectors (``createLargeByteVector(_:alignment:)``) are not copied: they are kept as
/// `Data` segments at the end of the file and streamed out by ``write(to:)``, so a model's
/// weights stay in memory once. They must be created before anything else.
public struct FlatBufferBuilder {
    /// The materialized bytes, last byte of the buffer first.
    private var reversed: [UInt8] = []
    /// Large payloads at the end of the file, in creation order (the first is the file's end).
    private var tail: [(prefix: [UInt8], payload: Data, padding: Int)] = []
    private var tailSize = 0
    private var minAlignment = 1
    private var tableStart: Int?
    private var fields: [(index: Int, fromEnd: Int)] = []
    private var finished = false

    /// The largest buffer FlatBuffers' 32-bit offsets can address.
    public static let maximumSize = Int(Int32.max)

    public init(capacity: Int = 1 << 16) {
        reversed.reserveCapacity(capacity)
    }

    /// Bytes written so far (the offset of the next object from the end).
    public var size: Int { reversed.count + tailSize }

    // MARK: Low level

    private mutating func pad(_ count: Int) {
        reversed.append(contentsOf: repeatElement(0, count: count))
    }

    /// Pads so that after writing `additional` bytes, `size` is a multiple of `alignment`.
    private mutating func prepare(_ alignment: Int, additional: Int) {
        minAlignment = max(minAlignment, alignment)
        let misalignment = (size + additional) % alignment
        if misalignment != 0 { pad(alignment - misalignment) }
    }

    private mutating func push<T: FlatBufferScalar>(_ value: T) {
        var bytes: [UInt8] = []
        value.appendBytes(to: &bytes)
        reversed.append(contentsOf: bytes.reversed())
    }

    /// The uoffset from a 4-byte slot about to be written to `target`.
    private func relative(to target: Offset) -> UInt32 {
        UInt32(size + 4 - target.fromEnd)
    }

    // MARK: Objects

    public mutating func createString(_ string: String) -> Offset {
        let utf8 = Array(string.utf8)
        prepare(4, additional: utf8.count + 1)
        reversed.append(0)
        reversed.append(contentsOf: utf8.reversed())
        push(UInt32(utf8.count))
        return Offset(fromEnd: size)
    }

    public mutating func createVector<T: FlatBufferScalar>(ofScalars values: [T]) -> Offset {
        prepare(4, additional: values.count * T.byteSize)
        prepare(T.byteSize, additional: values.count * T.byteSize)
        for value in values.reversed() { push(value) }
        push(UInt32(values.count))
        return Offset(fromEnd: size)
    }

    public mutating func createVector(ofOffsets offsets: [Offset]) -> Offset {
        prepare(4, additional: offsets.count * 4)
        for offset in offsets.reversed() { push(relative(to: offset)) }
        push(UInt32(offsets.count))
        return Offset(fromEnd: size)
    }

    /// A byte vector whose payload starts at a multiple of `alignment` from the start of the
    /// file. The payload is referenced, not copied; call before creating any other object.
    public mutating func createLargeByteVector(_ payload: Data, alignment: Int) throws -> Offset {
        guard reversed.isEmpty else { throw FlatBufferError("large byte vectors must be created before any other object") }
        guard alignment > 0, alignment & (alignment - 1) == 0 else { throw FlatBufferError("alignment \(alignment) is not a power of two") }
        minAlignment = max(minAlignment, alignment, 4)
        let misalignment = (tailSize + payload.count) % alignment
        let padding = misalignment == 0 ? 0 : alignment - misalignment
        var prefix: [UInt8] = []
        UInt32(truncatingIfNeeded: payload.count).appendBytes(to: &prefix)
        tail.append((prefix, payload, padding))
        tailSize += padding + payload.count + 4
        guard tailSize <= Self.maximumSize else { throw FlatBufferError("the buffer would exceed 2 GiB") }
        return Offset(fromEnd: tailSize)
    }

    // MARK: Tables

    public mutating func startTable() {
        precondition(tableStart == nil, "tables cannot nest while being built")
        tableStart = size
        fields = []
    }

    /// Adds a scalar field; a value equal to the default is omitted (readers supply it).
    public mutating func add<T: FlatBufferScalar>(field: Int, value: T, default defaultValue: T) {
        guard value != defaultValue else { return }
        prepare(T.byteSize, additional: T.byteSize)
        push(value)
        fields.append((field, size))
    }

    public mutating func addOffset(field: Int, _ offset: Offset) {
        prepare(4, additional: 4)
        push(relative(to: offset))
        fields.append((field, size))
    }

    /// Writes the table's vtable and returns the table.
    public mutating func endTable() -> Offset {
        guard let start = tableStart else { preconditionFailure("endTable without startTable") }
        prepare(4, additional: 4)
        push(Int32(0))  // soffset to the vtable, patched below
        let table = size
        let slotCount = (fields.map(\.index).max() ?? -1) + 1
        var slots = [UInt16](repeating: 0, count: slotCount)
        for (index, fromEnd) in fields { slots[index] = UInt16(table - fromEnd) }
        for slot in slots.reversed() { push(slot) }
        push(UInt16(table - start))                // inline size of the table
        push(UInt16(4 + 2 * slotCount))            // size of the vtable
        let vtable = size
        patch(Int32(vtable - table), at: table)
        tableStart = nil
        return Offset(fromEnd: table)
    }

    /// Overwrites the 4 bytes ending `fromEnd` bytes before the end of the buffer.
    private mutating func patch(_ value: Int32, at fromEnd: Int) {
        var bytes: [UInt8] = []
        value.appendBytes(to: &bytes)
        let base = fromEnd - tailSize - 1
        for (k, byte) in bytes.enumerated() { reversed[base - k] = byte }
    }

    /// Writes the root offset (and file identifier) so the buffer is complete.
    public mutating func finish(root: Offset, fileIdentifier: String? = nil) {
        let identifier = fileIdentifier.map { Array($0.utf8) } ?? []
        precondition(identifier.isEmpty || identifier.count == 4, "a file identifier has 4 bytes")
        prepare(minAlignment, additional: 4 + identifier.count)
        reversed.append(contentsOf: identifier.reversed())
        push(relative(to: root))
        finished = true
    }

    // MARK: Output

    /// The finished buffer as one array (copies large payloads; for small buffers and tests).
    public func bytes() -> [UInt8] {
        precondition(finished, "finish() first")
        var out = Array(reversed.reversed())
        out.reserveCapacity(size)
        for segment in tail.reversed() {
            out.append(contentsOf: segment.prefix)
            out.append(contentsOf: segment.payload)
            out.append(contentsOf: repeatElement(0, count: segment.padding))
        }
        return out
    }

    /// Streams the finished buffer into `url` through a temporary file in the same folder,
    /// renamed over `url` only when complete. Returns the number of bytes written.
    @discardableResult
    public func write(to url: URL) throws -> Int {
        precondition(finished, "finish() first")
        guard size <= Self.maximumSize else { throw FlatBufferError("the buffer exceeds 2 GiB") }
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw FlatBufferError("cannot create \(temporary.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: Data(reversed.reversed()))
            for segment in tail.reversed() {
                try handle.write(contentsOf: Data(segment.prefix))
                try handle.write(contentsOf: segment.payload)
                if segment.padding > 0 { try handle.write(contentsOf: Data(count: segment.padding)) }
            }
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else { throw FlatBufferError(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FlatBufferError("cannot write \(url.path): \(error.localizedDescription)")
        }
        return size
    }
}
