import LiteIR

/// IR ops on quantized tensors. A node computes in integers when one of its inputs has a
/// quantized type (``TensorType/quantization``): its shapes follow the float op's own inference,
/// its output keeps the integer type of its first quantized input, quantized by the op's rule,
/// and its kernel is prepared once from the quantization of its operands, as TFLite's Prepare
/// does (multipliers, shifts, lookup tables), then run on the integers by TFLite's reference
/// integer arithmetic.
///
/// An output whose parameters are not fixed by the op carries them on the node: attributes
/// `output_scale` and `output_zero_point` (as ONNX's QLinear ops carry `y_scale`). Ops that only
/// move values (Reshape, Transpose, MaxPool2D, …) keep their input's parameters unless the node
/// says otherwise; LOGISTIC/SOFTMAX-like ops have TFLite's fixed output parameters.
public enum QuantizedOps {
    /// The ops that take quantized operands on their own terms (and are not computed here).
    static let ownQuantization: Set<String> = ["Dequantize", "HybridFullyConnected", "HybridConv2D", "HybridDepthwiseConv2D", "HybridBatchMatMul"]

    /// Every op's integer kernel.
    static let kernels: [String: QuantizedKernel] = [
        QuantizedConvolution.kernels, QuantizedMatrix.kernels, QuantizedArithmetic.kernels, QuantizedReductions.kernels,
        QuantizedActivations.kernels, QuantizedMoves.kernels, ["Softmax": QuantizedSoftmax.kernel, "Quantize": requantize, "Resize2D": QuantizedResize.kernel],
    ].reduce(into: [:]) { all, family in
        all.merge(family) { _, _ in preconditionFailure("an op has two integer kernels") }
    }

    /// Whether an integer kernel computes `op`.
    public static func hasKernel(_ op: String) -> Bool { kernels[op] != nil }

    /// Whether `context`'s node computes on quantized values.
    public static func applies(_ context: InferenceContext) -> Bool {
        guard !ownQuantization.contains(context.node.op) else { return false }
        return context.inputTypes.contains { $0?.quantization != nil } || context.node.attributes["output_scale"] != nil
    }

    /// The parameters of a convolution's or fully connected layer's int32 bias by TFLite's 8-bit
    /// spec: input scale × weight scale (in float) per output channel, or for the tensor when the
    /// weights have one scale; zero point 0.
    public static func biasQuantization(input: TensorType, weights: TensorType, channels: Int) -> Quantization? {
        guard let inputScale = input.quantization?.scales.first, let w = weights.quantization, w.scales.count == 1 || w.scales.count == channels else {
            return nil
        }
        // One scale for per-tensor weights (XNNPACK requires the bias to be quantized alike).
        if w.axis == nil { return Quantization(scale: inputScale * w.scales[0], zeroPoint: 0) }
        let scales = (0..<channels).map { inputScale * w.scales[w.scales.count == 1 ? 0 : $0] }
        return Quantization(scales: scales, zeroPoints: Array(repeating: 0, count: channels), axis: 0)
    }

    /// Weights as int8, symmetric per slice along `axis` (nil: one scale for the tensor): scale
    /// max |w| / 127 (1 for all zeros), values rounded and clamped to ±127 — TFLite's 8-bit spec.
    public static func symmetricInt8(_ weights: Tensor, axis: Int?) -> (Tensor, Quantization) {
        let values = weights.floats(), shape = weights.shape
        let inner = axis.map { shape[($0 + 1)...].reduce(1, *) } ?? 1, channels = axis.map { shape[$0] } ?? 1
        func channel(_ i: Int) -> Int { axis == nil ? 0 : (i / inner) % channels }
        var largest = [Float](repeating: 0, count: channels)
        for i in values.indices { largest[channel(i)] = max(largest[channel(i)], abs(values[i])) }
        let scales = largest.map { $0 > 0 ? $0 / 127 : 1 }
        let quantized = values.indices.map { i in Int8(max(-127, min(127, (values[i] / scales[channel(i)]).rounded(.toNearestOrAwayFromZero)))) }
        return (Tensor(shape: shape, values: quantized), Quantization(scales: scales, zeroPoints: Array(repeating: 0, count: channels), axis: axis))
    }

