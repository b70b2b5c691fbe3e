import Foundation
import Interpreter
import LiteIR
import LiteOps
import NumPyIO
import TFLiteFormat
import XCTest

/// Quantization in the file: QUANTIZE and DEQUANTIZE with their tensors' parameters round-trip
/// through the writer and the reader, and TFLiteConverter's quantized files of the Keras samples
/// either run as the official runtime's reference kernels computed them, or are refused naming
/// the first operator on quantized tensors.
final class QuantizedFileTests: XCTestCase {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/tfliteconverter_quantized").standardized

    private func quantizeDequantize(_ quantization: Quantization, _ dtype: DType, _ x: String, _ builder: inout GraphBuilder,
                                    output: String? = nil) throws -> String {
        let q = try builder.add("Quantize", [x], quantization.attributes.merging(["dtype": .string(dtype.rawValue)]) { $1 }, name: "\(x)/q")
        guard let output else { return try builder.add("Dequantize", [q], quantization.attributes, name: "\(x)/dq") }
        try builder.add(Node(name: output, op: "Dequantize", inputs: [q], outputs: [output], attributes: quantization.attributes))
        return output
    }

    func testQuantizeAndDequantizeRoundTripWithTheirParameters() throws {
        var builder = GraphBuilder(graph: Graph(inputs: ["x"], outputs: ["y"], types: ["x": TensorType(.float32, fixed: [2, 3])]))
        let int8 = Quantization(scale: 0.5, zeroPoint: -3), int16 = Quantization(scale: 0.01, zeroPoint: 0)
        let first = try quantizeDequantize(int8, .int8, "x", &builder)
        let second = try quantizeDequantize(Quantization(scale: 0.25, zeroPoint: 128), .uint8, first, &builder)
        _ = try quantizeDequantize(int16, .int16, second, &builder, output: "y")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quantized-\(getpid()).tflite")
        _ = try TFLiteWriter.write(builder.graph, to: url)
        let read = try TFLiteReader.read(url)
        XCTAssertEqual(read.nodes.map(\.op), ["Quantize", "Dequantize", "Quantize", "Dequantize", "Quantize", "Dequantize"])
        XCTAssertEqual(read.types[read.nodes[0].outputs[0]], TensorType(.int8, [.fixed(2), .fixed(3)], quantization: int8))
        XCTAssertEqual(read.types[read.nodes[4].outputs[0]], TensorType(.int16, [.fixed(2), .fixed(3)], quantization: int16))
        let x = Tensor(shape: [2, 3], values: [Float](arrayLiteral: 1, -1, 0.3, 100, 0.06, -70))
        let ours = try Interpreter(graph: builder.graph, engine: .reference).run(["x": x])["y"]
        let back = try Interpreter(graph: read).run(["x": x])["y"]
        XCTAssertEqual(back?.values(Float.self), ours?.values(Float.self))
        // 0.3 / 0.5 rounds to 1 (0.5); 100 saturates int8 at 127 → 65, then uint8 at 255 → 31.75;
        // −70 saturates int8 at −128 → −62.5, then uint8 at 0 → −32.
        XCTAssertEqual(ours?.values(Float.self), [1, -1, 0.5, 31.75, 0, -32])
    }

    /// TFLite's reference kernels have no per-channel QUANTIZE or DEQUANTIZE: the writer computes
    /// them in float arithmetic, with the same values.
    func testPerAxisQuantizationIsWrittenInFloatArithmetic() throws {
        var builder = GraphBuilder(graph: Graph(inputs: ["x"], outputs: ["y"], types: ["x": TensorType(.float32, fixed: [2, 3])]))
        _ = try quantizeDequantize(Quantization(scales: [0.5, 0.25, 0.125], zeroPoints: [0, 3, -2], axis: 1), .int8, "x", &builder, output: "y")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("per-axis-\(getpid()).tflite")
        _ = try TFLiteWriter.write(builder.graph, to: url)
        let read = try TFLiteReader.read(url)
        XCTAssertFalse(read.nodes.contains { ["Quantize", "Dequantize"].contains($0.op) }, "\(read.nodes.map(\.op))")
        let x = Tensor(shape: [2, 3], values: [Float](arrayLiteral: 1, -1, 0.3, 100, 0.06, -70))
        let ours = try Interpreter(graph: builder.graph, engine: .reference).run(["x": x])["y"]
        XCTAssertEqual(try Interpreter(graph: read, engine: .reference).run(["x": x])["y"]?.values(Float.self), ours?.values(Float.self))
        // Column 1: −1 / 0.25 = −4, + 3 → −1 → −1.0; 0.06 / 0.25 = 0.24 → 0, + 3 → 0. Column 2 saturates: −70 / 0.125 − 2 → −128 → −15.75.
        XCTAssertEqual(ours?.values(Float.self), [1, -1, 0.25, 63.5, 0, -15.75])
    }

