import Foundation
import LiteIR

/// How ONNX Resize samples along one axis: interpolation mode and its parameters, read from a
/// node's attributes (ONNX names and defaults).
public struct ResizeSampling: Sendable, Equatable {
    public var mode: String
    public var transform: String
    public var nearestMode: String
    public var cubicCoefficient: Double
    public var excludeOutside: Bool
    public var antialias: Bool

    public static let modes: Set<String> = ["nearest", "linear", "cubic"]
    public static let transforms: Set<String> = [
        "half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
        "tf_half_pixel_for_nn", "tf_crop_and_resize",
    ]

    public init(mode: String, transform: String, nearestMode: String = "round_prefer_floor",
                cubicCoefficient: Double = -0.75, excludeOutside: Bool = false, antialias: Bool = false) {
        self.mode = mode
        self.transform = transform
        self.nearestMode = nearestMode
        self.cubicCoefficient = cubicCoefficient
        self.excludeOutside = excludeOutside
        self.antialias = antialias
    }

    public init(_ node: Node) throws {
        self.init(mode: try node.string("mode", "nearest"),
                  transform: try node.string("coordinate_transformation_mode", "half_pixel"),
                  nearestMode: try node.string("nearest_mode", "round_prefer_floor"),
                  cubicCoefficient: Double(try node.float("cubic_coeff_a", -0.75)),
                  excludeOutside: try node.int("exclude_outside", 0) != 0,
                  antialias: try node.int("antialias", 0) != 0)
        guard Self.modes.contains(mode) else { throw node.error("mode '\(mode)' is not one of nearest, linear, cubic") }
        guard Self.transforms.contains(transform) else { throw node.error("coordinate_transformation_mode '\(transform)' is not supported") }
        guard ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"].contains(nearestMode) else {
            throw node.error("nearest_mode '\(nearestMode)' is not supported")
        }
        if antialias && mode == "nearest" { throw node.error("antialias applies to linear and cubic modes only") }
    }

    /// The input positions and weights each output position of one axis reads, and whether
    /// it lies outside the crop (tf_crop_and_resize; the output is then the extrapolation value).
    /// `scale` is the factor the coordinate transformation uses (the given scale, or out/in).
    public func taps(inSize: Int, outSize: Int, scale: Double, roi: (start: Double, end: Double) = (0, 1))
        -> (taps: [[(index: Int, weight: Double)]], extrapolated: [Bool]) {
        let outputWidth = scale * Double(inSize)
        var all: [[(Int, Double)]] = []
        var extrapolated: [Bool] = []
        for y in 0..<outSize {
            let x = source(Double(y), inSize: inSize, outSize: outSize, outputWidth: outputWidth, scale: scale, roi: roi)
            extrapolated.append(transform == "tf_crop_and_resize" && (x < 0 || x > Double(inSize - 1)))
            let ratio = x == x.rounded(.down) ? 1 : x - x.rounded(.down)
            var coefficients = self.coefficients(ratio, scale: scale)
            let n = coefficients.count
            // The n taps nearest to x, ties to the smaller index (ONNX's edge-padded neighbors).
            let pad = (n + 1) / 2
            let padded = x + Double(pad), floorPadded = padded.rounded(.down), fraction = padded - floorPadded
            let offset = n % 2 == 0 ? (fraction == 0 ? -(n / 2) : -(n / 2) + 1) : (fraction <= 0.5 ? -((n - 1) / 2) : -((n - 1) / 2) + 1)
            let start = Int(floorPadded) + offset - pad
            if excludeOutside {
                for k in 0..<n where start + k < 0 || start + k >= inSize { coefficients[k] = 0 }
                let sum = coefficients.reduce(0, +)
                if sum != 0 { coefficients = coefficients.map { $0 / sum } }
            }
            var weights: [Int: Double] = [:]
            for k in 0..<n where coefficients[k] != 0 {
                weights[min(max(start + k, 0), inSize - 1), default: 0] += coefficients[k]
            }
            all.append(weights.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        return (all, extrapolated)
    }

    /// The source coordinate of output position `y` (ONNX coordinate_transformation_mode).
    private func source(_ y: Double, inSize: Int, outSize: Int, outputWidth: Double, scale: Double, roi: (start: Double, end: Double)) -> Double {
        let length = Double(inSize)
        switch transform {
        case "align_corners": return outputWidth == 1 ? 0 : y * (length - 1) / (outputWidth - 1)
        case "asymmetric": return y / scale
        case "tf_crop_and_resize":
            let span = (roi.end - roi.start) * (length - 1)
            return (outputWidth == 1 ? span / 2 : y * span / (outputWidth - 1)) + roi.start * (length - 1)
        case "pytorch_half_pixel": return outputWidth == 1 ? -0.5 : (y + 0.5) / scale - 0.5
        case "tf_half_pixel_for_nn": return (y + 0.5) / scale
        case "half_pixel_symmetric":
            let offset = length / 2 * (1 - Double(outSize) / outputWidth)
            return offset + (y + 0.5) / scale - 0.5
        default: return (y + 0.5) / scale - 0.5  // half_pixel
        }
    }

    /// Interpolation weights of the taps around a source coordinate whose distance past the
    /// left tap is `ratio` (in (0, 1]).
    private func coefficients(_ ratio: Double, scale: Double) -> [Double] {
        switch mode {
        case "nearest":
            if ratio == 1 { return [0, 1] }
            let right: Bool = switch nearestMode {
            case "round_prefer_ceil": ratio >= 0.5
            case "floor": false
            case "ceil": true
            default: ratio > 0.5
            }
            return right ? [0, 1] : [1, 0]
        case "linear":
            guard antialias else { return [1 - ratio, ratio] }
            let s = min(scale, 1)
            let start = Int((-1 / s).rounded(.down)) + 1
            return normalized((start..<(2 - start)).map { max(0, min(1, 1 - abs((Double($0) - ratio) * s))) })
        default:
            let a = cubicCoefficient
            func cubic(_ t: Double) -> Double {
                let x = abs(t)
                if x <= 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
                if x < 2 { return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
                return 0
            }
            guard antialias else { return [cubic(ratio + 1), cubic(ratio), cubic(1 - ratio), cubic(2 - ratio)] }
            let s = min(scale, 1)
            let start = Int((-2 / s).rounded(.down)) + 1
            return normalized((start..<(2 - start)).map { cubic(s * (Double($0) - ratio)) })
        }
    }

    private func normalized(_ values: [Double]) -> [Double] {
        let sum = values.reduce(0, +)
        return sum == 0 ? values : values.map { $0 / sum }
    }
}

/// Resizes the H and W axes of an NHWC float tensor (ONNX Resize semantics, see
/// ``ResizeSampling``). The output size is the `sizes` attribute [h, w], or input #1 at run
/// time: int sizes, or float scales (then floor(size · scale)). `scales` [h, w] is the factor
/// the coordinate transformation uses (default out/in); `roi` [y0, x0, y1, x1] the crop of
/// tf_crop_and_resize, whose positions outside the input take `extrapolation_value`.
let resize2D = OpSpec("Resize2D", OpTraits(.layoutBound, channels: .perChannel), infer: { ctx in
    let x = try ctx.input(0)
    guard x.rank == 4, x.dtype.isFloatingPoint else { throw ctx.node.error("expects an NHWC float input, got \(x)") }
    _ = try ResizeSampling(ctx.node)
    if ctx.hasInput(1) {
        let given = try ctx.input(1)
        guard given.rank == 1, given.shape[0].value == 2 else { throw ctx.node.error("the run-time sizes or scales must hold 2 values") }
        return [TensorType(x.dtype, [x.shape[0], .symbolic(""), .symbolic(""), x.shape[3]])]
    }
    let sizes = try ctx.node.ints("sizes", [])
    guard sizes.count == 2, sizes.allSatisfy({ $0 >= 0 }) else { throw ctx.node.error("expects two sizes, got \(sizes)") }
    return [TensorType(x.dtype, [x.shape[0], .fixed(sizes[0]), .fixed(sizes[1]), x.shape[3]])]
}, evaluate: { node, inputs in
    let x = try inputs.required(0, node)
    let plan = try ResizeTaps(node, inputs)
    var result = x.floats(), shape = x.shape
    for axis in 0..<2 {
        (result, shape) = resample(result, shape: shape, axis: axis + 1, taps: plan.taps[axis], outside: plan.outside[axis], fill: plan.fill)
    }
    return [Tensor.fromFloats(result, shape: shape, dtype: x.dtype)]
})

/// What a Resize2D node computes on its NHWC input: the output sizes [h, w] and, per axis, the
/// input positions and weights each output position reads and whether it is extrapolated (then
/// it takes `fill`). The reference kernel and the fast one both resample by it.
public struct ResizeTaps: Sendable {
    public var sizes: [Int]
    public var taps: [[[(index: Int, weight: Double)]]]
    public var outside: [[Bool]]
    public var fill: Float

    public init(_ node: Node, _ inputs: [Tensor?]) throws {
        let x = try inputs.required(0, node)
        guard x.rank == 4 else { throw node.error("expects an NHWC input, got \(x.shape)") }
        let inSizes = [x.shape[1], x.shape[2]]
        var sizes = try node.ints("sizes", [])
        var scales = try node.floatsIfPresent("scales")?.map(Double.init)
        if inputs.count > 1, let given = inputs[1] {
            if given.dtype.isFloatingPoint {
                let factors = given.floats().map(Double.init)
                guard factors.allSatisfy({ $0 > 0 }) else { throw node.error("scales must be positive, got \(factors)") }
                scales = factors
                sizes = zip(inSizes, factors).map { Int((Double($0) * $1).rounded(.down)) }
            } else {
                sizes = given.ints()
                scales = nil
            }
        }
        guard sizes.count == 2, sizes.allSatisfy({ $0 >= 0 }), checkedElementCount([x.shape[0], sizes[0], sizes[1], x.shape[3]]) != nil else {
            throw node.error("invalid output sizes \(sizes)")
        }
        let sampling = try ResizeSampling(node)
        let roi = try node.floatsIfPresent("roi")?.map(Double.init) ?? [0, 0, 1, 1]
        self.sizes = sizes
        fill = try node.float("extrapolation_value", 0)
        (taps, outside) = ([], [])
        for axis in 0..<2 {
            let scale = scales?[axis] ?? Double(sizes[axis]) / Double(max(inSizes[axis], 1))
            let (axisTaps, axisOutside) = sampling.taps(inSize: inSizes[axis], outSize: sizes[axis], scale: scale, roi: (roi[axis], roi[axis + 2]))
            taps.append(axisTaps)
            outside.append(axisOutside)
        }
    }
}

/// One separable resize pass: along `axis`, output position o is Σ weight · input[index] over
/// its taps, or `fill` where `outside[o]`.
private func resample(_ x: [Float], shape: [Int], axis: Int, taps: [[(index: Int, weight: Double)]], outside: [Bool],
                      fill: Float) -> ([Float], [Int]) {
    let (outer, size, inner) = splitAround(shape, axis: axis)
    var outShape = shape
    outShape[axis] = taps.count
    var out = [Float](repeating: 0, count: outer * taps.count * inner)
    for o in 0..<outer {
        for (y, row) in taps.enumerated() {
            let base = (o * taps.count + y) * inner
            if outside[y] {
                for i in 0..<inner { out[base + i] = fill }
                continue
            }
            for (index, weight) in row {
                let source = (o * size + index) * inner, w = Float(weight)
                for i in 0..<inner { out[base + i] += w * x[source + i] }
            }
        }
    }
    return (out, outShape)
}