    /// Asymmetric int8 parameters for values in `range` (widened to hold 0, as TFLite's
    /// calibration does): scale (max − min) / 255, zero point −128 − min / scale, rounded.
    public static func asymmetricInt8(_ range: ClosedRange<Float>) -> Quantization {
        let low = min(0, range.lowerBound), high = max(0, range.upperBound)
        guard high > low else { return Quantization(scale: 1, zeroPoint: 0) }
        let scale = (high - low) / 255
        let zeroPoint = Int64(max(-128, min(127, (-128 - low / scale).rounded(.toNearestOrAwayFromZero))))
        return Quantization(scale: scale, zeroPoint: zeroPoint)
    }

    /// Symmetric int16 parameters for values in `range` (TFLite's 16x8 activations): scale
    /// max |x| / 32767, zero point 0.
    public static func symmetricInt16(_ range: ClosedRange<Float>) -> Quantization {
        let largest = max(abs(range.lowerBound), abs(range.upperBound))
        return Quantization(scale: largest > 0 ? largest / 32767 : 1, zeroPoint: 0)
    }

    /// TFLite's fixed int8 output parameters of an op (LOGISTIC, SOFTMAX, TANH), if it has them.
    public static func fixedOutput(of op: String, dtype: DType) -> Quantization? {
        guard let rule = kernels[op], case .fixed(let table) = rule.output else { return nil }
        return table[dtype]
    }

    /// The attributes that put `quantization` (one scale) on a node's output.
    public static func outputAttributes(_ quantization: Quantization) -> [String: Attribute] {
        ["output_scale": .float(quantization.scales[0]), "output_zero_point": .int(Int(quantization.zeroPoints[0]))]
    }

    /// The output types: the float op's shapes, the integer type and the rule's quantization.
    static func infer(_ context: InferenceContext, spec: OpSpec) throws -> [TensorType] {
        let node = context.node
        guard let rule = kernels[node.op] else {
            let quantized = context.inputTypes.compactMap { $0 }.first { $0.quantization != nil }
            throw node.error("\(node.op) has no integer kernel for quantized \(quantized?.dtype.rawValue ?? "") operands")
        }
        let floatView = InferenceContext(
            node: node,
            inputTypes: context.inputTypes.map { type in type.map { $0.quantization == nil ? $0 : TensorType(.float32, $0.shape) } },
            constantInputs: zip(context.constantInputs, context.inputTypes).map { $1?.quantization == nil ? $0 : nil },
            shapeValues: context.shapeValues)
        if case .own = rule.output {
            let outputs = try spec.infer(context)
            try rule.check(QuantizedOperands(node: node, inputs: context.inputTypes, constants: context.constantInputs, output: outputs[0]))
            return outputs
        }
        let shapes = try spec.infer(floatView)
        guard let data = context.inputTypes.first(where: { $0?.quantization != nil }) ?? nil else {
            throw node.error("has output quantization but no quantized input")
        }
        // The float op's float outputs are the quantized values; others (indices, shapes) stay.
        let computes = shapes.contains { $0.dtype == .float32 }
        let quantization = computes ? try outputQuantization(node, rule.output, data: data, shape: shapes[0].shape) : nil
        let outputs = shapes.map { $0.dtype == .float32 ? TensorType(data.dtype, $0.shape, quantization: quantization) : $0 }
        try rule.check(QuantizedOperands(node: node, inputs: context.inputTypes, constants: context.constantInputs, output: outputs[0]))
        return outputs
    }

