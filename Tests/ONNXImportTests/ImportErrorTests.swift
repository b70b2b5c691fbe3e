import Foundation
import Interpreter
import LiteIR
import ONNXImport
import XCTest

/// What the importer refuses, and how it says so: the file, the node and the reason.
final class ImportErrorTests: XCTestCase {
    private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/import")

    private func importError(_ url: URL) -> String {
        do {
            _ = try ONNXImporter.importModel(at: url)
            return "imported without error"
        } catch {
            return "\(error)"
        }
    }

    func testEveryUnsupportedNodeIsListedAtOnce() {
        let message = importError(fixtures.appendingPathComponent("unsupported_nodes.onnx"))
        XCTAssertTrue(message.contains("unsupported_nodes.onnx"), message)
        XCTAssertTrue(message.contains("3 unsupported node(s)"), message)
        for expected in ["'nms' (NonMaxSuppression, opset 13)", "'loop' (Loop", "'custom' (com.example.MyOp"] {
            XCTAssertTrue(message.contains(expected), "\(expected) missing from: \(message)")
        }
        XCTAssertFalse(message.contains("'ok'"), message)
    }

    func testOpsetOutsideSevenToTwentyEightIsRefusedByName() {
        let message = importError(fixtures.appendingPathComponent("opset29.onnx"))
        XCTAssertTrue(message.contains("opset 29 is not supported"), message)
    }

    func testInvalidParametersNameTheNode() {
        let message = importError(fixtures.appendingPathComponent("bad_reshape.onnx"))
        XCTAssertTrue(message.contains("node 'bad_reshape'") && message.contains("cannot reshape"), message)
    }

    func testAnAttributeNoTranslationReadsIsRefusedByNameAndValue() {
        let message = importError(fixtures.appendingPathComponent("unknown_attribute.onnx"))
        XCTAssertTrue(message.contains("node 'conv1' (Conv): attribute 'foo' = 3 is not understood by this translation"), message)
    }

    func testAnInputTheTranslationIgnoresIsRefusedByPositionAndName() {
        let message = importError(fixtures.appendingPathComponent("extra_input.onnx"))
        XCTAssertTrue(message.contains("node 'softmax1' (Softmax): input #1 'x' is not read by this translation"), message)
    }

    func testTruncatedAndGarbageFilesAreErrors() throws {
        let original = try Data(contentsOf: fixtures.appendingPathComponent("external_ok.onnx"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onnx-truncated-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("model.onnx")
        for length in stride(from: 1, to: original.count, by: 7) {
            try original.prefix(length).write(to: file)
            XCTAssertThrowsError(try ONNXImporter.importModel(at: file), "truncated to \(length) bytes")
        }
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }).write(to: file)
        XCTAssertThrowsError(try ONNXImporter.importModel(at: file))
    }

    func testExternalDataIsReadFromTheModelFolder() throws {
        let graph = try ONNXImporter.importModel(at: fixtures.appendingPathComponent("external_ok.onnx"))
        let x = Tensor(shape: [1, 4], values: [Float](arrayLiteral: 10, 20, 30, 40))
        let y = try Interpreter(graph: graph).run(["x": x])["y"]
        XCTAssertEqual(y?.values(Float.self), [10, 21, 32, 43])
    }

    func testExternalDataOutsideTheModelFolderIsRefused() {
        for (file, reason) in [("external_parent.onnx", "leaves the model's folder"), ("external_absolute.onnx", "leaves the model's folder"),
                               ("external_past_end.onnx", "past the end")] {
            let message = importError(fixtures.appendingPathComponent(file))
            XCTAssertTrue(message.contains(reason) && message.contains("tensor 'w'"), "\(file): \(message)")
        }
    }

    func testExternalDataThroughASymlinkIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onnx-symlink-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["external_symlink.onnx", "weights.bin"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.bin").path, withDestinationPath: "weights.bin")
        let message = importError(folder.appendingPathComponent("external_symlink.onnx"))
        XCTAssertTrue(message.contains("symbolic link"), message)
    }
}

/// Shape arithmetic on static shapes is folded while importing.
final class ImportFoldingTests: XCTestCase {
    func testShapeGatherUnsqueezeConcatChainFoldsAway() throws {
        let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ops/shape_chain.onnx")
        let graph = try ONNXImporter.importModel(at: model)
        XCTAssertEqual(graph.nodes.map(\.op), ["Reshape", "Relu"])
        XCTAssertEqual(try graph.nodes[0].ints("shape", []), [2, -1])
    }
}
