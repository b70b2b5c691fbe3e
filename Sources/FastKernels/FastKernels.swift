import LiteIR
import LiteOps

/// What a fast kernel knows besides its node and inputs.
public struct KernelContext: Sendable {
    /// Threads to split work over.
    public var threads: Int
    /// Where output buffers come from; nil: fresh ones.
    public var arena: TensorArena?

    public init(threads: Int, arena: TensorArena? = nil) {
        self.threads = max(1, threads)
        self.arena = arena
    }
}

/// Computes a node's outputs from concrete inputs, or returns nil to leave the node to its
/// reference kernel (a type, layout or attribute the fast kernel does not cover). A fast kernel
/// must compute what the reference kernel computes, fused activation included, within float
/// rounding; the tests compare the two on every fixture.
public typealias FastKernel = @Sendable (Node, [Tensor?], KernelContext) throws -> [Tensor]?

/// The fast kernels by IR op.
public enum FastKernels {
    public static let kernels: [String: FastKernel] = [
        ConvolutionKernels.table, MatrixKernels.table, PoolingKernels.table, ElementwiseKernels.table,
        PadKernel.table, ReductionKernels.table, RecurrentKernels.table, UnaryKernels.table, ConcatKernel.table,
        ResizeKernel.table, TransposeKernel.table, QuantizedElementwiseKernels.table,
    ].reduce(into: [:]) { all, family in
        all.merge(family) { _, _ in preconditionFailure("an op has two fast kernels") }
    }

    /// A node's kernel in its graph, looked up once: its fast kernel when it has one that accepts
    /// the inputs, else its reference kernel (integer nodes: the int8 convolutions' and
    /// additions' fast kernels, the reference integer kernels elsewhere).
    public static func kernel(for node: Node, in graph: InferenceContext) throws -> @Sendable ([Tensor?], KernelContext) throws -> [Tensor] {
        let reference = try OpRegistry.kernel(for: node, in: graph)
        if QuantizedOps.applies(graph) {
            return try QuantizedConvolutionKernels.kernel(for: node, in: graph) ?? QuantizedElementwiseKernels.kernel(for: node, in: graph, reference: reference)
                ?? { inputs, _ in try reference(inputs) }
        }
        guard let fast = kernels[node.op] else { return { inputs, _ in try reference(inputs) } }
        return { inputs, context in try fast(node, inputs, context) ?? reference(inputs) }
    }
}

/// The clamp a node's fused activation applies, for kernels that fold it into their last loop.
struct OutputClamp {
    var lower: Float, upper: Float

    /// The node's fused activation as a clamp (none: no clamp at all).
    init(_ node: Node) throws {
        if let activation = try FusedActivation(node) {
            (lower, upper) = activation.range
        } else {
            (lower, upper) = (-.infinity, .infinity)
        }
    }

    var isIdentity: Bool { lower == -.infinity && upper == .infinity }

    /// Clamps `count` values in place (NaN passes through, as in the reference).
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        guard !isIdentity else { return }
        for i in 0..<count { values[i] = Swift.min(Swift.max(values[i], lower), upper) }
    }

    /// Adds the bias (one value per column, when there is one) to `rows` rows of `columns`
    /// values and clamps them: a GEMM's epilogue, on rows still in cache.
    func finish(_ values: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>?) {
        guard let bias else { return apply(values, count: rows * columns) }
        for r in 0..<rows {
            let row = values + r * columns
            if isIdentity {
                for c in 0..<columns { row[c] += bias[c] }
            } else {
                for c in 0..<columns { row[c] = Swift.min(Swift.max(row[c] + bias[c], lower), upper) }
            }
        }
    }

    /// The same, split over threads.
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int, threads: Int) {
        guard !isIdentity else { return }
        parallelChunks(count, threads: threads, minimumChunk: 1 << 14) { range in
            apply(values + range.lowerBound, count: range.count)
        }
    }
}
