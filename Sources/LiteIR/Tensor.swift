import Foundation

/// A Swift scalar type that is the in-memory form of one ``DType``.
public protocol TensorElement: Sendable {
    static var dtype: DType { get }
}

extension Float: TensorElement { public static var dtype: DType { .float32 } }
extension Float16: TensorElement { public static var dtype: DType { .float16 } }
extension Double: TensorElement { public static var dtype: DType { .float64 } }
extension Int8: TensorElement { public static var dtype: DType { .int8 } }
extension Int16: TensorElement { public static var dtype: DType { .int16 } }
extension Int32: TensorElement { public static var dtype: DType { .int32 } }
extension Int64: TensorElement { public static var dtype: DType { .int64 } }
extension UInt8: TensorElement { public static var dtype: DType { .uint8 } }
extension UInt16: TensorElement { public static var dtype: DType { .uint16 } }
extension UInt32: TensorElement { public static var dtype: DType { .uint32 } }
extension UInt64: TensorElement { public static var dtype: DType { .uint64 } }
extension Bool: TensorElement { public static var dtype: DType { .bool } }

public struct TensorError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A dense tensor: element type, concrete shape and little-endian bytes.
///
/// `data` may be a slice of a memory-mapped file; it is never copied unless converted.
public struct Tensor: Sendable {
    public let dtype: DType
    public let shape: [Int]
    public let data: Data

    /// Wraps raw little-endian bytes; throws when the byte count does not match the shape.
    public init(dtype: DType, shape: [Int], data: Data) throws {
        guard let n = checkedElementCount(shape) else {
            throw TensorError("invalid tensor shape \(shape)")
        }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow, bytes == data.count else {
            throw TensorError("tensor of \(dtype) \(shape) needs \(overflow ? "too many" : String(bytes)) bytes, has \(data.count)")
        }
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// Wraps bytes whose size the caller has already made consistent with the shape.
    public init(dtype: DType, shape: [Int], validatedData data: Data) {
        precondition(checkedElementCount(shape).map { $0 * dtype.byteSize } == data.count, "tensor bytes do not match \(shape)")
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// A tensor holding `values` (row-major). `values.count` must equal the shape's element count.
    public init<T: TensorElement>(shape: [Int], values: [T]) {
        precondition(checkedElementCount(shape) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.dtype = T.dtype
        self.shape = shape
        self.data = values.withUnsafeBytes { Data($0) }
    }

    /// A rank-0 tensor.
    public init<T: TensorElement>(scalar: T) {
        self.init(shape: [], values: [scalar])
    }

    public var count: Int { data.count / dtype.byteSize }
    public var rank: Int { shape.count }
    public var type: TensorType { TensorType(dtype, fixed: shape) }

    /// The elements as `T`; `T` must be the tensor's own element type.
    public func values<T: TensorElement>(_: T.Type = T.self) -> [T] {
        precondition(T.dtype == dtype, "tensor is \(dtype), not \(T.dtype)")
        let n = count
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            data.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<n * dtype.byteSize]))
            }
            initialized = n
        }
    }

    /// Elements converted to Float, whatever the element type.
    public func floats() -> [Float] {
        switch dtype {
        case .float32: values(Float.self)
        case .float16: values(Float16.self).map { Float($0) }
        case .float64: values(Double.self).map { Float($0) }
        case .bool: values(Bool.self).map { $0 ? 1 : 0 }
        default: int64s().map { Float($0) }
        }
    }

    /// Elements converted to Int64 (floats truncate toward zero, saturating).
    public func int64s() -> [Int64] {
        switch dtype {
        case .int64: values(Int64.self)
        case .int32: values(Int32.self).map { Int64($0) }
        case .int16: values(Int16.self).map { Int64($0) }
        case .int8: values(Int8.self).map { Int64($0) }
        case .uint8: values(UInt8.self).map { Int64($0) }
        case .uint16: values(UInt16.self).map { Int64($0) }
        case .uint32: values(UInt32.self).map { Int64($0) }
        case .uint64: values(UInt64.self).map { Int64(truncatingIfNeeded: $0) }
        case .bool: values(Bool.self).map { $0 ? 1 : 0 }
        case .float32, .float16, .float64: floats().map { Int64(exactly: $0.rounded(.towardZero)) ?? ($0 < 0 ? .min : .max) }
        }
    }

    /// Elements as Int (for shapes, axes and indices).
    public func ints() -> [Int] { int64s().map { Int($0) } }

    /// The same values with another shape of equal element count.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        try Tensor(dtype: dtype, shape: newShape, data: data)
    }

    /// Builds a tensor of `dtype` from Float values (rounding toward zero for integers).
    public static func fromFloats(_ values: [Float], shape: [Int], dtype: DType) -> Tensor {
        switch dtype {
        case .float32: return Tensor(shape: shape, values: values)
        case .float16: return Tensor(shape: shape, values: values.map { Float16($0) })
        case .float64: return Tensor(shape: shape, values: values.map { Double($0) })
        case .bool: return Tensor(shape: shape, values: values.map { $0 != 0 })
        default:
            return fromInt64s(values.map { $0.isFinite ? Int64(exactly: $0.rounded(.towardZero)) ?? ($0 < 0 ? .min : .max) : 0 }, shape: shape, dtype: dtype)
        }
    }

    /// Builds a tensor of `dtype` from Int64 values (wrapping like a C cast for narrower integers).
    public static func fromInt64s(_ values: [Int64], shape: [Int], dtype: DType) -> Tensor {
        switch dtype {
        case .int64: Tensor(shape: shape, values: values)
        case .int32: Tensor(shape: shape, values: values.map { Int32(truncatingIfNeeded: $0) })
        case .int16: Tensor(shape: shape, values: values.map { Int16(truncatingIfNeeded: $0) })
        case .int8: Tensor(shape: shape, values: values.map { Int8(truncatingIfNeeded: $0) })
        case .uint8: Tensor(shape: shape, values: values.map { UInt8(truncatingIfNeeded: $0) })
        case .uint16: Tensor(shape: shape, values: values.map { UInt16(truncatingIfNeeded: $0) })
        case .uint32: Tensor(shape: shape, values: values.map { UInt32(truncatingIfNeeded: $0) })
        case .uint64: Tensor(shape: shape, values: values.map { UInt64(truncatingIfNeeded: $0) })
        case .bool: Tensor(shape: shape, values: values.map { $0 != 0 })
        case .float32, .float16, .float64: fromFloats(values.map { Float($0) }, shape: shape, dtype: dtype)
        }
    }

    /// The same values converted to another element type.
    public func converted(to target: DType) -> Tensor {
        if target == dtype { return self }
        if dtype.isFloatingPoint || target.isFloatingPoint && dtype != .int64 {
            return Tensor.fromFloats(floats(), shape: shape, dtype: target)
        }
        if target.isFloatingPoint { return Tensor.fromFloats(int64s().map { Float($0) }, shape: shape, dtype: target) }
        return Tensor.fromInt64s(int64s(), shape: shape, dtype: target)
    }
}
