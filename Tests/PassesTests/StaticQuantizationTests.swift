import Interpreter
import LiteIR
import LiteOps
import Passes
import XCTest

/// Full-integer quantization against TFLite's quantization spec, on a hand-built graph with
/// hand-picked calibrated ranges (so every expected parameter is computed here by hand):
/// x → Conv2D (+ bias) → c → Reshape → FullyConnected (+ bias) → logits → Softmax → probs,
/// c → Sigmoid → gate, logits → Tanh → t.
/// - int8: activations asymmetric (scale (max − min) / 255 over the range widened to 0, zero
///   point −128 − min / scale rounded); weights symmetric per output channel (max |w| / 127, zero
///   point 0); biases int32 at input scale × weight scale per channel; LOGISTIC and SOFTMAX at
///   1/256, −128 and TANH at 1/128, 0; RESHAPE (same scale) keeps its input's parameters.
/// - 16x8: activations symmetric int16 (max |x| / 32767, zero point 0), int8 weights, int64
///   biases, the fixed outputs at 1/32768, 0.
final class StaticQuantizationTests: XCTestCase {
    private let convWeights: [Float] = [0.5, -0.25, 1.0, 0.2, -0.8, 0.1]  // [2, 1, 1, 3]: channel maxima 1.0 and 0.8
    private let convBias: [Float] = [0.3, -0.1]

    private func model() throws -> (Graph, [String: ClosedRange<Float>]) {
        var b = builder(["x": [1, 4, 4, 3]], outputs: [])
        let w = b.graph.addConstant("w", Tensor(shape: [2, 1, 1, 3], values: convWeights))
        let bias = b.graph.addConstant("b", Tensor(shape: [2], values: convBias))
        let c = try b.add("Conv2D", ["x", w, bias], name: "conv")
        let flat = try b.add("Reshape", [c], ["shape": .ints([1, 32])], name: "flatten")
        let fcWeights = b.graph.addConstant("fc_w", random([4, 32], seed: 3))
        let fcBias = b.graph.addConstant("fc_b", Tensor(shape: [4], values: [Float](arrayLiteral: 0.1, 0.2, -0.3, 0)))
        let logits = try b.add("FullyConnected", [flat, fcWeights, fcBias], name: "dense")
        let probs = try b.add("Softmax", [logits], name: "softmax")
        let gate = try b.add("Sigmoid", [c], name: "sigmoid")
        let t = try b.add("Tanh", [logits], name: "tanh")
        b.graph.outputs = [probs, gate, t]
        return (b.graph, ["x": -1...1, c: -2...6, flat: -2...6, logits: -4...4, probs: 0...1, gate: 0...1, t: -1...1])
    }

    /// The quantization of the integer tensor `value` became (through its node's output).
    private func quantization(of op: String, input: Int? = nil, in graph: Graph) throws -> Quantization {
        let node = try XCTUnwrap(graph.nodes.first { $0.op == op }, op)
        let name = input.map { node.inputs[$0] } ?? node.outputs[0]
        return try XCTUnwrap(graph.types[name]?.quantization, "\(op) \(name)")
    }

    func testInt8FollowsTheSpec() throws {
        var (graph, ranges) = try model()
        let floatNodes = try StaticQuantization.apply(to: &graph, ranges: ranges)
        XCTAssertEqual(floatNodes, [])
        XCTAssertEqual(Set(graph.nodes.map(\.op)), ["Quantize", "Conv2D", "Reshape", "FullyConnected", "Softmax", "Sigmoid", "Tanh", "Dequantize"])
        // x in [-1, 1]: scale 2/255, zero point round(−128 + 127.5) = −1 (halves away from zero).
        XCTAssertEqual(try quantization(of: "Conv2D", input: 0, in: graph), Quantization(scale: 2.0 / 255, zeroPoint: -1))
        let weights = try quantization(of: "Conv2D", input: 1, in: graph)
        XCTAssertEqual(weights, Quantization(scales: [1.0 / 127, 0.8 / 127], zeroPoints: [0, 0], axis: 0))
        let conv = try XCTUnwrap(graph.nodes.first { $0.op == "Conv2D" })
        XCTAssertEqual(graph.constants[conv.inputs[1]]?.values(Int8.self), [64, -32, 127, 32, -127, 16])
        let biasScales = weights.scales.map { Float(2.0 / 255) * $0 }
        XCTAssertEqual(try quantization(of: "Conv2D", input: 2, in: graph), Quantization(scales: biasScales, zeroPoints: [0, 0], axis: 0))
        XCTAssertEqual(graph.constants[conv.inputs[2]]?.values(Int32.self), zip(convBias, biasScales).map { Int32(($0 / $1).rounded(.toNearestOrAwayFromZero)) })
        // c in [−2, 6]: scale 8/255, zero point round(−128 + 63.75) = −64; RESHAPE keeps it.
        XCTAssertEqual(try quantization(of: "Conv2D", in: graph), Quantization(scale: 8.0 / 255, zeroPoint: -64))
        XCTAssertEqual(try quantization(of: "Reshape", in: graph), Quantization(scale: 8.0 / 255, zeroPoint: -64))
        XCTAssertEqual(try quantization(of: "FullyConnected", in: graph), Quantization(scale: 8.0 / 255, zeroPoint: -1))
        XCTAssertEqual(try quantization(of: "Softmax", in: graph), Quantization(scale: 1.0 / 256, zeroPoint: -128))
        XCTAssertEqual(try quantization(of: "Sigmoid", in: graph), Quantization(scale: 1.0 / 256, zeroPoint: -128))
        XCTAssertEqual(try quantization(of: "Tanh", in: graph), Quantization(scale: 1.0 / 128, zeroPoint: 0))
        for output in graph.outputs { XCTAssertEqual(graph.types[output]?.dtype, .float32, "float I/O by default") }
    }

