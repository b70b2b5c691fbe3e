import Foundation
import LiteIR

/// A JSON object of a Keras config with typed accessors that name the layer when a value has
/// the wrong form. Every accessor records the key it read, so that the importer can refuse a
/// config holding a key no translation read (``KerasStrictness``).
struct KerasConfig {
    /// The whole object, for the importer's structural reads (a model's layer list); a
    /// translation reads keys through the accessors, which record them.
    let values: [String: Any]
    /// What the config describes, for messages ("layer 'conv1' (Conv2D)").
    let context: String
    private let usage = KeyUsage()

    init(_ values: [String: Any], context: String) {
        self.values = values
        self.context = context
    }

    func error(_ reason: String) -> GraphError { .invalidGraph(reason: "\(context): \(reason)") }

    /// The raw value of a key (recorded as read).
    func value(_ key: String) -> Any? {
        usage.read.insert(key)
        return values[key]
    }

    func has(_ key: String) -> Bool {
        let v = value(key)
        return v != nil && !(v is NSNull)
    }

    /// The keys no accessor has read yet, with their values.
    var unreadEntries: [(key: String, value: Any)] {
        values.filter { !usage.read.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    func string(_ key: String, _ fallback: String? = nil) throws -> String {
        if let v = value(key) as? String { return v }
        if !has(key), let fallback { return fallback }
        throw error("'\(key)' must be a string")
    }

    func int(_ key: String, _ fallback: Int? = nil) throws -> Int {
        if let v = value(key) as? Int { return v }
        if let v = value(key) as? Double, let exact = Int(exactly: v) { return exact }
        if let v = value(key) as? [Any], v.count == 1 { return try KerasConfig(["v": v[0]], context: context).int("v") }
        if !has(key), let fallback { return fallback }
        throw error("'\(key)' must be an integer")
    }

    func double(_ key: String, _ fallback: Double? = nil) throws -> Double {
        if let v = value(key) as? Double { return v }
        if let v = value(key) as? Int { return Double(v) }
        if !has(key), let fallback { return fallback }
        throw error("'\(key)' must be a number")
    }

    func bool(_ key: String, _ fallback: Bool) throws -> Bool {
        if let v = value(key) as? Bool { return v }
        if !has(key) { return fallback }
        throw error("'\(key)' must be true or false")
    }

    /// An integer list; a single integer is repeated `count` times (Keras' kernel_size: 3).
    func ints(_ key: String, count: Int? = nil, _ fallback: [Int]? = nil) throws -> [Int] {
        if let list = value(key) as? [Any] {
            return try list.map { item in
                if let v = item as? Int { return v }
                if let v = item as? Double, let exact = Int(exactly: v) { return exact }
                throw error("'\(key)' must be a list of integers")
            }
        }
        if let v = value(key) as? Int { return Array(repeating: v, count: count ?? 1) }
        if !has(key), let fallback { return fallback }
        throw error("'\(key)' must be an integer or a list of integers")
    }

    /// An integer list (as ``ints(_:count:_:)``) whose every value lies in `range` (``NumberRange``).
    func ints(_ key: String, count: Int? = nil, _ fallback: [Int]? = nil, in range: ClosedRange<Int>) throws -> [Int] {
        try NumberRange.check(try ints(key, count: count, fallback), in: range, "'\(key)'", error: error)
    }

    /// An integer (as ``int(_:_:)``) in `range`.
    func int(_ key: String, _ fallback: Int? = nil, in range: ClosedRange<Int>) throws -> Int {
        try NumberRange.check([try int(key, fallback)], in: range, "'\(key)'", error: error)[0]
    }

    /// A nested object.
    func object(_ key: String) throws -> KerasConfig? {
        guard has(key) else { return nil }
        guard let v = value(key) as? [String: Any] else { throw error("'\(key)' must be an object") }
        return KerasConfig(v, context: context)
    }

    /// A list of shape entries (nil for unknown dims).
    func shape(_ key: String) throws -> [Int?]? {
        guard has(key) else { return nil }
        guard let list = value(key) as? [Any] else { throw error("'\(key)' must be a shape list") }
        return try list.map { item in
            if item is NSNull { return nil }
            if let v = item as? Int { return v }
            throw error("'\(key)' must list integers or null")
        }
    }

    /// An activation by name: a string, or Keras 3's serialized {"class_name", "config": {"name"}}.
    func activation(_ key: String = "activation") throws -> String {
        if !has(key) { return "linear" }
        if let name = value(key) as? String { return name }
        if let object = value(key) as? [String: Any] {
            if let config = object["config"] as? [String: Any], let name = config["name"] as? String { return name }
            if let name = object["class_name"] as? String { return name }
        }
        throw error("'\(key)' must name an activation")
    }
}

/// The keys of one config that were read; a class, so copies of a config share it.
final class KeyUsage {
    var read: Set<String> = []
}
