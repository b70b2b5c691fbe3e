import FlatBuffers
import Foundation
import XCTest

/// Field indices of `Fixtures/test.fbs`.
enum RootField {
    static let small = 0, count = 1, ratio = 2, name = 3, values = 4, inner = 5, items = 6, blob = 7
    static let flag = 8, big = 9, words = 10, payloadType = 11, payload = 12, color = 13, precise = 14
    static let huge = 15, flags = 16, shorts = 17, doubles = 18, emptyText = 19, child = 20
}

enum PayloadType {
    static let inner: UInt8 = 1, other: UInt8 = 2
}

enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let schema = folder.appendingPathComponent("test.fbs")
    static let json = folder.appendingPathComponent("data.json")
    static let binary = folder.appendingPathComponent("data.bin")
    static let unicodeName = "héllo ✓ 🙂"
}

/// Builds the values of `Fixtures/data.json`; the blob is a large (segment) vector if asked.
func buildReferenceRoot(largeBlob: Bool = false) throws -> FlatBufferBuilder {
    var b = FlatBufferBuilder(capacity: 16)  // tiny, so the test also exercises growth
    let blob = largeBlob
        ? try b.createLargeByteVector(Data([1, 2, 3, 4, 5]), alignment: 16)
        : b.createByteVector([UInt8]([1, 2, 3, 4, 5]), alignment: 16)
    let name = b.createString(Fixtures.unicodeName)
    let values = b.createVector(ofScalars: [Int32(1), -2, 300_000])
    let innerLabel = b.createString("in")
    let inner = table(&b) { t in
        t.add(field: 0, value: Int32(9), default: 0)
        t.addOffset(field: 1, innerLabel)
    }
    let firstItem = table(&b) { $0.add(field: 0, value: Int32(1), default: 0) }
    let two = b.createString("two")
    let secondItem = table(&b) { t in
        t.add(field: 0, value: Int32(2), default: 0)
        t.addOffset(field: 1, two)
    }
    let items = b.createVector(ofOffsets: [firstItem, secondItem])
    let words = b.createVector(ofStrings: ["a", "", "ccc"])
    let other = table(&b) { $0.add(field: 0, value: -2.75, default: 1.5) }
    let flags = b.createVector(ofScalars: [true, false, true])
    let shorts = b.createVector(ofScalars: [Int16.min, 0, Int16.max])
    let doubles = b.createVector(ofScalars: [0.5, -1024.25])
    let emptyText = b.createString("")
    let childName = b.createString("child")
    let child = table(&b) { t in
        t.add(field: RootField.count, value: Int32(1), default: 7)
        t.addOffset(field: RootField.name, childName)
    }
    let root = table(&b) { t in
        t.add(field: RootField.small, value: Int8(-3), default: 0)
        t.add(field: RootField.count, value: Int32(42), default: 7)
        t.add(field: RootField.ratio, value: Float(0.25), default: 0)
        t.addOffset(field: RootField.name, name)
        t.addOffset(field: RootField.values, values)
        t.addOffset(field: RootField.inner, inner)
        t.addOffset(field: RootField.items, items)
        t.addOffset(field: RootField.blob, blob)
        t.add(field: RootField.flag, value: true, default: false)
        t.add(field: RootField.big, value: Int64(-5_000_000_000), default: 0)
        t.addOffset(field: RootField.words, words)
        t.addUnion(typeField: RootField.payloadType, valueField: RootField.payload, type: PayloadType.other, other)
        t.add(field: RootField.color, value: Int8(2), default: 1)
        t.add(field: RootField.precise, value: -1234.125, default: 0)
        t.add(field: RootField.huge, value: UInt64(12_345_678_901_234), default: 0)
        t.addOffset(field: RootField.flags, flags)
        t.addOffset(field: RootField.shorts, shorts)
        t.addOffset(field: RootField.doubles, doubles)
        t.addOffset(field: RootField.emptyText, emptyText)
        t.addOffset(field: RootField.child, child)
    }
    b.finish(root: root, fileIdentifier: "FBTS")
    return b
}

/// A table with the fields `fill` adds.
func table(_ b: inout FlatBufferBuilder, _ fill: (inout FlatBufferBuilder) -> Void) -> Offset {
    b.startTable()
    fill(&b)
    return b.endTable()
}

