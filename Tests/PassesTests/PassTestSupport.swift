import Interpreter
import LiteIR
import LiteOps
import Passes
import XCTest

/// The invariants every pass test checks: graph inputs and outputs unchanged (names, types), the
/// graph still type-checks, outputs equal before and after within 1e-5 on random inputs, and the
/// op list after the pass.
extension XCTestCase {
    /// Deterministic pseudo-random values in [-1, 1).
    func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Float(state % 2000) / 1000 - 1
        }
    }

    func random(_ shape: [Int], seed: UInt64) -> Tensor {
        Tensor(shape: shape, values: values(shape.reduce(1, *), seed: seed))
    }

    /// Runs `pass` on `graph` and checks the invariants; returns the rewritten graph.
    @discardableResult
    func assertPass(_ pass: any GraphPass, on graph: Graph, inputs: [String: [Int]], expectedOps: [String],
                    file: StaticString = #filePath, line: UInt = #line) throws -> Graph {
        var rewritten = graph
        let stats = try pass.run(on: &rewritten)
        try TypeInference.run(&rewritten)
        XCTAssertEqual(rewritten.nodes.map(\.op), expectedOps, file: file, line: line)
        XCTAssertEqual(stats.nodesBefore, graph.nodes.count, file: file, line: line)
        XCTAssertEqual(stats.nodesAfter, expectedOps.count, file: file, line: line)
        XCTAssertEqual(rewritten.inputs, graph.inputs, file: file, line: line)
        XCTAssertEqual(rewritten.outputs, graph.outputs, file: file, line: line)
        for name in graph.inputs + graph.outputs {
            XCTAssertEqual(rewritten.types[name], graph.types[name], "type of \(name)", file: file, line: line)
        }
        for seed in [1, 2] as [UInt64] {
            let feed = Dictionary(uniqueKeysWithValues: inputs.map { ($0.key, random($0.value, seed: seed &+ UInt64($0.value.count))) })
            let before = try Interpreter(graph: graph).run(feed), after = try Interpreter(graph: rewritten).run(feed)
            for name in graph.outputs {
                let a = try XCTUnwrap(before[name]).values(Float.self), b = try XCTUnwrap(after[name]).values(Float.self)
                XCTAssertEqual(a.count, b.count, file: file, line: line)
                for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-5 * max(1, abs(x)), "\(name)", file: file, line: line) }
            }
        }
        return rewritten
    }

    func builder(_ inputs: [String: [Int]], outputs: [String]) -> GraphBuilder {
        GraphBuilder(graph: Graph(inputs: inputs.keys.sorted(), outputs: outputs,
                                  types: inputs.mapValues { TensorType(.float32, fixed: $0) }))
    }
}
