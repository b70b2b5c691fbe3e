import Foundation
import LiteIR

/// Quantization operators: DequantizeLinear is (x − zero point) · scale, QuantizeLinear
/// saturate(round_half_even(x / scale) + zero point), per tensor, per axis or per block; the
/// QLinear*/…Integer ops dequantize, compute, and quantize again. With constant float32
/// parameters and int8, uint8 or int16 values they are the IR's Dequantize and Quantize nodes,
/// which the int8 conversion fuses with the ops between them; otherwise float arithmetic.
enum QuantizationOperators {
    static let table: [String: ONNXTranslator] = [
        "DequantizeLinear": { n in
            let y = try dequantize(&n, try n.requiredInput(0), scale: try n.requiredInput(1), zeroPoint: n.input(2),
                                   axis: try n.int("axis", 1), block: try n.int("block_size", 0))
            guard let dtype = try dataType(n, "output_dtype"), try dtype != n.builder.type(of: y).dtype else {
                n.alias(0, to: y)
                return
            }
            try n.emitOutput("Cast", [y], ["to": .string(dtype.rawValue)])
        },
        "QuantizeLinear": { n in
            let target = try quantizedType(n)
            // The division computes in x's type.
            if let precision = try dataType(n, "precision"), try precision != n.type(0).dtype {
                throw n.error("precision \(precision) differs from the input type \(try n.type(0).dtype); not supported")
            }
            let y = try quantize(&n, try n.requiredInput(0), scale: try n.requiredInput(1), zeroPoint: n.input(2), to: target,
                                 axis: try n.int("axis", 1), block: try n.int("block_size", 0))
            n.alias(0, to: y)
        },
        "DynamicQuantizeLinear": dynamicQuantize,
        "QLinearMatMul": { n in
            let a = try dequantize(&n, try n.requiredInput(0), scale: try n.requiredInput(1), zeroPoint: n.input(2))
            let b = try dequantize(&n, try n.requiredInput(3), scale: try n.requiredInput(4), zeroPoint: n.input(5))
            let product = try n.emit("MatMul", [a, b])
            n.alias(0, to: try quantize(&n, product, scale: try n.requiredInput(6), zeroPoint: n.input(7), to: try n.type(7).dtype))
        },
        "QLinearConv": { n in
            let x = try dequantize(&n, try n.requiredInput(0), scale: try n.requiredInput(1), zeroPoint: n.input(2))
            let w = try dequantize(&n, try n.requiredInput(3), scale: try n.requiredInput(4), zeroPoint: n.input(5), axis: 0)
            var inputs = [x, w]
            if let bias = n.input(8) {
                // The int32 bias is quantized with scale x_scale · w_scale and zero point 0.
                let biasScale = try n.emit("Mul", [try n.requiredInput(1), try n.requiredInput(4)])
                inputs.append(try dequantize(&n, bias, scale: biasScale, zeroPoint: nil, axis: 0))
            }
            let y = try n.emitConvolution(inputs)
            n.alias(0, to: try quantize(&n, y, scale: try n.requiredInput(6), zeroPoint: n.input(7), to: try n.type(7).dtype))
        },
        "MatMulInteger": { n in try integerProduct(&n, zeroPoints: (2, 3)) { n, a, b in try n.emit("MatMul", [a, b]) } },
        "ConvInteger": { n in try integerProduct(&n, zeroPoints: (2, 3)) { n, x, w in try n.emitConvolution([x, w]) } },
    ]

    /// (x − zero point) · scale in the scale's float type; the scale and zero point apply to the
    /// whole tensor (rank 0 or one element), along `axis` (rank 1), or per block of `block` along it.
    /// With constant float32 parameters and int8, uint8 or int16 values, an IR Dequantize node
    /// (which the int8 conversion fuses into quantized ops); otherwise float arithmetic.
    static func dequantize(_ n: inout ONNXNode, _ x: String, scale: String, zeroPoint: String?, axis: Int = 1, block: Int = 0) throws -> String {
        if block == 0, try n.builder.type(of: scale).dtype == .float32,
           let quantization = try constantQuantization(n, of: try n.builder.type(of: x), scale: scale, zeroPoint: zeroPoint, axis: axis) {
            let output = n.builder.graph.freshName("\(n.name)/Dequantize")
            try n.builder.add(Node(name: output, op: "Dequantize", inputs: [x], outputs: [output], attributes: quantization.attributes))
            return output
        }
        let floatType = try n.builder.type(of: scale).dtype
        guard floatType.isFloatingPoint else { throw n.error("the scale must be a float tensor") }
        var value = try n.emit("Cast", [x], ["to": .string(floatType.rawValue)])
        if let zeroPoint {
            let shift = try n.emit("Cast", [try spread(&n, zeroPoint, like: x, axis: axis, block: block)], ["to": .string(floatType.rawValue)])
            value = try n.emit("Sub", [value, shift])
        }
        return try n.emit("Mul", [value, try spread(&n, scale, like: x, axis: axis, block: block)])
    }

