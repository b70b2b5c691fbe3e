import Foundation
import HDF5
import IsolatedHDF5
import KerasImport
import XCTest

/// The HDF5 snapshot the reader process hands back: what it holds, and that the parent refuses
/// every malformed one (a subverted reader process gets no further than a malformed file).
final class HDF5SnapshotTests: XCTestCase {
    private let model = Fixtures.root.appendingPathComponent("Tests/Fixtures/keras/dense_relu_k3.h5")

    /// The snapshot of `model`, written in this process.
    private func snapshotBytes() throws -> Data {
        let url = Fixtures.scratch("dense.h5snapshot")
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        try HDF5SnapshotWriter.write(model.path, to: descriptor, maxBytes: 1 << 30, skippingValuesUnder: [])
        return try Data(contentsOf: url)
    }

    func testTheReaderProcessHandsBackGroupsAttributesAndMappedValues() throws {
        let snapshot = try IsolatedHDF5Reader.read(model)
        let root = snapshot.root
        XCTAssertEqual(root.kind(of: "model_weights"), .group)
        let config = try XCTUnwrap(try root.stringAttribute("model_config")?.first)
        XCTAssertTrue(config.contains("\"class_name\": \"Dense\""), config)
        let kernel = try root.dataset("model_weights/dense/dense/kernel")
        XCTAssertEqual(try kernel.shape(), [6, 4])
        XCTAssertEqual(try kernel.elementType(), .float32)
        // The reader process's values are those libhdf5 gives in this process.
        let local = try HDF5Snapshot(SnapshotBytes(try snapshotBytes()))
        XCTAssertEqual(try kernel.read(), try local.root.dataset("model_weights/dense/dense/kernel").read())
        XCTAssertEqual(try kernel.read().count, 6 * 4 * 4)
        // Both import to the same graph.
        let isolated = try KerasImporter.importModel(at: model)
        let fromBytes = try KerasImporter.importModel(snapshot: local, of: model)
        XCTAssertEqual(isolated.nodes.map(\.op), fromBytes.nodes.map(\.op))
    }

    func testSkippedGroupsKeepTheirShapeButNotTheirValues() throws {
        let snapshot = try IsolatedHDF5Reader.read(model, skippingValuesUnder: ["model_weights"])
        let kernel = try snapshot.root.dataset("model_weights/dense/dense/kernel")
        XCTAssertThrowsError(try kernel.read()) { XCTAssertTrue("\($0)".contains("was not read"), "\($0)") }
    }

    func testMalformedSnapshotsAreRefusedWithTheirReason() throws {
        let bytes = try snapshotBytes()
        let cases: [(String, Data, String)] = [
            ("no header", Data("not a snapshot at all, not even close".utf8), "no snapshot header"),
            ("truncated", bytes.prefix(bytes.count - 10), "the manifest lies outside the snapshot"),
            ("values beyond the end", try edited(bytes) { $0.objects[kernelIndex($0)].dataset?.offset = 1 << 40 }, "lies outside the snapshot"),
            ("unaligned values", try edited(bytes) { $0.objects[kernelIndex($0)].dataset?.offset = 65_537 }, "lies outside the snapshot"),
            ("length against shape", try edited(bytes) { $0.objects[kernelIndex($0)].dataset?.shape = [6, 5] }, "does not take 96 bytes"),
            ("shape overflowing", try edited(bytes) { $0.objects[kernelIndex($0)].dataset?.shape = [1 << 40, 1 << 40] }, "does not take"),
            ("negative dim", try edited(bytes) { $0.objects[kernelIndex($0)].dataset?.shape = [-6, -4] }, "is incomplete"),
            ("orphan object", try edited(bytes) { $0.objects.append(SnapshotObject(path: "/nowhere/x", kind: .other)) }, "has no parent group"),
            ("repeated name", try edited(bytes) { $0.objects.append($0.objects[1]) }, "repeats a name"),
            ("relative path", try edited(bytes) { $0.objects.append(SnapshotObject(path: "x", kind: .other)) }, "object path 'x'"),
            ("no root", try edited(bytes) { $0.objects.removeFirst() }, "the first object is not the root group"),
            ("manifest cut short", shortened(bytes), "the manifest is not readable: manifest byte"),
        ]
        for (name, data, words) in cases {
            XCTAssertThrowsError(try HDF5Snapshot(SnapshotBytes(data)), name) { error in
                XCTAssertTrue("\(error)".contains(words), "\(name): \(error)")
            }
        }
    }

    private func kernelIndex(_ manifest: SnapshotManifest) -> Int {
        manifest.objects.firstIndex { $0.path.hasSuffix("/kernel") } ?? 0
    }

    /// `bytes` with its header claiming a manifest one byte shorter.
    private func shortened(_ bytes: Data) -> Data {
        let offset = bytes[8..<16].reversed().reduce(0) { $0 << 8 | Int($1) }
        let length = bytes[16..<24].reversed().reduce(0) { $0 << 8 | Int($1) }
        return Data(SnapshotFormat.header(manifestOffset: offset, length: length - 1)) + bytes.dropFirst(24)
    }

    /// `bytes` with its manifest edited and written anew at the end.
    private func edited(_ bytes: Data, _ edit: (inout SnapshotManifest) -> Void) throws -> Data {
        let offset = bytes[8..<16].reversed().reduce(0) { $0 << 8 | Int($1) }
        let length = bytes[16..<24].reversed().reduce(0) { $0 << 8 | Int($1) }
        var manifest = try SnapshotManifest(decoding: bytes.subdata(in: offset..<offset + length))
        edit(&manifest)
        let encoded = manifest.encoded()
        return Data(SnapshotFormat.header(manifestOffset: offset, length: encoded.count)) + bytes.subdata(in: 24..<offset) + Data(encoded)
    }
}
