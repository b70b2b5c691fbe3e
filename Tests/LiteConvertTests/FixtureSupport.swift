import Foundation
import LiteConvert
import LiteIR
import NumPyIO
import XCTest

/// Locations of the committed models with onnxruntime's expected outputs.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = root.appendingPathComponent("Samples")
    static let ops = root.appendingPathComponent("Tests/Fixtures/ops")

    static func models(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "onnx" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func arrays(_ model: URL, _ kind: String) throws -> [NamedTensor] {
        try NumPy.readNPZ(url: model.deletingPathExtension().appendingPathExtension("\(kind).npz"))
    }

    static func scratch(_ name: String) -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("liteconvert-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name)
    }
}

/// Asserts outputs match expected arrays: |a − e| ≤ atol + rtol·|e| for floats, exact for integers.
func assertMatches(_ actual: [NamedTensor], _ expected: [NamedTensor], atol: Float = 1e-5, rtol: Float = 1e-4,
                   _ label: String, file: StaticString = #filePath, line: UInt = #line) {
    let byName = Dictionary(actual.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
    for (name, reference) in expected {
        guard let tensor = byName[name] else {
            XCTFail("\(label): missing output '\(name)' (have \(byName.keys.sorted()))", file: file, line: line)
            continue
        }
        XCTAssertEqual(tensor.shape, reference.shape, "\(label): shape of '\(name)'", file: file, line: line)
        guard tensor.shape == reference.shape else { continue }
        if !reference.dtype.isFloatingPoint {
            XCTAssertEqual(tensor.int64s(), reference.int64s(), "\(label): values of '\(name)'", file: file, line: line)
            continue
        }
        let a = tensor.floats(), e = reference.floats()
        var worst: (Int, Float)? = nil
        for i in a.indices {
            let diff = abs(a[i] - e[i])
            if !(diff <= atol + rtol * abs(e[i])) && !(a[i].isNaN && e[i].isNaN) && !(a[i] == e[i]) {
                if worst == nil || diff > worst!.1 { worst = (i, diff) }
            }
        }
        if let (i, diff) = worst {
            XCTFail("\(label): '\(name)' differs at element \(i): \(a[i]) vs expected \(e[i]) (|diff| \(diff))", file: file, line: line)
        }
    }
}
