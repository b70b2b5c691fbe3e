import Foundation
import LiteIR

/// What `inspect` reports about a model.
public struct ModelSummary: Codable, Sendable {
    public struct Value: Codable, Sendable {
        public var name: String
        public var shape: [String]
        public var type: String
    }

    public var file: String
    public var inputs: [Value]
    public var outputs: [Value]
    /// Operator → count, in the IR's vocabulary.
    public var operators: [String: Int]
    public var parameterCount: Int
    public var parameterBytes: Int
}

extension LiteConvert {
    public static func inspect(_ url: URL) throws -> ModelSummary {
        let graph = try load(url)
        func describe(_ name: String) -> ModelSummary.Value {
            let type = graph.types[name]
            return .init(name: name, shape: type?.shape.map(\.description) ?? [], type: type?.dtype.rawValue ?? "?")
        }
        var operators: [String: Int] = [:]
        for node in graph.nodes { operators[node.op, default: 0] += 1 }
        return ModelSummary(file: url.path, inputs: graph.inputs.map(describe), outputs: graph.outputs.map(describe),
                            operators: operators,
                            parameterCount: graph.constants.values.reduce(0) { $0 + $1.count },
                            parameterBytes: graph.constants.values.reduce(0) { $0 + $1.data.count })
    }
}
