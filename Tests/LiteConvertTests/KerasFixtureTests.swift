import Foundation
import LiteConvert
import LiteIR
import NumPyIO
import XCTest

/// Every committed Keras model (per-layer fixtures of Keras 2 and Keras 3, and the samples)
/// against the outputs Keras itself computed when the fixture script saved it: our interpreter
/// straight from the .h5, and on the .tflite we write, read back.
final class KerasFixtureTests: XCTestCase {
    /// A Keras model file with the arrays beside it: `<stem>.h5` or `<stem>.weights.h5` (with
    /// `<stem>.json`), `<stem>.inputs.npz`, `<stem>.expected.npz`.
    struct KerasCase {
        let model: URL
        let stem: URL
        var name: String { stem.lastPathComponent }
        var config: URL? {
            let url = stem.appendingPathExtension("json")
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        func arrays(_ kind: String) throws -> [NamedTensor] { try NumPy.readNPZ(url: stem.appendingPathExtension("\(kind).npz")) }
    }

    static func cases() throws -> [KerasCase] {
        let folders = [Fixtures.root.appendingPathComponent("Tests/Fixtures/keras"), Fixtures.samples.appendingPathComponent("keras")]
        return try folders.filter { FileManager.default.fileExists(atPath: $0.path) }.flatMap { folder in
            try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "h5" }
                .map { url in
                    let name = url.lastPathComponent
                    let stem = name.hasSuffix(".weights.h5") ? String(name.dropLast(".weights.h5".count)) : String(name.dropLast(3))
                    return KerasCase(model: url, stem: folder.appendingPathComponent(stem))
                }
                .filter { FileManager.default.fileExists(atPath: $0.stem.appendingPathExtension("inputs.npz").path) }
        }.sorted { $0.name < $1.name }
    }

    func testInterpreterMatchesKerasOnTheH5() throws {
        let cases = try Self.cases()
        XCTAssertGreaterThan(cases.count, 150)
        XCTAssertTrue(cases.contains { $0.name.hasSuffix("_k2") } && cases.contains { $0.name.hasSuffix("_k3") })
        for item in cases {
            do {
                let graph = try LiteConvert.load(item.model, config: item.config)
                let outputs = try LiteConvert.run(graph, inputs: try item.arrays("inputs"))
                XCTAssertEqual(outputs.map(\.name), try item.arrays("expected").map(\.name), "\(item.name): output names and order")
                assertMatches(outputs, try item.arrays("expected"), item.name)
            } catch {
                XCTFail("\(item.name): \(error)")
            }
        }
    }

    func testConvertedModelsReadBackAndMatchKeras() throws {
        for item in try Self.cases() {
            let output = Fixtures.scratch("\(item.name).tflite")
            do {
                _ = try LiteConvert.convert(item.model, to: output, options: ConversionOptions(kerasConfig: item.config))
                let outputs = try LiteConvert.run(try LiteConvert.load(output), inputs: try item.arrays("inputs"))
                assertMatches(outputs, try item.arrays("expected"), "\(item.name).tflite")
            } catch {
                XCTFail("\(item.name): \(error)")
            }
        }
    }

    /// Keras models are channels-last already: `--nhwc-io` leaves their inputs and outputs as
    /// they are (it used to transpose an NHWC image as if it were NCHW).
    func testNHWCIOKeepsAKerasModelsLayout() throws {
        let model = Fixtures.samples.appendingPathComponent("keras/resnet_style_k3.h5")
        let output = Fixtures.scratch("resnet_style_k3.nhwc.tflite")
        _ = try LiteConvert.convert(model, to: output, options: ConversionOptions(nhwcIO: true))
        let original = try LiteConvert.load(model), converted = try LiteConvert.load(output)
        XCTAssertEqual(converted.types[converted.inputs[0]]?.shape.map(\.value), original.types[original.inputs[0]]?.shape.map(\.value))
        XCTAssertFalse(converted.nodes.contains { $0.op == "Transpose" })
    }

    /// Lambda layers and custom classes are refused, all of them in one error, by name and class.
    func testLambdaAndCustomLayersAreRefusedByName() throws {
        for flavor in ["k2", "k3"] {
            let model = Fixtures.root.appendingPathComponent("Tests/Fixtures/keras/refused_lambda_custom_\(flavor).h5")
            XCTAssertThrowsError(try LiteConvert.load(model)) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(model.path), message)
                XCTAssertTrue(message.contains("layer 'add_one' (Lambda)"), message)
                XCTAssertTrue(message.contains("layer 'doubling' (Custom>Doubling): a custom layer class"), message)
                XCTAssertFalse(message.contains("'head'"), message)
            }
        }
    }

    func testWeightsOnlyFileWithoutConfigAsksForIt() throws {
        let model = Fixtures.root.appendingPathComponent("Tests/Fixtures/keras/weights_only_k3.weights.h5")
        XCTAssertThrowsError(try LiteConvert.load(model)) { error in
            XCTAssertTrue("\(error)".contains("--config"), "\(error)")
        }
    }

    /// A config that does not describe the saved weights is an error naming the layer.
    func testConfigMismatchingTheWeightsIsRefused() throws {
        let folder = Fixtures.root.appendingPathComponent("Tests/Fixtures/keras")
        var config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("weights_only_k3.json"))) as? [String: Any])
        var inner = try XCTUnwrap(config["config"] as? [String: Any])
        var layers = try XCTUnwrap(inner["layers"] as? [[String: Any]])
        let conv = try XCTUnwrap(layers.firstIndex { ($0["config"] as? [String: Any])?["name"] as? String == "conv" })
        var convConfig = try XCTUnwrap(layers[conv]["config"] as? [String: Any])
        convConfig["use_bias"] = false
        layers[conv]["config"] = convConfig
        inner["layers"] = layers
        config["config"] = inner
        let changed = Fixtures.scratch("mismatched.json")
        try JSONSerialization.data(withJSONObject: config).write(to: changed)
        XCTAssertThrowsError(try LiteConvert.load(folder.appendingPathComponent("weights_only_k3.weights.h5"), config: changed)) { error in
            XCTAssertTrue("\(error)".contains("layer 'conv' (Conv1D)"), "\(error)")
        }
    }

    /// Truncated or non-HDF5 files are errors naming the file, never crashes.
    func testCorruptH5IsAnErrorNamingTheFile() throws {
        let source = Fixtures.root.appendingPathComponent("Tests/Fixtures/keras/two_in_two_out_k3.h5")
        let bytes = try Data(contentsOf: source)
        for (label, data) in [("truncated", bytes.prefix(bytes.count / 2)), ("garbage", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))] {
            let url = Fixtures.scratch("\(label).h5")
            try Data(data).write(to: url)
            XCTAssertThrowsError(try LiteConvert.load(url), label) { error in
                XCTAssertTrue("\(error)".contains(url.path), "\(label): \(error)")
            }
        }
    }
}
