import Foundation
import LiteIR

/// What `inspect` reports about a model.
public struct ModelSummary: Codable, Sendable {
    public struct Value: Codable, Sendable {
        public var name: String
        public var shape: [String]
        public var type: String
        /// What a quantized tensor's integers stand for, when it is quantized.
        public var quantization: QuantizationSummary?
    }

    /// A quantized tensor's parameters: real = scale · (q − zero point), per tensor or per slice
    /// along `axis`.
    public struct QuantizationSummary: Codable, Sendable {
        public var scales: [Float]
        public var zeroPoints: [Int64]
        public var axis: Int?

        /// As types print it: q(scale …, zero point …) or q(axis …: n scales).
        public var text: String { Quantization(scales: scales, zeroPoints: zeroPoints, axis: axis).description }
    }

    public var file: String
    public var inputs: [Value]
    public var outputs: [Value]
    /// Operator → count, in the IR's vocabulary.
    public var operators: [String: Int]
    public var parameterCount: Int
    public var parameterBytes: Int
    /// Every node in order, when asked for (`inspect --nodes`).
    public var nodes: [NodeSummary]?

    /// One IR node: its name, operator and the types of its inputs and outputs.
    public struct NodeSummary: Codable, Sendable {
        public var name: String
        public var op: String
        public var inputs: [Value]
        public var outputs: [Value]
    }
}

extension LiteConvert {
    /// The model's interface, operators and parameters; with `nodes`, every node with its types.
    public static func inspect(_ url: URL, config: URL? = nil, nodes listNodes: Bool = false) throws -> ModelSummary {
        let graph = try load(url, config: config)
        func describe(_ name: String) -> ModelSummary.Value {
            let type = graph.types[name]
            return .init(name: name, shape: type?.shape.map(\.description) ?? [], type: type?.dtype.rawValue ?? "?",
                         quantization: type?.quantization.map { .init(scales: $0.scales, zeroPoints: $0.zeroPoints, axis: $0.axis) })
        }
        var operators: [String: Int] = [:]
        for node in graph.nodes { operators[node.op, default: 0] += 1 }
        return ModelSummary(file: url.path, inputs: graph.inputs.map(describe), outputs: graph.outputs.map(describe),
                            operators: operators,
                            parameterCount: graph.constants.values.reduce(0) { $0 + $1.count },
                            parameterBytes: graph.constants.values.reduce(0) { $0 + $1.data.count },
                            nodes: listNodes ? graph.nodes.map { node in
                                .init(name: node.name, op: node.op, inputs: node.inputs.map(describe), outputs: node.outputs.map(describe))
                            } : nil)
    }
}
