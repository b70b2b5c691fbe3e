import Foundation

/// Reads a FlatBuffer from untrusted bytes. Every offset, vtable, length and index is checked
/// against the buffer with overflow-checked arithmetic, and every read throws
/// ``FlatBufferError`` (naming what was wrong and where) instead of trapping.
///
/// Reading is lazy: tables are decoded when accessed. uoffsets only point forward, so they
/// cannot form cycles; ``Limits`` also bound how deep tables nest and how many tables one
/// buffer may open, so no walk over a hostile buffer can recurse or loop without end.
public struct FlatBufferReader: Sendable {
    /// Bounds on the work a hostile buffer can cause.
    public struct Limits: Sendable {
        /// How deep tables may nest below the root table (depth 0).
        public var maximumDepth: Int
        /// How many tables (each access counts) may be opened through one reader.
        public var maximumTables: Int

        public init(maximumDepth: Int = 64, maximumTables: Int = 10_000_000) {
            self.maximumDepth = maximumDepth
            self.maximumTables = maximumTables
        }
    }

    /// The buffer. It may be a slice or memory-mapped: byte vectors are returned as slices of it.
    public let data: Data
    public let limits: Limits
    let tableBudget: TableBudget

    /// Wraps `data`; throws when it is too short to hold a root offset and a table.
    public init(_ data: Data, limits: Limits = Limits()) throws {
        guard data.count >= 8 else { throw FlatBufferError("a buffer of \(data.count) bytes is too short for a FlatBuffer") }
        self.data = data
        self.limits = limits
        tableBudget = TableBudget(limits.maximumTables)
    }

    /// The 4 bytes after the root offset as text (e.g. "TFL3"), nil unless printable ASCII.
    /// Buffers without an identifier have table data there.
    public var fileIdentifier: String? {
        let start = data.startIndex + 4
        let bytes = data[start..<(start + 4)]
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The root table.
    public func rootTable() throws -> FlatBufferTable {
        try table(at: try offsetTarget(at: 0, "root offset"), depth: 0)
    }

    // MARK: Checked primitives (positions count from the start of `data`)

    /// Throws unless `length` bytes at `position` lie inside the buffer.
    func checkRange(_ position: Int, _ length: Int, _ what: @autoclosure () -> String) throws {
        let (end, overflow) = position.addingReportingOverflow(length)
        guard position >= 0, length >= 0, !overflow, end <= data.count else {
            throw FlatBufferError("\(what()) at offset \(position) (\(length) bytes) lies outside the \(data.count)-byte buffer")
        }
    }

    /// The scalar at `position`, after checking its bytes lie inside the buffer.
    func scalar<T: FlatBufferScalar>(_: T.Type, at position: Int, _ what: @autoclosure () -> String) throws -> T {
        try checkRange(position, T.byteSize, what())
        return try data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { throw FlatBufferError("empty buffer") }
            return T.loadLittleEndian(from: base + position)
        }
    }

    /// Where the uoffset stored at `position` points. uoffsets are nonzero and below 2 GiB.
    func offsetTarget(at position: Int, _ what: @autoclosure () -> String) throws -> Int {
        let offset = try scalar(UInt32.self, at: position, what())
        guard offset != 0, offset <= UInt32(Int32.max) else {
            throw FlatBufferError("\(what()) at offset \(position) holds the invalid offset \(offset)")
        }
        let target = position + Int(offset)
        try checkRange(target, 1, "target of the \(what()) at offset \(position)")
        return target
    }

    /// The start and element count of the vector a uoffset at `position` points to, checked
    /// to hold `count * elementSize` bytes.
    func vector(at position: Int, elementSize: Int, _ what: @autoclosure () -> String) throws -> (start: Int, count: Int) {
        let header = try offsetTarget(at: position, what())
        let count = Int(try scalar(UInt32.self, at: header, "length of the \(what())"))
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow else { throw FlatBufferError("\(what()) at offset \(header) claims \(count) elements") }
        try checkRange(header + 4, byteCount, "\(what()) of \(count) elements")
        return (header + 4, count)
    }

    /// The string whose uoffset is stored at `position`: UTF-8, followed by a NUL byte.
    func string(at position: Int, _ what: @autoclosure () -> String) throws -> String {
        let (start, count) = try vector(at: position, elementSize: 1, what())
        let terminator = try scalar(UInt8.self, at: start + count, "terminator of the \(what())")
        guard terminator == 0 else { throw FlatBufferError("\(what()) at offset \(start - 4) is not NUL-terminated") }
        return try data.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[start..<(start + count)])
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.utf8.elementsEqual(bytes) else { throw FlatBufferError("\(what()) at offset \(start - 4) is not valid UTF-8") }
            return text
        }
    }

    /// The table at `position`, `depth` levels below the root.
    func table(at position: Int, depth: Int) throws -> FlatBufferTable {
        guard depth <= limits.maximumDepth else {
            throw FlatBufferError("the table at offset \(position) nests deeper than \(limits.maximumDepth) levels")
        }
        try tableBudget.spend()
        return try FlatBufferTable(reader: self, position: position, depth: depth)
    }
}

/// Counts the tables one reader (and its copies) has opened.
final class TableBudget: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int
    private var opened = 0

    init(_ limit: Int) {
        self.limit = limit
    }

    func spend() throws {
        lock.lock()
        defer { lock.unlock() }
        guard opened < limit else { throw FlatBufferError("the buffer opens more than \(limit) tables") }
        opened += 1
    }
}
