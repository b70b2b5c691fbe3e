import Foundation
import LiteIR
import LiteOps

/// Concat of any element type: each part's contiguous block per outer index copied in one move,
/// the outer indices split over threads.
enum ConcatKernel {
    static let table: [String: FastKernel] = ["Concat": concat]

    static func concat(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        let parts = inputs.compactMap { $0 }
        guard parts.count == inputs.count, let first = parts.first, first.rank > 0,
              parts.allSatisfy({ $0.dtype == first.dtype && $0.rank == first.rank }) else { return nil }
        let axis = try ShapeMath.axis(try node.int("axis", 0), rank: first.rank, node: node)
        var shape = first.shape
        shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        guard parts.allSatisfy({ part in part.shape.indices.allSatisfy { $0 == axis || part.shape[$0] == first.shape[$0] } }) else { return nil }
        let outer = shape[..<axis].reduce(1, *)
        let blocks = parts.map { $0.shape[axis...].reduce(1, *) * first.dtype.byteSize }
        let row = blocks.reduce(0, +)
        guard outer > 0, row > 0 else { return nil }
        return [FloatStorage.make(first.dtype, shape, context) { out in
            withBytes(parts) { sources in
                parallelChunks(outer, threads: context.threads, minimumChunk: max(1, (1 << 16) / row)) { range in
                    for i in range {
                        var destination = out + i * row
                        for (source, block) in zip(sources, blocks) where block > 0 {
                            destination.copyMemory(from: source + i * block, byteCount: block)
                            destination += block
                        }
                    }
                }
            }
        }]
    }

    /// Runs `body` on every part's bytes at once.
    private static func withBytes(_ parts: [Tensor], _ body: ([UnsafeRawPointer]) -> Void, _ done: [UnsafeRawPointer] = []) {
        guard done.count < parts.count else { return body(done) }
        parts[done.count].data.withUnsafeBytes { raw in
            withBytes(parts, body, done + [raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!])
        }
    }
}
