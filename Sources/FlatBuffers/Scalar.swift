import Foundation

/// A scalar FlatBuffers stores inline, little-endian.
public protocol FlatBufferScalar: Equatable, Sendable {
    static var byteSize: Int { get }
    /// Appends the little-endian bytes of `self`.
    func appendBytes(to bytes: inout [UInt8])
    /// Reads a value from little-endian bytes at `offset` (bounds already checked).
    static func read(from raw: UnsafeRawBufferPointer, at offset: Int) -> Self
}

extension FlatBufferScalar where Self: FixedWidthInteger {
    public static var byteSize: Int { MemoryLayout<Self>.size }
    public func appendBytes(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: littleEndian) { bytes.append(contentsOf: $0) }
    }
    public static func read(from raw: UnsafeRawBufferPointer, at offset: Int) -> Self {
        Self(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Self.self))
    }
}

extension Int8: FlatBufferScalar {}
extension UInt8: FlatBufferScalar {}
extension Int16: FlatBufferScalar {}
extension UInt16: FlatBufferScalar {}
extension Int32: FlatBufferScalar {}
extension UInt32: FlatBufferScalar {}
extension Int64: FlatBufferScalar {}
extension UInt64: FlatBufferScalar {}

extension Float: FlatBufferScalar {
    public static var byteSize: Int { 4 }
    public func appendBytes(to bytes: inout [UInt8]) { bitPattern.appendBytes(to: &bytes) }
    public static func read(from raw: UnsafeRawBufferPointer, at offset: Int) -> Float {
        Float(bitPattern: UInt32.read(from: raw, at: offset))
    }
}

extension Double: FlatBufferScalar {
    public static var byteSize: Int { 8 }
    public func appendBytes(to bytes: inout [UInt8]) { bitPattern.appendBytes(to: &bytes) }
    public static func read(from raw: UnsafeRawBufferPointer, at offset: Int) -> Double {
        Double(bitPattern: UInt64.read(from: raw, at: offset))
    }
}

extension Bool: FlatBufferScalar {
    public static var byteSize: Int { 1 }
    public func appendBytes(to bytes: inout [UInt8]) { bytes.append(self ? 1 : 0) }
    public static func read(from raw: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        raw[offset] != 0
    }
}
