import AtomicFiles
import FlatBuffers
import Foundation
import XCTest

/// Large payloads kept as segments: not copied, aligned from the start of the file, streamed
/// to disk atomically, and bounded by the 2 GiB limit.
final class LargeBlobTests: XCTestCase {
    /// Payloads of awkward sizes, each with distinct content.
    private let payloads: [Data] = [1, 17, 4096, 100_003, 0, 250_000, 3].enumerated().map { i, count in
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) })
    }

    /// Blobs interleaved with strings and tables; returns the builder, finished.
    private func buildInterleaved(alignment: Int) throws -> FlatBufferBuilder {
        var b = FlatBufferBuilder(capacity: 64)
        var buffers: [Offset] = []
        for (i, payload) in payloads.enumerated() {
            let label = b.createString(String(repeating: "n", count: i + 1))
            let blob = try b.createLargeByteVector(payload, alignment: alignment)
            buffers.append(table(&b) { t in
                t.addOffset(field: 0, blob)
                t.addOffset(field: 1, label)
            })
        }
        let list = b.createVector(ofOffsets: buffers)
        let root = table(&b) { $0.addOffset(field: 0, list) }
        b.finish(root: root, fileIdentifier: "BLOB")
        return b
    }

    private func assertPayloads(in data: Data, alignment: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let reader = try FlatBufferReader(data)
        XCTAssertEqual(reader.fileIdentifier, "BLOB", file: file, line: line)
        let buffers = try XCTUnwrap(try reader.rootTable().vectorOfTables(field: 0), file: file, line: line)
        XCTAssertEqual(buffers.count, payloads.count, file: file, line: line)
        for (i, buffer) in buffers.enumerated() {
            let payload = try XCTUnwrap(try buffer.byteVector(field: 0), file: file, line: line)
            XCTAssertEqual((payload.startIndex - data.startIndex) % alignment, 0, "payload \(i)", file: file, line: line)
            XCTAssertEqual(payload, payloads[i], "payload \(i)", file: file, line: line)
            XCTAssertEqual(try buffer.string(field: 1), String(repeating: "n", count: i + 1), file: file, line: line)
        }
    }

    func testInterleavedBlobsAreAlignedFromTheStartOfTheFile() throws {
        for alignment in [1, 4, 16, 64] {
            let b = try buildInterleaved(alignment: alignment)
            let bytes = try b.finishedBytes()
            XCTAssertEqual(bytes.count, b.size)
            XCTAssertEqual(bytes.count % max(alignment, 4), 0)
            try assertPayloads(in: Data(bytes), alignment: alignment)
        }
    }

    func testSegmentsReferenceThePayloadsWithoutCopying() throws {
        let b = try buildInterleaved(alignment: 16)
        let segments = try b.finishedSegments()
        XCTAssertEqual(segments.reduce(0) { $0 + $1.count }, b.size)
        XCTAssertEqual(Data(segments.joined()), Data(try b.finishedBytes()))
        func address(_ data: Data) -> UnsafeRawPointer? { data.withUnsafeBytes { $0.baseAddress } }
        let segmentAddresses = Set(segments.compactMap(address))
        for payload in payloads where payload.count > 64 {  // smaller Data may be stored inline
            XCTAssertTrue(segmentAddresses.contains(try XCTUnwrap(address(payload))), "a payload of \(payload.count) bytes was copied")
        }
    }

    func testWriteToURLStreamsSegmentsAndReplacesAtomically() throws {
        let folder = try temporaryFolder(for: self)
        let url = folder.appendingPathComponent("model.bin")
        try Data("old content".utf8).write(to: url)
        let b = try buildInterleaved(alignment: 16)
        try AtomicFile.write(to: url) { try b.write(to: $0) }
        try assertPayloads(in: try Data(contentsOf: url, options: .alwaysMapped), alignment: 16)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["model.bin"], "no temporary file is left")
    }

    func testWriteToAMissingFolderThrowsAndLeavesNothing() throws {
        let folder = try temporaryFolder(for: self)
        let url = folder.appendingPathComponent("missing/model.bin")
        let b = try buildInterleaved(alignment: 16)
        XCTAssertThrowsError(try AtomicFile.write(to: url) { try b.write(to: $0) }) { XCTAssertTrue($0 is AtomicFileError) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    func testWriteToFileHandleAppendsAtItsPosition() throws {
        let folder = try temporaryFolder(for: self)
        let url = folder.appendingPathComponent("stream.bin")
        XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        let b = try buildInterleaved(alignment: 16)
        try handle.write(contentsOf: Data(count: 32))  // e.g. a container header
        try b.write(to: handle)
        try handle.close()
        let data = try Data(contentsOf: url)
        try assertPayloads(in: data[32...], alignment: 16)
    }

    func testInvalidAlignmentThrows() {
        var b = FlatBufferBuilder()
        XCTAssertThrowsError(try b.createLargeByteVector(Data([1]), alignment: 12))
        XCTAssertThrowsError(try b.createLargeByteVector(Data([1]), alignment: 0))
    }

    func testBuffersOver2GiBAreRefused() throws {
        // Two 1 GiB payloads of reserved, never touched address space.
        let gigabyte = 1 << 30
        let pages = try reservedAddressSpace(bytes: 2 * gigabyte)
        var b = FlatBufferBuilder()
        _ = try b.createLargeByteVector(pages[..<gigabyte], alignment: 16)
        XCTAssertThrowsError(try b.createLargeByteVector(pages[gigabyte...], alignment: 16)) { error in
            XCTAssertTrue("\(error)".contains("2 GiB"), "\(error)")
        }
        XCTAssertLessThan(b.size, FlatBufferBuilder.maximumSize)
    }

    /// A `Data` over `bytes` of anonymous, never touched memory (reads as zeros).
    private func reservedAddressSpace(bytes: Int) throws -> Data {
        let pointer = mmap(nil, bytes, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let pointer, pointer != MAP_FAILED else { throw FlatBufferError("cannot reserve \(bytes) bytes of address space") }
        return Data(bytesNoCopy: pointer, count: bytes, deallocator: .custom { pointer, count in munmap(pointer, count) })
    }

    func testBuildingA100MegabyteModelIsFast() throws {
        let weights = (0..<100).map { _ in Data(count: 1_000_000) }
        let start = Date()
        var b = FlatBufferBuilder()
        let blobs = try weights.map { try b.createLargeByteVector($0, alignment: 16) }
        var tensors: [Offset] = []
        for i in 0..<20_000 {
            let name = b.createString("tensor_\(i)")
            let shape = b.createVector(ofScalars: [Int32(1), 64, 64, Int32(i % 512)])
            tensors.append(table(&b) { t in
                t.addOffset(field: 0, shape)
                t.add(field: 2, value: UInt32(i % 101), default: 0)
                t.addOffset(field: 3, name)
            })
        }
        let buffers = blobs.map { blob in table(&b) { $0.addOffset(field: 0, blob) } }
        let tensorVector = b.createVector(ofOffsets: tensors)
        let bufferVector = b.createVector(ofOffsets: buffers)
        let root = table(&b) { t in
            t.addOffset(field: 0, tensorVector)
            t.addOffset(field: 1, bufferVector)
        }
        b.finish(root: root, fileIdentifier: "TFL3")
        let segments = try b.finishedSegments()
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertGreaterThan(b.size, 100_000_000)
        let (payloadSegments, metadata) = (segments.filter { $0.count == 1_000_000 }, segments.filter { $0.count != 1_000_000 })
        XCTAssertEqual(payloadSegments.count, 100, "each payload is its own segment")
        XCTAssertLessThan(metadata.reduce(0) { $0 + $1.count }, 2_000_000, "only metadata is materialized")
        XCTAssertLessThan(elapsed, 3, "building took \(elapsed) s")
    }
}
