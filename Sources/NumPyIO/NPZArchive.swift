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
        var arrays: [(name: String, tensor: Tensor)] = []
        for entry in archive where entry.type == .file {
            let name = entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : entry.path
            // The declared size bounds what we accept, so a forged archive cannot grow memory without end.
            let declared = entry.uncompressedSize
            guard declared < UInt64(NPZLimits.maximumArrayBytes) else {
                throw NumPyError("\(url.path): array '\(name)' declares \(declared) bytes, more than this tool reads")
            }
            var bytes = Data(capacity: Int(declared))
            do {
                _ = try archive.extract(entry) { chunk in
                    guard bytes.count + chunk.count <= Int(declared) else { throw NumPyError("array '\(name)' is larger than declared") }
                    bytes.append(chunk)
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

    /// Writes an uncompressed `.npz` like `np.savez`, atomically (temporary file, then rename).
    public static func writeNPZ(_ arrays: [(name: String, tensor: Tensor)], to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        try? FileManager.default.removeItem(at: temporary)
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            for (name, tensor) in arrays {
                let payload = npyData(tensor)
                try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(payload.count),
                                     compressionMethod: .none) { position, size in
                    payload.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw NumPyError("\(url.path): cannot write (\(error))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw NumPyError("\(url.path): cannot write (\(String(cString: strerror(errno))))")
        }
    }
}

/// Size limits for arrays read from files.
enum NPZLimits {
    /// 8 GiB: larger arrays are refused rather than allocated.
    static let maximumArrayBytes = 8 << 30
}
