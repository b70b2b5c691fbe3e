import Foundation

/// A byte array that grows toward its front: new bytes go before the old ones, as a FlatBuffer
/// is built. The content is the tail `storage[head...]`, already in final (file) order.
struct BackToFrontBytes: Sendable {
    private var storage: [UInt8]
    private var head: Int

    init(capacity: Int) {
        storage = [UInt8](repeating: 0, count: max(capacity, 16))
        head = storage.count
    }

    /// Bytes written so far.
    var count: Int { storage.count - head }

    /// The content in file order (a copy).
    var content: Data { storage.withUnsafeBytes { Data(UnsafeRawBufferPointer(rebasing: $0[head...])) } }

    /// Calls `body` with the content in file order, without copying.
    func withContent<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[head...])) }
    }

    /// Forgets the content, keeping the storage for reuse.
    mutating func removeAll() {
        head = storage.count
    }

    /// Makes room for `byteCount` more bytes, doubling the storage so appends stay amortized O(1).
    private mutating func reserve(_ byteCount: Int) {
        guard byteCount > head else { return }
        let used = count
        let grown = max(storage.count * 2, used + byteCount)
        var larger = [UInt8](repeating: 0, count: grown)
        larger.withUnsafeMutableBytes { target in
            storage.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: target[(grown - used)...])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[head...]))
            }
        }
        storage = larger
        head = grown - used
    }

    /// Writes `byteCount` zero bytes in front.
    mutating func prependZeros(_ byteCount: Int) {
        guard byteCount > 0 else { return }
        reserve(byteCount)
        head -= byteCount
        storage.withUnsafeMutableBytes { bytes in
            _ = UnsafeMutableRawBufferPointer(rebasing: bytes[head..<(head + byteCount)]).initializeMemory(as: UInt8.self, repeating: 0)
        }
    }

    /// Writes a scalar in front, little-endian.
    mutating func prepend<T: FlatBufferScalar>(_ value: T) {
        reserve(T.byteSize)
        head -= T.byteSize
        let at = head
        storage.withUnsafeMutableBytes { bytes in
            if let base = bytes.baseAddress { value.storeLittleEndian(to: base + at) }
        }
    }

    /// Writes raw bytes in front, in their order.
    mutating func prepend(_ raw: UnsafeRawBufferPointer) {
        guard raw.count > 0 else { return }
        reserve(raw.count)
        head -= raw.count
        storage.withUnsafeMutableBytes { bytes in
            UnsafeMutableRawBufferPointer(rebasing: bytes[head..<(head + raw.count)]).copyMemory(from: raw)
        }
    }

    /// Overwrites the scalar whose first byte lies `distanceFromEnd` bytes before the end.
    mutating func overwrite<T: FlatBufferScalar>(_ value: T, distanceFromEnd: Int) {
        let at = storage.count - distanceFromEnd
        precondition(at >= head && at + T.byteSize <= storage.count, "overwrite outside the written bytes")
        storage.withUnsafeMutableBytes { bytes in
            if let base = bytes.baseAddress { value.storeLittleEndian(to: base + at) }
        }
    }
}