    func testInt16x8FollowsTheSpec() throws {
        var (graph, ranges) = try model()
        XCTAssertEqual(try StaticQuantization.apply(to: &graph, ranges: ranges, activations: .int16, io: .int16), [])
        XCTAssertEqual(graph.types["x"], TensorType(.int16, [1, 4, 4, 3].map(Dim.fixed), quantization: Quantization(scale: 1.0 / 32767, zeroPoint: 0)))
        let conv = try XCTUnwrap(graph.nodes.first { $0.op == "Conv2D" })
        XCTAssertEqual(conv.inputs.map { graph.types[$0]?.dtype }, [.int16, .int8, .int64])
        let biasScales = [Float(1.0 / 127), Float(0.8 / 127)].map { Float(1.0 / 32767) * $0 }
        XCTAssertEqual(graph.constants[conv.inputs[2]]?.values(Int64.self),
                       zip(convBias, biasScales).map { Int64((Double($0) / Double($1)).rounded(.toNearestOrAwayFromZero)) })
        XCTAssertEqual(try quantization(of: "Conv2D", in: graph), Quantization(scale: 6.0 / 32767, zeroPoint: 0))
        XCTAssertEqual(try quantization(of: "Reshape", in: graph), Quantization(scale: 6.0 / 32767, zeroPoint: 0))
        for op in ["Softmax", "Sigmoid", "Tanh"] {
            XCTAssertEqual(try quantization(of: op, in: graph), Quantization(scale: 1.0 / 32768, zeroPoint: 0), op)
        }
        for output in graph.outputs { XCTAssertEqual(graph.types[output]?.dtype, .int16, "int16 I/O") }
    }

    func testKeptNodesStayFloatBetweenDequantizeAndQuantize() throws {
        var (graph, ranges) = try model()
        let floatNodes = try StaticQuantization.apply(to: &graph, ranges: ranges, keepFloat: ["dense", "SOFTMAX"])
        XCTAssertEqual(floatNodes.count, 2, "\(floatNodes)")
        XCTAssertTrue(floatNodes.allSatisfy { $0.contains("kept float") }, "\(floatNodes)")
        for op in ["FullyConnected", "Softmax"] {
            let node = try XCTUnwrap(graph.nodes.first { $0.op == op })
            XCTAssertEqual(graph.types[node.inputs[0]]?.dtype, .float32, op)
        }
        let dense = try XCTUnwrap(graph.nodes.first { $0.op == "FullyConnected" })
        XCTAssertEqual(graph.constants[dense.inputs[1]]?.dtype, .float32, "a kept layer's weights stay float")
        XCTAssertEqual(graph.nodes.first { $0.op == "Tanh" }.map { graph.types[$0.inputs[0]]?.dtype }, .int8, "its readers are still integer")
        XCTAssertThrowsError(try StaticQuantization.apply(to: &graph, ranges: ranges, keepFloat: ["no_such_layer"]))
    }

    func testAnOpWithoutAnIntegerKernelReadsItsConstantsAsTheyWere() throws {
        var b = builder(["x": [1, 4, 4, 3]], outputs: [])
        let w = b.graph.addConstant("w", Tensor(shape: [2, 1, 1, 3], values: convWeights))
        let c = try b.add("Conv2D", ["x", w], name: "conv")
        let exponent = b.graph.addConstant("exponent", Tensor(shape: [2], values: [Float](arrayLiteral: 2, 3)))
        let y = try b.add("Pow", [c, exponent], name: "pow")
        b.graph.outputs = [y]
        var graph = b.graph
        let floatNodes = try StaticQuantization.apply(to: &graph, ranges: ["x": -1...1, c: -2...6, y: 0...36])
        XCTAssertEqual(floatNodes.count, 1)
        XCTAssertTrue(floatNodes[0].contains("'pow'") && floatNodes[0].contains("no integer kernel"), "\(floatNodes)")
        let pow = try XCTUnwrap(graph.nodes.first { $0.op == "Pow" })
        XCTAssertEqual(graph.constants[pow.inputs[1]]?.values(Float.self), [2, 3], "the exponents as they were, not int8 rounded")
        XCTAssertEqual(graph.nodes.first { $0.op == "Conv2D" }.map { graph.types[$0.inputs[0]]?.dtype }, .int8)
    }
}
