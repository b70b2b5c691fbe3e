import Foundation
@testable import TFLiteFormat
import XCTest

/// The generated schema declarations (Sources/TFLiteFormat/Schema/Generated, made from flatc's
/// binary schema) against a plain reading of the text of Schemas/tflite.fbs: a second parser
/// that catches a generator reading the binary schema wrong.
final class SchemaConsistencyTests: XCTestCase {
    private static let schema: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schemas/tflite.fbs")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        // Drop comments so they cannot be mistaken for declarations.
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            .joined(separator: "\n")
    }()

    /// The body between `{` and `}` of a declaration such as "enum BuiltinOperator", or nil.
    private func body(of declaration: String) -> String? {
        guard let start = Self.schema.range(of: "\n" + declaration + " "),
              let open = Self.schema[start.upperBound...].firstIndex(of: "{"),
              let close = Self.schema[open...].firstIndex(of: "}") else { return nil }
        return String(Self.schema[Self.schema.index(after: open)..<close])
    }

    private func entries(_ body: String, separator: Character) -> [String] {
        body.split(separator: separator).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// An enum's values by name; a value without `= n` follows the one before.
    private func enumValues(_ name: String) throws -> [(name: String, value: Int)] {
        var next = 0
        return try entries(try XCTUnwrap(body(of: "enum \(name)"), "no enum \(name)"), separator: ",").map { entry in
            let parts = entry.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            let value = parts.count > 1 ? try XCTUnwrap(Int(parts[1]), entry) : next
            next = value + 1
            return (parts[0], value)
        }
    }

    /// The underlying type of `enum Name : type`, nil when `name` is no enum.
    private func enumUnderlyingType(_ name: String) -> String? {
        guard let start = Self.schema.range(of: "\nenum \(name) :") else { return nil }
        return Self.schema[start.upperBound...].split(separator: "{")[0].trimmingCharacters(in: .whitespaces)
    }

    private func kind(_ type: String) -> TableField.Kind {
        let primitives: [String: TableField.Kind] = [
            "bool": .bool, "byte": .int8, "int8": .int8, "ubyte": .uint8, "uint8": .uint8, "short": .int16, "int16": .int16,
            "ushort": .uint16, "uint16": .uint16, "int": .int32, "int32": .int32, "uint": .uint32, "uint32": .uint32,
            "long": .int64, "int64": .int64, "ulong": .uint64, "uint64": .uint64, "float": .float, "float32": .float,
            "double": .double, "float64": .double, "string": .string,
        ]
        if type.hasPrefix("[") { return .vector(kind(String(type.dropFirst().dropLast()))) }
        if let primitive = primitives[type] { return primitive }
        if let underlying = enumUnderlyingType(type) { return kind(underlying) }
        return body(of: "union \(type)") != nil ? .union(type) : .table(type)
    }

    /// Asserts `fields` are the table's non-deprecated fields: slots (a union takes two, its type
    /// code first), names, types and defaults.
    private func assertFields(_ fields: [TableField], of table: String) throws {
        var expected: [TableField] = []
        var slot = 0
        for entry in entries(try XCTUnwrap(body(of: "table \(table)"), "no table \(table)"), separator: ";") {
            let name = entry.split(separator: ":")[0].trimmingCharacters(in: .whitespaces)
            let declaration = entry.dropFirst(name.count + 1).split(separator: "(")[0]
            let type = declaration.split(separator: "=")[0].trimmingCharacters(in: .whitespaces)
            let defaultText = declaration.split(separator: "=").dropFirst().first?.trimmingCharacters(in: .whitespaces)
            let fieldKind = kind(type)
            var defaultValue = 0.0
            if let defaultText {
                let literal: Double? = switch defaultText {
                case "true": 1
                case "false": 0
                default: Double(defaultText)
                }
                let named = enumUnderlyingType(type) == nil ? nil : try enumValues(type).first { $0.name == defaultText }.map { Double($0.value) }
                defaultValue = try XCTUnwrap(literal ?? named, "\(table).\(name) default \(defaultText)")
            }
            if case .union = fieldKind {
                expected.append(TableField(slot, name + "_type", .uint8))
                slot += 1
            }
            if !entry.contains("(deprecated)") { expected.append(TableField(slot, name, fieldKind, default: defaultValue)) }
            slot += 1
        }
        XCTAssertEqual(fields, expected, table)
    }

    private func unionMembers(_ union: String) throws -> [String] {
        entries(try XCTUnwrap(body(of: "union \(union)"), "no union \(union)"), separator: ",")
    }

    func testBuiltinOperatorCodesMatchTheSchema() throws {
        let values = try enumValues("BuiltinOperator")
        XCTAssertGreaterThan(values.count, 200)
        XCTAssertEqual(BuiltinOperator.all.map(\.name), values.map(\.name))
        XCTAssertEqual(BuiltinOperator.all.map(\.code), values.map { Int32($0.value) })
    }

    func testUnionMembersMatchTheSchema() throws {
        func assertMembers<Union: CaseIterable & RawRepresentable>(_: Union.Type, _ name: String, tableName: (Union) -> String)
            throws where Union.RawValue == UInt8 {
            let members = try unionMembers(name)
            // Union type value n is the n-th member (NONE is 0).
            XCTAssertEqual(Union.allCases.map(tableName), members, name)
            XCTAssertEqual(Union.allCases.map(\.rawValue), Array(1...UInt8(members.count)), name)
        }
        try assertMembers(TFLiteSchema.BuiltinOptions.self, "BuiltinOptions", tableName: \.tableName)
        try assertMembers(TFLiteSchema.BuiltinOptions2.self, "BuiltinOptions2", tableName: \.tableName)
        try assertMembers(TFLiteSchema.QuantizationDetails.self, "QuantizationDetails", tableName: \.tableName)
        try assertMembers(TFLiteSchema.SparseIndexVector.self, "SparseIndexVector", tableName: \.tableName)
    }

    func testOptionsTableFieldsMatchTheSchema() throws {
        for type in OptionsType.allCases { try assertFields(type.fields, of: type.tableName) }
        for type in TFLiteSchema.BuiltinOptions2.allCases { try assertFields(type.fields, of: type.tableName) }
    }

    func testQuantizationAndSparsityTableFieldsMatchTheSchema() throws {
        try assertFields(TFLiteSchema.QuantizationParameters.fields, of: "QuantizationParameters")
        try assertFields(TFLiteSchema.SparsityParameters.fields, of: "SparsityParameters")
        try assertFields(TFLiteSchema.DimensionMetadata.fields, of: "DimensionMetadata")
        for type in TFLiteSchema.QuantizationDetails.allCases { try assertFields(type.fields, of: type.tableName) }
        for type in TFLiteSchema.SparseIndexVector.allCases { try assertFields(type.fields, of: type.tableName) }
    }

    /// A field the mappings name once for several tables is the same field in each of them.
    func testSharedOptionFieldsAreTheSameInEachTable() {
        let shared: [(OptionField, [OptionsType])] = [
            (Fields.arithmeticActivation, [.add, .sub, .mul, .div]), (Fields.argOutputType, [.argMax, .argMin]),
            (Fields.blockSize, [.spaceToDepth, .depthToSpace]), (Fields.numSplits, [.split, .splitV]),
        ]
        for (field, types) in shared {
            for type in types { XCTAssertTrue(type.fields.contains(field), "\(type.tableName) lacks \(field.name)") }
        }
    }

    func testEnumCodesMatchTheSchema() throws {
        func assertCodes<Value: CaseIterable & RawRepresentable>(_: Value.Type, _ name: String, _ valueName: (Value) -> String)
            throws where Value.RawValue: BinaryInteger {
            let expected = try enumValues(name)
            XCTAssertEqual(Value.allCases.map(valueName), expected.map(\.name), name)
            XCTAssertEqual(Value.allCases.map { Int($0.rawValue) }, expected.map(\.value), name)
        }
        try assertCodes(TFLiteSchema.TensorType.self, "TensorType", \.name)
        try assertCodes(TFLiteSchema.ActivationFunctionType.self, "ActivationFunctionType", \.name)
        try assertCodes(TFLiteSchema.Padding.self, "Padding", \.name)
        try assertCodes(TFLiteSchema.MirrorPadMode.self, "MirrorPadMode", \.name)
        try assertCodes(TFLiteSchema.DimensionType.self, "DimensionType", \.name)
    }

    func testTensorTypeCodesMatchTheSchema() throws {
        let codes = Dictionary(uniqueKeysWithValues: try enumValues("TensorType").map { ($0.name, Int8($0.value)) })
        let names: [(DType, String)] = [(.float32, "FLOAT32"), (.float16, "FLOAT16"), (.float64, "FLOAT64"), (.int8, "INT8"),
                                        (.int16, "INT16"), (.int32, "INT32"), (.int64, "INT64"), (.uint8, "UINT8"),
                                        (.uint16, "UINT16"), (.uint32, "UINT32"), (.uint64, "UINT64"), (.bool, "BOOL")]
        for (dtype, name) in names { XCTAssertEqual(TFLiteTensorType.code(dtype), codes[name], name) }
    }
}

import LiteIR
