import LiteIR

/// Float binary arithmetic where one operand repeats the other's trailing dims (same shape, a
/// per-channel vector, a scalar): one pass, split over threads. Other broadcasts are left to the
/// reference kernel.
enum ElementwiseKernels {
    static let table: [String: FastKernel] = [
        "Add": { try binary($0, $1, $2, +) }, "Sub": { try binary($0, $1, $2, -) },
        "Mul": { try binary($0, $1, $2, *) }, "Div": { try binary($0, $1, $2, /) },
        "Max": { try binary($0, $1, $2) { $0.isNaN || $1.isNaN ? .nan : max($0, $1) } },
        "Min": { try binary($0, $1, $2) { $0.isNaN || $1.isNaN ? .nan : min($0, $1) } },
    ]

    /// Whether `small` (numpy-aligned to the right) is `large`'s trailing dims with leading 1s:
    /// its elements then repeat with period `small.count` over `large`.
    static func repeatsTrailing(_ small: [Int], in large: [Int]) -> Bool {
        guard small.count <= large.count else { return false }
        let leading = small.count - small.drop(while: { $0 == 1 }).count
        let kept = small.dropFirst(leading)
        return Array(large.suffix(kept.count)) == Array(kept)
    }

    @inline(__always)
    static func binary(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext,
                       _ op: @escaping @Sendable (Float, Float) -> Float) throws -> [Tensor]? {
        guard let a = inputs.float(0), let b = inputs.float(1) else { return nil }
        let aIsLarge = a.count >= b.count
        let (large, small) = aIsLarge ? (a, b) : (b, a)
        guard repeatsTrailing(small.shape, in: large.shape), small.count > 0 else { return nil }
        let shape = large.rank >= small.rank ? large.shape : Array(repeating: 1, count: small.rank - large.rank) + large.shape
        let clamp = try OutputClamp(node), period = small.count
        return [try FloatStorage.make(shape) { out in
            try FloatStorage.read(large) { lp in
                try FloatStorage.read(small) { sp in
                    parallelChunks(large.count / period, threads: context.threads, minimumChunk: max(1, 8192 / period)) { rows in
                        for r in rows {
                            let l = lp + r * period, o = out + r * period
                            if aIsLarge {
                                for i in 0..<period { o[i] = op(l[i], sp[i]) }
                            } else {
                                for i in 0..<period { o[i] = op(sp[i], l[i]) }
                            }
                            clamp.apply(o, count: period)
                        }
                    }
                }
            }
        }]
    }
}
