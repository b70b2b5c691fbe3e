/// Writes the Swift text of the generated files.
struct Emitter {
    let schema: Reflection

    static let header = """
        // Generated from Schemas/tflite.fbs by Schemas/generate-tflite.sh (flatc's binary schema,
        // read by Schemas/tflite-codegen). DO NOT EDIT: change the schema and rerun `make schemas`.

        """

    /// The builtin operator codes as ``BuiltinOperator`` constants.
    func builtinOperators() throws -> String {
        let operators = try schema.enumeration(named: "BuiltinOperator").values
        var out = Self.header + "\nextension BuiltinOperator {\n"
        for op in operators {
            out += "    static let \(SwiftNames.fromScreamingSnake(op.name)) = BuiltinOperator(code: \(op.value), name: \"\(op.name)\")\n"
        }
        out += "\n    /// Every builtin operator of the schema, in code order.\n    static let all: [BuiltinOperator] = [\n"
        for op in operators { out += "        \(SwiftNames.fromScreamingSnake(op.name)),\n" }
        return out + "    ]\n}\n"
    }

    /// Value enums: one Swift enum with the schema's codes and names each.
    func enums(_ values: [Reflection.Enum]) throws -> String {
        var out = Self.header + "\nextension TFLiteSchema {\n"
        for (i, value) in values.enumerated() {
            let cases = value.values.map { (SwiftNames.fromScreamingSnake($0.name), $0) }
            out += i == 0 ? "" : "\n"
            out += "    /// `enum \(value.name)`.\n"
            out += "    enum \(value.name): \(try Self.swiftInteger(value.underlying)), CaseIterable, Sendable {\n"
            for (name, member) in cases { out += "        case \(name) = \(member.value)\n" }
            out += "\n        /// The name in the schema.\n        var name: String {\n            switch self {\n"
            for (name, member) in cases { out += "            case .\(Self.unescaped(name)): \"\(member.name)\"\n" }
            out += "            }\n        }\n    }\n"
        }
        return out + "}\n"
    }

    /// Unions: the type code of each member table (NONE, 0, is no member) and its fields.
    func unions(_ values: [Reflection.Enum]) -> String {
        var out = Self.header + "\nextension TFLiteSchema {\n"
        for (i, union) in values.enumerated() {
            let members = union.values.compactMap { member in
                member.unionType.flatMap { $0.index >= 0 ? (Self.memberName(member.name), schema.objects[$0.index].name, member.value) : nil }
            }
            out += i == 0 ? "" : "\n"
            out += "    /// Members of `union \(union.name)`, by type code.\n"
            out += "    enum \(union.name): UInt8, CaseIterable, Sendable {\n"
            for (name, _, code) in members { out += "        case \(name) = \(code)\n" }
            out += "\n        /// The member's table in the schema.\n        var tableName: String {\n            switch self {\n"
            for (name, table, _) in members { out += "            case .\(Self.unescaped(name)): \"\(table)\"\n" }
            out += "            }\n        }\n\n        /// The member table's fields.\n        var fields: [TableField] {\n            switch self {\n"
            for (name, table, _) in members { out += "            case .\(Self.unescaped(name)): \(table).fields\n" }
            out += "            }\n        }\n    }\n"
        }
        return out + "}\n"
    }

    /// Tables: a ``TableField`` per field (slot, name, type, default) and the list of them.
    func tables(_ tables: [Reflection.Object]) throws -> String {
        var out = Self.header + "\nextension TFLiteSchema {\n"
        for (i, table) in tables.enumerated() {
            let fields = table.fields.filter { !$0.deprecated }
            out += i == 0 ? "" : "\n"
            out += "    /// Fields of `table \(table.name)`.\n    enum \(table.name) {\n"
            var names: [String] = []
            for field in fields {
                let name = SwiftNames.fromSnake(field.name)
                guard name != "fields" else { throw GeneratorError("\(table.name).fields clashes with the field list") }
                names.append(name)
                out += "        static let \(name) = TableField(\(field.id), \"\(field.name)\", \(try kind(field.type))\(Self.defaultArgument(field)))"
                out += comment(field.type).map { "  // \($0)" } ?? ""
                out += "\n"
            }
            out += "\n        /// Every field in slot order (deprecated ones left out).\n"
            out += "        static let fields: [TableField] = [\(names.joined(separator: ", "))]\n    }\n"
        }
        return out + "}\n"
    }

    private func kind(_ type: Reflection.FieldType) throws -> String {
        switch type.base {
        case .vector:
            guard type.element != .vector, type.element != .union else { throw GeneratorError("a vector of \(type.element) is not supported") }
            return ".vector(\(try kind(.init(base: type.element, element: .none, index: type.index))))"
        case .obj: return ".table(\"\(schema.objects[type.index].name)\")"
        case .union: return ".union(\"\(schema.enums[type.index].name)\")"
        case .string: return ".string"
        case .bool: return ".bool"
        case .float: return ".float"
        case .double: return ".double"
        case .utype: return ".uint8"
        default: return "." + (try Self.swiftInteger(type.base)).lowercased()
        }
    }

    /// The enum an integer field holds, or the union whose type code it is.
    private func comment(_ type: Reflection.FieldType) -> String? {
        let scalar = type.base == .vector ? type.element : type.base
        guard type.index >= 0, ![.obj, .union].contains(scalar) else { return nil }
        let name = schema.enums[type.index].name
        return scalar == .utype ? "type code of \(name)" : name
    }

    private static func defaultArgument(_ field: Reflection.Field) -> String {
        switch field.type.base {
        case .float, .double: field.defaultReal == 0 ? "" : ", default: \(field.defaultReal)"
        default: field.defaultInteger == 0 ? "" : ", default: \(field.defaultInteger)"
        }
    }

    private static func swiftInteger(_ type: Reflection.BaseType) throws -> String {
        switch type {
        case .byte: "Int8"
        case .ubyte, .utype: "UInt8"
        case .short: "Int16"
        case .ushort: "UInt16"
        case .int: "Int32"
        case .uint: "UInt32"
        case .long: "Int64"
        case .ulong: "UInt64"
        default: throw GeneratorError("\(type) is not an integer type")
        }
    }

    /// A union member's case: its table name without the "Options" every builtin options table ends in.
    private static func memberName(_ table: String) -> String {
        let suffix = "Options"
        let stem = table.hasSuffix(suffix) && table.count > suffix.count ? String(table.dropLast(suffix.count)) : table
        return SwiftNames.fromUpperCamel(stem)
    }

    /// After a dot Swift takes reserved names as they are.
    private static func unescaped(_ name: String) -> String {
        name.trimmingCharacters(in: ["`"])
    }
}
