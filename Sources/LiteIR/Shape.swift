/// One dimension of a static shape: a known size, or a named unknown (e.g. the batch dim "N").
public enum Dim: Hashable, Sendable, CustomStringConvertible {
    case fixed(Int)
    case symbolic(String)

    /// The size when known.
    public var value: Int? {
        if case .fixed(let v) = self { return v }
        return nil
    }

    public var description: String {
        switch self {
        case .fixed(let v): String(v)
        case .symbolic(let s): s.isEmpty ? "?" : s
        }
    }
}

/// The static type of a value in a graph: element type, (possibly symbolic) shape and, for a
/// quantized integer tensor, what its integers stand for.
public struct TensorType: Hashable, Sendable, CustomStringConvertible {
    public var dtype: DType
    public var shape: [Dim]
    public var quantization: Quantization?

    public init(_ dtype: DType, _ shape: [Dim], quantization: Quantization? = nil) {
        self.dtype = dtype
        self.shape = shape
        self.quantization = quantization
    }

    public init(_ dtype: DType, fixed: [Int]) {
        self.init(dtype, fixed.map { .fixed($0) })
    }

    public var rank: Int { shape.count }

    /// The concrete shape when every dim is known.
    public var fixedShape: [Int]? {
        var out: [Int] = []
        out.reserveCapacity(shape.count)
        for d in shape {
            guard let v = d.value else { return nil }
            out.append(v)
        }
        return out
    }

    public var description: String {
        "\(dtype)[\(shape.map(\.description).joined(separator: ","))]" + (quantization.map { " \($0)" } ?? "")
    }
}

extension Array where Element == Dim {
    /// These dims as a Reshape `shape` attribute: known sizes as they are, the one unknown as -1;
    /// nil when more than one is unknown. A known 0 (an empty axis) is written as 0 only when
    /// `keepingZeros` (a Reshape without `allowzero` reads that 0 as "the input's dim here"),
    /// else it makes the target nil.
    public func reshapeTarget(keepingZeros: Bool) -> [Int]? {
        guard filter({ $0.value == nil }).count <= 1, keepingZeros || allSatisfy({ ($0.value ?? 1) > 0 }) else { return nil }
        return map { $0.value ?? -1 }
    }
}

/// Overflow-checked product of dims; nil on a negative dim, or when the product of the nonzero
/// dims overflows — so the product of any part of a shape that passes fits an Int, even when
/// another dim is 0.
public func checkedElementCount(_ shape: [Int]) -> Int? {
    var nonzero = 1, hasZero = false
    for d in shape {
        guard d >= 0 else { return nil }
        if d == 0 { hasZero = true; continue }
        let (p, o) = nonzero.multipliedReportingOverflow(by: d)
        if o { return nil }
        nonzero = p
    }
    return hasZero ? 0 : nonzero
}
