import Foundation
import LiteConvert
import LiteIR
import XCTest

/// `verify --per-layer` names the layer whose weights a test corrupts in the converted file, both
/// in an int8 file (quantization noise everywhere, ~35 dB) and a float one (~130 dB), and names
/// none in the intact files.
final class LayerComparisonTests: XCTestCase {
    func testTheCorruptedInt8LayerIsTheFirstDivergentTensor() throws {
        let model = Fixtures.samples.appendingPathComponent("keras/resnet_style_k3.h5")
        let inputs = try Fixtures.arrays(model, "inputs")
        let int8 = Fixtures.scratch("per-layer.int8.tflite")
        var options = ConversionOptions()
        options.int8Calibration = try LiteConvert.calibrationSamples([("inputs", inputs)])
        _ = try LiteConvert.convert(model, to: int8, options: options)
        let original = try LiteConvert.load(model), converted = try LiteConvert.load(int8)

        let intact = try LiteConvert.verify(original: original, converted: converted, inputSets: [inputs], atol: 0, rtol: 0,
                                            minSQNR: 25, perLayer: true, engine: .reference)
        let layers = try XCTUnwrap(intact.layers)
        XCTAssertNil(layers.firstDivergent, "intact int8 file")
        XCTAssertTrue(intact.passed)
        XCTAssertGreaterThan(layers.tensors.count, 20, "every block's output is compared")
        XCTAssertEqual(layers.worstFirst.count, layers.tensors.count)

        let corrupted = try corrupting(converted, layerWritingPrefix: "s1b0_bn2/Add") { (weights: [Int8]) in weights.map { 0 &- $0 } }
        let report = try LiteConvert.verify(original: original, converted: corrupted, inputSets: [inputs], atol: 0, rtol: 0,
                                            minSQNR: 25, perLayer: true, engine: .reference)
        XCTAssertEqual(report.layers?.firstDivergent, "s1b0_bn2/Add")
        XCTAssertFalse(report.passed, "the output's SQNR falls below --min-sqnr")
        let first = try XCTUnwrap(report.layers?.tensors.first { $0.name == "s1b0_bn2/Add" })
        XCTAssertLessThan(try XCTUnwrap(first.sqnrDB), 10)
        XCTAssertGreaterThan(try XCTUnwrap(first.dropDB), 20, "the error jumps at the corrupted layer")
    }

    func testTheCorruptedFloatLayerIsTheFirstDivergentTensorInChannelsFirstNames() throws {
        let model = Fixtures.samples.appendingPathComponent("resnet_block.onnx")
        let file = Fixtures.scratch("per-layer.float.tflite")
        _ = try LiteConvert.convert(model, to: file)
        let original = try LiteConvert.load(model), converted = try LiteConvert.load(file)
        let inputs = [LiteConvert.randomInputs(for: original, seed: 3)]

        let intact = try XCTUnwrap(try LiteConvert.verify(original: original, converted: converted, inputSets: inputs, atol: 1e-5, rtol: 1e-4,
                                                          perLayer: true, engine: .reference).layers)
        XCTAssertEqual(intact.thresholdDB, 80)
        XCTAssertNil(intact.firstDivergent)
        XCTAssertTrue(intact.tensors.contains { $0.name == "block2.relu1" && $0.convertedName.hasSuffix("_nhwc") },
                      "channels-last tensors are compared in the original's layout")

        let corrupted = try corrupting(converted, layerWritingPrefix: "block2.relu1") { (weights: [Float]) in weights.map { $0 * 1.001 } }
        let report = try XCTUnwrap(try LiteConvert.verify(original: original, converted: corrupted, inputSets: inputs, atol: 1e-5, rtol: 1e-4,
                                                          perLayer: true, engine: .reference).layers)
        XCTAssertEqual(report.firstDivergent, "block2.relu1")
        let worst = try XCTUnwrap(report.tensors.first { $0.name == report.worstFirst.first })
        XCTAssertLessThan(try XCTUnwrap(worst.sqnrDB), 80)
    }

    /// `graph` with the weights (second input) of the node whose output starts with `prefix` changed.
    private func corrupting<T: TensorElement>(_ graph: Graph, layerWritingPrefix prefix: String, _ change: ([T]) -> [T]) throws -> Graph {
        var graph = graph
        let node = try XCTUnwrap(graph.nodes.first { $0.outputs[0].hasPrefix(prefix) && graph.constants[$0.inputs[1]] != nil }, prefix)
        let weights = try XCTUnwrap(graph.constants[node.inputs[1]])
        graph.constants[node.inputs[1]] = Tensor(shape: weights.shape, values: change(weights.values(T.self)))
        return graph
    }
}
