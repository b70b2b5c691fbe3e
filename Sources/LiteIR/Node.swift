/// One operation in a ``Graph``. Inputs and outputs are value names; an empty input name is an
/// omitted optional input.
public struct Node: Sendable {
    public var name: String
    public var op: String
    public var inputs: [String]
    public var outputs: [String]
    public var attributes: [String: Attribute]

    public init(name: String, op: String, inputs: [String], outputs: [String], attributes: [String: Attribute] = [:]) {
        self.name = name
        self.op = op
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }

    private func invalid(_ key: String, _ expected: String) -> GraphError {
        .invalidNode(node: name, op: op, reason: "attribute '\(key)' must be \(expected), found \(attributes[key]!)")
    }

    /// An integer attribute, or `fallback` when absent.
    public func int(_ key: String, _ fallback: Int) throws -> Int {
        try intIfPresent(key) ?? fallback
    }

    public func intIfPresent(_ key: String) throws -> Int? {
        switch attributes[key] {
        case nil: return nil
        case .int(let v): return v
        default: throw invalid(key, "an integer")
        }
    }

    /// A float attribute (integers are accepted), or `fallback` when absent.
    public func float(_ key: String, _ fallback: Float) throws -> Float {
        try floatIfPresent(key) ?? fallback
    }

    public func floatIfPresent(_ key: String) throws -> Float? {
        switch attributes[key] {
        case nil: return nil
        case .float(let v): return v
        case .int(let v): return Float(v)
        default: throw invalid(key, "a float")
        }
    }

    public func string(_ key: String, _ fallback: String) throws -> String {
        switch attributes[key] {
        case nil: return fallback
        case .string(let v): return v
        default: throw invalid(key, "a string")
        }
    }

    /// An integer list attribute, or `fallback` when absent.
    public func ints(_ key: String, _ fallback: [Int]) throws -> [Int] {
        try intsIfPresent(key) ?? fallback
    }

    public func intsIfPresent(_ key: String) throws -> [Int]? {
        switch attributes[key] {
        case nil: return nil
        case .ints(let v): return v
        case .int(let v): return [v]
        default: throw invalid(key, "a list of integers")
        }
    }

    /// A float list attribute (integer lists are accepted), nil when absent.
    public func floatsIfPresent(_ key: String) throws -> [Float]? {
        switch attributes[key] {
        case nil: return nil
        case .floats(let v): return v
        case .float(let v): return [v]
        case .ints(let v): return v.map(Float.init)
        default: throw invalid(key, "a list of floats")
        }
    }

    public func tensor(_ key: String) throws -> Tensor? {
        switch attributes[key] {
        case nil: return nil
        case .tensor(let t): return t
        default: throw invalid(key, "a tensor")
        }
    }

    /// An error about this node.
    public func error(_ reason: String) -> GraphError {
        .invalidNode(node: name, op: op, reason: reason)
    }
}