    /// The prepared kernel of a quantized node.
    static func kernel(_ context: InferenceContext, spec: OpSpec) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let output = try infer(context, spec: spec)[0]
        guard let rule = kernels[context.node.op] else { throw context.node.error("has no integer kernel") }
        return try rule.prepare(QuantizedOperands(node: context.node, inputs: context.inputTypes, constants: context.constantInputs, output: output))
    }

    private static func outputQuantization(_ node: Node, _ rule: OutputRule, data: TensorType, shape: [Dim]) throws -> Quantization {
        if let scale = try node.floatIfPresent("output_scale") {
            let zeroPoint = Int64(try node.int("output_zero_point", 0))
            guard scale > 0, scale.isFinite, let range = data.dtype.integerRange, (range.lowest...range.highest).contains(zeroPoint) else {
                throw node.error("output scale \(scale) and zero point \(zeroPoint) are not valid for \(data.dtype)")
            }
            return Quantization(scale: scale, zeroPoint: zeroPoint)
        }
        switch rule {
        case .fromAttributes:
            throw node.error("computes on quantized values and needs the output's output_scale and output_zero_point")
        case .sameAsInput:
            guard var q = data.quantization else { throw node.error("needs a quantized input") }
            if let axis = q.axis {
                // Per-axis parameters follow their axis through a layout change (weights' filter
                // transposes and reshapes), when the axis survives it whole.
                let moved = node.op == "Transpose" ? try node.ints("perm", []).firstIndex(of: axis) : Self.axis(axis, of: data.shape, reshapedTo: shape)
                guard let moved else { throw node.error("moves a per-axis quantized input without keeping its axis \(axis)") }
                q.axis = moved
            }
            return q
        case .fixed(let table):
            guard let q = table[data.dtype] else { throw node.error("has no fixed output quantization for \(data.dtype)") }
            return q
        case .own:
            throw node.error("infers its own output quantization")
        }
    }
}

extension QuantizedOps {
    /// The axis of `shape` that holds the elements of `axis` of `input` when the one is a
    /// reshape of the other: the same size, after as many elements; nil when none does.
    static func axis(_ axis: Int, of input: [Dim], reshapedTo shape: [Dim]) -> Int? {
        guard let before = ShapeMath.product(input[..<axis]), let size = input[axis].value else { return nil }
        var product = 1
        for (b, dim) in shape.enumerated() {
            if product == before, dim.value == size { return b }
            guard let value = dim.value else { return nil }
            product *= value
        }
        return nil
    }
}

/// Where a quantized op's output parameters come from when the node names none.
enum OutputRule: Sendable {
    /// The node must name them (convolutions, arithmetic, reductions).
    case fromAttributes
    /// Those of the first quantized input: the op moves or selects values.
    case sameAsInput
    /// TFLite's fixed parameters per integer type (LOGISTIC, SOFTMAX, TANH).
    case fixed([DType: Quantization])
    /// The op's own inference gives the output type (Quantize, whose attributes name it).
    case own
}

/// What a quantized kernel is prepared from: the node, its operands' types (with their
/// quantization), its constant operands and its output type.
struct QuantizedOperands: Sendable {
    let node: Node
    let inputs: [TensorType?]
    let constants: [Tensor?]
    let output: TensorType

    func input(_ i: Int) throws -> TensorType {
        guard i < inputs.count, let type = inputs[i] else { throw node.error("missing required input #\(i)") }
        return type
    }

    func has(_ i: Int) -> Bool { i < inputs.count && inputs[i] != nil }

    /// The per-tensor parameters of input `i`.
    func scalar(_ i: Int) throws -> (scale: Float, zeroPoint: Int32) {
        let type = try input(i)
        guard let q = type.quantization, q.scales.count == 1, q.zeroPoints.count == 1, let zeroPoint = Int32(exactly: q.zeroPoints[0]) else {
            throw node.error("input #\(i) must be quantized per tensor with an int32 zero point, got \(type)")
        }
        return (q.scales[0], zeroPoint)
    }

