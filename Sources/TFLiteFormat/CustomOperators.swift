import Foundation
import LiteIR

/// IR nodes written as TFLite custom operators (`liteconv convert --allow-custom`): the custom
/// code is "LiteConvert.<IR op>", and the node's attributes are kept as JSON in the model's
/// metadata entry `liteconvert_custom_ops`, keyed by the operator's first output tensor. Only
/// LiteConvert's reader (and so its interpreter) can run such a file; the official TFLite
/// runtime refuses unresolved custom operators.
enum CustomOperators {
    static let codePrefix = "LiteConvert."
    static let metadataName = "liteconvert_custom_ops"

    /// The metadata document for the custom nodes of a graph.
    static func metadata(for nodes: [Node]) throws -> Data {
        var document: [String: Any] = [:]
        for node in nodes {
            document[node.outputs.first ?? node.name] = ["op": node.op, "attributes": try node.attributes.mapValues(encode)]
        }
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }

    /// The IR op and attributes of the custom operator producing `output`, from the metadata.
    static func node(producing output: String, in metadata: Data?) throws -> (op: String, attributes: [String: Attribute]) {
        guard let metadata, let document = try JSONSerialization.jsonObject(with: metadata) as? [String: Any] else {
            throw TFLiteFormatError("the model has LiteConvert custom operators but no readable '\(metadataName)' metadata")
        }
        guard let entry = document[output] as? [String: Any], let op = entry["op"] as? String,
              let attributes = entry["attributes"] as? [String: Any] else {
            throw TFLiteFormatError("no '\(metadataName)' entry for the custom operator producing '\(output)'")
        }
        return (op, try attributes.mapValues(decode))
    }

    private static func encode(_ attribute: Attribute) throws -> [String: Any] {
        switch attribute {
        case .int(let v): ["int": v]
        case .float(let v): ["float": Double(v)]
        case .string(let v): ["string": v]
        case .ints(let v): ["ints": v]
        case .floats(let v): ["floats": v.map(Double.init)]
        case .strings(let v): ["strings": v]
        case .tensor(let t): ["tensor": ["dtype": t.dtype.rawValue, "shape": t.shape, "data": t.data.base64EncodedString()]]
        }
    }

    private static func decode(_ value: Any) throws -> Attribute {
        guard let entry = value as? [String: Any], entry.count == 1, let (kind, payload) = entry.first else {
            throw TFLiteFormatError("malformed custom operator attribute \(value)")
        }
        switch (kind, payload) {
        case ("int", let v as Int): return .int(v)
        case ("float", let v as Double): return .float(Float(v))
        case ("string", let v as String): return .string(v)
        case ("ints", let v as [Int]): return .ints(v)
        case ("floats", let v as [Double]): return .floats(v.map { Float($0) })
        case ("strings", let v as [String]): return .strings(v)
        case ("tensor", let t as [String: Any]):
            guard let name = t["dtype"] as? String, let dtype = DType(rawValue: name), let shape = t["shape"] as? [Int],
                  let encoded = t["data"] as? String, let data = Data(base64Encoded: encoded) else {
                throw TFLiteFormatError("malformed tensor attribute of a custom operator")
            }
            do { return .tensor(try Tensor(dtype: dtype, shape: shape, data: data)) } catch { throw TFLiteFormatError("\(error)") }
        default: throw TFLiteFormatError("malformed custom operator attribute '\(kind)'")
        }
    }
}
