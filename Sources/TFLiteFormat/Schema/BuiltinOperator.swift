/// A TFLite builtin operator: its code and name in the schema's `enum BuiltinOperator`. One
/// constant per operator is generated (Generated/BuiltinOperator+Schema.swift).
struct BuiltinOperator: Hashable, Sendable, CustomStringConvertible {
    let code: Int32
    let name: String

    var description: String { name }
}
