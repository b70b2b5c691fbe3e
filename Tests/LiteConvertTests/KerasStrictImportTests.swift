import Foundation
@testable import KerasImport
import LiteConvert
import LiteIR
import NumPyIO
import XCTest

/// Keras 3 operations on tensors keep every argument (the one-operation models of the issue
/// against Keras's own outputs, to 1e-6), and an argument or config key the importer does not
/// understand is refused by name, never dropped.
final class KerasStrictImportTests: XCTestCase {
    static let cases = Fixtures.root.appendingPathComponent("Tests/keras_conformance/cases")

    /// `x + 3.0` used to import as `x`: these match Keras in our interpreter on the .h5 and on
    /// the .tflite we write, within 1e-6.
    func testOneOperationModelsMatchKeras() throws {
        for name in ["op_add_scalar_right", "op_add_scalar_left", "op_multiply_scalar_right", "op_mobilenetv3_hard_sigmoid",
                     "op_getitem_ellipsis_middle", "op_mean_axes"] {
            for flavor in ["k2", "k3"] {
                let stem = Self.cases.appendingPathComponent("\(name)_\(flavor)")
                let model = stem.appendingPathExtension("h5")
                let inputs = try NumPy.readNPZ(url: stem.appendingPathExtension("inputs.npz"))
                let expected = try NumPy.readNPZ(url: stem.appendingPathExtension("expected.npz"))
                assertMatches(try LiteConvert.run(try LiteConvert.load(model), inputs: inputs), expected, atol: 1e-6, rtol: 1e-6, "\(name)_\(flavor).h5")
                let converted = Fixtures.scratch("\(name)_\(flavor).tflite")
                _ = try LiteConvert.convert(model, to: converted)
                assertMatches(try LiteConvert.run(try LiteConvert.load(converted), inputs: inputs), expected, atol: 1e-6, rtol: 1e-6,
                              "\(name)_\(flavor).tflite")
            }
        }
    }

    func testUnknownLayerConfigKeyIsRefusedNamingLayerKeyAndValue() throws {
        let model = Fixtures.root.appendingPathComponent("Tests/Fixtures/keras/dense_relu_k3.h5")
        let config = try editedConfig(of: model) { layer in
            guard layer["class_name"] as? String == "Dense" else { return }
            var inner = layer["config"] as! [String: Any]
            inner["frobnicate"] = 2
            layer["config"] = inner
        }
        assertRefused(model, config, mentioning: ["layer 'dense' (Dense)", "config key 'frobnicate' = 2"])
    }

    func testUnknownOperationArgumentIsRefusedNamingOperationAndArgument() throws {
        let model = Self.cases.appendingPathComponent("op_add_scalar_right_k3.h5")
        let config = try editedConfig(of: model) { layer in
            guard layer["class_name"] as? String == "Add", var nodes = layer["inbound_nodes"] as? [[String: Any]] else { return }
            nodes[0]["kwargs"] = ["out_scale": 0.5]
            layer["inbound_nodes"] = nodes
        }
        assertRefused(model, config, mentioning: ["(Add)", "argument 'out_scale' = 0.5"])
    }

    /// tf-keras keeps a training=True given in the graph at inference (Keras 3 does not).
    func testTrainingTrueIsRefusedWhereTFKerasKeepsIt() throws {
        let model = Fixtures.root.appendingPathComponent("Tests/Fixtures/keras/batchnorm_image_k2.h5")
        let config = try editedConfig(of: model) { layer in
            guard layer["class_name"] as? String == "BatchNormalization", var nodes = layer["inbound_nodes"] as? [[[Any]]] else { return }
            nodes[0][0][3] = ["training": true]
            layer["inbound_nodes"] = nodes
        }
        assertRefused(model, config, mentioning: ["(BatchNormalization)", "training=True"])
    }

    /// The model config saved in `model`, with `edit` applied to every top-level layer entry,
    /// written as a JSON file to give with `--config`.
    private func editedConfig(of model: URL, _ edit: (inout [String: Any]) -> Void) throws -> URL {
        var config = try XCTUnwrap(try KerasModelFile(url: model).modelConfig)
        var inner = config["config"] as! [String: Any]
        inner["layers"] = (inner["layers"] as! [[String: Any]]).map { layer in
            var layer = layer
            edit(&layer)
            return layer
        }
        config["config"] = inner
        let url = Fixtures.scratch("\(model.deletingPathExtension().lastPathComponent).edited.json")
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        return url
    }

    private func assertRefused(_ model: URL, _ config: URL, mentioning needles: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try LiteConvert.load(model, config: config), file: file, line: line) { error in
            let message = "\(error)"
            for needle in needles { XCTAssertTrue(message.contains(needle), "'\(needle)' not in: \(message)", file: file, line: line) }
        }
    }
}
