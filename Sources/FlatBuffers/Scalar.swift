/// A fixed-size value FlatBuffers stores inline, little-endian: the integer types, `Float`,
/// `Double` and `Bool` (one byte, nonzero reads as true).
public protocol FlatBufferScalar: Equatable, Sendable {
    /// Bytes the value occupies in a buffer (also its alignment).
    static var byteSize: Int { get }
    /// Stores the little-endian bytes of `self` at `pointer`, which need not be aligned.
    func storeLittleEndian(to pointer: UnsafeMutableRawPointer)
    /// Loads a value from little-endian bytes at `pointer`, which need not be aligned.
    static func loadLittleEndian(from pointer: UnsafeRawPointer) -> Self
}

extension FlatBufferScalar where Self: FixedWidthInteger {
    public static var byteSize: Int { MemoryLayout<Self>.size }

    public func storeLittleEndian(to pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: littleEndian, as: Self.self)
    }

    public static func loadLittleEndian(from pointer: UnsafeRawPointer) -> Self {
        Self(littleEndian: pointer.loadUnaligned(as: Self.self))
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

    public func storeLittleEndian(to pointer: UnsafeMutableRawPointer) {
        bitPattern.storeLittleEndian(to: pointer)
    }

    public static func loadLittleEndian(from pointer: UnsafeRawPointer) -> Float {
        Float(bitPattern: UInt32.loadLittleEndian(from: pointer))
    }
}

extension Double: FlatBufferScalar {
    public static var byteSize: Int { 8 }

    public func storeLittleEndian(to pointer: UnsafeMutableRawPointer) {
        bitPattern.storeLittleEndian(to: pointer)
    }

    public static func loadLittleEndian(from pointer: UnsafeRawPointer) -> Double {
        Double(bitPattern: UInt64.loadLittleEndian(from: pointer))
    }
}

extension Bool: FlatBufferScalar {
    public static var byteSize: Int { 1 }

    public func storeLittleEndian(to pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: self ? 1 : 0, as: UInt8.self)
    }

    public static func loadLittleEndian(from pointer: UnsafeRawPointer) -> Bool {
        pointer.load(as: UInt8.self) != 0
    }
}
