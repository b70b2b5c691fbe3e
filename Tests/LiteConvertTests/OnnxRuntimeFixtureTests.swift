import Foundation
import LiteConvert
import LiteIR
import XCTest

/// Every committed ONNX model (per-op fixtures and samples) against onnxruntime's outputs, which
/// the fixture scripts recorded: our interpreter on the imported ONNX graph, and on the .tflite
/// we write, read back.
final class OnnxRuntimeFixtureTests: XCTestCase {
    /// Fixtures TFLite cannot express: conversion must refuse them with this reason. (An even LRN
    /// window, which LOCAL_RESPONSE_NORMALIZATION cannot hold, is decomposed like every LRN.)
    static let refusedConversions: [String: String] = ["det_batched": "no TFLite builtin for this operator"]

    func testInterpreterMatchesOnnxRuntimeOnImportedModels() throws {
        let models = try Fixtures.models(in: Fixtures.ops) + Fixtures.models(in: Fixtures.samples)
        XCTAssertGreaterThan(models.count, 50)
        for model in models {
            let name = model.deletingPathExtension().lastPathComponent
            do {
                let graph = try LiteConvert.load(model)
                let outputs = try LiteConvert.run(graph, inputs: try Fixtures.arrays(model, "inputs"))
                assertMatches(outputs, try Fixtures.arrays(model, "expected"), name)
            } catch {
                XCTFail("\(name): \(error)")
            }
        }
    }

    func testConvertedModelsReadBackAndMatch() throws {
        let models = try Fixtures.models(in: Fixtures.ops) + Fixtures.models(in: Fixtures.samples)
        for model in models {
            let name = model.deletingPathExtension().lastPathComponent
            let output = Fixtures.scratch("\(name).tflite")
            do {
                _ = try LiteConvert.convert(model, to: output)
                let converted = try LiteConvert.load(output)
                let outputs = try LiteConvert.run(converted, inputs: try Fixtures.arrays(model, "inputs"))
                assertMatches(outputs, try Fixtures.arrays(model, "expected"), "\(name).tflite")
                XCTAssertNil(Self.refusedConversions[name], "\(name) converted but was expected to be refused")
            } catch {
                guard let reason = Self.refusedConversions[name] else {
                    XCTFail("\(name): \(error)")
                    continue
                }
                XCTAssertTrue("\(error)".contains(reason), "\(name): \(error)")
                // Written as LiteConvert custom operators instead, the model still runs in our interpreter.
                do {
                    let report = try LiteConvert.convert(model, to: output, options: ConversionOptions(allowCustom: true))
                    XCTAssertFalse(report.customNodes.isEmpty, name)
                    let outputs = try LiteConvert.run(try LiteConvert.load(output), inputs: try Fixtures.arrays(model, "inputs"))
                    assertMatches(outputs, try Fixtures.arrays(model, "expected"), "\(name).tflite with custom operators")
                } catch {
                    XCTFail("\(name) with custom operators: \(error)")
                }
            }
        }
    }
}
