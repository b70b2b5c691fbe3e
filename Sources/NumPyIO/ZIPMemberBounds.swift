import Foundation

/// Where each member's data lies, read from the archive's own directory. ZIPFoundation keeps
/// reading a member whose data runs past the end of the file (empty reads at the end, forever),
/// so `readNPZ` refuses such members before extracting anything.
enum ZIPMemberBounds {
    /// Throws unless every member of the archive `bytes` is stored or deflated and its data lies
    /// inside the archive.
    static func check(_ bytes: Data) throws {
        let zip = Reader(bytes: bytes)
        let directory = try zip.centralDirectory()
        var position = directory.offset
        for _ in 0..<directory.count {
            guard try zip.uint32(position) == 0x0201_4b50 else { throw NumPyError("the archive's directory is malformed") }
            let method = try zip.uint16(position + 10)
            var compressed = UInt64(try zip.uint32(position + 20)), local = UInt64(try zip.uint32(position + 42))
            let nameLength = Int(try zip.uint16(position + 28)), extraLength = Int(try zip.uint16(position + 30))
            let commentLength = Int(try zip.uint16(position + 32))
            let name = String(decoding: try zip.bytes(position + 46, nameLength), as: UTF8.self)
            // ZIP64: the sizes and offset that do not fit 32 bits are in extra field 1, in this order.
            if try zip.uint32(position + 24) == .max || compressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                var values = try zip.zip64Values(at: position + 46 + nameLength, length: extraLength).makeIterator()
                if try zip.uint32(position + 24) == .max { _ = values.next() }
                if compressed == 0xFFFF_FFFF { compressed = try values.next() ?? { throw NumPyError("member '\(name)' lacks its ZIP64 sizes") }() }
                if local == 0xFFFF_FFFF { local = try values.next() ?? { throw NumPyError("member '\(name)' lacks its ZIP64 offset") }() }
            }
            guard method == 0 || method == 8 else { throw NumPyError("member '\(name)' is compressed with method \(method) (only stored and deflate are read)") }
            guard local <= UInt64(bytes.count), try zip.uint32(Int(local)) == 0x0403_4b50 else {
                throw NumPyError("member '\(name)' has no local header where the directory says")
            }
            let start = UInt64(Int(local) + 30) + UInt64(try zip.uint16(Int(local) + 26)) + UInt64(try zip.uint16(Int(local) + 28))
            guard start <= UInt64(bytes.count), compressed <= UInt64(bytes.count) - start else {
                throw NumPyError("member '\(name)' claims \(compressed) bytes of data but the archive ends first")
            }
            position += 46 + nameLength + extraLength + commentLength
        }
    }

    /// Little-endian fields of the archive, every read bounds-checked.
    private struct Reader {
        let bytes: Data

        func bytes(_ offset: Int, _ count: Int) throws -> Data {
            guard offset >= 0, count >= 0, offset <= bytes.count - count else { throw NumPyError("the archive is truncated") }
            return bytes.subdata(in: bytes.startIndex + offset..<bytes.startIndex + offset + count)
        }

        func integer(_ offset: Int, _ width: Int) throws -> UInt64 {
            try bytes(offset, width).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }

        func uint16(_ offset: Int) throws -> UInt16 { UInt16(try integer(offset, 2)) }
        func uint32(_ offset: Int) throws -> UInt32 { UInt32(try integer(offset, 4)) }

        /// The central directory's offset and member count, from the end record (ZIP64's when the
        /// classic one is saturated).
        func centralDirectory() throws -> (offset: Int, count: Int) {
            let last = bytes.count - 22
            guard last >= 0, let end = stride(from: last, through: max(0, last - 65_535), by: -1).first(where: { (try? uint32($0)) == 0x0605_4b50 }) else {
                throw NumPyError("the archive has no end record")
            }
            var count = UInt64(try uint16(end + 10)), offset = UInt64(try uint32(end + 16))
            if count == 0xFFFF || offset == 0xFFFF_FFFF {
                guard end >= 20, try uint32(end - 20) == 0x0706_4b50 else { throw NumPyError("the archive's ZIP64 end record is missing") }
                let record = try integer(end - 12, 8)
                guard record <= UInt64(bytes.count), try uint32(Int(record)) == 0x0606_4b50 else { throw NumPyError("the archive's ZIP64 end record is malformed") }
                count = try integer(Int(record) + 32, 8)
                offset = try integer(Int(record) + 48, 8)
            }
            // Every directory entry takes at least 46 bytes.
            guard offset <= UInt64(bytes.count), count <= (UInt64(bytes.count) - offset) / 46 else {
                throw NumPyError("the archive's directory lies outside it")
            }
            return (Int(offset), Int(count))
        }

        /// The 64-bit values of the ZIP64 extra field among the `length` bytes of extra fields at `offset`.
        func zip64Values(at offset: Int, length: Int) throws -> [UInt64] {
            var position = offset
            while position + 4 <= offset + length {
                let id = try uint16(position), size = Int(try uint16(position + 2))
                if id == 1 { return try stride(from: 0, to: size / 8 * 8, by: 8).map { try integer(position + 4 + $0, 8) } }
                position += 4 + size
            }
            return []
        }
    }
}
