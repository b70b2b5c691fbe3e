import Foundation
import LiteIR

/// Float32 views of tensors without copies, and output tensors written in place.
enum FloatStorage {
    /// Runs `body` on the tensor's float32 elements: in place when the bytes are aligned (a
    /// memory-mapped weight stays in the page cache), else on one aligned copy.
    static func read<R>(_ tensor: Tensor, _ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        try tensor.data.withUnsafeBytes { raw in
            if let base = raw.baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 {
                return try body(base.assumingMemoryBound(to: Float.self))
            }
            let copy = tensor.values(Float.self)
            return try copy.withUnsafeBufferPointer { try body($0.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Float>.alignment)!) }
        }
    }

    /// `read` for an optional operand: `body` gets nil without one.
    static func read<R>(optional tensor: Tensor?, _ body: (UnsafePointer<Float>?) throws -> R) rethrows -> R {
        guard let tensor else { return try body(nil) }
        return try read(tensor) { try body($0) }
    }

    /// A float32 tensor of `shape` whose elements `body` writes (every one of them), in a
    /// buffer from the context's arena.
    static func make(_ shape: [Int], _ context: KernelContext, _ body: (UnsafeMutablePointer<Float>) throws -> Void) rethrows -> Tensor {
        try make(.float32, shape, context) { try body($0.assumingMemoryBound(to: Float.self)) }
    }

    /// A tensor of any element type whose bytes `body` writes (every one of them).
    static func make(_ dtype: DType, _ shape: [Int], _ context: KernelContext, _ body: (UnsafeMutableRawPointer) throws -> Void) rethrows -> Tensor {
        let bytes = shape.reduce(1, *) * dtype.byteSize
        var data = context.arena?.take(bytes) ?? TensorArena.uninitialized(bytes)
        try data.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            try body(base)
        }
        return Tensor(dtype: dtype, shape: shape, validatedData: data)
    }
}

extension Array where Element == Tensor? {
    /// Input `i` when it is present and float32.
    func float(_ i: Int) -> Tensor? {
        guard i < count, let t = self[i], t.dtype == .float32 else { return nil }
        return t
    }

    /// An optional input (a bias, a state): `.some(nil)` when omitted (or `i` is nil),
    /// `.some(tensor)` when float32 with `count` elements (any count without one), and nil —
    /// the kernel declines — otherwise.
    func optionalFloat(_ i: Int?, count: Int? = nil) -> Tensor?? {
        guard let i, i < self.count, let t = self[i] else { return .some(nil) }
        guard t.dtype == .float32, count.map({ $0 == t.count }) ?? true else { return nil }
        return .some(t)
    }
}
