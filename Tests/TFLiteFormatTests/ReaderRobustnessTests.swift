import Foundation
import LiteIR
import LiteOps
import TFLiteFormat
import XCTest

/// A corrupt or hostile .tflite is a TFLiteFormatError naming the file, never a crash.
final class ReaderRobustnessTests: XCTestCase {
    private func writeSmallModel(to url: URL) throws {
        var builder = GraphBuilder(graph: Graph(inputs: ["x"], outputs: ["y"], types: ["x": TensorType(.float32, fixed: [1, 4, 4, 2])]))
        builder.graph.setConstant("w", Tensor(shape: [3, 3, 3, 2], values: (0..<54).map { Float($0) / 54 }))
        let conv = try builder.add("Conv2D", ["x", "w"], ["pads": .ints([1, 1, 1, 1])], name: "conv")
        try builder.add(Node(name: "relu", op: "Relu", inputs: [conv], outputs: ["y"]))
        _ = try TFLiteWriter.write(builder.graph, to: url)
    }

    func testEveryTruncationIsAnError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("robust-\(getpid()).tflite")
        try writeSmallModel(to: url)
        let full = try Data(contentsOf: url)
        XCTAssertNoThrow(try TFLiteReader.read(url))
        let cut = url.deletingLastPathComponent().appendingPathComponent("cut-\(getpid()).tflite")
        var refused = 0
        for length in stride(from: 0, to: full.count, by: 3) {
            try full.prefix(length).write(to: cut)
            do {
                _ = try TFLiteReader.read(cut)
            } catch let error as TFLiteFormatError {
                XCTAssertTrue(error.description.contains(cut.path), error.description)
                refused += 1
            }
        }
        // Only cuts inside the final alignment padding may still read.
        XCTAssertGreaterThan(refused, (full.count - 16) / 3)
    }

    func testRandomByteFlipsNeverCrash() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flip-\(getpid()).tflite")
        try writeSmallModel(to: url)
        let full = try Data(contentsOf: url)
        var generator = SplitMix64(seed: 20261124)
        // Flip bytes in the structure (the weights at the end only change values).
        let structure = full.count - 54 * 4 - 64
        for _ in 0..<3000 {
            var mutated = full
            for _ in 0..<3 {
                mutated[Int.random(in: 0..<structure, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            try mutated.write(to: url)
            _ = try? TFLiteReader.read(url)
        }
    }

    /// The sequence builtins read many constant gate tensors and a variable state: flips there
    /// (any byte of a small LSTM file) are errors too.
    func testRandomByteFlipsInASequenceLSTMNeverCrash() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flip-lstm-\(getpid()).tflite")
        let (t, b, i, h) = (3, 1, 2, 2)
        var builder = GraphBuilder(graph: Graph(inputs: ["x"], outputs: ["y"], types: ["x": TensorType(.float32, fixed: [t, b, i])]))
        builder.graph.setConstant("w", Tensor(shape: [1, 4 * h, i], values: (0..<(8 * h)).map { Float($0) / 16 }))
        builder.graph.setConstant("r", Tensor(shape: [1, 4 * h, h], values: (0..<(8 * h)).map { Float($0) / 32 }))
        try builder.add(Node(name: "lstm", op: "SequenceLSTM", inputs: ["x", "w", "r"], outputs: ["y", ""], attributes: ["hidden_size": .int(h)]))
        _ = try TFLiteWriter.write(builder.graph, to: url)
        let full = try Data(contentsOf: url)
        XCTAssertNoThrow(try TFLiteReader.read(url))
        var generator = SplitMix64(seed: 20261207)
        for _ in 0..<3000 {
            var mutated = full
            for _ in 0..<3 { mutated[Int.random(in: 0..<full.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            try mutated.write(to: url)
            _ = try? TFLiteReader.read(url)
        }
    }

    func testGarbageIsRefusedWithTheFileName() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(getpid()).tflite")
        try Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 * 37) }).write(to: url)
        XCTAssertThrowsError(try TFLiteReader.read(url)) { error in
            XCTAssertTrue("\(error)".contains(url.path), "\(error)")
        }
    }
}