    /// saturate(round_half_even(x / scale) + zero point) as `target`, computed in x's float type.
    /// From float32 to int8, uint8 or int16 with constant parameters, an IR Quantize node.
    static func quantize(_ n: inout ONNXNode, _ x: String, scale: String, zeroPoint: String?, to target: DType,
                         axis: Int = 1, block: Int = 0) throws -> String {
        let floatType = try n.builder.type(of: x).dtype
        if block == 0, floatType == .float32, try n.builder.type(of: scale).dtype == .float32,
           let quantization = try constantQuantization(n, of: TensorType(target, try n.builder.type(of: x).shape), scale: scale,
                                                       zeroPoint: zeroPoint, axis: axis) {
            return try n.emit("Quantize", [x], quantization.attributes.merging(["dtype": .string(target.rawValue),
                                                                                "rounding": .string("half_to_even")]) { $1 })
        }
        var scaleValue = try spread(&n, scale, like: x, axis: axis, block: block)
        if try n.builder.type(of: scaleValue).dtype != floatType { scaleValue = try n.emit("Cast", [scaleValue], ["to": .string(floatType.rawValue)]) }
        var value = try n.emit("Round", [try n.emit("Div", [x, scaleValue])])
        if let zeroPoint {
            let shift = try n.emit("Cast", [try spread(&n, zeroPoint, like: x, axis: axis, block: block)], ["to": .string(floatType.rawValue)])
            value = try n.emit("Add", [value, shift])
        }
        guard let (low, high) = range(of: target) else { throw n.error("quantizing to \(target) is not supported") }
        value = try n.emit("Clip", [value], ["min": .float(low), "max": .float(high)])
        return try n.emit("Cast", [value], ["to": .string(target.rawValue)])
    }

    /// The parameters of int8, uint8 or int16 `values` when the scale (positive, finite) and zero
    /// point are constants: one for the tensor, or one per slice along `axis`; nil otherwise.
    private static func constantQuantization(_ n: ONNXNode, of values: TensorType, scale: String, zeroPoint: String?,
                                             axis: Int) throws -> Quantization? {
        guard [.int8, .uint8, .int16].contains(values.dtype), let scales = n.builder.constant(scale), scales.rank <= 1 else { return nil }
        let scaleValues = scales.floats()
        let zeros: [Int64]
        if let zeroPoint {
            guard let given = n.builder.constant(zeroPoint), given.dtype == values.dtype, given.count == scaleValues.count else { return nil }
            zeros = given.int64s()
        } else {
            zeros = Array(repeating: 0, count: scaleValues.count)
        }
        guard !scaleValues.isEmpty, scaleValues.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        if scaleValues.count == 1 && scales.rank == 0 || scaleValues.count == 1 && values.rank == 0 {
            return Quantization(scale: scaleValues[0], zeroPoint: zeros[0])
        }
        let a = axis < 0 ? axis + values.rank : axis
        guard a >= 0, a < values.rank, values.shape[a].value == scaleValues.count else {
            return scaleValues.count == 1 ? Quantization(scale: scaleValues[0], zeroPoint: zeros[0]) : nil
        }
        return Quantization(scales: scaleValues, zeroPoints: zeros, axis: a)
    }

    /// The integer range of a quantized type, as the floats the saturation clips to.
    private static func range(of dtype: DType) -> (Float, Float)? {
        switch dtype {
        case .int8: (-128, 127)
        case .uint8: (0, 255)
        case .int16: (-32768, 32767)
        case .uint16: (0, 65535)
        // The largest float32 below 2³¹ (2³¹ − 1 is not a float32).
        case .int32: (-2_147_483_648, 2_147_483_520)
        default: nil
        }
    }

    /// QuantizeLinear's output type: output_dtype, else the zero point's, else uint8.
    private static func quantizedType(_ n: ONNXNode) throws -> DType {
        try dataType(n, "output_dtype") ?? n.input(2).map { try n.builder.type(of: $0).dtype } ?? .uint8
    }

    /// The element type an attribute names by its ONNX code; nil when absent or 0 (unset).
    private static func dataType(_ n: ONNXNode, _ key: String) throws -> DType? {
        guard let code = try n.intIfPresent(key), code != 0 else { return nil }
        guard let dtype = ONNXDataType.dtype(Int32(truncatingIfNeeded: code)) else {
            throw n.error("\(key) \(ONNXDataType.name(Int32(truncatingIfNeeded: code))) is not supported")
        }
        return dtype
    }

