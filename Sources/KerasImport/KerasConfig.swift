import Foundation
import LiteIR

/// A JSON object of a Keras config with typed accessors that name the layer when a value has
/// the wrong form.
struct KerasConfig {
    let values: [String: Any]
    /// What the config describes, for messages ("layer 'conv1' (Conv2D)").
    let context: String

    init(_ values: [String: Any], context: String) {
        self.values = values
        self.context = context
    }

    func error(_ reason: String) -> GraphError { .invalidGraph(reason: "\(context): \(reason)") }

    func has(_ key: String) -> Bool { values[key] != nil && !(values[key] is NSNull) }

    func string(_ key: String, _ fallback: String? = nil) throws -> String {
        if let v = values[key] as? String { return v }
        if !has(key), let fallback { return fallback }
        throw error("'\(key)' must be a string")
    }

    func int(_ key: String, _ fallback: Int? = nil) throws -> Int {
        if let v = values[key] as? Int { return v }
        if let v = values[key] as? Double, v == v.rounded() { return Int(v) }
        if let v = values[key] as? [Any], v.count == 1 { return try KerasConfig(["v": v[0]], context: context).int("v") }
        if !has(key), let fallback { return fallback }
        throw error("'\(key)' must be an integer")
    }

    func double(_ key: String, _ fallback: Double? = nil) throws -> Double {
        if let v = values[key] as? Double { return v }
        if let v = values[key] as? Int { return Double(v) }
        if !has(key), let fallback { return fallback }
        throw error("'\(key)' must be a number")
    }

    func bool(_ key: String, _ fallback: Bool) throws -> Bool {
        if let v = values[key] as? Bool { return v }
        if !has(key) { return fallback }
        throw error("'\(key)' must be true or false")
    }

    /// An integer list; a single integer is repeated `count` times (Keras' kernel_size: 3).
    func ints(_ key: String, count: Int? = nil, _ fallback: [Int]? = nil) throws -> [Int] {
        if let list = values[key] as? [Any] {
            return try list.map { item in
                if let v = item as? Int { return v }
                if let v = item as? Double, v == v.rounded() { return Int(v) }
                throw error("'\(key)' must be a list of integers")
            }
        }
        if let v = values[key] as? Int { return Array(repeating: v, count: count ?? 1) }
        if !has(key), let fallback { return fallback }
        throw error("'\(key)' must be an integer or a list of integers")
    }

    /// A nested object.
    func object(_ key: String) throws -> KerasConfig? {
        guard has(key) else { return nil }
        guard let v = values[key] as? [String: Any] else { throw error("'\(key)' must be an object") }
        return KerasConfig(v, context: context)
    }

    /// A list of shape entries (nil for unknown dims).
    func shape(_ key: String) throws -> [Int?]? {
        guard has(key) else { return nil }
        guard let list = values[key] as? [Any] else { throw error("'\(key)' must be a shape list") }
        return try list.map { item in
            if item is NSNull { return nil }
            if let v = item as? Int { return v }
            throw error("'\(key)' must list integers or null")
        }
    }

    /// An activation by name: a string, or Keras 3's serialized {"class_name", "config": {"name"}}.
    func activation(_ key: String = "activation") throws -> String {
        if !has(key) { return "linear" }
        if let name = values[key] as? String { return name }
        if let object = values[key] as? [String: Any] {
            if let config = object["config"] as? [String: Any], let name = config["name"] as? String { return name }
            if let name = object["class_name"] as? String { return name }
        }
        throw error("'\(key)' must name an activation")
    }
}
