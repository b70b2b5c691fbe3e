import Interpreter
import LiteIR
import LiteOps
import Passes
import XCTest

/// fuse-quantized-ops: a Dequantize → Conv2D → Quantize group becomes an int8 Conv2D whose
/// values stay within one output step of the QDQ graph's (the integer kernel requantizes in
/// fixed point, the QDQ graph in float); uint8 becomes int8 with zero point − 128; a group with
/// asymmetric weights stays float, named with the reason.
final class QuantizedOpFusionTests: XCTestCase {
    private let inputScale = Quantization(scale: 0.05, zeroPoint: 3), outputScale = Quantization(scale: 0.1, zeroPoint: -5)

    /// x → Quantize → Dequantize → Conv2D (1×1, weights Dequantize(int8) per channel, float bias)
    /// → Quantize → Dequantize → y, with activations of `dtype`.
    private func qdqConvolution(weightZeroPoints: [Int64], dtype: DType = .int8) throws -> Graph {
        var b = builder(["x": [1, 4, 4, 3]], outputs: ["y"])
        let shift: Int64 = dtype == .uint8 ? 128 : 0
        func q(_ p: Quantization) -> [String: Attribute] {
            Quantization(scale: p.scales[0], zeroPoint: p.zeroPoints[0] + shift).attributes
                .merging(["dtype": .string(dtype.rawValue), "rounding": .string("half_to_even")]) { $1 }
        }
        let xq = try b.add("Quantize", ["x"], q(inputScale), name: "xq")
        let x = try b.add("Dequantize", [xq], Quantization(scale: 0.05, zeroPoint: 3 + shift).attributes, name: "x_float")
        let weights = b.graph.addConstant("w", Tensor(shape: [2, 1, 1, 3], values: [Int8](arrayLiteral: 10, -20, 30, 127, -128, 5)))
        let w = try b.add("Dequantize", [weights], Quantization(scales: [0.01, 0.02], zeroPoints: weightZeroPoints, axis: 0).attributes, name: "w_float")
        let bias = b.graph.addConstant("b", Tensor(shape: [2], values: [Float](arrayLiteral: 0.25, -0.5)))
        let y = try b.add("Conv2D", [x, w, bias], name: "conv")
        let yq = try b.add("Quantize", [y], q(outputScale), name: "yq")
        try b.add(Node(name: "y", op: "Dequantize", inputs: [yq], outputs: ["y"], attributes: Quantization(scale: 0.1, zeroPoint: -5 + shift).attributes))
        return b.graph
    }

    private func outputs(_ graph: Graph) throws -> [Float] {
        try XCTUnwrap(Interpreter(graph: graph, engine: .reference).run(["x": random([1, 4, 4, 3], seed: 5)])["y"]).values(Float.self)
    }

    func testAGroupBecomesAnInt8ConvolutionWithinOneStep() throws {
        for dtype in [DType.int8, .uint8] {
            let graph = try qdqConvolution(weightZeroPoints: [0, 0], dtype: dtype)
            var fused = graph
            XCTAssertEqual(try QuantizedOpFusion().apply(to: &fused), 1)
            try TypeInference.run(&fused)
            XCTAssertEqual(fused.nodes.map(\.op), ["Quantize", "Conv2D", "Dequantize"], "\(dtype)")
            let conv = try XCTUnwrap(fused.nodes.first { $0.op == "Conv2D" })
            XCTAssertEqual(try conv.inputs.map { try fused.type(of: $0).dtype }, [.int8, .int8, .int32])
            XCTAssertEqual(fused.types[conv.inputs[0]]?.quantization, inputScale, "uint8 re-expressed with zero point − 128")
            XCTAssertEqual(fused.types[conv.outputs[0]]?.quantization, outputScale)
            // The bias at input scale × weight scale: 0.25 / (0.05 · 0.01) = 500, −0.5 / (0.05 · 0.02) = −500.
            XCTAssertEqual(fused.constants[conv.inputs[2]]?.values(Int32.self), [500, -500])
            for (a, e) in zip(try outputs(fused), try outputs(graph)) { XCTAssertEqual(a, e, accuracy: 0.1 + 1e-6) }
        }
    }

    func testAsymmetricWeightsKeepTheGroupFloatWithTheReason() throws {
        var graph = try qdqConvolution(weightZeroPoints: [1, 0])
        XCTAssertEqual(try QuantizedOpFusion().apply(to: &graph), 0)
        XCTAssertTrue(graph.nodes.contains { $0.op == "Conv2D" && graph.types[$0.inputs[0]]?.dtype == .float32 })
        let reason = try XCTUnwrap(graph.metadata[QuantizedOpFusion.skippedKey])
        XCTAssertTrue(reason.contains("'conv'") && reason.contains("zero points 0"), reason)
    }
}
