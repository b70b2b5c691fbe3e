import LiteIR

/// Spatial parameters of NHWC / NDHWC convolutions and pools over 2 or 3 spatial axes, read from
/// a node's attributes: kernel, strides and dilations per axis ([h, w] or [d, h, w]), pads as
/// all begins then all ends ([t, l, b, r] or [front, t, l, back, b, r]), each within
/// ``NumberRange`` (so the window arithmetic cannot overflow).
public struct SpatialWindow: Sendable {
    public var kernel: [Int]
    public var strides: [Int]
    public var dilations: [Int]
    public var pads: [Int]

    /// Number of spatial axes.
    public var rank: Int { kernel.count }

    public init(node: Node, kernel: [Int]) throws {
        let n = kernel.count
        self.kernel = try NumberRange.check(kernel, in: NumberRange.window, "kernel", error: node.error)
        strides = try node.ints("strides", Array(repeating: 1, count: n), in: NumberRange.window)
        dilations = try node.ints("dilations", Array(repeating: 1, count: n), in: NumberRange.window)
        pads = try node.ints("pads", Array(repeating: 0, count: 2 * n), in: NumberRange.pad)
        guard n == 2 || n == 3, strides.count == n, dilations.count == n, pads.count == 2 * n,
              strides.allSatisfy({ $0 > 0 }), dilations.allSatisfy({ $0 > 0 }), kernel.allSatisfy({ $0 > 0 }),
              pads.allSatisfy({ $0 >= 0 }) else {
            throw node.error("invalid window: kernel \(kernel), strides \(strides), dilations \(dilations), pads \(pads)")
        }
    }

    public func effectiveKernel(_ axis: Int) -> Int { Self.effectiveKernel(kernel[axis], dilation: dilations[axis]) }

    /// The span a kernel of `size` taps covers with `dilation`.
    public static func effectiveKernel(_ size: Int, dilation: Int) -> Int { (size - 1) * dilation + 1 }

    /// The (begin, end) pads of SAME padding along one axis, which give ⌈size / stride⌉ outputs:
    /// the odd pad at the end (TensorFlow's and TFLite's SAME, ONNX SAME_UPPER) or, unless
    /// `oddPadAtEnd`, at the begin (ONNX SAME_LOWER).
    public static func samePads(size: Int, stride: Int, effectiveKernel: Int, oddPadAtEnd: Bool = true) -> (begin: Int, end: Int) {
        let outputs = (size + stride - 1) / stride
        return splitPad(max((outputs - 1) * stride + effectiveKernel - size, 0), oddPadAtEnd: oddPadAtEnd)
    }

    /// ``samePads(size:stride:effectiveKernel:oddPadAtEnd:)`` for a size that may be unknown: with
    /// stride 1 the pads do not depend on it (effectiveKernel − 1 in all); nil for a larger stride.
    public static func samePads(sizeIfKnown size: Int?, stride: Int, effectiveKernel: Int, oddPadAtEnd: Bool = true) -> (begin: Int, end: Int)? {
        if let size { return samePads(size: size, stride: stride, effectiveKernel: effectiveKernel, oddPadAtEnd: oddPadAtEnd) }
        return stride == 1 ? splitPad(effectiveKernel - 1, oddPadAtEnd: oddPadAtEnd) : nil
    }

    /// A total pad along one axis as (begin, end) halves, the odd one at the end or the begin.
    public static func splitPad(_ total: Int, oddPadAtEnd: Bool) -> (begin: Int, end: Int) {
        let half = total / 2
        return oddPadAtEnd ? (half, total - half) : (total - half, half)
    }

    /// Pad before and after spatial `axis`.
    public func padBegin(_ axis: Int) -> Int { pads[axis] }
    public func padEnd(_ axis: Int) -> Int { pads[axis + rank] }

    /// Output size along spatial `axis` for input size `size`; floor or ceil rounding.
    public func outputSize(_ size: Int, axis: Int, ceilMode: Bool = false) -> Int {
        let span = size + padBegin(axis) + padEnd(axis) - effectiveKernel(axis)
        if span < 0 { return 0 }
        var out = (ceilMode ? (span + strides[axis] - 1) / strides[axis] : span / strides[axis]) + 1
        // With ceil rounding the last window must start inside the input or its leading pad.
        if ceilMode && (out - 1) * strides[axis] >= size + padBegin(axis) { out -= 1 }
        return out
    }

    /// Calls `body(tap, iy, ix)` for every tap of a 2-D window at output (y, x) that falls inside
    /// an input of `height` × `width`, in row-major tap order (taps in the padding are skipped).
    @inlinable
    public func forEachTap(y: Int, x: Int, height: Int, width: Int, _ body: (_ tap: Int, _ iy: Int, _ ix: Int) throws -> Void) rethrows {
        for ky in 0..<kernel[0] {
            let iy = y * strides[0] - pads[0] + ky * dilations[0]
            if iy < 0 || iy >= height { continue }
            for kx in 0..<kernel[1] {
                let ix = x * strides[1] - pads[1] + kx * dilations[1]
                if ix < 0 || ix >= width { continue }
                try body(ky * kernel[1] + kx, iy, ix)
            }
        }
    }

    public func outputDim(_ d: Dim, axis: Int, ceilMode: Bool = false) -> Dim {
        d.value.map { .fixed(outputSize($0, axis: axis, ceilMode: ceilMode)) } ?? d
    }
}
