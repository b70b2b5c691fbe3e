import FlatBuffers
import Foundation
import XCTest

/// Corrupt and hostile buffers: every one must throw (or, when the damage only touches bytes
/// nothing refers to, read the same values), never trap or hang.
final class HostileInputTests: XCTestCase {
    /// Every value of a `test.fbs` Root, recursively, as text; throws on any bad read.
    private func describe(_ root: FlatBufferTable) throws -> String {
        var parts: [String] = []
        parts.append("\(try root.scalar(field: RootField.small, default: Int8(0)))")
        parts.append("\(try root.scalar(field: RootField.count, default: Int32(7)))")
        parts.append("\(try root.scalar(field: RootField.ratio, default: Float(0)))")
        parts.append("\(try root.string(field: RootField.name) ?? "-")")
        parts.append("\(try root.vectorOfScalars(field: RootField.values, of: Int32.self) ?? [])")
        if let inner = try root.table(field: RootField.inner) {
            parts.append("\(try inner.scalar(field: 0, default: Int32(0))) \(try inner.string(field: 1) ?? "-")")
        }
        for item in try root.vectorOfTables(field: RootField.items) ?? [] {
            parts.append("\(try item.scalar(field: 0, default: Int32(0))) \(try item.string(field: 1) ?? "-")")
        }
        parts.append("\(try root.byteVector(field: RootField.blob).map { [UInt8]($0) } ?? [])")
        parts.append("\(try root.scalar(field: RootField.flag, default: false))")
        parts.append("\(try root.scalar(field: RootField.big, default: Int64(0)))")
        parts.append("\(try root.vectorOfStrings(field: RootField.words) ?? [])")
        if let payload = try root.union(typeField: RootField.payloadType, valueField: RootField.payload) {
            parts.append("\(payload.type) \(try payload.table.scalar(field: 0, default: 1.5))")
        }
        parts.append("\(try root.scalar(field: RootField.color, default: Int8(1)))")
        parts.append("\(try root.scalar(field: RootField.precise, default: 0.0))")
        parts.append("\(try root.scalar(field: RootField.huge, default: UInt64(0)))")
        parts.append("\(try root.vectorOfScalars(field: RootField.flags, of: Bool.self) ?? [])")
        parts.append("\(try root.vectorOfScalars(field: RootField.shorts, of: Int16.self) ?? [])")
        parts.append("\(try root.vectorOfScalars(field: RootField.doubles, of: Double.self) ?? [])")
        parts.append("\(try root.string(field: RootField.emptyText) ?? "-")")
        if let child = try root.table(field: RootField.child) { parts.append("{\(try describe(child))}") }
        return parts.joined(separator: "|")
    }

    private func describe(_ bytes: [UInt8]) throws -> String {
        try describe(try FlatBufferReader(Data(bytes)).rootTable())
    }

    private func validBuffers() throws -> [[UInt8]] {
        [try buildReferenceRoot().finishedBytes(), [UInt8](try Data(contentsOf: Fixtures.binary))]
    }

    func testEveryTruncationThrowsOrReadsTheSameValues() throws {
        for bytes in try validBuffers() {
            let full = try describe(bytes)
            var failures = 0
            for length in 0..<bytes.count {
                guard let partial = try? describe(Array(bytes[..<length])) else { failures += 1; continue }
                XCTAssertEqual(partial, full, "a buffer cut to \(length) bytes reads different values")
            }
            XCTAssertGreaterThan(failures, bytes.count - 32, "only trailing padding may be cut harmlessly")
        }
    }

    func testEveryByteFlipThrowsOrReadsSomething() throws {
        var random = SeededGenerator(seed: 0xF1A7)
        for bytes in try validBuffers() {
            for position in bytes.indices {
                for _ in 0..<4 {
                    var damaged = bytes
                    damaged[position] = UInt8.random(in: 0...255, using: &random)
                    _ = try? describe(damaged)
                }
            }
        }
    }

    func testRandomGarbageNeverTraps() {
        var random = SeededGenerator(seed: 42)
        var decoded = 0
        for _ in 0..<20_000 {
            var bytes = (0..<Int.random(in: 0..<256, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            if bytes.count >= 4, Bool.random(using: &random) {
                bytes[0] = UInt8.random(in: 4..<64, using: &random)  // a plausible root offset
                (bytes[1], bytes[2], bytes[3]) = (0, 0, 0)
            }
            if (try? describe(bytes)) != nil { decoded += 1 }
        }
        XCTAssertLessThan(decoded, 20_000)
    }

    // MARK: Hand-made buffers

    /// A root table whose field 0 is the vector [7, 8] of int: root offset, vtable at 4,
    /// table at 12, the field at 16 pointing to the vector at 20.
    private func craftedBuffer() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 32)
        put(UInt32(12), at: 0, in: &bytes)
        put(UInt16(6), at: 4, in: &bytes)   // vtable size
        put(UInt16(8), at: 6, in: &bytes)   // table size
        put(UInt16(4), at: 8, in: &bytes)   // field 0 at table + 4
        put(Int32(8), at: 12, in: &bytes)   // table - vtable
        put(UInt32(4), at: 16, in: &bytes)  // to the vector at 20
        put(UInt32(2), at: 20, in: &bytes)
        put(Int32(7), at: 24, in: &bytes)
        put(Int32(8), at: 28, in: &bytes)
        return bytes
    }

