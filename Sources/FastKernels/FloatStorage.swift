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
}
