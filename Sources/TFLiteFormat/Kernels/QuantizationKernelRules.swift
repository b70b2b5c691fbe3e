import LiteIR

/// DEQUANTIZE and QUANTIZE (tflite/kernels/dequantize.cc, quantize.cc; versions of register.cc,
/// register_ref.cc and op_version.cc). DEQUANTIZE reads uint8 (v1), int8 (v2; per channel v5),
/// int16 and float16 (v3), per channel only for 8-bit; the reference resolver stops at v4.
/// QUANTIZE writes int8 and uint8 (v1), int16 (v2), per channel (v3, builtin kernels only), from
/// float or, requantizing, from int8, uint8 and int16.
enum QuantizationKernelRules {
    static let rules: [KernelRule] = [
        // DENSIFY (densify.cc): a constant sparse tensor made dense at Prepare; the reader has
        // densified the constant already, so it reads as that constant.
        KernelRule(.densify, versions: 1...1, reference: 1...1, types: [.float32: 1, .int8: 1, .float16: 1]),
        KernelRule(.dequantize, versions: 1...6, reference: 1...4, types: [.uint8: 1, .int8: 2, .int16: 3, .float16: 3], checks: [
            KernelCheck("per-channel dequantization takes int8 or uint8 values") { v in
                v.input(0)?.quantization?.axis == nil || [.int8, .uint8].contains(v.input(0)?.dtype)
            },
        ]),
        KernelRule(.quantize, versions: 1...4, reference: 1...2, types: [.float32: 1, .int8: 1, .uint8: 1, .int16: 2], checks: [
            KernelCheck("the output must be int8, uint8 or int16 with its scales and zero points") { v in
                guard let output = v.output() else { return false }
                return [.int8, .uint8, .int16].contains(output.dtype) && output.quantization != nil
            },
        ]),
    ]
}
