import LiteIR

/// ONNX TensorProto.DataType codes, mapped to IR element types where the IR has one.
enum ONNXDataType {
    static func dtype(_ code: Int32) -> DType? {
        switch code {
        case 1: .float32
        case 2: .uint8
        case 3: .int8
        case 4: .uint16
        case 5: .int16
        case 6: .int32
        case 7: .int64
        case 9: .bool
        case 10: .float16
        case 11: .float64
        case 12: .uint32
        case 13: .uint64
        default: nil
        }
    }

    static func name(_ code: Int32) -> String {
        let names: [Int32: String] = [
            0: "UNDEFINED", 8: "STRING", 14: "COMPLEX64", 15: "COMPLEX128", 16: "BFLOAT16",
            17: "FLOAT8E4M3FN", 18: "FLOAT8E4M3FNUZ", 19: "FLOAT8E5M2", 20: "FLOAT8E5M2FNUZ",
            21: "UINT4", 22: "INT4", 23: "FLOAT4E2M1",
        ]
        return dtype(code)?.rawValue ?? names[code] ?? "type code \(code)"
    }
}