    private func put<T: FixedWidthInteger>(_ value: T, at position: Int, in bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(position..<(position + $0.count), with: $0) }
    }

    private func readVector(_ bytes: [UInt8]) throws -> [Int32]? {
        try FlatBufferReader(Data(bytes)).rootTable().vectorOfScalars(field: 0, of: Int32.self)
    }

    private func assertThrows(_ bytes: [UInt8], _ expected: String, line: UInt = #line) {
        XCTAssertThrowsError(try readVector(bytes), line: line) { error in
            XCTAssertTrue(error is FlatBufferError, line: line)
            XCTAssertTrue("\(error)".contains(expected), "\(error)", line: line)
        }
    }

    func testCraftedBufferIsValid() throws {
        XCTAssertEqual(try readVector(craftedBuffer()), [7, 8])
    }

    func testOffsetsOutOfRange() {
        var bytes = craftedBuffer()
        put(UInt32(0xFFFF_FFF0), at: 0, in: &bytes)
        assertThrows(bytes, "invalid offset")
        put(UInt32(0), at: 0, in: &bytes)
        assertThrows(bytes, "invalid offset 0")
        put(UInt32(40), at: 0, in: &bytes)
        assertThrows(bytes, "outside the 32-byte buffer")
        bytes = craftedBuffer()
        put(UInt32(100), at: 16, in: &bytes)
        assertThrows(bytes, "outside")
    }

    func testVtablesPointingAtThemselvesOrAway() {
        var bytes = craftedBuffer()
        put(Int32(0), at: 12, in: &bytes)  // the table is its own vtable
        assertThrows(bytes, "invalid size")
        put(Int32.min, at: 12, in: &bytes)
        assertThrows(bytes, "outside")
        put(Int32(-12), at: 12, in: &bytes)  // a vtable inside the vector, with a size of 7
        assertThrows(bytes, "invalid size 7")
        bytes = craftedBuffer()
        put(UInt16(200), at: 4, in: &bytes)  // a vtable longer than the buffer
        assertThrows(bytes, "outside")
        bytes = craftedBuffer()
        put(UInt16(6), at: 8, in: &bytes)  // field 0 overlapping the table's end
        assertThrows(bytes, "lies outside its 8 bytes")
        bytes = craftedBuffer()
        put(UInt16(2), at: 6, in: &bytes)  // a table smaller than its vtable offset
        assertThrows(bytes, "gives the table 2 bytes")
    }

    func testHugeVectorLengths() {
        for length in [UInt32(3), 1 << 30, UInt32.max] {
            var bytes = craftedBuffer()
            put(length, at: 20, in: &bytes)
            assertThrows(bytes, "outside")
        }
    }

    func testInvalidStrings() throws {
        var b = FlatBufferBuilder()
        let text = b.createString("abcd")
        let root = table(&b) { $0.addOffset(field: 0, text) }
        b.finish(root: root)
        let bytes = try b.finishedBytes()
        let start = try XCTUnwrap(bytes.indices.first { bytes[$0...].starts(with: Array("abcd".utf8)) })
        func read(_ bytes: [UInt8]) throws -> String? { try FlatBufferReader(Data(bytes)).rootTable().string(field: 0) }
        XCTAssertEqual(try read(bytes), "abcd")
        var invalid = bytes
        invalid[start + 1] = 0xC3  // a lead byte without its continuation
        XCTAssertThrowsError(try read(invalid)) { XCTAssertTrue("\($0)".contains("UTF-8"), "\($0)") }
        var unterminated = bytes
        unterminated[start + 4] = UInt8(ascii: "!")
        XCTAssertThrowsError(try read(unterminated)) { XCTAssertTrue("\($0)".contains("NUL"), "\($0)") }
    }

    func testUnionTypeWithoutValue() throws {
        var b = FlatBufferBuilder()
        let root = table(&b) { $0.add(field: 0, value: UInt8(2), default: 0) }
        b.finish(root: root)
        let table = try FlatBufferReader(Data(try b.finishedBytes())).rootTable()
        XCTAssertThrowsError(try table.union(typeField: 0, valueField: 1)) { XCTAssertTrue("\($0)".contains("no value"), "\($0)") }
    }

    func testNestingDeeperThanTheLimitThrows() throws {
        var b = FlatBufferBuilder()
        var node = table(&b) { _ in }
        for _ in 0..<80 {
            let child = node
            node = table(&b) { $0.addOffset(field: 0, child) }
        }
        b.finish(root: node)
        var current = try FlatBufferReader(Data(try b.finishedBytes())).rootTable()
        var depth = 0
        XCTAssertThrowsError(try {
            while let child = try current.table(field: 0) {
                current = child
                depth += 1
            }
        }()) { XCTAssertTrue("\($0)".contains("deeper than 64"), "\($0)") }
        XCTAssertEqual(depth, FlatBufferReader.Limits().maximumDepth)
    }

    func testTableBudgetBoundsTheWorkOfOneReader() throws {
        var b = FlatBufferBuilder()
        let leaves = (0..<10).map { _ in table(&b) { _ in } }
        let list = b.createVector(ofOffsets: leaves)
        let root = table(&b) { $0.addOffset(field: 0, list) }
        b.finish(root: root)
        let data = Data(try b.finishedBytes())
        XCTAssertEqual(try FlatBufferReader(data).rootTable().vectorOfTables(field: 0)?.count, 10)
        let limited = try FlatBufferReader(data, limits: .init(maximumTables: 8))
        XCTAssertThrowsError(try limited.rootTable().vectorOfTables(field: 0)) {
            XCTAssertTrue("\($0)".contains("more than 8 tables"), "\($0)")
        }
    }

    func testBuffersTooShortForARoot() {
        for length in 0..<8 {
            XCTAssertThrowsError(try FlatBufferReader(Data(count: length)))
        }
        XCTAssertThrowsError(try FlatBufferReader(Data(count: 8)).rootTable())
    }
}
