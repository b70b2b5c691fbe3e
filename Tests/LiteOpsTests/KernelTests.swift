import LiteIR
import LiteOps
import XCTest

/// Reference kernels on small cases whose results are worked out by hand (numpy semantics).
final class KernelTests: XCTestCase {
    private func run(_ op: String, _ inputs: [Tensor], _ attributes: [String: Attribute] = [:]) throws -> Tensor {
        let node = Node(name: op, op: op, inputs: inputs.indices.map { "in\($0)" }, outputs: ["out"], attributes: attributes)
        return try OpRegistry.evaluate(node, inputs)[0]
    }

    func testAddBroadcastsLikeNumpy() throws {
        let a = Tensor(shape: [2, 3], values: [Float](arrayLiteral: 1, 2, 3, 4, 5, 6))
        let b = Tensor(shape: [3], values: [Float](arrayLiteral: 10, 20, 30))
        let c = Tensor(shape: [2, 1], values: [Float](arrayLiteral: 100, 200))
        XCTAssertEqual(try run("Add", [a, b]).values(Float.self), [11, 22, 33, 14, 25, 36])
        XCTAssertEqual(try run("Add", [a, c]).values(Float.self), [101, 102, 103, 204, 205, 206])
        XCTAssertEqual(try run("Sub", [c, b]).shape, [2, 3])
    }

    func testIntegerDivisionTruncatesTowardZero() throws {
        let a = Tensor(shape: [3], values: [Int64](arrayLiteral: 7, -7, 5))
        let b = Tensor(shape: [3], values: [Int64](arrayLiteral: 2, 2, 0))
        XCTAssertEqual(try run("Div", [a, b]).values(Int64.self), [3, -3, 0])
    }

    func testConvWithPaddingAndStride() throws {
        // 1x3x3x1 input 1…9, 2x2 kernel of ones, pads 1 on top/left only, stride 2.
        let x = Tensor(shape: [1, 3, 3, 1], values: (1...9).map(Float.init))
        let w = Tensor(shape: [1, 2, 2, 1], values: [Float](repeating: 1, count: 4))
        let y = try run("Conv2D", [x, w], ["strides": .ints([2, 2]), "pads": .ints([1, 1, 0, 0])])
        XCTAssertEqual(y.shape, [1, 2, 2, 1])
        // windows: {1}, {2,3}, {4,7}, {5,6,8,9}
        XCTAssertEqual(y.values(Float.self), [1, 5, 11, 28])
    }

    func testDepthwiseConvKeepsChannelsApart() throws {
        let x = Tensor(shape: [1, 1, 2, 2], values: [Float](arrayLiteral: 1, 10, 2, 20))  // W=2, C=2
        let w = Tensor(shape: [2, 1, 2, 1], values: [Float](arrayLiteral: 1, 1, 3, 3))   // O=2, 1x2 kernel, 1 channel/group
        let y = try run("Conv2D", [x, w], ["group": .int(2)])
        XCTAssertEqual(y.values(Float.self), [3, 90])
    }

    func testConvTransposeScattersWithStride() throws {
        let x = Tensor(shape: [1, 1, 2, 1], values: [Float](arrayLiteral: 1, 2))
        let w = Tensor(shape: [1, 1, 2, 1], values: [Float](arrayLiteral: 1, 10))
        let y = try run("ConvTranspose2D", [x, w], ["strides": .ints([1, 2])])
        XCTAssertEqual(y.shape, [1, 1, 4, 1])
        XCTAssertEqual(y.values(Float.self), [1, 10, 2, 20])
    }

    func testAveragePoolCountIncludePad() throws {
        let x = Tensor(shape: [1, 2, 2, 1], values: [Float](arrayLiteral: 1, 2, 3, 4))
        let attributes: [String: Attribute] = ["kernel_shape": .ints([2, 2]), "pads": .ints([1, 1, 0, 0])]
        let excluded = try run("AvgPool2D", [x], attributes)
        XCTAssertEqual(excluded.values(Float.self), [1, 1.5, 2, 2.5])
        var including = attributes
        including["count_include_pad"] = .int(1)
        XCTAssertEqual(try run("AvgPool2D", [x], including).values(Float.self), [0.25, 0.75, 1, 2.5])
    }

    func testMaxPoolCeilMode() throws {
        let x = Tensor(shape: [1, 1, 5, 1], values: [Float](arrayLiteral: 1, 5, 2, 4, 3))
        let y = try run("MaxPool2D", [x], ["kernel_shape": .ints([1, 2]), "strides": .ints([1, 2]), "ceil_mode": .int(1)])
        XCTAssertEqual(y.values(Float.self), [5, 4, 3])
    }

    func testPadModes() throws {
        let x = Tensor(shape: [3], values: [Float](arrayLiteral: 1, 2, 3))
        XCTAssertEqual(try run("Pad", [x], ["pads": .ints([2, 1]), "mode": .string("reflect")]).values(Float.self), [3, 2, 1, 2, 3, 2])
        XCTAssertEqual(try run("Pad", [x], ["pads": .ints([2, 1]), "mode": .string("edge")]).values(Float.self), [1, 1, 1, 2, 3, 3])
        XCTAssertEqual(try run("Pad", [x], ["pads": .ints([1, -1]), "value": .float(9)]).values(Float.self), [9, 1, 2])
    }

    func testSliceWithNegativeStep() throws {
        let x = Tensor(shape: [5], values: (0..<5).map { Int64($0) })
        let y = try run("Slice", [x], ["starts": .ints([-1]), "ends": .ints([-Int(Int32.max)]), "steps": .ints([-2])])
        XCTAssertEqual(y.values(Int64.self), [4, 2, 0])
    }

    func testSoftmaxSumsToOneAlongAxis() throws {
        let x = Tensor(shape: [2, 2], values: [Float](arrayLiteral: 0, Float(log(3.0)), 1, 1))
        let y = try run("Softmax", [x], ["axis": .int(1)]).values(Float.self)
        XCTAssertEqual(y[0], 0.25, accuracy: 1e-6)
        XCTAssertEqual(y[1], 0.75, accuracy: 1e-6)
        XCTAssertEqual(y[2], 0.5, accuracy: 1e-6)
    }

    func testGatherNegativeIndicesAndReshapeInference() throws {
        let x = Tensor(shape: [2, 3], values: (0..<6).map { Int32($0) })
        let indices = Tensor(shape: [2], values: [Int64](arrayLiteral: -1, 0))
        XCTAssertEqual(try run("Gather", [x, indices], ["axis": .int(1)]).values(Int32.self), [2, 0, 5, 3])
        XCTAssertEqual(try run("Reshape", [x], ["shape": .ints([-1, 2])]).shape, [3, 2])
    }

    func testInferenceRejectsBadParametersNamingTheNode() throws {
        var graph = Graph(inputs: ["x"], outputs: ["y"], types: ["x": TensorType(.float32, fixed: [2, 3])])
        graph.nodes = [Node(name: "bad_reshape", op: "Reshape", inputs: ["x"], outputs: ["y"], attributes: ["shape": .ints([4, 2])])]
        XCTAssertThrowsError(try TypeInference.run(&graph)) { error in
            XCTAssertTrue("\(error)".contains("bad_reshape"), "\(error)")
        }
    }
}
