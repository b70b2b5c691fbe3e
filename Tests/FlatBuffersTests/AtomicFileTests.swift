import AtomicFiles
import Foundation
import XCTest

/// A file written through AtomicFile has no name until it is complete (so a kill leaves
/// nothing), replaces the old file whole, and a failed write leaves the folder as it was.
final class AtomicFileTests: XCTestCase {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func testTheFileHasNoNameWhileItIsWritten() throws {
        let dir = try folder(), target = dir.appendingPathComponent("model.tflite")
        try AtomicFile.write(to: target) { handle in
            try handle.write(contentsOf: Data(repeating: 7, count: 1 << 20))
            // Nothing in the folder to leave behind, were the process killed now.
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["model.tflite"])
        XCTAssertEqual(try Data(contentsOf: target), Data(repeating: 7, count: 1 << 20))
    }

    func testItReplacesTheOldFileWholeAndAFailureKeepsIt() throws {
        let dir = try folder(), target = dir.appendingPathComponent("out.npz")
        try Data("old".utf8).write(to: target)
        struct Interrupted: Error {}
        XCTAssertThrowsError(try AtomicFile.write(to: target) { handle in
            try handle.write(contentsOf: Data("half of the new".utf8))
            throw Interrupted()
        })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["out.npz"])
        XCTAssertEqual(try Data(contentsOf: target), Data("old".utf8))
        try AtomicFile.write(to: target) { try $0.write(contentsOf: Data("new".utf8)) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["out.npz"])
        XCTAssertEqual(try Data(contentsOf: target), Data("new".utf8))
    }

    func testAMissingFolderIsAnErrorNamingThePath() throws {
        let target = try folder().appendingPathComponent("no/such/folder/x.tflite")
        XCTAssertThrowsError(try AtomicFile.write(to: target) { _ in }) { error in
            XCTAssertTrue("\(error)".contains(target.path), "\(error)")
        }
    }
}
