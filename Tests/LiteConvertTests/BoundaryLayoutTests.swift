import Foundation
import LiteConvert
import LiteIR
import XCTest

/// `--nhwc-io` is recorded in the written file, and running and verifying read it: no layout is
/// guessed from shapes, and `verify --expected` matches references by name or position.
final class BoundaryLayoutTests: XCTestCase {
    private let model = Fixtures.samples.appendingPathComponent("lenet.onnx")

    private func convertedNHWC() throws -> URL {
        let output = Fixtures.scratch("lenet.nhwc.tflite")
        _ = try LiteConvert.convert(model, to: output, options: ConversionOptions(nhwcIO: true))
        return output
    }

    func testTheFileRecordsWhichBoundariesChanged() throws {
        let graph = try LiteConvert.load(try convertedNHWC())
        XCTAssertEqual(try BoundaryLayouts(of: graph).nhwcFromNCHW, ["input"])
        XCTAssertEqual(graph.types["input"], TensorType(.float32, fixed: [1, 28, 28, 1]))
        // Without the option nothing is recorded.
        let plain = Fixtures.scratch("lenet.plain.tflite")
        _ = try LiteConvert.convert(model, to: plain)
        XCTAssertEqual(try BoundaryLayouts(of: try LiteConvert.load(plain)).nhwcFromNCHW, [])
    }

    func testRunRefusesNCHWArraysForNHWCInputs() throws {
        let graph = try LiteConvert.load(try convertedNHWC())
        let inputs = try Fixtures.arrays(model, "inputs")
        XCTAssertEqual(inputs[0].tensor.shape, [1, 1, 28, 28])
        XCTAssertThrowsError(try LiteConvert.run(graph, inputs: inputs)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("'input'") && message.contains("NHWC") && message.contains("NCHW [1, 1, 28, 28]"), message)
        }
        let nhwc = try inputs[0].tensor.reshaped([1, 28, 28, 1])  // one channel: the same bytes
        XCTAssertNoThrow(try LiteConvert.run(graph, inputs: [("input", nhwc)]))
    }

    func testVerifyTransposesByTheRecordAndMatchesExpectedByPosition() throws {
        let original = try LiteConvert.load(model), converted = try LiteConvert.load(try convertedNHWC())
        let inputs = try Fixtures.arrays(model, "inputs")
        let expected = try Fixtures.arrays(model, "expected")
        let byPosition = expected.enumerated().map { (name: "arr_\($0.offset)", tensor: $0.element.tensor) }
        let report = try LiteConvert.verify(original: original, converted: converted, inputSets: [inputs], expected: byPosition, atol: 1e-5, rtol: 1e-4)
        XCTAssertTrue(report.passed)
        XCTAssertEqual(report.againstExpected.map(\.name), ["probabilities"])
        // A wrong reference fails, matched by its name.
        let wrong = expected.map { (name: $0.name, tensor: Tensor.fromFloats($0.tensor.floats().map { $0 + 1 }, shape: $0.tensor.shape, dtype: .float32)) }
        XCTAssertFalse(try LiteConvert.verify(original: original, converted: converted, inputSets: [inputs], expected: wrong, atol: 1e-5, rtol: 1e-4).passed)
        XCTAssertThrowsError(try LiteConvert.verify(original: original, converted: converted, inputSets: [inputs],
                                                    expected: [("nothing", expected[0].tensor), ("else", expected[0].tensor)], atol: 1e-5, rtol: 1e-4))
    }
}
