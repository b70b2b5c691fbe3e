import CONNX
import LiteIR

extension ONNXImporter {
    /// Node attributes as IR attributes. Graph-, type- and sparse-tensor-valued attributes and
    /// tensor lists are refused: no supported operator reads them.
    func attributes(of node: Onnx__NodeProto, context: String) throws -> [String: Attribute] {
        var result: [String: Attribute] = [:]
        for pointer in repeated(node.attribute, node.n_attribute) {
            guard let a = pointer?.pointee else { continue }
            let name = string(a.name)
            guard result[name] == nil else { throw ONNXImportError(file: file.url.path, "\(context): attribute '\(name)' appears twice") }
            switch a.type {
            case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT: result[name] = .float(a.f)
            case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT: result[name] = .int(Int(a.i))
            case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRING: result[name] = .string(text(a.s))
            case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOATS: result[name] = .floats(Array(repeated(a.floats, a.n_floats)))
            case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS: result[name] = .ints(repeated(a.ints, a.n_ints).map { Int($0) })
            case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRINGS: result[name] = .strings(repeated(a.strings, a.n_strings).map(text))
            case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__TENSOR:
                guard let t = a.t else { throw ONNXImportError(file: file.url.path, "\(context): attribute '\(name)' has no tensor") }
                result[name] = .tensor(try decoder.decode(t, context: "\(context) attribute '\(name)'"))
            default:
                throw ONNXImportError(file: file.url.path, "\(context): attribute '\(name)' (\(kind(a.type))) is not understood by this translation")
            }
        }
        return result
    }

    /// The kind of value an attribute no translation reads holds.
    private func kind(_ type: Onnx__AttributeProto__AttributeType) -> String {
        switch type {
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__GRAPH, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__GRAPHS: "a graph"
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__TYPE_PROTO, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__TYPE_PROTOS: "a type"
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__SPARSE_TENSOR, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__SPARSE_TENSORS: "a sparse tensor"
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__TENSORS: "a list of tensors"
        default: "no value type"
        }
    }
}
