import Foundation
import LiteConvert
import LiteIR
import XCTest

/// `convert --quantize`:
/// - float16: every float constant an operator reads is stored as float16 behind a Dequantize, the
///   weights take half their bytes, and the file computes the model with its weights rounded to
///   float16: the read-back constants are exactly the float16 roundings of the float file's, and
///   the outputs stay within float16's precision of the float file's.
/// - dynamic: the convolutions and dense layers with at least 1024 weights read back as TFLite's
///   hybrid kernels with int8 weights, symmetric per output channel (each channel's largest
///   weight at ±127), an embedding table is gathered as int8, and the outputs stay near the
///   float file's.
/// - int8 (calibrated): the convolutions and dense layers read back as integer ops on int8
///   values with int32 biases, and the outputs stay near the float file's.
final class QuantizeModeTests: XCTestCase {
    func testWeightsAreStoredAsFloat16BehindDequantize() throws {
        for name in ["mobilenet_v2_k3", "resnet_style_k3", "transformer_block_k3"] {
            let model = Fixtures.samples.appendingPathComponent("keras/\(name).h5")
            let float32 = Fixtures.scratch("\(name).float32.tflite"), float16 = Fixtures.scratch("\(name).float16.tflite")
            let full = try LiteConvert.convert(model, to: float32)
            let half = try LiteConvert.convert(model, to: float16, options: ConversionOptions(weights: .float16))
            XCTAssertLessThan(half.outputBytes, full.outputBytes, name)
            let original = try LiteConvert.load(float32), converted = try LiteConvert.load(float16)
            func bytes(_ graph: Graph, _ dtype: DType) -> Int { graph.constants.values.filter { $0.dtype == dtype }.reduce(0) { $0 + $1.data.count } }
            XCTAssertEqual(2 * bytes(converted, .float16), bytes(original, .float32), "\(name): the float weights take half the bytes")
            let readers = converted.nodes.filter { $0.op != "Dequantize" }.flatMap(\.inputs)
            XCTAssertFalse(readers.contains { converted.constants[$0]?.dtype == .float32 }, "\(name): a float32 constant is read as such")
            // Each Dequantize of float16 holds a float32 constant of the float file, rounded.
            let weights = Set(original.constants.values.filter { $0.dtype == .float32 }.map { $0.values(Float.self).map { Float(Float16($0)) } })
            for node in converted.nodes where node.op == "Dequantize" {
                let stored = try XCTUnwrap(converted.constants[node.inputs[0]], name)
                XCTAssertEqual(stored.dtype, .float16, name)
                XCTAssertTrue(weights.contains(stored.floats()), "\(name): \(node.name) is no float32 weight rounded to float16")
            }
            let inputs = try Fixtures.arrays(model, "inputs")
            let expected = try LiteConvert.run(original, inputs: inputs, engine: .reference)
            assertMatches(try LiteConvert.run(converted, inputs: inputs, engine: .reference), expected, atol: 1e-2, rtol: 1e-2, name)
        }
    }

    func testDynamicRangeWeightsAreInt8PerChannelForTheHybridKernels() throws {
        for name in ["mobilenet_v2_k3", "transformer_block_k3", "text_lstm_gru_k3"] {
            let model = Fixtures.samples.appendingPathComponent("keras/\(name).h5")
            let float32 = Fixtures.scratch("\(name).float32.tflite"), dynamic = Fixtures.scratch("\(name).dynamic.tflite")
            _ = try LiteConvert.convert(model, to: float32)
            _ = try LiteConvert.convert(model, to: dynamic, options: ConversionOptions(weights: .dynamicRange))
            let original = try LiteConvert.load(float32), converted = try LiteConvert.load(dynamic)
            let hybrids = converted.nodes.filter { $0.op.hasPrefix("Hybrid") }
            XCTAssertFalse(hybrids.isEmpty, name)
            for node in hybrids {
                let weights = try XCTUnwrap(converted.constants[node.inputs[1]], name)
                let q = try XCTUnwrap(converted.types[node.inputs[1]]?.quantization, name)
                XCTAssertEqual(weights.dtype, .int8)
                XCTAssertGreaterThanOrEqual(weights.count, 1024)
                let axis = try XCTUnwrap(q.axis), inner = weights.shape[(axis + 1)...].reduce(1, *)
                var largest = [Int](repeating: 0, count: weights.shape[axis])
                for (i, v) in weights.ints().enumerated() { largest[(i / inner) % largest.count] = max(largest[(i / inner) % largest.count], abs(v)) }
                XCTAssertEqual(Set(largest), [127], "\(name) \(node.name)")
            }
            for node in converted.nodes where ["Conv2D", "DepthwiseConv2D", "FullyConnected"].contains(node.op) {
                XCTAssertLessThan(converted.constants[node.inputs[1]]?.count ?? 0, 1024, "\(name) \(node.name): only small layers stay float")
            }
            // An embedding table is gathered as int8 (±127 at its largest value), its rows dequantized.
            for node in converted.nodes where node.op == "Gather" {
                let table = try XCTUnwrap(converted.constants[node.inputs[0]], "\(name) \(node.name)")
                XCTAssertEqual(table.dtype, .int8, "\(name) \(node.name)")
                XCTAssertEqual(table.ints().map(abs).max(), 127)
                XCTAssertTrue(converted.nodes.contains { $0.op == "Dequantize" && $0.inputs == node.outputs }, "\(name) \(node.name)")
            }
            XCTAssertEqual(converted.nodes.contains { $0.op == "Gather" }, name == "text_lstm_gru_k3")
            let inputs = try Fixtures.arrays(model, "inputs")
            let expected = try LiteConvert.run(original, inputs: inputs, engine: .reference)
            assertMatches(try LiteConvert.run(converted, inputs: inputs, engine: .reference), expected, atol: 0.05, rtol: 0.05, name)
        }
    }

    func testInt8ConvertsTheLayersToIntegerOps() throws {
        let model = Fixtures.samples.appendingPathComponent("keras/resnet_style_k3.h5")
        let inputs = try Fixtures.arrays(model, "inputs")
        var rng = SplitMix64(seed: 5)
        let samples: [[NamedTensor]] = (0..<8).map { _ in
            inputs.map { ($0.name, Tensor(shape: $0.tensor.shape, values: (0..<$0.tensor.count).map { _ in rng.normal() })) }
        }
        let float32 = Fixtures.scratch("int8-source.tflite"), int8 = Fixtures.scratch("int8.tflite")
        _ = try LiteConvert.convert(model, to: float32)
        var options = ConversionOptions()
        options.int8Calibration = samples
        _ = try LiteConvert.convert(model, to: int8, options: options)
        let original = try LiteConvert.load(float32), converted = try LiteConvert.load(int8)
        let layers = converted.nodes.filter { ["Conv2D", "FullyConnected"].contains($0.op) }
        XCTAssertFalse(layers.isEmpty)
        for node in layers {
            let types = try node.inputs.filter { !$0.isEmpty }.map { try converted.type(of: $0).dtype }
            XCTAssertEqual(Array(types.prefix(2)), [.int8, .int8], node.name)
            XCTAssertEqual(types.dropFirst(2).filter { $0 != .int32 }, [], "\(node.name): an int32 bias")
        }
        let expected = try LiteConvert.run(original, inputs: inputs, engine: .reference)
        assertMatches(try LiteConvert.run(converted, inputs: inputs, engine: .reference), expected, atol: 0.05, rtol: 0.1, "resnet_style_k3 int8")
    }
}
