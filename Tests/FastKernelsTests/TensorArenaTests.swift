@testable import FastKernels
import Foundation
import XCTest

/// The memory plan: a recording run's lifetimes, views included, place later runs' buffers so
/// that buffers alive at the same time never overlap, and buffers whose lives do not meet share
/// memory.
final class TensorArenaTests: XCTestCase {
    private func range(_ data: Data) -> Range<Int> {
        data.withUnsafeBytes { Int(bitPattern: $0.baseAddress!)..<Int(bitPattern: $0.baseAddress!) + $0.count }
    }

    /// Node 0 writes A; node 1 reads A and writes B; node 2 makes a view of B; node 3 reads the
    /// view and writes C, the graph output.
    private func run(_ arena: TensorArena) -> (a: Data, b: Data, c: Data) {
        arena.beginRun()
        arena.enter(node: 0)
        let a = arena.take(100_000)
        arena.produced(a)
        arena.enter(node: 1)
        let b = arena.take(80_000)
        arena.produced(b)
        arena.released(a)
        arena.enter(node: 2)
        let view = b[1000..<5000]
        arena.produced(view)
        arena.released(b)
        arena.enter(node: 3)
        let c = arena.take(90_000)
        arena.produced(c)
        arena.released(view)
        arena.finishRun(outputs: [c])
        return (a, b, c)
    }

    func testPlannedBuffersNeverOverlapWhileAlive() {
        let arena = TensorArena()
        let first = run(arena)
        XCTAssertFalse(arena.holds(first.a), "the recording run takes fresh buffers")
        let second = run(arena)
        for buffer in [second.a, second.b, second.c] { XCTAssertTrue(arena.holds(buffer)) }
        // A and B are alive together at node 1; B (through its view) and C at node 3.
        XCTAssertFalse(range(second.a).overlaps(range(second.b)))
        XCTAssertFalse(range(second.b).overlaps(range(second.c)))
        // A is dead before C is written: they share memory.
        XCTAssertTrue(range(second.a).overlaps(range(second.c)))
    }

    func testAnotherSizeLeavesThePlanAndTheNextRunRecordsAgain() {
        let arena = TensorArena()
        _ = run(arena)
        arena.beginRun()
        XCTAssertTrue(arena.holds(arena.take(100_000)))
        let other = arena.take(12_345)
        XCTAssertFalse(arena.holds(other), "a size the plan did not record gets a fresh buffer")
        XCTAssertFalse(arena.holds(arena.take(90_000)), "and so does everything after it")
        arena.finishRun(outputs: [])
        arena.beginRun()
        XCTAssertFalse(arena.holds(arena.take(100_000)), "the next run records")
    }
}
