import LiteIR
import LiteOps

/// Einsum (``Einsum/emit(_:_:into:name:)``, shared with the Keras importer).
enum EinsumOperator {
    static let table: [String: ONNXTranslator] = ["Einsum": einsum]

    static func einsum(_ n: inout ONNXNode) throws {
        let operands = n.variadicInputs
        let result = try Einsum.emit(try n.string("equation", ""), operands, into: &n.builder, name: n.name)
        n.alias(0, to: result)
    }
}
