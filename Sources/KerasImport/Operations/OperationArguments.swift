import Foundation
import LiteIR

/// The arguments of one saved operation call bound to the parameter names its translation
/// reads: positional and keyword call arguments, and (Keras 3) the operation's config. Every
/// accessor records the parameter, so a parameter no translation read is refused afterwards.
struct OperationArguments {
    /// The call as a layer call (name, context, no weights), for the shared emit helpers.
    let call: LayerCall
    private let values: [String: CallValue<String>]
    private let usage = KeyUsage()

    init(call: LayerCall, values: [String: CallValue<String>]) {
        self.call = call
        self.values = values
    }

    func error(_ reason: String) -> GraphError { call.config.error(reason) }

    /// The argument bound to `name`, nil when absent or null.
    func value(_ name: String) -> CallValue<String>? {
        usage.read.insert(name)
        guard let value = values[name] else { return nil }
        if case .constant(let c) = value, c is NSNull { return nil }
        return value
    }

    func has(_ name: String) -> Bool { value(name) != nil }

    /// A tensor argument.
    func tensor(_ name: String) throws -> String {
        guard case .tensor(let t) = value(name) else { throw error("'\(name)' must be a tensor") }
        return t
    }

    /// A list of tensors (or one tensor).
    func tensors(_ name: String) throws -> [String] {
        switch value(name) {
        case .tensor(let t): return [t]
        case .list(let items):
            return try items.map { item in
                guard case .tensor(let t) = item else { throw error("'\(name)' must be a list of tensors") }
                return t
            }
        default: throw error("'\(name)' must be a list of tensors")
        }
    }

    /// A constant argument as saved (numbers, strings, lists of them), nil when absent or null.
    func constant(_ name: String) throws -> Any? {
        guard let value = value(name) else { return nil }
        func plain(_ value: CallValue<String>) throws -> Any {
            switch value {
            case .constant(let c): return c
            case .list(let items): return try items.map(plain)
            case .tensor: throw error("'\(name)' must be a constant, not a tensor")
            }
        }
        return try plain(value)
    }

    func int(_ name: String, _ fallback: Int? = nil) throws -> Int { try scalar(name, fallback, "an integer", integer) }

    /// An integer or a list of integers; nil when absent or null.
    func ints(_ name: String) throws -> [Int]? {
        guard let c = try constant(name) else { return nil }
        if let v = integer(c) { return [v] }
        guard let list = c as? [Any], let values = Optional(list.compactMap(integer)), values.count == list.count else {
            throw error("'\(name)' = \(KerasStrictness.describe(c)) must be an integer or a list of integers")
        }
        return values
    }

    /// An axis of a rank-`rank` tensor, made non-negative.
    func axis(_ given: Int, rank: Int) throws -> Int {
        guard (-rank..<rank).contains(given) else { throw error("axis \(given) is out of range for rank \(rank)") }
        return given < 0 ? given + rank : given
    }

    /// The axes `name` gives (an integer or a list), made non-negative; nil when absent or null.
    func axes(_ name: String, rank: Int) throws -> [Int]? {
        try ints(name)?.map { try axis($0, rank: rank) }
    }

    func double(_ name: String, _ fallback: Double? = nil) throws -> Double { try scalar(name, fallback, "a number", number) }

    func bool(_ name: String, _ fallback: Bool) throws -> Bool {
        try scalar(name, fallback, "true or false") { isJSONBool($0) ? $0 as? Bool : nil }
    }

    func string(_ name: String, _ fallback: String? = nil) throws -> String { try scalar(name, fallback, "a string") { $0 as? String } }

    /// A constant argument converted by `convert`, or `fallback` when absent or null.
    private func scalar<T>(_ name: String, _ fallback: T?, _ form: String, _ convert: (Any) -> T?) throws -> T {
        guard let c = try constant(name) else {
            guard let fallback else { throw error("needs '\(name)'") }
            return fallback
        }
        guard let v = convert(c) else { throw error("'\(name)' = \(KerasStrictness.describe(c)) must be \(form)") }
        return v
    }

    /// Refuses an argument the translation did not read, unless it is harmless.
    func checkAllRead() throws {
        for (name, value) in values.sorted(by: { $0.key < $1.key }) where !usage.read.contains(name) {
            if let harmless = Self.harmless[name], harmless(value) { continue }
            throw error("argument '\(name)' = \(describe(value)) is not understood by the importer and would change what the model "
                        + "computes; it is refused rather than dropped")
        }
    }

    /// Arguments that do not change an operation's result on real tensors at inference.
    private static let harmless: [String: @Sendable (CallValue<String>) -> Bool] = [
        "name": { _ in true }, "conjugate": { _ in true }, "a_is_sparse": { _ in true }, "b_is_sparse": { _ in true },
        "output_type": isNull, "optimize": { _ in true },
    ]

    private static func isNull(_ value: CallValue<String>) -> Bool {
        if case .constant(let c) = value { return c is NSNull }
        return false
    }

    private func describe(_ value: CallValue<String>) -> String {
        switch value {
        case .tensor(let t): "tensor '\(t)'"
        case .list(let items): "[" + items.map(describe).joined(separator: ", ") + "]"
        case .constant(let c): KerasStrictness.describe(c)
        }
    }
}

/// An integer from a saved JSON number (an integral double counts).
func integer(_ value: Any) -> Int? {
    if isJSONBool(value) { return nil }
    if let v = value as? Int { return v }
    if let v = value as? Double, v == v.rounded(), abs(v) < 1e15 { return Int(v) }
    return nil
}

/// A number from a saved JSON value.
func number(_ value: Any) -> Double? {
    if isJSONBool(value) { return nil }
    if let v = value as? Double { return v }
    if let v = value as? Int { return Double(v) }
    return nil
}

/// Whether a parsed JSON value is `true` or `false` (Foundation bridges 0 and 1 to Bool as well).
func isJSONBool(_ value: Any) -> Bool {
    guard let number = value as? NSNumber else { return false }
    return String(cString: number.objCType) == "c"
}
