import FlatBuffers
import Foundation
import XCTest

/// What the builder writes, read back field by field.
final class BuilderRoundTripTests: XCTestCase {
    func testReferenceValuesRoundTrip() throws {
        try assertReferenceValues(Data(try buildReferenceRoot().finishedBytes()))
    }

    func testScalarsEqualToTheirDefaultAreOmittedUnlessForced() throws {
        var b = FlatBufferBuilder()
        let root = table(&b) { t in
            t.add(field: 0, value: Int32(7), default: 7)
            t.add(field: 1, value: Float(0), default: 0, force: true)
            t.add(field: 2, value: false, default: false)
            t.add(field: 3, value: UInt16(9), default: 0)
        }
        b.finish(root: root)
        let table = try FlatBufferReader(Data(try b.finishedBytes())).rootTable()
        XCTAssertFalse(try table.hasField(field: 0))
        XCTAssertEqual(try table.scalar(field: 0, default: Int32(7)), 7)
        XCTAssertTrue(try table.hasField(field: 1))
        XCTAssertEqual(try table.scalar(field: 1, default: Float(5)), 0, "a forced default is stored")
        XCTAssertFalse(try table.hasField(field: 2))
        XCTAssertEqual(try table.scalar(field: 3, default: UInt16(0)), 9)
        XCTAssertFalse(try table.hasField(field: 40), "a field beyond the vtable is absent")
        XCTAssertEqual(try table.scalar(field: 40, default: Int64(-1)), -1)
    }

    func testEveryScalarTypeInTablesAndVectors() throws {
        var b = FlatBufferBuilder()
        let vectors = [
            b.createVector(ofScalars: [Int8.min, -1, Int8.max]),
            b.createVector(ofScalars: [UInt8.min, 1, UInt8.max]),
            b.createVector(ofScalars: [Int16.min, -1, Int16.max]),
            b.createVector(ofScalars: [UInt16.min, 1, UInt16.max]),
            b.createVector(ofScalars: [Int32.min, -1, Int32.max]),
            b.createVector(ofScalars: [UInt32.min, 1, UInt32.max]),
            b.createVector(ofScalars: [Int64.min, -1, Int64.max]),
            b.createVector(ofScalars: [UInt64.min, 1, UInt64.max]),
            b.createVector(ofScalars: [-Float.infinity, -0.5, Float.greatestFiniteMagnitude]),
            b.createVector(ofScalars: [-Double.infinity, .pi, Double.leastNonzeroMagnitude]),
            b.createVector(ofScalars: [true, true, false]),
            b.createVector(ofScalars: [Int32]()),
        ]
        let root = table(&b) { t in
            for (field, vector) in vectors.enumerated() { t.addOffset(field: field, vector) }
            t.add(field: 12, value: Int8.min, default: 0)
            t.add(field: 13, value: UInt8.max, default: 0)
            t.add(field: 14, value: Int16.min, default: 0)
            t.add(field: 15, value: UInt16.max, default: 0)
            t.add(field: 16, value: Int32.min, default: 0)
            t.add(field: 17, value: UInt32.max, default: 0)
            t.add(field: 18, value: Int64.min, default: 0)
            t.add(field: 19, value: UInt64.max, default: 0)
            t.add(field: 20, value: Float.nan, default: 0)
            t.add(field: 21, value: -Double.greatestFiniteMagnitude, default: 0)
            t.add(field: 22, value: true, default: false)
        }
        b.finish(root: root)
        let t = try FlatBufferReader(Data(try b.finishedBytes())).rootTable()
        XCTAssertEqual(try t.vectorOfScalars(field: 0, of: Int8.self), [.min, -1, .max])
        XCTAssertEqual(try t.vectorOfScalars(field: 1, of: UInt8.self), [.min, 1, .max])
        XCTAssertEqual(try t.vectorOfScalars(field: 2, of: Int16.self), [.min, -1, .max])
        XCTAssertEqual(try t.vectorOfScalars(field: 3, of: UInt16.self), [.min, 1, .max])
        XCTAssertEqual(try t.vectorOfScalars(field: 4, of: Int32.self), [.min, -1, .max])
        XCTAssertEqual(try t.vectorOfScalars(field: 5, of: UInt32.self), [.min, 1, .max])
        XCTAssertEqual(try t.vectorOfScalars(field: 6, of: Int64.self), [.min, -1, .max])
        XCTAssertEqual(try t.vectorOfScalars(field: 7, of: UInt64.self), [.min, 1, .max])
        XCTAssertEqual(try t.vectorOfScalars(field: 8, of: Float.self), [-.infinity, -0.5, .greatestFiniteMagnitude])
        XCTAssertEqual(try t.vectorOfScalars(field: 9, of: Double.self), [-.infinity, .pi, .leastNonzeroMagnitude])
        XCTAssertEqual(try t.vectorOfScalars(field: 10, of: Bool.self), [true, true, false])
        let empty: [Int32]? = try t.vectorOfScalars(field: 11)
        XCTAssertEqual(empty, [])
        XCTAssertEqual(try t.scalar(field: 12, default: Int8(0)), .min)
        XCTAssertEqual(try t.scalar(field: 13, default: UInt8(0)), .max)
        XCTAssertEqual(try t.scalar(field: 14, default: Int16(0)), .min)
        XCTAssertEqual(try t.scalar(field: 15, default: UInt16(0)), .max)
        XCTAssertEqual(try t.scalar(field: 16, default: Int32(0)), .min)
        XCTAssertEqual(try t.scalar(field: 17, default: UInt32(0)), .max)
        XCTAssertEqual(try t.scalar(field: 18, default: Int64(0)), .min)
        XCTAssertEqual(try t.scalar(field: 19, default: UInt64(0)), .max)
        XCTAssertTrue(try t.scalar(field: 20, default: Float(0)).isNaN)
        XCTAssertEqual(try t.scalar(field: 21, default: Double(0)), -.greatestFiniteMagnitude)
        XCTAssertEqual(try t.scalar(field: 22, default: false), true)
    }

