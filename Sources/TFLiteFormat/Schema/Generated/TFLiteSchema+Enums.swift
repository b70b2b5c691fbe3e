// Generated from Schemas/tflite.fbs by Schemas/generate-tflite.sh (flatc's binary schema,
// read by Schemas/tflite-codegen). DO NOT EDIT: change the schema and rerun `make schemas`.

extension TFLiteSchema {
    /// `enum ActivationFunctionType`.
    enum ActivationFunctionType: Int8, CaseIterable, Sendable {
        case none = 0
        case relu = 1
        case reluN1To1 = 2
        case relu6 = 3
        case tanh = 4
        case signBit = 5

        /// The name in the schema.
        var name: String {
            switch self {
            case .none: "NONE"
            case .relu: "RELU"
            case .reluN1To1: "RELU_N1_TO_1"
            case .relu6: "RELU6"
            case .tanh: "TANH"
            case .signBit: "SIGN_BIT"
            }
        }
    }

    /// `enum CombinerType`.
    enum CombinerType: Int8, CaseIterable, Sendable {
        case sum = 0
        case mean = 1
        case sqrtn = 2

        /// The name in the schema.
        var name: String {
            switch self {
            case .sum: "SUM"
            case .mean: "MEAN"
            case .sqrtn: "SQRTN"
            }
        }
    }

    /// `enum CustomOptionsFormat`.
    enum CustomOptionsFormat: Int8, CaseIterable, Sendable {
        case flexbuffers = 0

        /// The name in the schema.
        var name: String {
            switch self {
            case .flexbuffers: "FLEXBUFFERS"
            }
        }
    }

    /// `enum DimensionType`.
    enum DimensionType: Int8, CaseIterable, Sendable {
        case dense = 0
        case sparseCsr = 1

        /// The name in the schema.
        var name: String {
            switch self {
            case .dense: "DENSE"
            case .sparseCsr: "SPARSE_CSR"
            }
        }
    }

    /// `enum FullyConnectedOptionsWeightsFormat`.
    enum FullyConnectedOptionsWeightsFormat: Int8, CaseIterable, Sendable {
        case `default` = 0
        case shuffled4x16int8 = 1

        /// The name in the schema.
        var name: String {
            switch self {
            case .default: "DEFAULT"
            case .shuffled4x16int8: "SHUFFLED4x16INT8"
            }
        }
    }

    /// `enum LSHProjectionType`.
    enum LSHProjectionType: Int8, CaseIterable, Sendable {
        case unknown = 0
        case sparse = 1
        case dense = 2

        /// The name in the schema.
        var name: String {
            switch self {
            case .unknown: "UNKNOWN"
            case .sparse: "SPARSE"
            case .dense: "DENSE"
            }
        }
    }

    /// `enum LSTMKernelType`.
    enum LSTMKernelType: Int8, CaseIterable, Sendable {
        case full = 0
        case basic = 1

        /// The name in the schema.
        var name: String {
            switch self {
            case .full: "FULL"
            case .basic: "BASIC"
            }
        }
    }

    /// `enum MirrorPadMode`.
    enum MirrorPadMode: Int8, CaseIterable, Sendable {
        case reflect = 0
        case symmetric = 1

        /// The name in the schema.
        var name: String {
            switch self {
            case .reflect: "REFLECT"
            case .symmetric: "SYMMETRIC"
            }
        }
    }

    /// `enum Padding`.
    enum Padding: Int8, CaseIterable, Sendable {
        case same = 0
        case valid = 1

        /// The name in the schema.
        var name: String {
            switch self {
            case .same: "SAME"
            case .valid: "VALID"
            }
        }
    }

    /// `enum ReduceWindowFunction`.
    enum ReduceWindowFunction: Int32, CaseIterable, Sendable {
        case unsupported = 0
        case add = 1
        case mul = 2
        case minimum = 3
        case maximum = 4
        case all = 5
        case any = 6

        /// The name in the schema.
        var name: String {
            switch self {
            case .unsupported: "UNSUPPORTED"
            case .add: "ADD"
            case .mul: "MUL"
            case .minimum: "MINIMUM"
            case .maximum: "MAXIMUM"
            case .all: "ALL"
            case .any: "ANY"
            }
        }
    }

    /// `enum RngAlgorithm`.
    enum RngAlgorithm: Int8, CaseIterable, Sendable {
        case `default` = 0
        case philox = 1
        case threefry = 2

