import FlatBuffers
import Foundation
import XCTest

/// The builder and reader against each other and against flatc (Debian's flatbuffers-compiler).
final class FlatBufferTests: XCTestCase {
    private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The reference.json values, as our builder writes them.
    private func buildReference(largeBlob: Bool) throws -> FlatBufferBuilder {
        var b = FlatBufferBuilder()
        let blob = largeBlob ? try b.createLargeByteVector(Data([1, 2, 3, 4, 5]), alignment: 16) : b.createVector(ofScalars: [UInt8](arrayLiteral: 1, 2, 3, 4, 5))
        let name = b.createString("héllo")
        let values = b.createVector(ofScalars: [Int32](arrayLiteral: 1, -2, 300000))
        let innerLabel = b.createString("in")
        b.startTable(); b.add(field: 0, value: Int32(9), default: 0); b.addOffset(field: 1, innerLabel)
        let inner = b.endTable()
        b.startTable(); b.add(field: 0, value: Int32(1), default: 0)
        let item1 = b.endTable()
        let two = b.createString("two")
        b.startTable(); b.add(field: 0, value: Int32(2), default: 0); b.addOffset(field: 1, two)
        let item2 = b.endTable()
        let items = b.createVector(ofOffsets: [item1, item2])
        let words = b.createVector(ofOffsets: ["a", "", "ccc"].map { b.createString($0) })
        b.startTable()
        b.add(field: 0, value: Int8(-3), default: 0)
        b.add(field: 1, value: Int32(42), default: 7)
        b.add(field: 2, value: Float(0.25), default: 0)
        b.addOffset(field: 3, name)
        b.addOffset(field: 4, values)
        b.addOffset(field: 5, inner)
        b.addOffset(field: 6, items)
        b.addOffset(field: 7, blob)
        b.add(field: 8, value: true, default: false)
        b.add(field: 9, value: Int64(-5_000_000_000), default: 0)
        b.addOffset(field: 10, words)
        b.finish(root: b.endTable(), fileIdentifier: "FBTS")
        return b
    }

    /// Reads every field of a Root and checks the reference values.
    private func assertReference(_ data: Data, file: StaticString = #filePath, line: UInt = #line) throws {
        let reader = try FlatBufferReader(data)
        XCTAssertEqual(reader.fileIdentifier, "FBTS", file: file, line: line)
        let root = try reader.rootTable()
        XCTAssertEqual(try root.scalar(field: 0, default: Int8(0)), -3, file: file, line: line)
        XCTAssertEqual(try root.scalar(field: 1, default: Int32(7)), 42, file: file, line: line)
        XCTAssertEqual(try root.scalar(field: 2, default: Float(0)), 0.25, file: file, line: line)
        XCTAssertEqual(try root.string(field: 3), "héllo", file: file, line: line)
        XCTAssertEqual(try root.vectorOfScalars(field: 4, of: Int32.self), [1, -2, 300000], file: file, line: line)
        let inner = try XCTUnwrap(try root.table(field: 5))
        XCTAssertEqual(try inner.scalar(field: 0, default: Int32(0)), 9, file: file, line: line)
        XCTAssertEqual(try inner.string(field: 1), "in", file: file, line: line)
        let items = try XCTUnwrap(try root.vectorOfTables(field: 6))
        XCTAssertEqual(try items.map { try $0.scalar(field: 0, default: Int32(0)) }, [1, 2], file: file, line: line)
        XCTAssertEqual(try items[0].string(field: 1), nil, file: file, line: line)
        XCTAssertEqual(try items[1].string(field: 1), "two", file: file, line: line)
        XCTAssertEqual(try root.byteVector(field: 7).map { [UInt8]($0) }, [1, 2, 3, 4, 5], file: file, line: line)
        XCTAssertEqual(try root.scalar(field: 8, default: false), true, file: file, line: line)
        XCTAssertEqual(try root.scalar(field: 9, default: Int64(0)), -5_000_000_000, file: file, line: line)
        XCTAssertEqual(try root.vectorOfStrings(field: 10), ["a", "", "ccc"], file: file, line: line)
        XCTAssertNil(try root.table(field: 30), "absent field", file: file, line: line)
    }

    func testReaderDecodesTheBinaryFlatcWrote() throws {
        try assertReference(try Data(contentsOf: fixtures.appendingPathComponent("reference.bin")))
    }

    func testBuilderRoundTripsWithInlineAndLargeBlobs() throws {
        for large in [false, true] {
            try assertReference(Data(try buildReference(largeBlob: large).bytes()))
        }
    }

