import Foundation
@testable import TFLiteFormat
import XCTest

/// The writer's and reader's codes and field indices against Schemas/tflite.fbs, which is
/// written from the official schema.
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

    /// The body between `{` and `}` of a declaration such as "enum BuiltinOperator".
    private func body(of declaration: String) throws -> String {
        let start = try XCTUnwrap(Self.schema.range(of: declaration + " "), "no \(declaration)")
        let open = try XCTUnwrap(Self.schema[start.upperBound...].firstIndex(of: "{"))
        let close = try XCTUnwrap(Self.schema[open...].firstIndex(of: "}"))
        return String(Self.schema[Self.schema.index(after: open)..<close])
    }

    private func entries(_ body: String, separator: Character) -> [String] {
        body.split(separator: separator).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    func testBuiltinOperatorCodesMatchTheSchema() throws {
        var codes: [String: Int32] = [:]
        for entry in entries(try body(of: "enum BuiltinOperator"), separator: ",") {
            let parts = entry.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            codes[parts[0]] = Int32(parts[1])
        }
        XCTAssertGreaterThan(codes.count, 200)
        for op in BuiltinOperator.all {
            XCTAssertEqual(codes[op.name], op.code, op.name)
        }
    }

    func testOptionsUnionPositionsMatchTheSchema() throws {
        let members = entries(try body(of: "union BuiltinOptions"), separator: ",")
        for type in OptionsType.allCases {
            // Union type value n is the n-th member (NONE is 0).
            XCTAssertEqual(members[Int(type.rawValue) - 1], type.tableName, "union value \(type.rawValue)")
        }
    }

    func testOptionFieldIndicesAndTypesMatchTheSchema() throws {
        for (type, field) in Fields.declared {
            let fields = entries(try body(of: "table \(type.tableName)"), separator: ";")
            XCTAssertLessThan(field.index, fields.count, "\(type.tableName).\(field.name)")
            guard field.index < fields.count else { continue }
            let declaration = fields[field.index].split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            XCTAssertEqual(declaration[0], field.name, "\(type.tableName) field \(field.index)")
            let declaredType = declaration[1].split(separator: "=")[0].trimmingCharacters(in: .whitespaces)
            let expected: Set<String> = switch field.kind {
            case .int32: ["int", "int32"]
            case .float: ["float"]
            case .bool: ["bool"]
            case .byte: ["Padding", "ActivationFunctionType", "TensorType", "FullyConnectedOptionsWeightsFormat", "MirrorPadMode"]
            case .int32Vector: ["[int]"]
            }
            XCTAssertTrue(expected.contains(declaredType), "\(type.tableName).\(field.name) is \(declaredType)")
            let declaredDefault = declaration[1].split(separator: "=").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) }
            if let declaredDefault, let number = Double(declaredDefault) {
                XCTAssertEqual(number, field.defaultValue, "\(type.tableName).\(field.name) default")
            }
        }
    }

    func testTensorTypeCodesMatchTheSchema() throws {
        var codes: [String: Int8] = [:]
        for entry in entries(try body(of: "enum TensorType"), separator: ",") {
            let parts = entry.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            codes[parts[0]] = Int8(parts[1])
        }
        let names: [(DType, String)] = [(.float32, "FLOAT32"), (.float16, "FLOAT16"), (.float64, "FLOAT64"), (.int8, "INT8"),
                                        (.int16, "INT16"), (.int32, "INT32"), (.int64, "INT64"), (.uint8, "UINT8"),
                                        (.uint16, "UINT16"), (.uint32, "UINT32"), (.uint64, "UINT64"), (.bool, "BOOL")]
        for (dtype, name) in names { XCTAssertEqual(TFLiteTensorType.code(dtype), codes[name], name) }
    }
}

import LiteIR
