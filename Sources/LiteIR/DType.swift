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
}