        /// The name in the schema.
        var name: String {
            switch self {
            case .default: "DEFAULT"
            case .philox: "PHILOX"
            case .threefry: "THREEFRY"
            }
        }
    }

    /// `enum StablehloComparisonDirection`.
    enum StablehloComparisonDirection: UInt32, CaseIterable, Sendable {
        case stablehloComparisonDirectionEq = 0
        case stablehloComparisonDirectionNe = 1
        case stablehloComparisonDirectionGe = 2
        case stablehloComparisonDirectionGt = 3
        case stablehloComparisonDirectionLe = 4
        case stablehloComparisonDirectionLt = 5

        /// The name in the schema.
        var name: String {
            switch self {
            case .stablehloComparisonDirectionEq: "STABLEHLO_COMPARISON_DIRECTION_EQ"
            case .stablehloComparisonDirectionNe: "STABLEHLO_COMPARISON_DIRECTION_NE"
            case .stablehloComparisonDirectionGe: "STABLEHLO_COMPARISON_DIRECTION_GE"
            case .stablehloComparisonDirectionGt: "STABLEHLO_COMPARISON_DIRECTION_GT"
            case .stablehloComparisonDirectionLe: "STABLEHLO_COMPARISON_DIRECTION_LE"
            case .stablehloComparisonDirectionLt: "STABLEHLO_COMPARISON_DIRECTION_LT"
            }
        }
    }

    /// `enum StablehloComparisonType`.
    enum StablehloComparisonType: UInt32, CaseIterable, Sendable {
        case stablehloComparisonTypeNotype = 0
        case stablehloComparisonTypeFloat = 1
        case stablehloComparisonTypeFloatTotalOrder = 2
        case stablehloComparisonTypeSigned = 3
        case stablehloComparisonTypeUnsigned = 4

        /// The name in the schema.
        var name: String {
            switch self {
            case .stablehloComparisonTypeNotype: "STABLEHLO_COMPARISON_TYPE_NOTYPE"
            case .stablehloComparisonTypeFloat: "STABLEHLO_COMPARISON_TYPE_FLOAT"
            case .stablehloComparisonTypeFloatTotalOrder: "STABLEHLO_COMPARISON_TYPE_FLOAT_TOTAL_ORDER"
            case .stablehloComparisonTypeSigned: "STABLEHLO_COMPARISON_TYPE_SIGNED"
            case .stablehloComparisonTypeUnsigned: "STABLEHLO_COMPARISON_TYPE_UNSIGNED"
            }
        }
    }

    /// `enum StablehloPrecisionConfig`.
    enum StablehloPrecisionConfig: UInt32, CaseIterable, Sendable {
        case `default` = 0
        case high = 1
        case highest = 2

        /// The name in the schema.
        var name: String {
            switch self {
            case .default: "DEFAULT"
            case .high: "HIGH"
            case .highest: "HIGHEST"
            }
        }
    }

    /// `enum TensorType`.
    enum TensorType: Int8, CaseIterable, Sendable {
        case float32 = 0
        case float16 = 1
        case int32 = 2
        case uint8 = 3
        case int64 = 4
        case string = 5
        case bool = 6
        case int16 = 7
        case complex64 = 8
        case int8 = 9
        case float64 = 10
        case complex128 = 11
        case uint64 = 12
        case resource = 13
        case variant = 14
        case uint32 = 15
        case uint16 = 16
        case int4 = 17
        case bfloat16 = 18
        case int2 = 19
        case uint4 = 20
        case float8E4m3fn = 21
        case float8E5m2 = 22

        /// The name in the schema.
        var name: String {
            switch self {
            case .float32: "FLOAT32"
            case .float16: "FLOAT16"
            case .int32: "INT32"
            case .uint8: "UINT8"
            case .int64: "INT64"
            case .string: "STRING"
            case .bool: "BOOL"
            case .int16: "INT16"
            case .complex64: "COMPLEX64"
            case .int8: "INT8"
            case .float64: "FLOAT64"
            case .complex128: "COMPLEX128"
            case .uint64: "UINT64"
            case .resource: "RESOURCE"
            case .variant: "VARIANT"
            case .uint32: "UINT32"
            case .uint16: "UINT16"
            case .int4: "INT4"
            case .bfloat16: "BFLOAT16"
            case .int2: "INT2"
            case .uint4: "UINT4"
            case .float8E4m3fn: "FLOAT8_E4M3FN"
            case .float8E5m2: "FLOAT8_E5M2"
            }
        }
    }
}
