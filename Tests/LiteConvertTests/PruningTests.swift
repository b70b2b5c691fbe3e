import Foundation
import LiteConvert
import LiteIR
import Passes
import XCTest

/// `convert --prune`: read back from the written file, every pruned layer's weights are as sparse
/// as requested (within one 1×4 block), zeros in whole blocks along the input channels, and the
/// layers left dense are the converted float file's.
final class PruningTests: XCTestCase {
    func testTheWrittenFileHasTheRequestedSparsity() throws {
        let model = Fixtures.samples.appendingPathComponent("keras/resnet_style_k3.h5")
        let dense = Fixtures.scratch("prune.dense.tflite"), pruned = Fixtures.scratch("prune.tflite")
        _ = try LiteConvert.convert(model, to: dense)
        var options = ConversionOptions()
        options.pruning = MagnitudePruning.Options(sparsity: 0.8, block: 4)
        let report = try LiteConvert.convert(model, to: pruned, options: options)
        XCTAssertEqual(report.prunedLayers.filter { $0.skipped == nil }.count, 13)
        let original = try LiteConvert.load(dense), converted = try LiteConvert.load(pruned)
        let convolutions = { (g: Graph) in g.nodes.filter { $0.op == "Conv2D" || $0.op == "FullyConnected" }.map { g.constants[$0.inputs[1]]! } }
        for (layer, (before, after)) in zip(report.prunedLayers, zip(convolutions(original), convolutions(converted))) {
            let values = after.values(Float.self)
            if layer.skipped != nil {
                XCTAssertEqual(values, before.values(Float.self), layer.node)
                continue
            }
            let blocks = stride(from: 0, to: values.count, by: 4).map { values[$0..<$0 + 4] }
            XCTAssertTrue(blocks.allSatisfy { $0.allSatisfy { $0 == 0 } || $0.allSatisfy { $0 != 0 } }, "\(layer.node): whole 1×4 blocks")
            let sparsity = Double(values.filter { $0 == 0 }.count) / Double(values.count)
            XCTAssertEqual(sparsity, 0.8, accuracy: 4.0 / Double(values.count), layer.node)
        }
    }

    /// The pre-pruned sample (80% zeros in three layers, from Samples/make_samples.py): `auto`
    /// stores it in at most 45% of the dense file, computing bit for bit what the dense file does
    /// and onnxruntime's outputs.
    func testAPrePrunedModelConvertsSmallerWithTheSameOutputs() throws {
        let model = Fixtures.samples.appendingPathComponent("pruned_cnn.onnx")
        let sparse = Fixtures.scratch("pruned_cnn.auto.tflite"), dense = Fixtures.scratch("pruned_cnn.dense.tflite")
        let report = try LiteConvert.convert(model, to: sparse)
        var options = ConversionOptions()
        options.sparseWeights = .never
        let denseReport = try LiteConvert.convert(model, to: dense, options: options)
        XCTAssertEqual(report.sparseWeights.count, 3)
        XCTAssertTrue(denseReport.sparseWeights.isEmpty)
        XCTAssertLessThanOrEqual(Double(report.outputBytes), 0.45 * Double(denseReport.outputBytes))
        let inputs = try Fixtures.arrays(model, "inputs")
        let sparseOutputs = try LiteConvert.run(try LiteConvert.load(sparse), inputs: inputs, engine: .reference)
        let denseOutputs = try LiteConvert.run(try LiteConvert.load(dense), inputs: inputs, engine: .reference)
        XCTAssertEqual(sparseOutputs.map { $0.1.values(Float.self) }, denseOutputs.map { $0.1.values(Float.self) })
        assertMatches(sparseOutputs, try Fixtures.arrays(model, "expected"), "pruned_cnn sparse")
    }
}
