import Foundation

/// Element type of a tensor. Raw values are the lower-case names used in messages and JSON.
public enum DType: String, Sendable, CaseIterable, Codable {
    case float32, float16, float64
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case bool

    /// Bytes per element in the little-endian storage of a ``Tensor``.
    public var byteSize: Int {
        switch self {
        case .int8, .uint8, .bool: 1
        case .float16, .int16, .uint16: 2
        case .float32, .int32, .uint32: 4
        case .float64, .int64, .uint64: 8
        }
    }

    public var isFloatingPoint: Bool { self == .float32 || self == .float16 || self == .float64 }
    public var isInteger: Bool { !isFloatingPoint && self != .bool }

    /// The smallest and largest value of an integer type (uint64's largest as Int64's); nil for others.
    public var integerRange: (lowest: Int64, highest: Int64)? {
        switch self {
        case .int8: (Int64(Int8.min), Int64(Int8.max))
        case .int16: (Int64(Int16.min), Int64(Int16.max))
        case .int32: (Int64(Int32.min), Int64(Int32.max))
        case .int64: (.min, .max)
        case .uint8: (0, Int64(UInt8.max))
        case .uint16: (0, Int64(UInt16.max))
        case .uint32: (0, Int64(UInt32.max))
        case .uint64: (0, .max)
        case .float32, .float16, .float64, .bool: nil
        }
    }
}
