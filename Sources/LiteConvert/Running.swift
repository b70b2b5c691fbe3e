import Foundation
@_exported import enum Interpreter.Engine
import Interpreter
import LiteIR
import LiteOps

/// A tensor with its name, in model or file order.
public typealias NamedTensor = (name: String, tensor: Tensor)

extension LiteConvert {
    /// The interpreter's default thread count: all cores.
    public static var defaultThreads: Int { Interpreter.defaultThreads }

    /// Runs a graph with our interpreter. Arrays bind to graph inputs by name, else by position
    /// (`arr_0`, `arr_1`, … or file order); float64 arrays feed float32 inputs.
    public static func run(_ graph: Graph, inputs arrays: [NamedTensor], engine: Engine = .fast,
                           threads: Int = Interpreter.defaultThreads) throws -> [NamedTensor] {
        try run(graph, inputSets: [arrays], engine: engine, threads: threads)[0]
    }

    /// The same for several input sets, on one interpreter (whose buffers later runs reuse).
    public static func run(_ graph: Graph, inputSets: [[NamedTensor]], engine: Engine = .fast,
                           threads: Int = Interpreter.defaultThreads) throws -> [[NamedTensor]] {
        do {
            let interpreter = try Interpreter(graph: graph, engine: engine, threads: threads)
            return try inputSets.map { arrays in
                let results = try interpreter.run(try bind(arrays, to: graph))
                return graph.outputs.compactMap { name in results[name].map { (name, $0) } }
            }
        } catch let error as InterpreterError {
            throw LiteConvertError.badInput(error.description)  // the caller names the model
        }
    }

    static func bind(_ arrays: [NamedTensor], to graph: Graph) throws -> [String: Tensor] {
        let layouts = try BoundaryLayouts(of: graph)
        var bound = try match(arrays, to: graph.inputs, role: "model input")
        for input in graph.inputs {
            guard var tensor = bound[input], let expected = graph.types[input] else { continue }
            if tensor.dtype != expected.dtype && tensor.dtype.isFloatingPoint && expected.dtype.isFloatingPoint {
                tensor = tensor.converted(to: expected.dtype)
            }
            if layouts.nhwcFromNCHW.contains(input) { try checkNHWC(tensor, input: input, expected: expected) }
            bound[input] = tensor
        }
        return bound
    }

    /// Arrays matched to `names` by name, else by position (`arr_0`, `arr_1`, … or file order).
    static func match(_ arrays: [NamedTensor], to names: [String], role: String) throws -> [String: Tensor] {
        let byName = Dictionary(arrays.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
        var matched: [String: Tensor] = [:]
        for (position, name) in names.enumerated() {
            guard let tensor = byName[name] ?? byName["arr_\(position)"] ?? (arrays.count == names.count ? arrays[position].tensor : nil) else {
                throw LiteConvertError.badInput("no array for \(role) '\(name)' (give it by name, or as arr_\(position))")
            }
            matched[name] = tensor
        }
        return matched
    }

    /// An input `--nhwc-io` turned NHWC refuses an array in the source model's NCHW layout.
    static func checkNHWC(_ tensor: Tensor, input: String, expected: TensorType) throws {
        func fits(_ shape: [Int]) -> Bool {
            shape.count == expected.rank && zip(shape, expected.shape).allSatisfy { $1.value == nil || $1.value == $0 }
        }
        guard tensor.rank == 4, !fits(tensor.shape), fits(BoundaryLayouts.toStored.map { tensor.shape[$0] }) else { return }
        let source = BoundaryLayouts.toSource.map { expected.shape[$0].description }.joined(separator: ", ")
        throw LiteConvertError.badInput("input '\(input)' is NHWC \(expected) (converted with --nhwc-io from NCHW [\(source)]); "
                                        + "the array \(tensor.shape) is NCHW: transpose it to NHWC")
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
