import Foundation

/// An object already written into a ``FlatBufferBuilder``: its distance, in bytes, from its
/// first byte to the end of the buffer. Only meaningful for the builder that returned it.
public struct Offset: Hashable, Sendable {
    public let fromEnd: Int
}

/// Builds a FlatBuffer back to front, like the reference implementation: children first, then
/// the tables that refer to them, then ``finish(root:fileIdentifier:)``.
///
/// Alignment is tracked from the end of the buffer and the finished size is padded to the
/// largest alignment used, so every object is aligned from the START of the file too.
///
/// Large payloads (model weights) are not copied: ``createLargeByteVector(_:alignment:)`` keeps
/// the caller's `Data` as a separate segment that ``write(to:)`` streams in place. They
/// may be created at any point outside a table.
public struct FlatBufferBuilder: Sendable {
    /// The largest buffer 32-bit FlatBuffers offsets can address (2 GiB - 1).
    public static let maximumSize = Int(Int32.max)

    /// The front of the file: everything written since the last large payload.
    var front: BackToFrontBytes
    /// The rest of the file after `front`, the LAST segment of the file first.
    var sealedSegments: [Data] = []
    /// Total bytes in `sealedSegments`.
    var sealedSize = 0
    /// The largest alignment any object needed; the finished size is a multiple of it.
    var minimumAlignment = 1
    /// The table between `startTable()` and `endTable()`, if any.
    var openTable: OpenTable?
    /// Vtables written so far, by content, to share identical ones.
    var writtenVtables: [[UInt16]: Int] = [:]
    var isFinished = false

    /// Creates an empty builder whose first chunk holds `capacity` bytes before growing.
    public init(capacity: Int = 1 << 16) {
        front = BackToFrontBytes(capacity: capacity)
    }

    /// Bytes written so far: the offset from the end that the next object will start at.
    public var size: Int { sealedSize + front.count }

    // MARK: Strings and vectors

    /// A UTF-8 string: a length prefix, the bytes and a terminating NUL.
    public mutating func createString(_ string: String) -> Offset {
        var text = string
        return text.withUTF8 { utf8 in
            beginObject()
            align(4, beforeWriting: utf8.count + 1)
            front.prependZeros(1)
            front.prepend(UnsafeRawBufferPointer(utf8))
            front.prepend(UInt32(truncatingIfNeeded: utf8.count))
            return Offset(fromEnd: size)
        }
    }

    /// A vector of scalars (`[int]`, `[float]`, `[bool]`, …), copied in bulk.
    public mutating func createVector<T: FlatBufferScalar>(ofScalars values: [T]) -> Offset {
        beginObject()
        align(max(4, T.byteSize), beforeWriting: values.count * T.byteSize)
        #if _endian(little)
        values.withUnsafeBytes { front.prepend($0) }
        #else
        for value in values.reversed() { front.prepend(value) }
        #endif
        front.prepend(UInt32(truncatingIfNeeded: values.count))
        return Offset(fromEnd: size)
    }

    /// A vector of bytes (`[ubyte]`) whose first data byte is a multiple of `alignment` (a power
    /// of two, e.g. 16 for TFLite buffers) from the start of the finished file. The bytes are
    /// copied into the builder; see ``createLargeByteVector(_:alignment:)`` for large payloads.
    public mutating func createByteVector(_ bytes: some ContiguousBytes, alignment: Int = 1) -> Offset {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "alignment \(alignment) is not a power of two")
        beginObject()
        return bytes.withUnsafeBytes { raw in
            align(max(4, alignment), beforeWriting: raw.count)
            front.prepend(raw)
            front.prepend(UInt32(truncatingIfNeeded: raw.count))
            return Offset(fromEnd: size)
        }
    }

    /// A vector of references to tables, strings or vectors already written, in order.
    public mutating func createVector(ofOffsets offsets: [Offset]) -> Offset {
        beginObject()
        align(4, beforeWriting: 4 * offsets.count)
        for offset in offsets.reversed() { front.prepend(uoffset(to: offset)) }
        front.prepend(UInt32(truncatingIfNeeded: offsets.count))
        return Offset(fromEnd: size)
    }

    /// A vector of strings (`[string]`).
    public mutating func createVector(ofStrings strings: [String]) -> Offset {
        var offsets: [Offset] = []
        offsets.reserveCapacity(strings.count)
        for string in strings { offsets.append(createString(string)) }
        return createVector(ofOffsets: offsets)
    }

    // MARK: Low level

    /// Checks that a new object may start here (not inside a table, not after finishing).
    mutating func beginObject() {
        precondition(!isFinished, "the buffer is already finished")
        precondition(openTable == nil, "objects cannot be created while a table is being built")
    }

    /// Pads so that after `byteCount` more bytes the size is a multiple of `alignment`.
    mutating func align(_ alignment: Int, beforeWriting byteCount: Int) {
        minimumAlignment = max(minimumAlignment, alignment)
        let remainder = (size + byteCount) % alignment
        if remainder != 0 { front.prependZeros(alignment - remainder) }
    }

    /// The uoffset a 4-byte slot written next (already aligned) must hold to reach `target`.
    func uoffset(to target: Offset) -> UInt32 {
        precondition(target.fromEnd > 0 && target.fromEnd <= size, "offset \(target.fromEnd) does not belong to this builder")
        return UInt32(truncatingIfNeeded: size + 4 - target.fromEnd)
    }
}
