import FlatBuffers
import Foundation
import LiteIR
import LiteOps
import TFLiteFormat
import XCTest

/// Structural promises of the writer, read back with flatc's JSON decoding where it is
/// installed (an independent decoder) and with raw offsets for alignment.
final class WriterStructureTests: XCTestCase {
    /// Two inputs in a deliberate order, a symbolic batch dim and two outputs.
    private func writeModel() throws -> URL {
        var builder = GraphBuilder(graph: Graph(inputs: ["image", "bias"], outputs: ["scores", "features"], types: [
            "image": TensorType(.float32, [.symbolic("N"), .fixed(4)]), "bias": TensorType(.float32, fixed: [3]),
        ]))
        builder.graph.setConstant("weights", Tensor(shape: [3, 4], values: (0..<12).map { Float($0) }))
        try builder.add(Node(name: "fc", op: "FullyConnected", inputs: ["image", "weights"], outputs: ["features"]))
        try builder.add(Node(name: "add", op: "Add", inputs: ["features", "bias"], outputs: ["scores"], attributes: ["activation": .string("RELU")]))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("structure-\(getpid()).tflite")
        _ = try TFLiteWriter.write(builder.graph, to: url)
        return url
    }

    func testBuffersAreAlignedAndTheSentinelIsEmpty() throws {
        let data = try Data(contentsOf: try writeModel())
        let model = try FlatBufferReader(data).rootTable()
        let buffers = try XCTUnwrap(try model.vectorOfTables(field: 4))
        XCTAssertNil(try buffers[0].byteVector(field: 0))
        let payloads = try buffers.dropFirst().compactMap { try $0.byteVector(field: 0) }
        XCTAssertFalse(payloads.isEmpty)
        for payload in payloads { XCTAssertEqual((payload.startIndex - data.startIndex) % 16, 0) }
    }

    func testFlatcSeesNamesSignatureCodesAndMetadata() throws {
        let flatc = "/usr/bin/flatc"
        guard FileManager.default.isExecutableFile(atPath: flatc) else {
            return XCTFail("flatc is required at \(flatc) (`make deps` installs flatbuffers-compiler)")
        }
        let url = try writeModel()
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schemas/tflite.fbs")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: flatc)
        process.arguments = ["--json", "--strict-json", "--raw-binary", "--defaults-json", "-o", url.deletingLastPathComponent().path, schema.path, "--", url.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url.deletingPathExtension().appendingPathExtension("json"))) as? [String: Any])
        XCTAssertEqual(json["version"] as? Int, 3)
        let subgraph = try XCTUnwrap((json["subgraphs"] as? [[String: Any]])?.first)
        let tensors = try XCTUnwrap(subgraph["tensors"] as? [[String: Any]])
        let names = tensors.map { $0["name"] as? String ?? "" }
        XCTAssertEqual((subgraph["inputs"] as? [Int])?.map { names[$0] }, ["image", "bias"])
        XCTAssertEqual((subgraph["outputs"] as? [Int])?.map { names[$0] }, ["scores", "features"])
        let image = try XCTUnwrap(tensors.first { $0["name"] as? String == "image" })
        XCTAssertEqual(image["shape"] as? [Int], [1, 4])
        XCTAssertEqual(image["shape_signature"] as? [Int], [-1, 4])
        let signature = try XCTUnwrap((json["signature_defs"] as? [[String: Any]])?.first)
        XCTAssertEqual((signature["inputs"] as? [[String: Any]])?.map { $0["name"] as? String }, ["image", "bias"])
        XCTAssertEqual((signature["outputs"] as? [[String: Any]])?.map { $0["name"] as? String }, ["scores", "features"])
        let codes = try XCTUnwrap(json["operator_codes"] as? [[String: Any]])
        for code in codes {
            let builtin = code["builtin_code"] as? String
            XCTAssertTrue(["FULLY_CONNECTED", "ADD"].contains(builtin), "\(code)")
            XCTAssertEqual(code["deprecated_builtin_code"] as? Int, builtin == "ADD" ? 0 : 9)
        }
        let operators = try XCTUnwrap(subgraph["operators"] as? [[String: Any]])
        let add = try XCTUnwrap(operators.first { ($0["builtin_options_type"] as? String) == "AddOptions" })
        XCTAssertEqual((add["builtin_options"] as? [String: Any])?["fused_activation_function"] as? String, "RELU")
        let metadata = try XCTUnwrap((json["metadata"] as? [[String: Any]])?.first)
        XCTAssertEqual(metadata["name"] as? String, "min_runtime_version")
        let buffers = try XCTUnwrap(json["buffers"] as? [[String: Any]])
        let versionBytes = try XCTUnwrap(buffers[try XCTUnwrap(metadata["buffer"] as? Int)]["data"] as? [Int])
        XCTAssertTrue(String(decoding: versionBytes.prefix { $0 != 0 }.map(UInt8.init), as: UTF8.self).hasPrefix("2."))
    }

    func testAFailedWriteLeavesNoFile() throws {
        // Scales known only at run time have no TFLite form: the output size is not known.
        var builder = GraphBuilder(graph: Graph(inputs: ["x", "scales"], outputs: ["y"],
                                                types: ["x": TensorType(.float32, fixed: [1, 4, 4, 1]), "scales": TensorType(.float32, fixed: [2])]))
        try builder.add(Node(name: "resize", op: "Resize2D", inputs: ["x", "scales"], outputs: ["y"], attributes: ["mode": .string("linear")]))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("refused-\(getpid()).tflite")
        try? FileManager.default.removeItem(at: url)
        XCTAssertThrowsError(try TFLiteWriter.write(builder.graph, to: url)) { error in
            XCTAssertTrue("\(error)".contains("node 'resize' (Resize2D)"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
    }
}
