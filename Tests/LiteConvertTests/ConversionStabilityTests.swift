import Foundation
import LiteConvert
import LiteIR
import LiteOps
import XCTest

/// Refactoring guard: every committed model (ONNX per-op fixtures and samples, Keras fixtures
/// and samples; ONNX also with `--nhwc-io`) converts to a file with the same TFLite operator
/// histogram and the same output bytes (the reference engine on the written file, the fixture's
/// inputs) as recorded in `Fixtures/converted_models.json`.
///
/// A change that is meant to alter converted files re-records the table with
/// `LITECONVERT_RECORD_CONVERSIONS=1 swift test --filter ConversionStabilityTests` and says
/// why in its commit.
final class ConversionStabilityTests: XCTestCase {
    struct Record: Codable, Equatable {
        var operators: [String: Int]
        /// FNV-1a of each output's shape and bytes, in output order.
        var outputs: [String]
    }

    static let table = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/converted_models.json")

    func testConvertedFilesKeepTheirOperatorsAndOutputs() throws {
        var cases: [(label: String, model: URL, config: URL?, inputs: () throws -> [NamedTensor], nhwcIO: Bool)] = []
        for model in try Fixtures.models(in: Fixtures.ops) + Fixtures.models(in: Fixtures.samples) {
            let name = model.deletingPathExtension().lastPathComponent
            guard OnnxRuntimeFixtureTests.refusedConversions[name] == nil else { continue }
            cases.append((name, model, nil, { try Fixtures.arrays(model, "inputs") }, false))
            cases.append((name + " --nhwc-io", model, nil, { try Fixtures.arrays(model, "inputs") }, true))
        }
        for keras in try KerasFixtureTests.cases() {
            cases.append(("keras/" + keras.name, keras.model, keras.config, { try keras.arrays("inputs") }, false))
        }
        XCTAssertGreaterThan(cases.count, 600)

        var recorded: [String: Record] = [:]
        for c in cases {
            let output = Fixtures.scratch("stability.tflite")
            do {
                let report = try LiteConvert.convert(c.model, to: output, options: ConversionOptions(nhwcIO: c.nhwcIO, kerasConfig: c.config))
                let converted = try LiteConvert.load(output)
                var inputs = try c.inputs()
                let changed = Set(try BoundaryLayouts(of: converted).nhwcFromNCHW)
                inputs = try inputs.map { changed.contains($0.name) ? ($0.name, try Self.transpose($0.tensor, BoundaryLayouts.toStored)) : $0 }
                let outputs = try LiteConvert.run(converted, inputs: inputs, engine: .reference)
                recorded[c.label] = Record(operators: report.outputOps, outputs: outputs.map { Self.digest($0.tensor) })
            } catch {
                // `--nhwc-io` is refused for some inputs; the refusal is part of the record.
                recorded[c.label] = Record(operators: [:], outputs: ["refused: \(error)".prefix(120).description])
            }
        }

        if ProcessInfo.processInfo.environment["LITECONVERT_RECORD_CONVERSIONS"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(recorded).write(to: Self.table)
            return
        }
        let expected = try JSONDecoder().decode([String: Record].self, from: Data(contentsOf: Self.table))
        XCTAssertEqual(Set(recorded.keys), Set(expected.keys), "the set of committed models changed; re-record the table")
        for (label, record) in recorded.sorted(by: { $0.key < $1.key }) {
            guard let before = expected[label] else { continue }
            XCTAssertEqual(record.operators, before.operators, "\(label): operator histogram")
            XCTAssertEqual(record.outputs, before.outputs, "\(label): output bytes")
        }
    }

    static func transpose(_ tensor: Tensor, _ perm: [Int]) throws -> Tensor {
        let node = Node(name: "layout", op: "Transpose", inputs: ["x"], outputs: ["y"], attributes: ["perm": .ints(perm)])
        return try OpRegistry.evaluate(node, [tensor])[0]
    }

    static func digest(_ tensor: Tensor) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        for size in tensor.shape { withUnsafeBytes(of: Int64(size).littleEndian) { $0.forEach(mix) } }
        tensor.data.forEach(mix)
        return "\(tensor.dtype) \(tensor.shape) " + String(hash, radix: 16)
    }
}
