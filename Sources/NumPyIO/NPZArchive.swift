import AtomicFiles
import Foundation
import LiteIR
import ZIPFoundation

extension NumPy {
    /// Arrays of an `.npz` (stored or deflated), in archive order, named without `.npy`.
    public static func readNPZ(url: URL) throws -> [(name: String, tensor: Tensor)] {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw NumPyError("\(url.path): not a readable .npz archive (\(error))")
        }
        do {
            try ZIPMemberBounds.check(try Data(contentsOf: url, options: .alwaysMapped))
        } catch let error as NumPyError {
            throw NumPyError("\(url.path): not a readable .npz archive: \(error.description)")
        }
        var arrays: [(name: String, tensor: Tensor)] = []
        for entry in archive where entry.type == .file {
            let name = entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : entry.path
            // What the member declares bounds the first allocation, its header's shape (checked
            // against the memory budget before more is inflated) everything after: a forged
            // archive cannot grow memory beyond what its array needs.
            let declared = entry.uncompressedSize
            let budget = MemoryBudget.tensorBytes
            guard declared <= UInt64(budget) else {
                throw NumPyError("\(url.path): array '\(name)' declares \(declared) bytes, over the memory budget of \(budget) (--max-memory)")
            }
            var bytes = Data(capacity: min(Int(declared), 1 << 24))
            var expected: Int?
            do {
                _ = try archive.extract(entry) { chunk in
                    let total = bytes.count + chunk.count
                    guard total <= Int(declared), total <= (expected ?? Int.max) else {
                        throw NumPyError("array '\(name)' holds more than its \(expected == nil ? "declared size" : "shape needs")")
                    }
                    bytes.append(chunk)
                    if expected == nil, let layout = try layout(bytes, name: name) {
                        let (size, overflow) = layout.dataStart.addingReportingOverflow(layout.byteCount)
                        guard !overflow, layout.byteCount <= budget else {
                            throw NumPyError("array '\(name)': shape \(layout.shape) of \(layout.dtype) needs \(layout.byteCount) bytes, over the memory budget of \(budget) (--max-memory)")
                        }
                        expected = size
                    }
                }
                arrays.append((name, try readNPY(bytes, name: name)))
            } catch let error as NumPyError {
                throw NumPyError("\(url.path): \(error.description)")
            } catch {
                throw NumPyError("\(url.path): array '\(name)' cannot be extracted (\(error))")
            }
        }
        return arrays
    }

    /// Writes an uncompressed `.npz` like `np.savez`, atomically (``AtomicFile``).
    public static func writeNPZ(_ arrays: [(name: String, tensor: Tensor)], to url: URL) throws {
        do {
            let archive = try Archive(accessMode: .create)
            for (name, tensor) in arrays {
                let payload = npyData(tensor)
                try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(payload.count),
                                     compressionMethod: .none) { position, size in
                    payload.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw NumPyError("the archive has no data") }
            try AtomicFile.write(to: url) { try $0.write(contentsOf: data) }
        } catch {
            throw NumPyError("\(url.path): cannot write (\(error))")
        }
    }
}