/// Checks every value of `Fixtures/data.json` in `data`.
func assertReferenceValues(_ data: Data, file: StaticString = #filePath, line: UInt = #line) throws {
    let reader = try FlatBufferReader(data)
    XCTAssertEqual(reader.fileIdentifier, "FBTS", file: file, line: line)
    let root = try reader.rootTable()
    XCTAssertEqual(try root.scalar(field: RootField.small, default: Int8(0)), -3, file: file, line: line)
    XCTAssertEqual(try root.scalar(field: RootField.count, default: Int32(7)), 42, file: file, line: line)
    XCTAssertEqual(try root.scalar(field: RootField.ratio, default: Float(0)), 0.25, file: file, line: line)
    XCTAssertEqual(try root.string(field: RootField.name), Fixtures.unicodeName, file: file, line: line)
    XCTAssertEqual(try root.vectorOfScalars(field: RootField.values, of: Int32.self), [1, -2, 300_000], file: file, line: line)
    let inner = try XCTUnwrap(try root.table(field: RootField.inner), file: file, line: line)
    XCTAssertEqual(try inner.scalar(field: 0, default: Int32(0)), 9, file: file, line: line)
    XCTAssertEqual(try inner.string(field: 1), "in", file: file, line: line)
    let items = try XCTUnwrap(try root.vectorOfTables(field: RootField.items), file: file, line: line)
    XCTAssertEqual(try items.map { try $0.scalar(field: 0, default: Int32(0)) }, [1, 2], file: file, line: line)
    XCTAssertEqual(try items.map { try $0.string(field: 1) }, [nil, "two"], file: file, line: line)
    let blob = try XCTUnwrap(try root.byteVector(field: RootField.blob), file: file, line: line)
    XCTAssertEqual([UInt8](blob), [1, 2, 3, 4, 5], file: file, line: line)
    XCTAssertEqual((blob.startIndex - data.startIndex) % 16, 0, "blob payload alignment", file: file, line: line)
    XCTAssertEqual(try root.scalar(field: RootField.flag, default: false), true, file: file, line: line)
    XCTAssertEqual(try root.scalar(field: RootField.big, default: Int64(0)), -5_000_000_000, file: file, line: line)
    XCTAssertEqual(try root.vectorOfStrings(field: RootField.words), ["a", "", "ccc"], file: file, line: line)
    let payload = try XCTUnwrap(try root.union(typeField: RootField.payloadType, valueField: RootField.payload), file: file, line: line)
    XCTAssertEqual(payload.type, PayloadType.other, file: file, line: line)
    XCTAssertEqual(try payload.table.scalar(field: 0, default: 1.5), -2.75, file: file, line: line)
    XCTAssertEqual(try root.scalar(field: RootField.color, default: Int8(1)), 2, file: file, line: line)
    XCTAssertEqual(try root.scalar(field: RootField.precise, default: 0.0), -1234.125, file: file, line: line)
    XCTAssertEqual(try root.scalar(field: RootField.huge, default: UInt64(0)), 12_345_678_901_234, file: file, line: line)
    XCTAssertEqual(try root.vectorOfScalars(field: RootField.flags, of: Bool.self), [true, false, true], file: file, line: line)
    XCTAssertEqual(try root.vectorOfScalars(field: RootField.shorts, of: Int16.self), [.min, 0, .max], file: file, line: line)
    XCTAssertEqual(try root.vectorOfScalars(field: RootField.doubles, of: Double.self), [0.5, -1024.25], file: file, line: line)
    XCTAssertEqual(try root.string(field: RootField.emptyText), "", file: file, line: line)
    let child = try XCTUnwrap(try root.table(field: RootField.child), file: file, line: line)
    XCTAssertEqual(child.depth, 1, file: file, line: line)
    XCTAssertEqual(try child.scalar(field: RootField.count, default: Int32(7)), 1, file: file, line: line)
    XCTAssertEqual(try child.string(field: RootField.name), "child", file: file, line: line)
    XCTAssertNil(try child.table(field: RootField.child), file: file, line: line)
    XCTAssertEqual(try child.scalar(field: RootField.color, default: Int8(1)), 1, "absent enum reads its default", file: file, line: line)
}

/// SplitMix64: a small seeded generator, so random inputs are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fresh folder under the temporary directory, removed by the test's teardown.
func temporaryFolder(for test: XCTestCase) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fbtests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    return folder
}
