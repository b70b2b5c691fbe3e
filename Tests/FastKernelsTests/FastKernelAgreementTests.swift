import FastKernels
import LiteIR
import LiteOps
import XCTest

/// Every fast kernel against the reference kernel (the oracle) on odd shapes: 1×1 images,
/// channel counts off the vector width, batch > 1, dilation, asymmetric pads, groups, depth
/// multipliers, fused activations, broadcasts; within 1e-5 relative, and the fast kernel must
/// really have run (not declined to the reference).
final class FastKernelAgreementTests: XCTestCase {
    private func sample(_ shape: [Int], seed: Int) -> Tensor {
        var generator = SplitMix64(seed: UInt64(seed))
        return Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in generator.normal() })
    }

    private func check(_ op: String, _ inputs: [Tensor], _ attributes: [String: Attribute] = [:], threads: [Int] = [1, 2],
                       outputs: Int = 1, file: StaticString = #filePath, line: UInt = #line) throws {
        let node = Node(name: op, op: op, inputs: inputs.indices.map { "in\($0)" }, outputs: (0..<outputs).map { "out\($0)" },
                        attributes: attributes)
        let types = inputs.map { TensorType($0.dtype, $0.shape.map { .fixed($0) }) }
        _ = try OpRegistry.infer(InferenceContext(node: node, inputTypes: types, constantInputs: inputs.map { _ in nil }))
        let references = try OpRegistry.evaluate(node, inputs)
        for t in threads {
            guard let fast = try FastKernels.kernels[op]?(node, inputs, KernelContext(threads: t)) else {
                return XCTFail("\(op) \(attributes): the fast kernel declined", file: file, line: line)
            }
            XCTAssertEqual(fast.count, references.count, "\(op) outputs", file: file, line: line)
            for (output, (mine, reference)) in zip(fast, references).enumerated() {
                XCTAssertEqual(mine.shape, reference.shape, "\(op) output \(output) shape", file: file, line: line)
                guard reference.dtype == .float32 else {
                    XCTAssertEqual(mine.data, reference.data, "\(op) \(attributes) threads \(t): output \(output) bytes", file: file, line: line)
                    continue
                }
                for (i, (f, r)) in zip(mine.values(Float.self), reference.values(Float.self)).enumerated() where !agree(f, r) {
                    return XCTFail("\(op) \(attributes) threads \(t): output \(output) element \(i) is \(f), reference \(r)", file: file, line: line)
                }
            }
        }
    }

    /// Within 1e-5 relative (absolute below 1), equal infinities, or both NaN.
    private func agree(_ fast: Float, _ reference: Float) -> Bool {
        fast == reference || (fast.isNaN && reference.isNaN) || abs(fast - reference) <= 1e-5 * max(1, abs(reference))
    }

    func testConvolutionsMatchTheReference() throws {
        let cases: [(x: [Int], w: [Int], attributes: [String: Attribute])] = [
            ([1, 1, 1, 3], [4, 1, 1, 3], [:]),
            ([2, 7, 5, 5], [6, 3, 3, 5], ["pads": .ints([1, 0, 2, 1]), "strides": .ints([2, 1])]),
            ([1, 9, 9, 3], [5, 3, 3, 3], ["dilations": .ints([2, 3]), "activation": .string("RELU6")]),
            ([1, 6, 6, 8], [6, 3, 3, 4], ["group": .int(2), "pads": .ints([1, 1, 1, 1])]),
            ([2, 5, 5, 7], [7, 3, 3, 1], ["group": .int(7), "pads": .ints([0, 1, 1, 0]), "activation": .string("RELU")]),
            ([1, 4, 4, 3], [6, 3, 3, 1], ["group": .int(3), "strides": .ints([2, 2])]),
            ([1, 8, 8, 17], [9, 1, 1, 17], [:]),
        ]
        for (n, c) in cases.enumerated() {
            try check("Conv2D", [sample(c.x, seed: n), sample(c.w, seed: 100 + n)], c.attributes)
            try check("Conv2D", [sample(c.x, seed: n), sample(c.w, seed: 100 + n), sample([c.w[0]], seed: 200 + n)], c.attributes)
        }
        try check("DepthwiseConv2D", [sample([2, 6, 5, 3], seed: 1), sample([1, 3, 3, 6], seed: 2), sample([6], seed: 3)],
                  ["pads": .ints([1, 1, 1, 1]), "strides": .ints([1, 2])])
        // Eight channels at a time plus a tail of three, clamped; and without a bias.
        try check("DepthwiseConv2D", [sample([1, 7, 6, 19], seed: 4), sample([1, 3, 3, 19], seed: 5), sample([19], seed: 6)],
                  ["pads": .ints([0, 1, 2, 1]), "dilations": .ints([2, 1]), "activation": .string("RELU6")])
        try check("DepthwiseConv2D", [sample([1, 5, 5, 16], seed: 7), sample([1, 2, 2, 16], seed: 8)], ["strides": .ints([2, 2])])
        // Wide rows: four positions at a time inside, one at a time at the borders.
        try check("DepthwiseConv2D", [sample([2, 9, 13, 24], seed: 9), sample([1, 3, 3, 24], seed: 10), sample([24], seed: 11)],
                  ["pads": .ints([1, 1, 1, 1]), "activation": .string("RELU6")])
        try check("DepthwiseConv2D", [sample([1, 6, 17, 8], seed: 12), sample([1, 3, 5, 8], seed: 13)],
                  ["pads": .ints([2, 0, 1, 3]), "strides": .ints([2, 2]), "dilations": .ints([1, 2])])
    }

    func testMatrixProductsMatchTheReference() throws {
        try check("FullyConnected", [sample([3, 13], seed: 1), sample([7, 13], seed: 2), sample([7], seed: 3)], ["activation": .string("RELU")])
        try check("FullyConnected", [sample([2, 3, 5], seed: 1), sample([4, 5], seed: 2)], ["keep_num_dims": .int(1)])
        try check("MatMul", [sample([2, 3, 5, 6], seed: 1), sample([6, 9], seed: 2)])
        try check("MatMul", [sample([2, 4, 6], seed: 1), sample([2, 6, 3], seed: 2)])
    }

    func testPoolsMatchTheReference() throws {
        let x = sample([2, 7, 6, 5], seed: 4)
        for op in ["MaxPool2D", "AvgPool2D"] {
            try check(op, [x], ["kernel_shape": .ints([3, 3]), "strides": .ints([2, 2]), "pads": .ints([1, 0, 1, 1])])
            try check(op, [x], ["kernel_shape": .ints([2, 3]), "ceil_mode": .int(1), "strides": .ints([2, 2])])
            try check(op, [sample([1, 1, 1, 3], seed: 5)], ["kernel_shape": .ints([1, 1])])
        }
        try check("AvgPool2D", [x], ["kernel_shape": .ints([3, 3]), "pads": .ints([1, 1, 1, 1]), "count_include_pad": .int(1)])
        try check("MaxPool2D", [x], ["kernel_shape": .ints([2, 2]), "dilations": .ints([2, 2]), "activation": .string("RELU")])
    }

    func testBroadcastArithmeticMatchesTheReference() throws {
        for op in ["Add", "Sub", "Mul", "Div", "Max", "Min"] {
            try check(op, [sample([2, 3, 5], seed: 1), sample([2, 3, 5], seed: 2)])
            try check(op, [sample([2, 3, 5], seed: 1), sample([5], seed: 2)], ["activation": .string("RELU_N1_TO_1")])
            try check(op, [sample([1, 5], seed: 2), sample([2, 3, 5], seed: 1)])
            try check(op, [sample([], seed: 2), sample([4, 3], seed: 1)])
            // Large enough to be split over threads, by pieces of one row and by scalar spans.
            try check(op, [sample([3, 70_001], seed: 3), sample([3, 70_001], seed: 4)], ["activation": .string("RELU")])
            try check(op, [sample([70_001], seed: 3), sample([1], seed: 4)])
        }
    }

    func testPadMatchesTheReference() throws {
        try check("Pad", [sample([2, 3, 4, 5], seed: 1)], ["pads": .ints([0, 1, 2, 0, 1, 0, 3, 2]), "value": .float(-1.5)])
        try check("Pad", [sample([1, 1, 1, 1], seed: 2)], ["pads": .ints([0, 0, 1, 1, 0, 1, 0, 3])])
        try check("Pad", [sample([6], seed: 3), Tensor(shape: [2], values: [Int64(2), 1])])
    }

    func testReductionsAndSoftmaxMatchTheReference() throws {
        let x = sample([2, 5, 4, 7], seed: 1)
        for op in ["ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin"] {
            try check(op, [x], ["axes": .ints([1, 2]), "keepdims": .int(1)])
            try check(op, [x], ["axes": .ints([-1]), "keepdims": .int(0)])
            try check(op, [x], ["keepdims": .int(0)])
            try check(op, [x, Tensor(shape: [1], values: [Int64(0)])])
        }
        for axis in [-1, 1, 0] { try check("Softmax", [x], ["axis": .int(axis)]) }
        try check("Softmax", [sample([3, 1], seed: 2)])
    }

    func testElementFunctionsMatchTheReference() throws {
        // Sigmoid and Exp are eight lanes at a time: the lanes, a tail, and float's extremes.
        let extremes: [Float] = [-200, -104, -103.9, -90, -87.5, -20, -1e-3, 0, 1e-3, 20, 87, 88.5, 88.72, 88.73, 100,
                                 .infinity, -.infinity, .nan, 1e-30, -1e-30, 3]
        var generator = SplitMix64(seed: 3)
        let wide = Tensor(shape: [3, 1000], values: (0..<3000).map { _ in Float(generator.normal()) * 30 })
        for op in ["Sigmoid", "Exp", "Tanh", "Erf", "Relu", "Softplus", "Abs", "Neg"] {
            try check(op, [Tensor(shape: [extremes.count], values: extremes)])
            try check(op, [wide])
        }
        try check("Sigmoid", [wide], ["activation": .string("RELU_N1_TO_1")])
        try check("LeakyRelu", [wide], ["alpha": .float(0.3)])
    }

    func testConcatMatchesTheReference() throws {
        for axis in [0, 1, 2, -1] {
            try check("Concat", [sample([2, 3, 4], seed: 1), sample([2, 3, 4], seed: 2), sample([2, 3, 4], seed: 3)], ["axis": .int(axis)])
        }
        try check("Concat", [sample([2, 0, 4], seed: 1), sample([2, 5, 4], seed: 2)], ["axis": .int(1)])
        try check("Concat", [sample([1, 300, 9, 7], seed: 1), sample([1, 300, 9, 5], seed: 2)], ["axis": .int(3)])
    }

    func testTransposesMatchTheReference() throws {
        let x = sample([2, 3, 4, 5], seed: 1)
        for perm in [[0, 2, 3, 1], [0, 3, 1, 2], [3, 2, 1, 0], [1, 0, 2, 3], [0, 2, 1, 3], [0, 1, 2, 3], [2, 0, 3, 1]] {
            try check("Transpose", [x], ["perm": .ints(perm)])
        }
        try check("Transpose", [x])
        // Matrices off the 16 × 16 tile, many of them; and an integer tensor.
        try check("Transpose", [sample([3, 37, 19], seed: 2)], ["perm": .ints([0, 2, 1])])
        try check("Transpose", [sample([1, 64, 70, 33], seed: 3)], ["perm": .ints([0, 2, 3, 1])])
        try check("Transpose", [Tensor(shape: [4, 6], values: (0..<24).map { Int64($0) })], ["perm": .ints([1, 0])])
        try check("Transpose", [Tensor(shape: [5, 3, 7], values: (0..<105).map { Int8(truncatingIfNeeded: $0) })], ["perm": .ints([2, 0, 1])])
    }

    func testResizesMatchTheReference() throws {
        let x = sample([2, 5, 7, 3], seed: 1)
        let cases: [[String: Attribute]] = [
            ["sizes": .ints([10, 14]), "mode": .string("nearest")],
            ["sizes": .ints([9, 4]), "mode": .string("nearest"), "coordinate_transformation_mode": .string("asymmetric"), "nearest_mode": .string("floor")],
            ["sizes": .ints([10, 14]), "mode": .string("linear")],
            ["sizes": .ints([3, 11]), "mode": .string("linear"), "coordinate_transformation_mode": .string("align_corners")],
            ["sizes": .ints([8, 9]), "mode": .string("cubic"), "coordinate_transformation_mode": .string("pytorch_half_pixel")],
            ["sizes": .ints([2, 3]), "mode": .string("linear"), "antialias": .int(1)],
            ["sizes": .ints([6, 6]), "mode": .string("linear"), "coordinate_transformation_mode": .string("tf_crop_and_resize"),
             "roi": .floats([-0.2, 0.1, 1.3, 0.8]), "extrapolation_value": .float(-2)],
        ]
        for attributes in cases { try check("Resize2D", [x], attributes) }
        try check("Resize2D", [x, Tensor(shape: [2], values: [Float(2), 1.5])], ["mode": .string("linear")])
    }

    func testRecurrentSequencesMatchTheReference() throws {
        let (steps, batch, inputs, hidden) = (5, 2, 3, 4)
        for direction in ["forward", "reverse", "bidirectional"] {
            let d = direction == "bidirectional" ? 2 : 1
            let x = sample([steps, batch, inputs], seed: 1)
            let lstm = [x, sample([d, 4 * hidden, inputs], seed: 2), sample([d, 4 * hidden, hidden], seed: 3), sample([d, 8 * hidden], seed: 4),
                        sample([d, 3 * hidden], seed: 5), sample([d, batch, hidden], seed: 6), sample([d, batch, hidden], seed: 7)]
            for activation in ["Tanh", "Relu"] {
                let attributes: [String: Attribute] = ["hidden_size": .int(hidden), "direction": .string(direction), "cell_activation": .string(activation)]
                try check("SequenceLSTM", lstm, attributes, outputs: 2)
                try check("SequenceLSTM", Array(lstm.prefix(3)), attributes, outputs: 2)
                try check("SequenceRNN", [x, sample([d, hidden, inputs], seed: 8), sample([d, hidden, hidden], seed: 9), sample([d, 2 * hidden], seed: 10),
                                          sample([d, batch, hidden], seed: 11)], attributes)
            }
        }
        // One direction's states may be [B, H].
        try check("SequenceLSTM", [sample([3, 2, 3], seed: 1), sample([1, 8, 3], seed: 2), sample([1, 8, 2], seed: 3), sample([1, 16], seed: 4),
                                   sample([1, 6], seed: 5), sample([2, 2], seed: 6), sample([2, 2], seed: 7)], ["hidden_size": .int(2)], outputs: 2)
    }

    func testUncoveredFormsAreLeftToTheReference() throws {
        // Broadcasting along a leading axis is not a trailing repeat.
        let node = Node(name: "add", op: "Add", inputs: ["a", "b"], outputs: ["out"])
        XCTAssertNil(try FastKernels.kernels["Add"]?(node, [sample([2, 3], seed: 1), sample([2, 1], seed: 2)], KernelContext(threads: 1)))
        // Reduced axes that are not one block, and pads that crop.
        let reduce = Node(name: "mean", op: "ReduceMean", inputs: ["x"], outputs: ["out"], attributes: ["axes": .ints([0, 2])])
        XCTAssertNil(try FastKernels.kernels["ReduceMean"]?(reduce, [sample([2, 3, 4], seed: 1)], KernelContext(threads: 1)))
        let crop = Node(name: "pad", op: "Pad", inputs: ["x"], outputs: ["out"], attributes: ["pads": .ints([-1, 1])])
        XCTAssertNil(try FastKernels.kernels["Pad"]?(crop, [sample([4], seed: 1)], KernelContext(threads: 1)))
    }
}
