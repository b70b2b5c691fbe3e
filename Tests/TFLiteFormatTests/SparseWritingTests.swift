import Foundation
import LiteIR
import LiteOps
import TFLiteFormat
import XCTest

/// Sparse weights as the writer stores them, decoded by flatc (an independent decoder), by
/// TFLiteConverter's own encoding of the same weights, and read back by our reader.
final class SparseWritingTests: XCTestCase {
    private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tfliteconverter_sparse")

    /// A fully connected layer ([8, 64] weights, every other 1×4 block zero, some zeros -0) and a
    /// 3×3 convolution (weights with 3 of 4 values zero).
    private func sparseModel() throws -> Graph {
        var builder = GraphBuilder(graph: Graph(inputs: ["image", "features"], outputs: ["convolved", "dense"], types: [
            "image": TensorType(.float32, fixed: [1, 6, 6, 4]), "features": TensorType(.float32, fixed: [2, 64]),
        ]))
        let negativeZero: Float = -0.0
        let fc: [Float] = (0..<512).map { i in
            guard (i / 4) % 2 == 0 else { return i % 3 == 0 ? negativeZero : 0 }
            return Float(i) / 100 - 3
        }
        builder.graph.setConstant("fc_weights", Tensor(shape: [8, 64], values: fc))
        builder.graph.setConstant("conv_weights", Tensor(shape: [8, 3, 3, 4], values: (0..<288).map { (i: Int) -> Float in i % 4 == 1 ? Float(i) / 100 : 0 }))
        try builder.add(Node(name: "conv", op: "Conv2D", inputs: ["image", "conv_weights"], outputs: ["convolved"], attributes: ["pads": .ints([1, 1, 1, 1])]))
        try builder.add(Node(name: "fc", op: "FullyConnected", inputs: ["features", "fc_weights"], outputs: ["dense"]))
        return builder.graph
    }

