import Foundation

/// What the generator reads from a binary schema (`flatc -b --schema`, flatc's reflection
/// format, reflection.fbs). Field numbers below are the declaration positions in reflection.fbs.
struct Reflection {
    /// reflection.BaseType.
    enum BaseType: Int8 {
        case none, utype, bool, byte, ubyte, short, ushort, int, uint, long, ulong, float, double, string, vector, obj, union, array
    }

    /// reflection.Type: `index` names an object (tables) or an enum (enum-typed scalars, unions).
    struct FieldType {
        let base: BaseType
        let element: BaseType
        let index: Int
    }

    struct Field {
        let name: String
        let type: FieldType
        let id: Int
        let defaultInteger: Int64
        let defaultReal: Double
        let deprecated: Bool
    }

    struct Object {
        let name: String
        /// In slot order.
        let fields: [Field]
        let isStruct: Bool
    }

    struct EnumValue {
        let name: String
        let value: Int64
        /// For a union member, its table.
        let unionType: FieldType?
    }

    struct Enum {
        let name: String
        /// In value order.
        let values: [EnumValue]
        let isUnion: Bool
        let underlying: BaseType
    }

    /// Sorted by name; FieldType.index counts in these arrays.
    let objects: [Object]
    let enums: [Enum]

    init(bfbs: Data) throws {
        let root = try FlatBufferReader(bfbs).rootTable()
        let namespace = try Self.namespace(of: root)
        objects = try (root.vectorOfTables(field: 0) ?? []).map { object in
            Object(name: try Self.name(object, namespace),
                   fields: try (object.vectorOfTables(field: 1) ?? []).map(Self.field).sorted { $0.id < $1.id },
                   isStruct: try object.scalar(field: 2, default: false))
        }
        enums = try (root.vectorOfTables(field: 1) ?? []).map { value in
            Enum(name: try Self.name(value, namespace),
                 values: try (value.vectorOfTables(field: 1) ?? []).map { member in
                     EnumValue(name: try member.string(field: 0) ?? "", value: try member.scalar(field: 1, default: Int64(0)),
                               unionType: try member.table(field: 3).map(Self.type))
                 },
                 isUnion: try value.scalar(field: 2, default: false),
                 underlying: try Self.type(try Self.required(value.table(field: 3), "underlying_type")).base)
        }
    }

    func enumeration(named name: String) throws -> Enum {
        guard let value = enums.first(where: { $0.name == name }) else { throw GeneratorError("no enum or union \(name) in the schema") }
        return value
    }

    private static func field(_ table: FlatBufferTable) throws -> Field {
        Field(name: try required(table.string(field: 0), "field name"), type: try type(try required(table.table(field: 1), "field type")),
              id: Int(try table.scalar(field: 2, default: UInt16(0))), defaultInteger: try table.scalar(field: 4, default: Int64(0)),
              defaultReal: try table.scalar(field: 5, default: Double(0)), deprecated: try table.scalar(field: 6, default: false))
    }

    private static func type(_ table: FlatBufferTable) throws -> FieldType {
        let base = try table.scalar(field: 0, default: Int8(0)), element = try table.scalar(field: 1, default: Int8(0))
        guard let baseType = BaseType(rawValue: base), let elementType = BaseType(rawValue: element) else {
            throw GeneratorError("unknown reflection base type \(base) / \(element)")
        }
        return FieldType(base: baseType, element: elementType, index: Int(try table.scalar(field: 2, default: Int32(-1))))
    }

    /// The namespace prefix ("tflite.") of the root table's name.
    private static func namespace(of schema: FlatBufferTable) throws -> String {
        let rootName = try required(schema.table(field: 4)?.string(field: 0), "root_table")
        return rootName.split(separator: ".").dropLast().map { $0 + "." }.joined()
    }

    private static func name(_ table: FlatBufferTable, _ namespace: String) throws -> String {
        let qualified = try required(table.string(field: 0), "name")
        return qualified.hasPrefix(namespace) ? String(qualified.dropFirst(namespace.count)) : qualified
    }

    private static func required<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw GeneratorError("the binary schema lacks \(what)") }
        return value
    }
}

struct GeneratorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
