import Foundation
import LiteIR
import NumPyIO
import TFLiteFormat
import Interpreter
import XCTest

/// TFLiteConverter's sparse file (EXPERIMENTAL_SPARSITY: a CSR weight behind DENSIFY and a
/// 1×4-block weight FULLY_CONNECTED reads natively) reads back with every weight exactly the dense
/// conversion's, and computes Keras's outputs.
final class SparseFileTests: XCTestCase {
    private let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tfliteconverter_sparse")

    func testSparseWeightsReadAsTheDenseConversionsWeights() throws {
        let sparse = try TFLiteReader.read(folder.appendingPathComponent("mlp.sparse.tflite"))
        let dense = try TFLiteReader.read(folder.appendingPathComponent("mlp.float32.tflite"))
        let weights = { (graph: Graph) in graph.nodes.filter { $0.op == "FullyConnected" }.compactMap { graph.constants[$0.inputs[1]]?.values(Float.self) } }
        let sparseWeights = weights(sparse), denseWeights = weights(dense)
        XCTAssertEqual(sparseWeights.count, 3)
        XCTAssertEqual(sparseWeights, denseWeights)
        // The sparse layers really were zeroed (80% of weights, 80% of 1×4 blocks).
        for layer in sparseWeights.prefix(2) {
            let zeros = Double(layer.filter { $0 == 0 }.count) / Double(layer.count)
            XCTAssertGreaterThan(zeros, 0.75)
        }
    }

    func testTheSparseFileComputesKerasOutputs() throws {
        let graph = try TFLiteReader.read(folder.appendingPathComponent("mlp.sparse.tflite"))
        let inputs = try NumPy.readNPZ(url: folder.appendingPathComponent("mlp.inputs.npz"))
        let expected = try NumPy.readNPZ(url: folder.appendingPathComponent("mlp.expected.npz"))
        let outputs = try Interpreter(graph: graph, engine: .reference).run([graph.inputs[0]: inputs[0].tensor])
        let actual = try XCTUnwrap(outputs[graph.outputs[0]]).values(Float.self), reference = expected[0].tensor.values(Float.self)
        XCTAssertEqual(actual.count, reference.count)
        for (a, e) in zip(actual, reference) { XCTAssertEqual(a, e, accuracy: 1e-5 * max(1, abs(e))) }
    }
}