    private func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("sparse-writing-\(getpid())-\(name).tflite")
    }

    func testSparseWeightsReadBackAsTheDenseOnes() throws {
        let graph = try sparseModel()
        let url = temporary("always")
        let summary = try TFLiteWriter.write(graph, to: url, sparse: .always)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: summary.sparseWeights.map { ($0.tensor, $0.form) }),
                       ["fc_weights": "FULLY_CONNECTED 1x4", "conv_weights": "DENSIFY"])
        XCTAssertEqual(summary.operatorCounts["DENSIFY"], 1)
        let read = try TFLiteReader.read(url)
        for name in ["fc_weights", "conv_weights"] {
            let weight = try XCTUnwrap(read.nodes.compactMap { node in node.inputs.compactMap { read.constants[$0] }.first { $0.shape == graph.constants[name]!.shape } }.first)
            XCTAssertEqual(weight.values(Float.self), graph.constants[name]!.values(Float.self), name)  // -0 reads as +0, which compares equal
        }
    }

    func testFlatcDecodesTheSparsityParameters() throws {
        let url = temporary("flatc")
        _ = try TFLiteWriter.write(try sparseModel(), to: url, sparse: .always)
        let json = try flatcJSON(url)
        let subgraph = try XCTUnwrap((json["subgraphs"] as? [[String: Any]])?.first)
        let tensors = try XCTUnwrap(subgraph["tensors"] as? [[String: Any]])
        // The FC weights: rows dense, 1x4 blocks CSR (the even blocks of each row), the block dense.
        let fc = try XCTUnwrap(tensors.first { $0["name"] as? String == "fc_weights" })
        let fcSparsity = try XCTUnwrap(fc["sparsity"] as? [String: Any])
        XCTAssertEqual(fcSparsity["traversal_order"] as? [Int], [0, 1, 2])
        XCTAssertEqual(fcSparsity["block_map"] as? [Int], [1])
        let levels = try XCTUnwrap(fcSparsity["dim_metadata"] as? [[String: Any]])
        XCTAssertEqual(levels.map { $0["format"] as? String }, ["DENSE", "SPARSE_CSR", "DENSE"])
        XCTAssertEqual(levels[0]["dense_size"] as? Int, 8)
        XCTAssertEqual(levels[2]["dense_size"] as? Int, 4)
        XCTAssertEqual(levels[1]["array_segments_type"] as? String, "Uint8Vector")
        XCTAssertEqual((levels[1]["array_segments"] as? [String: Any])?["values"] as? [Int], Array(stride(from: 0, through: 64, by: 8)))
        XCTAssertEqual((levels[1]["array_indices"] as? [String: Any])?["values"] as? [Int],
                       Array(repeating: Array(stride(from: 0, to: 16, by: 2)), count: 8).flatMap { $0 })
        // The conv weights: behind DENSIFY, the last dim CSR (index 1 of 4 in each row).
        let conv = try XCTUnwrap(tensors.first { $0["name"] as? String == "conv_weights/sparse" })
        let convLevels = try XCTUnwrap((conv["sparsity"] as? [String: Any])?["dim_metadata"] as? [[String: Any]])
        XCTAssertEqual(convLevels.map { $0["format"] as? String }, ["DENSE", "DENSE", "DENSE", "SPARSE_CSR"])
        XCTAssertEqual((convLevels[3]["array_indices"] as? [String: Any])?["values"] as? [Int], Array(repeating: 1, count: 72))
        XCTAssertNil(tensors.first { $0["name"] as? String == "conv_weights" }?["sparsity"])
        let codes = try XCTUnwrap(json["operator_codes"] as? [[String: Any]])
        let operators = try XCTUnwrap(subgraph["operators"] as? [[String: Any]])
        let builtins = operators.map { codes[$0["opcode_index"] as? Int ?? 0] }
        XCTAssertEqual(builtins.first?["builtin_code"] as? String, "DENSIFY")
        XCTAssertEqual(builtins.first { $0["builtin_code"] as? String == "FULLY_CONNECTED" }?["version"] as? Int, 8)
    }

    /// Our encoding of TFLiteConverter's dense weights is its own sparse file's, index for index.
    func testTheEncodingIsTFLiteConvertersOwn() throws {
        let dense = try TFLiteReader.read(fixtures.appendingPathComponent("mlp.float32.tflite"))
        let url = temporary("mlp")
        _ = try TFLiteWriter.write(dense, to: url, sparse: .always)
        func sparseTensors(_ json: [String: Any]) throws -> [[Int]: [[Int]?]] {
            let tensors = try XCTUnwrap(((json["subgraphs"] as? [[String: Any]])?.first)?["tensors"] as? [[String: Any]])
            var found: [[Int]: [[Int]?]] = [:]
            for tensor in tensors {
                guard let sparsity = tensor["sparsity"] as? [String: Any], let levels = sparsity["dim_metadata"] as? [[String: Any]] else { continue }
                let key = (tensor["shape"] as? [Int] ?? []) + [levels.count]
                found[key] = [(levels[1]["array_segments"] as? [String: Any])?["values"] as? [Int], (levels[1]["array_indices"] as? [String: Any])?["values"] as? [Int]]
            }
            return found
        }
        let theirs = try sparseTensors(try flatcJSON(fixtures.appendingPathComponent("mlp.sparse.tflite")))
        let ours = try sparseTensors(try flatcJSON(url))
        XCTAssertEqual(theirs.count, 2)
        for (key, vectors) in theirs { XCTAssertEqual(ours[key].map { $0 }, vectors, "weights \(key)") }
    }

    func testAutoKeepsDenseWeightsDenseAndNeverWritesSparsity() throws {
        var graph = try sparseModel()
        let auto = try TFLiteWriter.write(graph, to: temporary("auto"), sparse: .auto)
        XCTAssertEqual(auto.sparseWeights.map(\.tensor).sorted(), ["conv_weights", "fc_weights"])
        XCTAssertTrue(try TFLiteWriter.write(graph, to: temporary("never"), sparse: .never).sparseWeights.isEmpty)
        // A weight with one zero in 128 is not worth it (nor would be 512 bytes at all).
        graph.setConstant("fc_weights", Tensor(shape: [8, 16], values: (0..<128).map { Float($0) }))
        XCTAssertEqual(try TFLiteWriter.write(graph, to: temporary("auto-dense"), sparse: .auto).sparseWeights.map(\.tensor), ["conv_weights"])
    }

    private func flatcJSON(_ url: URL) throws -> [String: Any] {
        let flatc = "/usr/bin/flatc"
        guard FileManager.default.isExecutableFile(atPath: flatc) else {
            XCTFail("flatc is required at \(flatc) (`make deps` installs flatbuffers-compiler)")
            return [:]
        }
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schemas/tflite.fbs")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sparse-writing-json-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: flatc)
        process.arguments = ["--json", "--strict-json", "--raw-binary", "--defaults-json", "-o", folder.path, schema.path, "--", url.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let output = folder.appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".json")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
    }
}