    func testLargeBlobsAreSixteenByteAlignedFromTheStart() throws {
        var b = FlatBufferBuilder()
        var blobs: [Offset] = []
        for size in [1, 17, 33, 5] { blobs.append(try b.createLargeByteVector(Data(repeating: UInt8(size), count: size), alignment: 16)) }
        let vector = b.createVector(ofOffsets: blobs.map { blob in b.startTable(); b.addOffset(field: 0, blob); return b.endTable() })
        b.startTable()
        b.addOffset(field: 0, vector)
        b.finish(root: b.endTable())
        let data = Data(b.bytes())
        let tables = try XCTUnwrap(try FlatBufferReader(data).rootTable().vectorOfTables(field: 0))
        for (table, size) in zip(tables, [1, 17, 33, 5]) {
            let payload = try XCTUnwrap(try table.byteVector(field: 0))
            XCTAssertEqual(payload.count, size)
            XCTAssertEqual((payload.startIndex - data.startIndex) % 16, 0, "payload of \(size) bytes starts at \(payload.startIndex)")
            XCTAssertTrue(payload.allSatisfy { $0 == UInt8(size) })
        }
    }

    func testStreamedFileEqualsTheMaterializedBytes() throws {
        let builder = try buildReference(largeBlob: true)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fb-\(getpid()).bin")
        let written = try builder.write(to: url)
        XCTAssertEqual(try Data(contentsOf: url), Data(builder.bytes()))
        XCTAssertEqual(written, builder.bytes().count)
    }

    func testFlatcDecodesWhatWeBuild() throws {
        let flatc = "/usr/bin/flatc"
        guard FileManager.default.isExecutableFile(atPath: flatc) else {
            // make test installs flatc; a bare `swift test` still checks our own round trip above.
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fb-flatc-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let binary = folder.appendingPathComponent("ours.bin")
        try Data(try buildReference(largeBlob: true).bytes()).write(to: binary)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: flatc)
        process.arguments = ["--json", "--strict-json", "--raw-binary", "-o", folder.path, fixtures.appendingPathComponent("test.fbs").path, "--", binary.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let decoded = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("ours.json"))) as? [String: Any]
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent("reference.json"))) as? [String: Any]
        XCTAssertEqual(decoded.map { NSDictionary(dictionary: $0) }, reference.map { NSDictionary(dictionary: $0) })
    }

    func testTruncatedBuffersNeverCrash() throws {
        let full = Data(try buildReference(largeBlob: false).bytes())
        var failures = 0
        for length in 0..<full.count {
            do {
                try assertReferenceQuietly(full.prefix(length))
            } catch {
                failures += 1
            }
        }
        // Only the trailing alignment padding may be cut without losing data.
        XCTAssertGreaterThan(failures, full.count - 16)
    }

    func testGarbageAndHostileOffsetsThrow() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let garbage = Data((0..<Int.random(in: 4...256, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            _ = try? assertReferenceQuietly(garbage)
        }
        // Root offset past the end, and a table whose vtable offset points before the buffer.
        XCTAssertThrowsError(try FlatBufferReader(Data([0xFF, 0xFF, 0, 0, 0, 0, 0, 0])).rootTable())
        XCTAssertThrowsError(try FlatBufferReader(Data([4, 0, 0, 0, 0xFF, 0xFF, 0, 0])).rootTable())
        // A vector claiming 2^32-1 elements.
        var b = FlatBufferBuilder()
        let v = b.createVector(ofScalars: [Int32](arrayLiteral: 1))
        b.startTable(); b.addOffset(field: 0, v); b.finish(root: b.endTable())
        var bytes = b.bytes()
        // The vector was created first, so it is the buffer's last 8 bytes: its length, then 1.
        XCTAssertEqual(Array(bytes.suffix(8)), [1, 0, 0, 0, 1, 0, 0, 0])
        bytes.replaceSubrange(bytes.count - 8..<bytes.count - 4, with: [0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertThrowsError(try FlatBufferReader(Data(bytes)).rootTable().vectorOfScalars(field: 0, of: Int32.self))
    }

    /// Reads every field without asserting, so hostile inputs exercise all paths.
    private func assertReferenceQuietly(_ data: Data) throws {
        let root = try FlatBufferReader(data).rootTable()
        _ = try root.scalar(field: 1, default: Int32(7))
        _ = try root.string(field: 3)
        _ = try root.vectorOfScalars(field: 4, of: Int32.self)
        _ = try root.table(field: 5)?.string(field: 1)
        _ = try root.vectorOfTables(field: 6)?.map { try $0.string(field: 1) }
        _ = try root.byteVector(field: 7)
        _ = try root.vectorOfStrings(field: 10)
        guard try root.vectorOfStrings(field: 10) == ["a", "", "ccc"] else { throw FlatBufferError("different words") }
    }
}
