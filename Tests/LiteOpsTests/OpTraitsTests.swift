import LiteIR
import LiteOps
import XCTest

/// The traits each op states are what its kernel computes: checked on the kernels themselves,
/// since the passes act on the traits without looking at the kernels.
final class OpTraitsTests: XCTestCase {
    private let perm = [2, 0, 1]

    /// The kernel's outputs, after inference accepted the inputs (kernels trust inference).
    private func evaluate(_ op: String, _ inputs: [Tensor], _ attributes: [String: Attribute] = [:], outputs: [String] = ["out"]) throws -> [Tensor] {
        let node = Node(name: op, op: op, inputs: inputs.indices.map { "in\($0)" }, outputs: outputs, attributes: attributes)
        let types = inputs.map { TensorType($0.dtype, $0.shape.map { .fixed($0) }) }
        _ = try OpRegistry.infer(InferenceContext(node: node, inputTypes: types, constantInputs: inputs.map { _ in nil }))
        return try OpRegistry.evaluate(node, inputs)
    }

    private func transposed(_ t: Tensor, _ perm: [Int]) throws -> Tensor {
        try OpRegistry.evaluate("Transpose", [t], ["perm": .ints(perm)])
    }

    private func sample(_ shape: [Int], seed: Int) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, values: (0..<count).map { Float(($0 * 37 + seed * 11) % 23) / 7 - 1.5 })
    }

    /// f(transpose(x)) = transpose(f(x)) for every op marked elementwise whose kernel takes
    /// float inputs of one shape (one to three of them).
    func testElementwiseOpsCommuteWithTransposes() throws {
        var checked: [String] = []
        for spec in OpRegistry.specs.values where spec.traits.category == .elementwise {
            for arity in 1...3 {
                let inputs = (0..<arity).map { sample([2, 3, 4], seed: $0) }
                guard let direct = try? evaluate(spec.name, inputs)[0] else { continue }
                let moved = try evaluate(spec.name, try inputs.map { try transposed($0, perm) })[0]
                XCTAssertEqual(try transposed(direct, perm).data, moved.data, spec.name)
                checked.append(spec.name)
                break
            }
        }
        XCTAssertGreaterThan(checked.count, 40, "elementwise ops checked: \(checked.sorted())")
    }

    /// An op with one axis attribute computes, on a transposed input with the axis remapped by
    /// the permutation, the transpose of its result — what the layout pass relies on.
    func testAxisOpsFollowTheirAxisThroughATranspose() throws {
        let x = sample([2, 3, 4], seed: 1)
        for (op, attributes) in [("Softmax", [String: Attribute]()), ("LogSoftmax", [:]), ("Concat", [:]), ("Split", ["split": .ints([1, 1])])] {
            guard case .axis(let name, _, let allInputs) = OpRegistry.traits(op).axes else { return XCTFail("\(op) has no axis rule") }
            let inputs = allInputs ? [x, sample([2, 3, 4], seed: 2)] : [x]
            for axis in 0..<3 where op != "Split" || x.shape[axis] == 2 {
                var original = attributes, moved = attributes
                original[name] = .int(axis)
                moved[name] = .int(perm[axis])
                let outputs = op == "Split" ? ["a", "b"] : ["out"]
                let direct = try evaluate(op, inputs, original, outputs: outputs)
                let onTransposed = try evaluate(op, try inputs.map { try transposed($0, invertPerm(perm)) }, moved, outputs: outputs)
                for (d, t) in zip(direct, onTransposed) {
                    XCTAssertEqual(try transposed(d, invertPerm(perm)).data, t.data, "\(op) axis \(axis)")
                }
            }
        }
    }

    /// Weighted layers' outputs are linear in their input and their channels are the weights'
    /// output axis: scaling output channel o's weights scales exactly output channel o.
    func testWeightedLayersScaleWithTheirWeightsOutputAxis() throws {
        let x = sample([1, 3, 3, 2], seed: 3)
        for (op, weightShape) in [("Conv2D", [3, 2, 2, 2]), ("FullyConnected", [3, 2])] {
            guard case .weighted(let layout) = OpRegistry.traits(op).channels else { return XCTFail("\(op) is not weighted") }
            let w = sample(weightShape, seed: 4)
            var scaledValues = w.values(Float.self)
            let inner = weightShape.dropFirst().reduce(1, *)
            XCTAssertEqual(layout.outputAxis, 0)
            for i in inner..<(2 * inner) { scaledValues[i] *= 2 }  // output channel 1
            let plain = try evaluate(op, [x, w])[0].values(Float.self)
            let scaled = try evaluate(op, [x, Tensor(shape: weightShape, values: scaledValues)])[0].values(Float.self)
            for (i, (p, s)) in zip(plain, scaled).enumerated() {
                XCTAssertEqual(s, i % 3 == 1 ? 2 * p : p, accuracy: 1e-5, "\(op) element \(i)")
            }
        }
    }

    private func invertPerm(_ p: [Int]) -> [Int] {
        var inverse = p
        for (i, v) in p.enumerated() { inverse[v] = i }
        return inverse
    }
}
