import AtomicFiles
import FlatBuffers
import Foundation
import XCTest

/// The module against the reference compiler, so the tests do not only check our builder
/// against our reader: a binary flatc wrote (committed as `Fixtures/data.bin`, made with
/// `flatc --binary test.fbs data.json`) and flatc decoding what our builder writes.
final class FlatcInteropTests: XCTestCase {
    private static let flatc = URL(fileURLWithPath: "/usr/bin/flatc")

    func testReaderDecodesTheBinaryFlatcWrote() throws {
        try assertReferenceValues(try Data(contentsOf: Fixtures.binary))
    }

    func testReaderDecodesTheFlatcBinaryFromAMemoryMapAndASlice() throws {
        let mapped = try Data(contentsOf: Fixtures.binary, options: .alwaysMapped)
        try assertReferenceValues(mapped)
        // A buffer that does not start at index 0 of its Data (16 bytes in keeps alignment).
        let padded = Data(count: 16) + mapped + Data(count: 3)
        try assertReferenceValues(padded[16..<(16 + mapped.count)])
    }

    func testFlatcDecodesOurBuffer() throws {
        try assertFlatcDecodesReference(try buildReferenceRoot().finishedBytes())
    }

    func testFlatcDecodesOurBufferWithALargeBlobSegment() throws {
        let folder = try temporaryFolder(for: self)
        let file = folder.appendingPathComponent("segments.bin")
        let builder = try buildReferenceRoot(largeBlob: true)
        try AtomicFile.write(to: file) { try builder.write(to: $0) }
        try assertFlatcDecodesReference(Array(try Data(contentsOf: file)))
    }

    /// Decodes `bytes` with `flatc --json` and compares the JSON with `Fixtures/data.json`.
    private func assertFlatcDecodesReference(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.flatc.path) else {
            XCTFail("flatc is required at \(Self.flatc.path) (`make deps` installs flatbuffers-compiler)", file: file, line: line)
            return
        }
        let folder = try temporaryFolder(for: self)
        let binary = folder.appendingPathComponent("ours.bin")
        try Data(bytes).write(to: binary)
        let process = Process()
        process.executableURL = Self.flatc
        process.arguments = ["--json", "--strict-json", "--raw-binary", "-o", folder.path, Fixtures.schema.path, "--", binary.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, "flatc failed: \(message)", file: file, line: line)
        let decoded = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("ours.json")))
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.json))
        XCTAssertEqual(decoded as? NSDictionary, expected as? NSDictionary, file: file, line: line)
    }
}
