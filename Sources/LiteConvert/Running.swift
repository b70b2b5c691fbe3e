import Foundation
import Interpreter
import LiteIR
import LiteOps

/// A tensor with its name, in model or file order.
public typealias NamedTensor = (name: String, tensor: Tensor)

extension LiteConvert {
    /// Runs a graph with our interpreter. Arrays bind to graph inputs by name, else by position
    /// (`arr_0`, `arr_1`, … or file order); float64 arrays feed float32 inputs.
    public static func run(_ graph: Graph, inputs arrays: [NamedTensor]) throws -> [NamedTensor] {
        let interpreter = try Interpreter(graph: graph)
        let bound = try bind(arrays, to: graph)
        let results = try interpreter.run(bound)
        return graph.outputs.compactMap { name in results[name].map { (name, $0) } }
    }

    static func bind(_ arrays: [NamedTensor], to graph: Graph) throws -> [String: Tensor] {
        var bound: [String: Tensor] = [:]
        let byName = Dictionary(arrays.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
        for (position, input) in graph.inputs.enumerated() {
            guard var tensor = byName[input] ?? byName["arr_\(position)"]
                    ?? (arrays.count == graph.inputs.count ? arrays[position].tensor : nil) else {
                throw LiteConvertError.badInput("no array for model input '\(input)' (give it by name, or as arr_\(position))")
            }
            if let expected = graph.types[input] {
                if tensor.dtype != expected.dtype && tensor.dtype.isFloatingPoint && expected.dtype.isFloatingPoint {
                    tensor = tensor.converted(to: expected.dtype)
                }
                tensor = try adaptLayout(tensor, to: expected, name: input)
            }
            bound[input] = tensor
        }
        return bound
    }

    /// NCHW data for an NHWC input (a model converted with `--nhwc-io`) is transposed to fit.
    static func adaptLayout(_ tensor: Tensor, to expected: TensorType, name: String) throws -> Tensor {
        func fits(_ shape: [Int]) -> Bool {
            shape.count == expected.rank && zip(shape, expected.shape).allSatisfy { $1.value == nil || $1.value == $0 }
        }
        if fits(tensor.shape) || tensor.rank != 4 { return tensor }
        let nhwc = [0, 2, 3, 1].map { tensor.shape[$0] }
        guard fits(nhwc) else { return tensor }
        return try transpose(tensor, [0, 2, 3, 1])
    }

    static func transpose(_ tensor: Tensor, _ perm: [Int]) throws -> Tensor {
        let node = Node(name: "layout", op: "Transpose", inputs: ["x"], outputs: ["y"], attributes: ["perm": .ints(perm)])
        return try OpRegistry.evaluate(node, [tensor])[0]
    }

    /// Seeded random inputs for every graph input; unknown dims take `batch`.
    public static func randomInputs(for graph: Graph, seed: UInt64, batch: Int = 1) -> [NamedTensor] {
        var generator = SplitMix64(seed: seed)
        return graph.inputs.compactMap { name in
            guard let type = graph.types[name] else { return nil }
            let shape = type.shape.map { $0.value ?? batch }
            let count = shape.reduce(1, *)
            if type.dtype.isFloatingPoint {
                return (name, Tensor.fromFloats((0..<count).map { _ in generator.normal() }, shape: shape, dtype: type.dtype))
            }
            let values = (0..<count).map { _ in Int64(generator.next() % (type.dtype == .bool ? 2 : 10)) }
            return (name, Tensor.fromInt64s(values, shape: shape, dtype: type.dtype))
        }
    }
}
