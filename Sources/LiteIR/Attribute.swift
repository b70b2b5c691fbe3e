/// A node attribute value.
public enum Attribute: Sendable {
    case int(Int)
    case float(Float)
    case string(String)
    case ints([Int])
    case floats([Float])
    case strings([String])
    case tensor(Tensor)
}

extension Attribute: CustomStringConvertible {
    public var description: String {
        switch self {
        case .int(let v): String(v)
        case .float(let v): String(v)
        case .string(let v): "\"\(v)\""
        case .ints(let v): "\(v)"
        case .floats(let v): "\(v)"
        case .strings(let v): "\(v)"
        case .tensor(let t): "tensor<\(t.type)>"
        }
    }
}