    /// A scale or zero point shaped to broadcast against `like`: as is when it has one element,
    /// [1, …, C, …, 1] along `axis`, or repeated per element of each block of `block`.
    private static func spread(_ n: inout ONNXNode, _ parameter: String, like: String, axis: Int, block: Int) throws -> String {
        let p = try n.builder.type(of: parameter), x = try n.builder.type(of: like)
        if p.rank == 0 || (p.rank == 1 && p.shape[0] == .fixed(1) && block == 0) { return parameter }
        let a = axis < 0 ? axis + x.rank : axis
        guard a >= 0, a < x.rank else { throw n.error("axis \(axis) is out of range for rank \(x.rank)") }
        if block > 0 {
            guard p.rank == x.rank, let size = x.shape[a].value else { throw n.error("blocked parameters need the input's rank and a static axis") }
            let indices = Tensor(shape: [size], values: (0..<size).map { Int64($0 / block) })
            return try n.emit("Gather", [parameter, n.constant(indices, "block_index")], ["axis": .int(a)])
        }
        guard p.rank == 1 else { throw n.error("per-axis parameters must be 1-D, got \(p)") }
        var shape = Array(repeating: 1, count: x.rank)
        shape[a] = -1
        return try n.emit("Reshape", [parameter], ["shape": .ints(shape)])
    }

    /// MatMulInteger / ConvInteger: the int32 result of the product of (a − a_zero) and
    /// (b − b_zero), computed in float32, exact while every sum stays below 2²⁴.
    private static func integerProduct(_ n: inout ONNXNode, zeroPoints: (Int, Int),
                                       _ product: (inout ONNXNode, String, String) throws -> String) throws {
        var operands: [String] = []
        for (index, zero) in [(0, zeroPoints.0), (1, zeroPoints.1)] {
            var value = try n.emit("Cast", [try n.requiredInput(index)], ["to": .string("float32")])
            if let z = n.input(zero) {
                value = try n.emit("Sub", [value, try n.emit("Cast", [try spreadZeroPoint(&n, z, like: value, index: index)], ["to": .string("float32")])])
            }
            operands.append(value)
        }
        // Terms per output sum: C/group·kh·kw for a convolution, K for a product with B [… K, N].
        let b = try n.type(1)
        guard b.rank >= (n.node.op == "ConvInteger" ? 3 : 1) else { throw n.error("input B of rank \(b.rank) is not a weight matrix or filter") }
        let summed = n.node.op == "ConvInteger" ? Array(b.shape.dropFirst()) : [b.shape[max(b.rank - 2, 0)]]
        let terms = summed.reduce(Optional(1)) { product, dim in
            guard let product, let size = dim.value else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            return overflow ? nil : next
        }
        guard let terms, terms <= ((1 << 24) - 1) / (255 * 255) else {
            throw n.error("sums of \(terms.map(String.init) ?? "an unknown number of") 8-bit products can exceed float32's exact integers; not supported")
        }
        n.alias(0, to: try n.emit("Cast", [try product(&n, operands[0], operands[1])], ["to": .string("int32")]))
    }

    /// An integer op's zero point: per tensor, per row of A (MatMulInteger), per column of B, or
    /// per output channel of W (ConvInteger).
    private static func spreadZeroPoint(_ n: inout ONNXNode, _ zero: String, like: String, index: Int) throws -> String {
        let z = try n.builder.type(of: zero), x = try n.builder.type(of: like)
        if z.rank == 0 || z.shape == [.fixed(1)] || z.rank == x.rank { return zero }
        var shape = Array(repeating: 1, count: x.rank)
        if n.node.op == "ConvInteger" { shape[0] = -1 } else if index == 0 { shape[x.rank - 2] = -1 } else { shape[x.rank - 1] = -1 }
        return try n.emit("Reshape", [zero], ["shape": .ints(shape)])
    }

    /// DynamicQuantizeLinear: uint8 with scale (max(0, max x) − min(0, min x)) / 255 and zero
    /// point saturate(round(−min / scale)).
    static func dynamicQuantize(_ n: inout ONNXNode) throws {
        let x = try n.requiredInput(0)
        let all: [String: Attribute] = ["axes": .ints(Array(0..<(try n.type(0).rank))), "keepdims": .int(0)]
        let zero = n.constant(Tensor(scalar: Float(0)), "zero")
        let low = try n.emit("Min", [try n.emit("ReduceMin", [x], all), zero])
        let high = try n.emit("Max", [try n.emit("ReduceMax", [x], all), zero])
        let scale = try n.emit("Div", [try n.emit("Sub", [high, low]), n.constant(Tensor(scalar: Float(255)), "levels")])
        let zeroPoint = try n.emit("Cast", [try n.emit("Clip", [try n.emit("Round", [try n.emit("Div", [try n.emit("Neg", [low]), scale])])],
                                                        ["min": .float(0), "max": .float(255)])], ["to": .string("uint8")])
        n.alias(0, to: try quantize(&n, x, scale: scale, zeroPoint: zeroPoint, to: .uint8))
        n.alias(1, to: scale)
        n.alias(2, to: zeroPoint)
    }
}