    func testStringsIncludingUnicodeEmptyAndEmbeddedNul() throws {
        let texts = ["", "plain", "héllo wörld", "日本語", "🙂👍🏽", "a\u{0}b", String(repeating: "x", count: 100_000)]
        var b = FlatBufferBuilder()
        let offsets = texts.map { b.createString($0) }
        let list = b.createVector(ofStrings: texts)
        let root = table(&b) { t in
            for (field, offset) in offsets.enumerated() { t.addOffset(field: field, offset) }
            t.addOffset(field: texts.count, list)
        }
        b.finish(root: root)
        let t = try FlatBufferReader(Data(try b.finishedBytes())).rootTable()
        for (field, text) in texts.enumerated() { XCTAssertEqual(try t.string(field: field), text) }
        XCTAssertEqual(try t.vectorOfStrings(field: texts.count), texts)
        XCTAssertNil(try t.string(field: texts.count + 1))
    }

    func testNestedTablesAndVectorsOfTables() throws {
        var b = FlatBufferBuilder()
        var innermost = table(&b) { $0.add(field: 0, value: Int32(100), default: 0) }
        for level in (0..<10).reversed() {
            let child = innermost
            innermost = table(&b) { t in
                t.add(field: 0, value: Int32(level), default: -1)
                t.addOffset(field: 1, child)
            }
        }
        let leaves = (0..<50).map { i in table(&b) { $0.add(field: 0, value: Int32(i), default: 0) } }
        let list = b.createVector(ofOffsets: leaves)
        let root = table(&b) { t in
            t.addOffset(field: 0, innermost)
            t.addOffset(field: 1, list)
        }
        b.finish(root: root)
        let t = try FlatBufferReader(Data(try b.finishedBytes())).rootTable()
        var node = try XCTUnwrap(try t.table(field: 0))
        for level in 0..<10 {
            XCTAssertEqual(try node.scalar(field: 0, default: Int32(-1)), Int32(level))
            XCTAssertEqual(node.depth, level + 1)
            node = try XCTUnwrap(try node.table(field: 1))
        }
        XCTAssertEqual(try node.scalar(field: 0, default: Int32(0)), 100)
        XCTAssertEqual(try t.vectorOfTables(field: 1)?.map { try $0.scalar(field: 0, default: Int32(0)) }, Array(0..<50))
        XCTAssertNil(try t.vectorOfTables(field: 2))
    }

