import Foundation

extension FlatBufferBuilder {
    /// A byte vector whose payload is referenced, not copied: the builder keeps `payload` as a
    /// segment of the output and writes only its length prefix and padding. The first payload
    /// byte lies at a multiple of `alignment` (a power of two) from the start of the file.
    /// Throws when the buffer would exceed ``maximumSize``.
    public mutating func createLargeByteVector(_ payload: Data, alignment: Int = 16) throws -> Offset {
        beginObject()
        guard alignment > 0, alignment & (alignment - 1) == 0 else {
            throw FlatBufferError("alignment \(alignment) is not a power of two")
        }
        let blockAlignment = max(4, alignment)
        let remainder = (size + payload.count) % blockAlignment
        let padding = remainder == 0 ? 0 : blockAlignment - remainder
        let grownSize = size + padding + payload.count + 4
        guard grownSize <= Self.maximumSize else {
            throw FlatBufferError("the buffer would grow to \(grownSize) bytes, over the 2 GiB FlatBuffers limit")
        }
        align(blockAlignment, beforeWriting: payload.count)
        if !payload.isEmpty {
            sealFront()
            sealedSegments.append(payload)
            sealedSize += payload.count
        }
        front.prepend(UInt32(payload.count))
        return Offset(fromEnd: size)
    }

    /// Moves the bytes written so far behind the next large payload.
    private mutating func sealFront() {
        guard front.count > 0 else { return }
        sealedSegments.append(front.content)
        sealedSize += front.count
        front.removeAll()
    }

    /// Completes the buffer: pads it to its largest alignment and writes the root offset and
    /// the optional 4-character file identifier (e.g. "TFL3").
    public mutating func finish(root: Offset, fileIdentifier: String? = nil) {
        beginObject()
        let identifier = Array((fileIdentifier ?? "").utf8)
        precondition(identifier.isEmpty || identifier.count == 4, "a file identifier has exactly 4 bytes")
        align(max(4, minimumAlignment), beforeWriting: 4 + identifier.count)
        identifier.withUnsafeBytes { front.prepend($0) }
        front.prepend(uoffset(to: root))
        isFinished = true
    }

    /// The finished buffer as segments in file order; large payloads are the callers' own
    /// `Data`, not copies. Throws when the buffer exceeds ``maximumSize``.
    public func finishedSegments() throws -> [Data] {
        try checkFinished()
        return [front.content] + sealedSegments.reversed()
    }

    /// The finished buffer in one array (copies large payloads: for small buffers and tests).
    public func finishedBytes() throws -> [UInt8] {
        try checkFinished()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        front.withContent { bytes.append(contentsOf: $0) }
        for segment in sealedSegments.reversed() { bytes.append(contentsOf: segment) }
        return bytes
    }

    /// Streams the finished buffer to `handle` at its current position, segment by segment.
    public func write(to handle: FileHandle) throws {
        try checkFinished()
        try front.withContent { try handle.write(contentsOf: $0) }
        for segment in sealedSegments.reversed() { try handle.write(contentsOf: segment) }
    }

    private func checkFinished() throws {
        precondition(isFinished, "call finish(root:fileIdentifier:) first")
        guard size <= Self.maximumSize else {
            throw FlatBufferError("the buffer is \(size) bytes, over the 2 GiB FlatBuffers limit")
        }
    }
}
