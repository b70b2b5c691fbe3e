import Foundation

/// A table inside a ``FlatBufferReader``'s buffer, with its vtable checked.
///
/// Fields are addressed by index: field `n` is the n-th field of the schema's table
/// declaration (counting from 0, deprecated fields included); its vtable slot is at byte
/// `4 + 2n`. An absent field reads as nil or as the given default, like in the reference.
public struct FlatBufferTable: Sendable {
    let reader: FlatBufferReader
    /// Byte offset of the table from the start of the buffer.
    public let position: Int
    /// Nesting level below the root table (0).
    public let depth: Int
    private let vtable: Int
    private let vtableSize: Int
    private let inlineSize: Int

    init(reader: FlatBufferReader, position: Int, depth: Int) throws {
        self.reader = reader
        self.position = position
        self.depth = depth
        let toVtable = Int(try reader.scalar(Int32.self, at: position, "table"))
        vtable = position - toVtable
        vtableSize = Int(try reader.scalar(UInt16.self, at: vtable, "vtable of the table at offset \(position)"))
        guard vtableSize >= 4, vtableSize % 2 == 0 else {
            throw FlatBufferError("vtable at offset \(vtable) has the invalid size \(vtableSize)")
        }
        try reader.checkRange(vtable, vtableSize, "vtable of the table at offset \(position)")
        inlineSize = Int(try reader.scalar(UInt16.self, at: vtable + 2, "vtable"))
        guard inlineSize >= 4 else { throw FlatBufferError("vtable at offset \(vtable) gives the table \(inlineSize) bytes") }
        try reader.checkRange(position, inlineSize, "table")
    }

    /// Position of field `index` if present; its `byteCount` bytes must lie inside the table.
    private func fieldPosition(_ index: Int, byteCount: Int) throws -> Int? {
        precondition(index >= 0, "field indices start at 0")
        let (slot, overflow) = (2 * index).addingReportingOverflow(4)
        guard !overflow, slot + 2 <= vtableSize else { return nil }  // written by an older schema
        let offset = Int(try reader.scalar(UInt16.self, at: vtable + slot, "vtable slot"))
        guard offset != 0 else { return nil }
        guard offset + byteCount <= inlineSize else {
            throw FlatBufferError("field \(index) of the table at offset \(position) lies outside its \(inlineSize) bytes")
        }
        return position + offset
    }

    private func fieldName(_ index: Int) -> String {
        "field \(index) of the table at offset \(position)"
    }

    /// Whether field `index` is stored (a scalar equal to its default usually is not).
    public func hasField(field: Int) throws -> Bool {
        try fieldPosition(field, byteCount: 0) != nil
    }

    /// A scalar field, or `defaultValue` when absent.
    public func scalar<T: FlatBufferScalar>(field: Int, default defaultValue: T) throws -> T {
        guard let at = try fieldPosition(field, byteCount: T.byteSize) else { return defaultValue }
        return try reader.scalar(T.self, at: at, fieldName(field))
    }

    /// A string field.
    public func string(field: Int) throws -> String? {
        guard let at = try fieldPosition(field, byteCount: 4) else { return nil }
        return try reader.string(at: at, "string in \(fieldName(field))")
    }

    /// A table field.
    public func table(field: Int) throws -> FlatBufferTable? {
        guard let at = try fieldPosition(field, byteCount: 4) else { return nil }
        return try reader.table(at: try reader.offsetTarget(at: at, fieldName(field)), depth: depth + 1)
    }

    /// A union field pair: nil when the type is NONE (0); throws when a type has no value.
    public func union(typeField: Int, valueField: Int) throws -> FlatBufferUnion? {
        let type = try scalar(field: typeField, default: UInt8(0))
        guard type != 0 else { return nil }
        guard let value = try table(field: valueField) else {
            throw FlatBufferError("union \(fieldName(valueField)) has type \(type) but no value")
        }
        return FlatBufferUnion(type: type, table: value)
    }

    /// A vector of scalars, copied out.
    public func vectorOfScalars<T: FlatBufferScalar>(field: Int, of _: T.Type = T.self) throws -> [T]? {
        guard let at = try fieldPosition(field, byteCount: 4) else { return nil }
        let (start, count) = try reader.vector(at: at, elementSize: T.byteSize, "vector in \(fieldName(field))")
        return try reader.data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { throw FlatBufferError("empty buffer") }
            return (0..<count).map { T.loadLittleEndian(from: base + start + $0 * T.byteSize) }
        }
    }

    /// A byte vector (`[ubyte]` / `[byte]`) as a slice of the buffer, without copying. The
    /// slice keeps the buffer's indices: its `startIndex` is the payload's position in `data`.
    public func byteVector(field: Int) throws -> Data? {
        guard let at = try fieldPosition(field, byteCount: 4) else { return nil }
        let (start, count) = try reader.vector(at: at, elementSize: 1, "byte vector in \(fieldName(field))")
        let base = reader.data.startIndex + start
        return reader.data[base..<(base + count)]
    }

    /// A vector of tables.
    public func vectorOfTables(field: Int) throws -> [FlatBufferTable]? {
        guard let at = try fieldPosition(field, byteCount: 4) else { return nil }
        let (start, count) = try reader.vector(at: at, elementSize: 4, "table vector in \(fieldName(field))")
        return try (0..<count).map { i in
            let element = try reader.offsetTarget(at: start + 4 * i, "element \(i) of the table vector in \(fieldName(field))")
            return try reader.table(at: element, depth: depth + 1)
        }
    }

    /// A vector of strings.
    public func vectorOfStrings(field: Int) throws -> [String]? {
        guard let at = try fieldPosition(field, byteCount: 4) else { return nil }
        let (start, count) = try reader.vector(at: at, elementSize: 4, "string vector in \(fieldName(field))")
        return try (0..<count).map { i in
            try reader.string(at: start + 4 * i, "element \(i) of the string vector in \(fieldName(field))")
        }
    }
}

/// The value of a union field: its type code (the member's position in the union, from 1)
/// and its table.
public struct FlatBufferUnion: Sendable {
    public let type: UInt8
    public let table: FlatBufferTable
}
