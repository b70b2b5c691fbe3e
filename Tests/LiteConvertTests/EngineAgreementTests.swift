import Foundation
import LiteConvert
import LiteIR
import XCTest

/// The fast engine against the reference engine (the oracle) on every committed model: ONNX
/// fixtures and samples, imported and as the .tflite we write (DepthwiseConv2D, Conv3DDHWIO,
/// FullyConnected forms), and every Keras fixture and sample; 1 and 2 threads, each interpreter
/// run three times: the first run records the memory plan, the later ones compute in its block,
/// and every run's outputs must survive the runs after it.
final class EngineAgreementTests: XCTestCase {
    func testFastEngineMatchesTheReferenceEngineOnEveryCommittedModel() throws {
        var graphs: [(String, Graph, [NamedTensor])] = []
        for model in try Fixtures.models(in: Fixtures.ops) + Fixtures.models(in: Fixtures.samples) {
            let name = model.deletingPathExtension().lastPathComponent
            let inputs = try Fixtures.arrays(model, "inputs")
            graphs.append((name, try LiteConvert.load(model), inputs))
            guard OnnxRuntimeFixtureTests.refusedConversions[name] == nil else { continue }
            let output = Fixtures.scratch("\(name).engines.tflite")
            _ = try LiteConvert.convert(model, to: output)
            graphs.append((name + ".tflite", try LiteConvert.load(output), inputs))
        }
        for keras in try KerasFixtureTests.cases() {
            graphs.append(("keras/" + keras.name, try LiteConvert.load(keras.model, config: keras.config), try keras.arrays("inputs")))
        }
        XCTAssertGreaterThan(graphs.count, 600)
        for (name, graph, inputs) in graphs {
            let reference = try LiteConvert.run(graph, inputs: inputs, engine: .reference)
            for threads in [1, 2] {
                let runs = try LiteConvert.run(graph, inputSets: [inputs, inputs, inputs], engine: .fast, threads: threads)
                for (run, fast) in runs.enumerated() {
                    assertMatches(fast, reference, atol: 1e-5, rtol: 1e-5, "\(name) fast engine, \(threads) threads, run \(run + 1)")
                }
            }
        }
    }

    /// On full-integer files (TFLiteConverter's and ai-edge-quantizer's int8 and 16x8 fixtures:
    /// those with a QUANTIZE) the fast engine's integer kernels are the reference's bit for bit.
    func testFastEngineComputesQuantizedFilesExactlyAsTheReferenceEngine() throws {
        let folder = Fixtures.root.appendingPathComponent("Tests/Fixtures/tfliteconverter_quantized")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter { $0.pathExtension == "tflite" }
        var checked = 0
        for file in files.sorted(by: { $0.path < $1.path }) {
            let graph = try LiteConvert.load(file), inputs = try Fixtures.arrays(file, "inputs")
            guard graph.nodes.contains(where: { $0.op == "Quantize" }) else { continue }
            checked += 1
            let reference = try LiteConvert.run(graph, inputs: inputs, engine: .reference)
            for threads in [1, 2] {
                assertMatches(try LiteConvert.run(graph, inputs: inputs, engine: .fast, threads: threads), reference, atol: 0, rtol: 0,
                              "\(file.lastPathComponent) fast engine, \(threads) threads")
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 6)
    }
}
