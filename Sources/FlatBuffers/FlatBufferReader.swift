import Foundation

/// Reads a FlatBuffer from untrusted bytes. Every offset, length and vtable is bounds-checked
/// and every read throws ``FlatBufferError`` instead of trapping; nesting is limited so hostile
/// buffers cannot recurse without end.
public struct FlatBufferReader: Sendable {
    /// The buffer (slices of memory-mapped files are fine: payloads are returned as slices).
    public let data: Data
    /// How deep tables may nest below the root.
    public static let maximumDepth = 64

    public init(_ data: Data) throws {
        guard data.count >= 4 else { throw FlatBufferError("buffer of \(data.count) bytes is too short") }
        guard data.count <= FlatBufferBuilder.maximumSize else { throw FlatBufferError("buffer is larger than 2 GiB") }
        self.data = data
    }

    /// The 4-byte file identifier after the root offset, if printable.
    public var fileIdentifier: String? {
        guard data.count >= 8 else { return nil }
        let bytes = data[data.startIndex + 4..<data.startIndex + 8]
        return String(bytes: bytes, encoding: .ascii)
    }

    public func rootTable() throws -> FlatBufferTable {
        let root = try followOffset(at: 0)
        return try FlatBufferTable(reader: self, position: root, depth: 0)
    }

    // MARK: Checked primitives (positions are relative to the start of the buffer)

    func check(_ position: Int, _ length: Int, _ what: String) throws {
        let (end, overflow) = position.addingReportingOverflow(length)
        guard position >= 0, length >= 0, !overflow, end <= data.count else {
            throw FlatBufferError("\(what) at offset \(position) (+\(length) bytes) is outside the \(data.count)-byte buffer")
        }
    }

    func read<T: FlatBufferScalar>(_: T.Type, at position: Int, _ what: String = "value") throws -> T {
        try check(position, T.byteSize, what)
        return data.withUnsafeBytes { T.read(from: $0, at: position) }
    }

    /// The position a uoffset stored at `position` points to.
    func followOffset(at position: Int) throws -> Int {
        let offset = try read(UInt32.self, at: position, "offset")
        let target = position + Int(offset)
        try check(target, 0, "offset target")
        return target
    }

    /// Position and element count of the vector a uoffset at `position` points to, checked for
    /// `elementSize`-byte elements.
    func vector(at position: Int, elementSize: Int) throws -> (start: Int, count: Int) {
        let header = try followOffset(at: position)
        let count = Int(try read(UInt32.self, at: header, "vector length"))
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow else { throw FlatBufferError("vector at offset \(header) is too long") }
        try check(header + 4, bytes, "vector of \(count) elements")
        return (header + 4, count)
    }
}

/// A table inside a checked buffer.
public struct FlatBufferTable: Sendable {
    let reader: FlatBufferReader
    let position: Int
    let depth: Int
    private let vtable: Int
    private let vtableSize: Int
    private let inlineSize: Int

    init(reader: FlatBufferReader, position: Int, depth: Int) throws {
        guard depth <= FlatBufferReader.maximumDepth else { throw FlatBufferError("tables nest deeper than \(FlatBufferReader.maximumDepth)") }
        self.reader = reader
        self.position = position
        self.depth = depth
        let soffset = Int(try reader.read(Int32.self, at: position, "table"))
        vtable = position - soffset
        vtableSize = Int(try reader.read(UInt16.self, at: vtable, "vtable"))
        guard vtableSize >= 4, vtableSize % 2 == 0 else { throw FlatBufferError("invalid vtable size \(vtableSize) at offset \(vtable)") }
        try reader.check(vtable, vtableSize, "vtable")
        inlineSize = Int(try reader.read(UInt16.self, at: vtable + 2, "vtable"))
        try reader.check(position, max(inlineSize, 4), "table")
    }

    /// Position of field `index` (declaration order), nil when absent. `size` bytes must fit.
    private func fieldPosition(_ index: Int, size: Int) throws -> Int? {
        let slot = 4 + 2 * index
        guard index >= 0, slot + 2 <= vtableSize else { return nil }
        let offset = Int(try reader.read(UInt16.self, at: vtable + slot, "vtable slot"))
        guard offset != 0 else { return nil }
        guard offset + size <= inlineSize else {
            throw FlatBufferError("field \(index) of the table at offset \(position) lies outside the table")
        }
        return position + offset
    }

    public func hasField(_ index: Int) throws -> Bool { try fieldPosition(index, size: 0) != nil }

    public func scalar<T: FlatBufferScalar>(field: Int, default defaultValue: T) throws -> T {
        guard let at = try fieldPosition(field, size: T.byteSize) else { return defaultValue }
        return try reader.read(T.self, at: at)
    }

    public func table(field: Int) throws -> FlatBufferTable? {
        guard let at = try fieldPosition(field, size: 4) else { return nil }
        return try FlatBufferTable(reader: reader, position: try reader.followOffset(at: at), depth: depth + 1)
    }

    public func string(field: Int) throws -> String? {
        guard let bytes = try byteVector(field: field) else { return nil }
        guard let text = String(data: bytes, encoding: .utf8) else { throw FlatBufferError("string field \(field) is not UTF-8") }
        return text
    }

    /// A vector of bytes as a slice of the buffer (no copy).
    public func byteVector(field: Int) throws -> Data? {
        guard let at = try fieldPosition(field, size: 4) else { return nil }
        let (start, count) = try reader.vector(at: at, elementSize: 1)
        let base = reader.data.startIndex
        return reader.data[base + start..<base + start + count]
    }

    public func vectorOfScalars<T: FlatBufferScalar>(field: Int, of _: T.Type) throws -> [T]? {
        guard let at = try fieldPosition(field, size: 4) else { return nil }
        let (start, count) = try reader.vector(at: at, elementSize: T.byteSize)
        return reader.data.withUnsafeBytes { raw in (0..<count).map { T.read(from: raw, at: start + $0 * T.byteSize) } }
    }

    public func vectorOfTables(field: Int) throws -> [FlatBufferTable]? {
        guard let at = try fieldPosition(field, size: 4) else { return nil }
        let (start, count) = try reader.vector(at: at, elementSize: 4)
        return try (0..<count).map { i in
            try FlatBufferTable(reader: reader, position: try reader.followOffset(at: start + 4 * i), depth: depth + 1)
        }
    }

    public func vectorOfStrings(field: Int) throws -> [String]? {
        guard let at = try fieldPosition(field, size: 4) else { return nil }
        let (start, count) = try reader.vector(at: at, elementSize: 4)
        return try (0..<count).map { i in
            let header = try reader.followOffset(at: start + 4 * i)
            let length = Int(try reader.read(UInt32.self, at: header, "string length"))
            try reader.check(header + 4, length, "string")
            let base = reader.data.startIndex
            guard let text = String(data: reader.data[base + header + 4..<base + header + 4 + length], encoding: .utf8) else {
                throw FlatBufferError("string at offset \(header) is not UTF-8")
            }
            return text
        }
    }
}
