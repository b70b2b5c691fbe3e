/// A table being built: where each field's value was written, and where its content ends
/// (the end of the first field written, so alignment padding after it stays outside).
struct OpenTable: Sendable {
    var contentEnd: Int?
    var fields: [(index: Int, fromEnd: Int)] = []
}

extension FlatBufferBuilder {
    /// The most fields a vtable can describe (its byte size is a `UInt16`).
    public static let maximumFieldCount = (Int(UInt16.max) - 4) / 2

    /// Starts a table. Its children (strings, vectors, other tables) must be created before.
    /// Field `n` is the n-th field of the schema's table declaration, counting from 0.
    public mutating func startTable() {
        beginObject()
        openTable = OpenTable()
    }

    /// Adds a scalar field, omitted when it equals the schema's default (readers then supply
    /// the default) unless `force` is set.
    public mutating func add<T: FlatBufferScalar>(field: Int, value: T, default defaultValue: T, force: Bool = false) {
        guard force || value != defaultValue else { return }
        align(T.byteSize, beforeWriting: T.byteSize)
        recordField(field, byteCount: T.byteSize)
        front.prepend(value)
    }

    /// Adds a field referring to a table, string or vector already written.
    public mutating func addOffset(field: Int, _ offset: Offset) {
        align(4, beforeWriting: 4)
        recordField(field, byteCount: 4)
        front.prepend(uoffset(to: offset))
    }

    /// Adds a union: its type code (a `UInt8`, 0 meaning none) and its table.
    public mutating func addUnion(typeField: Int, valueField: Int, type: UInt8, _ value: Offset) {
        add(field: typeField, value: type, default: 0)
        addOffset(field: valueField, value)
    }

    /// Notes that field `index` is about to be written: `byteCount` bytes, already aligned.
    private mutating func recordField(_ index: Int, byteCount: Int) {
        precondition(openTable != nil, "fields can only be added between startTable() and endTable()")
        precondition(index >= 0 && index < Self.maximumFieldCount, "field index \(index) is out of range")
        let (contentEnd, fromEnd) = (size, size + byteCount)
        if openTable?.contentEnd == nil { openTable?.contentEnd = contentEnd }
        openTable?.fields.append((index, fromEnd))
    }

    /// Ends the table: writes its vtable, or reuses an identical one written earlier.
    public mutating func endTable() -> Offset {
        guard let table = openTable else { preconditionFailure("endTable() without startTable()") }
        openTable = nil
        align(4, beforeWriting: 4)
        let contentEnd = table.contentEnd ?? size
        front.prepend(Int32(0))  // the offset to the vtable, patched below
        let tableOffset = size
        let inlineSize = tableOffset - contentEnd
        precondition(inlineSize <= Int(UInt16.max), "a table's inline fields exceed 64 KiB")

        let slotCount = (table.fields.map(\.index).max() ?? -1) + 1
        var vtable = [UInt16](repeating: 0, count: 2 + slotCount)
        vtable[0] = UInt16(4 + 2 * slotCount)
        vtable[1] = UInt16(inlineSize)
        for field in table.fields { vtable[2 + field.index] = UInt16(tableOffset - field.fromEnd) }

        let vtableOffset: Int
        if let shared = writtenVtables[vtable] {
            vtableOffset = shared
        } else {
            for entry in vtable.reversed() { front.prepend(entry) }
            vtableOffset = size
            writtenVtables[vtable] = vtableOffset
        }
        // The table stores (table position - vtable position); positions grow toward the end.
        front.overwrite(Int32(truncatingIfNeeded: vtableOffset - tableOffset), distanceFromEnd: tableOffset - sealedSize)
        return Offset(fromEnd: tableOffset)
    }
}
