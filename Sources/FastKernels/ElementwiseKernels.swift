import LiteIR

/// Float binary arithmetic where one operand repeats the other's trailing dims (same shape, a
/// per-channel vector, a scalar): one pass, split over threads. Other broadcasts are left to the
/// reference kernel.
enum ElementwiseKernels {
    static let table: [String: FastKernel] = [
        "Add": { try binary($0, $1, $2, .add) }, "Sub": { try binary($0, $1, $2, .subtract) },
        "Mul": { try binary($0, $1, $2, .multiply) }, "Div": { try binary($0, $1, $2, .divide) },
        "Max": { try binary($0, $1, $2, .maximum) }, "Min": { try binary($0, $1, $2, .minimum) },
    ]

    enum Operation {
        case add, subtract, multiply, divide, maximum, minimum

        /// out[i] = a[i] ∘ b[i] for `count` elements; one tight loop per operation, so each
        /// vectorizes.
        func apply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
            switch self {
            case .add: for i in 0..<count { out[i] = a[i] + b[i] }
            case .subtract: for i in 0..<count { out[i] = a[i] - b[i] }
            case .multiply: for i in 0..<count { out[i] = a[i] * b[i] }
            case .divide: for i in 0..<count { out[i] = a[i] / b[i] }
            case .maximum: for i in 0..<count { out[i] = a[i].isNaN || b[i].isNaN ? .nan : Swift.max(a[i], b[i]) }
            case .minimum: for i in 0..<count { out[i] = a[i].isNaN || b[i].isNaN ? .nan : Swift.min(a[i], b[i]) }
            }
        }
    }

    /// Whether `small` (numpy-aligned to the right) is `large`'s trailing dims with leading 1s:
    /// its elements then repeat with period `small.count` over `large`.
    static func repeatsTrailing(_ small: [Int], in large: [Int]) -> Bool {
        guard small.count <= large.count else { return false }
        let leading = small.count - small.drop(while: { $0 == 1 }).count
        let kept = small.dropFirst(leading)
        return Array(large.suffix(kept.count)) == Array(kept)
    }

    static func binary(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext, _ operation: Operation) throws -> [Tensor]? {
        guard let a = inputs.float(0), let b = inputs.float(1) else { return nil }
        let aIsLarge = a.count >= b.count
        let (large, small) = aIsLarge ? (a, b) : (b, a)
        guard repeatsTrailing(small.shape, in: large.shape), small.count > 0 else { return nil }
        let shape = large.rank >= small.rank ? large.shape : Array(repeating: 1, count: small.rank - large.rank) + large.shape
        let clamp = try OutputClamp(node), period = small.count, total = large.count
        return [FloatStorage.make(shape, context) { out in
            FloatStorage.read(large) { lp in
                FloatStorage.read(small) { sp in
                    if period == 1 {
                        // A scalar operand, spread to a row for the vector loop.
                        let row = [Float](repeating: sp[0], count: min(total, 4096))
                        row.withUnsafeBufferPointer { spread in
                            parallelChunks(total, threads: context.threads, minimumChunk: 1 << 15) { range in
                                var start = range.lowerBound
                                while start < range.upperBound {
                                    let n = min(spread.count, range.upperBound - start)
                                    let (x, y) = aIsLarge ? (lp + start, spread.baseAddress!) : (spread.baseAddress!, lp + start)
                                    operation.apply(x, y, out + start, count: n)
                                    clamp.apply(out + start, count: n)
                                    start += n
                                }
                            }
                        }
                        return
                    }
                    // Same shape: one row; else rows of `period` elements.
                    let (rows, width) = period == total ? (1, total) : (total / period, period)
                    let pieces = rows == 1 ? min(context.threads, max(1, total >> 15)) : 1
                    parallelChunks(rows * pieces, threads: context.threads, minimumChunk: rows == 1 ? 1 : max(1, 32768 / width)) { items in
                        for item in items {
                            let r = item / pieces, piece = item % pieces
                            let lower = width * piece / pieces, upper = width * (piece + 1) / pieces
                            let l = lp + r * width + lower, s = sp + lower, o = out + r * width + lower
                            if aIsLarge { operation.apply(l, s, o, count: upper - lower) } else { operation.apply(s, l, o, count: upper - lower) }
                            clamp.apply(o, count: upper - lower)
                        }
                    }
                }
            }
        }]
    }
}