    func testUnionsOfEachMemberAndNone() throws {
        var b = FlatBufferBuilder()
        let label = b.createString("inner")
        let inner = table(&b) { $0.addOffset(field: 1, label) }
        let other = table(&b) { $0.add(field: 0, value: 8.0, default: 1.5) }
        let first = table(&b) { $0.addUnion(typeField: 0, valueField: 1, type: PayloadType.inner, inner) }
        let second = table(&b) { $0.addUnion(typeField: 0, valueField: 1, type: PayloadType.other, other) }
        let none = table(&b) { _ in }
        let list = b.createVector(ofOffsets: [first, second, none])
        let root = table(&b) { $0.addOffset(field: 0, list) }
        b.finish(root: root)
        let holders = try XCTUnwrap(try FlatBufferReader(Data(try b.finishedBytes())).rootTable().vectorOfTables(field: 0))
        let a = try XCTUnwrap(try holders[0].union(typeField: 0, valueField: 1))
        XCTAssertEqual(a.type, PayloadType.inner)
        XCTAssertEqual(try a.table.string(field: 1), "inner")
        let c = try XCTUnwrap(try holders[1].union(typeField: 0, valueField: 1))
        XCTAssertEqual(c.type, PayloadType.other)
        XCTAssertEqual(try c.table.scalar(field: 0, default: 1.5), 8)
        XCTAssertNil(try holders[2].union(typeField: 0, valueField: 1))
    }

    func testIdenticalVtablesAreShared() throws {
        var b = FlatBufferBuilder()
        let tables = (0..<100).map { i in table(&b) { $0.add(field: 0, value: Int32(i + 1), default: 0) } }
        var single = FlatBufferBuilder()
        _ = table(&single) { $0.add(field: 0, value: Int32(1), default: 0) }
        // Each further table costs its soffset and field (8 bytes, plus one alignment pad after
        // the 6-byte vtable), not another vtable.
        XCTAssertEqual(b.size - single.size, 99 * 8 + 2)
        let list = b.createVector(ofOffsets: tables)
        let root = table(&b) { $0.addOffset(field: 0, list) }
        b.finish(root: root)
        let read = try XCTUnwrap(try FlatBufferReader(Data(try b.finishedBytes())).rootTable().vectorOfTables(field: 0))
        XCTAssertEqual(try read.map { try $0.scalar(field: 0, default: Int32(0)) }, Array(1...100))
    }

    func testByteVectorsAreAlignedFromTheStartOfTheFile() throws {
        var b = FlatBufferBuilder()
        let alignments = [1, 2, 4, 8, 16, 32, 64]
        var vectors: [Offset] = []
        for (i, alignment) in alignments.enumerated() {
            _ = b.createString(String(repeating: "s", count: i * 3 + 1))  // disturbs the alignment
            vectors.append(b.createByteVector(Data((0..<(i * 5 + 3)).map { UInt8($0) }), alignment: alignment))
        }
        let list = b.createVector(ofOffsets: vectors.map { vector in table(&b) { $0.addOffset(field: 0, vector) } })
        let root = table(&b) { $0.addOffset(field: 0, list) }
        b.finish(root: root, fileIdentifier: "ALGN")
        let bytes = try b.finishedBytes()
        XCTAssertEqual(bytes.count % 64, 0, "the size is a multiple of the largest alignment")
        let buffers = try XCTUnwrap(try FlatBufferReader(Data(bytes)).rootTable().vectorOfTables(field: 0))
        for (i, buffer) in buffers.enumerated() {
            let payload = try XCTUnwrap(try buffer.byteVector(field: 0))
            XCTAssertEqual(payload.startIndex % alignments[i], 0, "alignment \(alignments[i])")
            XCTAssertEqual([UInt8](payload), (0..<(i * 5 + 3)).map { UInt8($0) })
        }
    }

    func testByteVectorsFromEveryContiguousSource() throws {
        let bytes: [UInt8] = [9, 8, 7]
        var b = FlatBufferBuilder()
        let fromArray = b.createByteVector(bytes)
        let fromData = b.createByteVector(Data(bytes))
        let fromPointer = bytes.withUnsafeBytes { b.createByteVector($0) }
        let fromSlice = b.createByteVector(bytes[1...])
        let root = table(&b) { t in
            for (field, offset) in [fromArray, fromData, fromPointer, fromSlice].enumerated() { t.addOffset(field: field, offset) }
        }
        b.finish(root: root)
        let t = try FlatBufferReader(Data(try b.finishedBytes())).rootTable()
        for field in 0..<3 { XCTAssertEqual(try t.byteVector(field: field).map { [UInt8]($0) }, bytes) }
        XCTAssertEqual(try t.byteVector(field: 3).map { [UInt8]($0) }, [8, 7])
    }

    func testFileIdentifierIsOptional() throws {
        var b = FlatBufferBuilder()
        let root = table(&b) { $0.add(field: 0, value: UInt8(0xFF), default: 0) }
        b.finish(root: root)
        let bytes = try b.finishedBytes()
        let reader = try FlatBufferReader(Data(bytes))
        XCTAssertNotEqual(reader.fileIdentifier, "FBTS")
        XCTAssertEqual(try reader.rootTable().scalar(field: 0, default: UInt8(0)), 0xFF)
    }
}
