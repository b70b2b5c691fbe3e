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
}