    /// The output's per-tensor parameters.
    var outputScalar: (scale: Float, zeroPoint: Int32) {
        (output.quantization?.scales[0] ?? 1, Int32(output.quantization?.zeroPoints[0] ?? 0))
    }

    /// The output type's integer range.
    var outputRange: ClosedRange<Int32> {
        let range = output.dtype.integerRange ?? (lowest: 0, highest: 0)
        return Int32(range.lowest)...Int32(range.highest)
    }

    /// The range the node's fused activation clamps to, in output integers
    /// (CalculateActivationRangeQuantized: zero point + round(bound / scale) in float).
    func activationRange() throws -> ClosedRange<Int32> {
        let full = outputRange
        guard let activation = try FusedActivation(node), activation != .finiteRange else { return full }
        let (scale, zeroPoint) = outputScalar
        func quantized(_ bound: Float) -> Int32 { zeroPoint &+ Int32((bound / scale).rounded(.toNearestOrAwayFromZero)) }
        let (lower, upper) = activation.range
        let low = max(full.lowerBound, quantized(lower))
        let high = activation == .relu ? full.upperBound : min(full.upperBound, quantized(upper))
        return low...max(low, high)
    }
}

/// One op's integer kernel: its output rule, the checks TFLite's Prepare makes, and the kernel.
struct QuantizedKernel: Sendable {
    let output: OutputRule
    let check: @Sendable (QuantizedOperands) throws -> Void
    let prepare: @Sendable (QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor]

    init(_ output: OutputRule, check: @escaping @Sendable (QuantizedOperands) throws -> Void = { _ in },
         prepare: @escaping @Sendable (QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor]) {
        self.output = output
        self.check = check
        self.prepare = prepare
    }
}

extension Tensor {
    /// Integer elements widened to Int32 (int8, uint8, int16, int32).
    func int32s() -> [Int32] {
        switch dtype {
        case .int8: values(Int8.self).map(Int32.init)
        case .uint8: values(UInt8.self).map(Int32.init)
        case .int16: values(Int16.self).map(Int32.init)
        case .int32: values(Int32.self)
        default: int64s().map { Int32(truncatingIfNeeded: $0) }
        }
    }

    /// A tensor of the integer type `dtype` from values already within its range.
    static func fromInt32s(_ values: [Int32], shape: [Int], dtype: DType) -> Tensor {
        switch dtype {
        case .int8: Tensor(shape: shape, values: values.map { Int8(truncatingIfNeeded: $0) })
        case .uint8: Tensor(shape: shape, values: values.map { UInt8(truncatingIfNeeded: $0) })
        case .int16: Tensor(shape: shape, values: values.map { Int16(truncatingIfNeeded: $0) })
        case .int32: Tensor(shape: shape, values: values)
        default: fromInt64s(values.map(Int64.init), shape: shape, dtype: dtype)
        }
    }
}

/// Quantize of quantized values: requantization, as TFLite's QUANTIZE (kernels/quantize.cc,
/// reference/requantize.h): the input less its zero point times the multiplier of input scale
/// / output scale (in double), plus the output zero point, clamped to the output type.
let requantize = QuantizedKernel(.own, check: { q in
    guard try [.int8, .uint8, .int16].contains(q.input(0).dtype), q.output.quantization?.axis == nil else {
        throw q.node.error("requantizes int8, uint8 or int16 values per tensor, got \(try q.input(0)) to \(q.output)")
    }
    _ = try q.scalar(0)
}, prepare: { q in
    let (inScale, inZero) = try q.scalar(0), (outScale, outZero) = q.outputScalar
    let multiplier = QuantizedMultiplier(Double(inScale) / Double(outScale))
    let node = q.node, range = q.outputRange, dtype = q.output.dtype
    return { inputs in
        let x = try inputs.required(0, node)
        let out = x.int32s().map { min(max(multiplier.apply($0 - inZero) &+ outZero, range.lowerBound), range.upperBound) }
        return [Tensor.fromInt32s(out, shape: x.shape, dtype: dtype)]
    }
})
