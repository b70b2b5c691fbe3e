import Foundation
import LiteIR
import NumPyIO
import XCTest

/// Files written by NumPy itself, decoded to the values the fixture script wrote.
final class NumPyTests: XCTestCase {
    private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func testReadsEveryDtypeAndKeepsNamesAndOrder() throws {
        let arrays = try NumPy.readNPZ(url: fixtures.appendingPathComponent("mixed.npz"))
        XCTAssertEqual(arrays.map(\.name), ["input.1", "a/b:0", "mask", "bytes", "half", "scalar", "empty"])
        let byName = Dictionary(uniqueKeysWithValues: arrays.map { ($0.name, $0.tensor) })
        XCTAssertEqual(byName["input.1"]?.shape, [1, 2, 3, 4])
        XCTAssertEqual(byName["input.1"]?.values(Float.self), (0..<24).map { Float($0) / 8 })
        XCTAssertEqual(byName["a/b:0"]?.values(Int64.self), [-3, 0, 7])
        XCTAssertEqual(byName["mask"]?.values(Bool.self), [true, false, false, true])
        XCTAssertEqual(byName["bytes"]?.values(UInt8.self), [0, 255, 17])
        XCTAssertEqual(byName["half"]?.floats(), [0.5, -2, 65504])
        XCTAssertEqual(byName["scalar"]?.shape, [])
        XCTAssertEqual(byName["scalar"]?.values(Float.self), [3.25])
        XCTAssertEqual(byName["empty"]?.shape, [0, 3])
    }

    func testCompressedArchive() throws {
        let x = try XCTUnwrap(try NumPy.readNPZ(url: fixtures.appendingPathComponent("compressed.npz")).first?.tensor)
        let values = x.values(Float.self)
        XCTAssertEqual(values.count, 1000)
        XCTAssertEqual(values[999], 1)
        XCTAssertEqual(values[500], Float(500) / 999, accuracy: 1e-7)
    }

    func testFortranOrderBigEndianAndVersion2() throws {
        let fortran = try NumPy.readNPY(try Data(contentsOf: fixtures.appendingPathComponent("fortran.npy")), name: "f")
        XCTAssertEqual(fortran.shape, [2, 3])
        XCTAssertEqual(fortran.values(Int32.self), [0, 1, 2, 3, 4, 5])
        let big = try NumPy.readNPY(try Data(contentsOf: fixtures.appendingPathComponent("bigendian.npy")), name: "b")
        XCTAssertEqual(big.values(Float.self), [1.5, -2.25])
        let v2 = try NumPy.readNPY(try Data(contentsOf: fixtures.appendingPathComponent("version2.npy")), name: "v")
        XCTAssertEqual(v2.values(Int16.self), [1, 2, 3, 4])
    }

    func testWriteThenReadBackAndNumpyAgrees() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(getpid()).npz")
        let arrays: [(name: String, tensor: Tensor)] = [
            ("logits", Tensor(shape: [2, 2], values: [Float](arrayLiteral: 1, -2, 3.5, 0))),
            ("ids", Tensor(shape: [3], values: [Int64](arrayLiteral: 5, 6, 7))),
        ]
        try NumPy.writeNPZ(arrays, to: url)
        let back = try NumPy.readNPZ(url: url)
        XCTAssertEqual(back.map(\.name), ["logits", "ids"])
        XCTAssertEqual(back[0].tensor.values(Float.self), [1, -2, 3.5, 0])
        XCTAssertEqual(back[1].tensor.values(Int64.self), [5, 6, 7])
        let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return }  // make test creates it
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", "import numpy as np; d = np.load('\(url.path)'); print(d['logits'].tolist(), d['ids'].tolist(), d['logits'].dtype)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(printed.trimmingCharacters(in: .whitespacesAndNewlines), "[[1.0, -2.0], [3.5, 0.0]] [5, 6, 7] float32")
    }

    func testTruncatedAndForgedArraysThrow() throws {
        let good = NumPy.npyData(Tensor(shape: [4], values: [Float](arrayLiteral: 1, 2, 3, 4)))
        for length in 0..<good.count {
            XCTAssertThrowsError(try NumPy.readNPY(good.prefix(length), name: "cut"), "length \(length)")
        }
        var forged = good
        let header = String(decoding: forged, as: UTF8.self).replacingOccurrences(of: "(4,)", with: "(9999999999999,)")
        forged = Data(header.utf8)
        XCTAssertThrowsError(try NumPy.readNPY(forged, name: "forged")) { error in
            XCTAssertTrue("\(error)".contains("forged"))
        }
        XCTAssertThrowsError(try NumPy.readNPY(Data("not numpy at all".utf8), name: "junk"))
    }
}