    /// The fixtures LiteConvert refuses, and why (each refusal must name the file and reason).
    private static let refused: [String: String] = [:]

    /// Every TFLiteConverter file runs as the official reference kernels computed it, or is
    /// refused naming the file and the reason. Integer tensors (every intermediate where the
    /// fixture records them) match bit for bit on both engines. Float outputs match within 1e-5
    /// relative on the reference engine, which sums in TFLite's reference order; the fast
    /// engine's float kernels sum in another order, and a hybrid layer quantizing its input on
    /// the fly can then round one element to the next step, so it is held to 1e-3 of the
    /// output's largest value.
    func testTFLiteConverterFilesRunAsTheOfficialReferenceKernels() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.fixtures, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "tflite" }.sorted { $0.path < $1.path }
        var ran: [String] = [], comparedTensors = 0
        for file in files {
            let name = file.lastPathComponent
            var graph: Graph
            do {
                graph = try TFLiteReader.read(file)
            } catch {
                let reason = try XCTUnwrap(Self.refused[name], "\(name): \(error)")
                XCTAssertTrue("\(error)".contains(file.path) && "\(error)".contains(reason), "\(error)")
                continue
            }
            XCTAssertNil(Self.refused[name], "\(name) was expected to be refused")
            let stem = file.deletingPathExtension().path
            func arrays(_ suffix: String) throws -> [String: Tensor] {
                guard FileManager.default.fileExists(atPath: stem + suffix) else { return [:] }
                return Dictionary(uniqueKeysWithValues: try NumPy.readNPZ(url: URL(fileURLWithPath: stem + suffix)).map { ($0.name, $0.tensor) })
            }
            let inputs = try arrays(".inputs.npz"), expected = try arrays(".expected.npz"), tensors = try arrays(".tensors.npz")
            graph.outputs += tensors.keys.filter { graph.types[$0] != nil && !graph.outputs.contains($0) && graph.constants[$0] == nil }.sorted()
            for engine in Engine.allCases {
                let outputs = try Interpreter(graph: graph, engine: engine).run(inputs)
                for (tensor, reference) in expected.merging(tensors, uniquingKeysWith: { a, _ in a }) {
                    // Shape arithmetic the reader folded is a constant of the graph.
                    let mine = try XCTUnwrap(outputs[tensor] ?? graph.constants[tensor], "\(name): no tensor \(tensor)")
                    XCTAssertEqual(mine.shape, reference.shape, "\(name) \(tensor)")
                    if reference.dtype.isInteger {
                        XCTAssertEqual(mine.dtype, reference.dtype, "\(name) \(tensor)")
                        let differing = zip(mine.int64s(), reference.int64s()).filter { $0 != $1 }.count
                        XCTAssertEqual(differing, 0, "\(name) \(engine) \(tensor): \(differing) of \(reference.count) elements differ")
                        comparedTensors += 1
                        continue
                    }
                    let largest = reference.floats().map(abs).max() ?? 0
                    for (a, e) in zip(mine.floats(), reference.floats())
                    where engine == .reference ? abs(a - e) > 1e-5 * max(1, abs(e)) : abs(a - e) > 1e-3 * largest {
                        return XCTFail("\(name) \(engine) \(tensor): \(a) against the official reference kernels' \(e)")
                    }
                }
            }
            ran.append(name)
        }
        XCTAssertEqual(ran.count + Self.refused.count, files.count)
        XCTAssertGreaterThan(comparedTensors, 300)
    }
}
