import Foundation
import LiteIR
import LiteOps
import XCTest

/// Sizes computed from a file's numbers are checked, never trapped on: a shape is valid only when
/// the product of its nonzero dims fits, so every part of a valid shape can be multiplied out.
final class CheckedSizeTests: XCTestCase {
    func testAShapeIsValidOnlyWhenItsNonzeroDimsMultiplyOut() {
        XCTAssertEqual(checkedElementCount([2, 3, 4]), 24)
        XCTAssertEqual(checkedElementCount([0, 1 << 20]), 0)
        XCTAssertEqual(checkedElementCount([]), 1)
        XCTAssertNil(checkedElementCount([0, 1 << 40, 1 << 40]), "zero elements, but its inner blocks overflow")
        XCTAssertNil(checkedElementCount([1 << 32, 1 << 32]))
        XCTAssertNil(checkedElementCount([3, -1]))
        XCTAssertThrowsError(try Tensor(dtype: .float32, shape: [0, 1 << 40, 1 << 40], data: Data()))
    }

    func testReshapeTargetsThatOverflowAreErrors() throws {
        let x = Tensor(shape: [2, 3], values: [Float](repeating: 1, count: 6))
        for target in [[1 << 40, 1 << 40, -1], [-1, 1 << 62, 4]] {
            let shape = Tensor(shape: [target.count], values: target.map(Int64.init))
            XCTAssertThrowsError(try OpRegistry.evaluate("Reshape", [x, shape]), "\(target)") { error in
                XCTAssertTrue("\(error)".contains("more elements than any tensor"), "\(error)")
            }
            XCTAssertThrowsError(try OpRegistry.evaluate("Reshape", [x], ["shape": .ints(target)]), "\(target)")
        }
    }

    func testSliceRangesAreComputedNotListed() {
        // Python's slice semantics (start, stop and step clamped to the sequence) over small axes.
        for n in 0...5 {
            for start in -7...7 {
                for end in -7...7 {
                    for step in [-3, -2, -1, 1, 2, 3] {
                        let range = SliceRange(start: start, end: end, step: step, size: n)
                        XCTAssertEqual(range.indices, pythonSlice(n, start, end, step), "n \(n) [\(start):\(end):\(step)]")
                    }
                }
            }
        }
        let huge = SliceRange(start: 1, end: Int.max, step: 2, size: 1 << 40)
        XCTAssertEqual(huge.count, 1 << 39)
        XCTAssertEqual(huge.last, (1 << 40) - 1)
        XCTAssertEqual(SliceRange(start: 0, end: Int.max, step: Int.max, size: 1 << 40).count, 1)
    }

    /// `list(range(n))[start:end:step]`, by walking the definition.
    private func pythonSlice(_ n: Int, _ start: Int, _ end: Int, _ step: Int) -> [Int] {
        func clamp(_ v: Int, _ low: Int, _ high: Int) -> Int { min(max(v < 0 ? v + n : v, low), high) }
        var i = step > 0 ? clamp(start, 0, n) : clamp(start, -1, n - 1)
        let stop = step > 0 ? clamp(end, 0, n) : clamp(end, -1, n - 1)
        var out: [Int] = []
        while step > 0 ? i < stop : i > stop {
            out.append(i)
            i += step
        }
        return out
    }
}
