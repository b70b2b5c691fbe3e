/// TFLite builtin operator codes used by the writer and reader (values from schema.fbs,
/// `enum BuiltinOperator`; a test checks them against Schemas/tflite.fbs).
struct BuiltinOperator: Hashable, Sendable, CustomStringConvertible {
    let code: Int32
    let name: String

    var description: String { name }

    static let add = BuiltinOperator(code: 0, name: "ADD")
    static let averagePool2D = BuiltinOperator(code: 1, name: "AVERAGE_POOL_2D")
    static let concatenation = BuiltinOperator(code: 2, name: "CONCATENATION")
    static let conv2D = BuiltinOperator(code: 3, name: "CONV_2D")
    static let depthwiseConv2D = BuiltinOperator(code: 4, name: "DEPTHWISE_CONV_2D")
    static let floor = BuiltinOperator(code: 8, name: "FLOOR")
    static let fullyConnected = BuiltinOperator(code: 9, name: "FULLY_CONNECTED")
    static let localResponseNormalization = BuiltinOperator(code: 13, name: "LOCAL_RESPONSE_NORMALIZATION")
    static let logistic = BuiltinOperator(code: 14, name: "LOGISTIC")
    static let maxPool2D = BuiltinOperator(code: 17, name: "MAX_POOL_2D")
    static let mul = BuiltinOperator(code: 18, name: "MUL")
    static let relu = BuiltinOperator(code: 19, name: "RELU")
    static let reluN1To1 = BuiltinOperator(code: 20, name: "RELU_N1_TO_1")
    static let relu6 = BuiltinOperator(code: 21, name: "RELU6")
    static let reshape = BuiltinOperator(code: 22, name: "RESHAPE")
    static let softmax = BuiltinOperator(code: 25, name: "SOFTMAX")
    static let tanh = BuiltinOperator(code: 28, name: "TANH")
    static let pad = BuiltinOperator(code: 34, name: "PAD")
    static let gather = BuiltinOperator(code: 36, name: "GATHER")
    static let transpose = BuiltinOperator(code: 39, name: "TRANSPOSE")
    static let mean = BuiltinOperator(code: 40, name: "MEAN")
    static let sub = BuiltinOperator(code: 41, name: "SUB")
    static let div = BuiltinOperator(code: 42, name: "DIV")
    static let stridedSlice = BuiltinOperator(code: 45, name: "STRIDED_SLICE")
    static let exp = BuiltinOperator(code: 47, name: "EXP")
    static let cast = BuiltinOperator(code: 53, name: "CAST")
    static let maximum = BuiltinOperator(code: 55, name: "MAXIMUM")
    static let minimum = BuiltinOperator(code: 57, name: "MINIMUM")
    static let neg = BuiltinOperator(code: 59, name: "NEG")
    static let padV2 = BuiltinOperator(code: 60, name: "PADV2")
    static let transposeConv = BuiltinOperator(code: 67, name: "TRANSPOSE_CONV")
    static let log = BuiltinOperator(code: 73, name: "LOG")
    static let sum = BuiltinOperator(code: 74, name: "SUM")
    static let sqrt = BuiltinOperator(code: 75, name: "SQRT")
    static let rsqrt = BuiltinOperator(code: 76, name: "RSQRT")
    static let shape = BuiltinOperator(code: 77, name: "SHAPE")
    static let pow = BuiltinOperator(code: 78, name: "POW")
    static let reduceMax = BuiltinOperator(code: 82, name: "REDUCE_MAX")
    static let reduceMin = BuiltinOperator(code: 89, name: "REDUCE_MIN")
    static let fill = BuiltinOperator(code: 94, name: "FILL")
    static let leakyRelu = BuiltinOperator(code: 98, name: "LEAKY_RELU")
    static let mirrorPad = BuiltinOperator(code: 100, name: "MIRROR_PAD")
    static let abs = BuiltinOperator(code: 101, name: "ABS")
    static let ceil = BuiltinOperator(code: 104, name: "CEIL")
    static let hardSwish = BuiltinOperator(code: 117, name: "HARD_SWISH")
    static let batchMatMul = BuiltinOperator(code: 126, name: "BATCH_MATMUL")
    static let sin = BuiltinOperator(code: 66, name: "SIN")
    static let cos = BuiltinOperator(code: 108, name: "COS")
    static let round = BuiltinOperator(code: 116, name: "ROUND")
    static let sign = BuiltinOperator(code: 158, name: "SIGN")
    static let logicalNot = BuiltinOperator(code: 87, name: "LOGICAL_NOT")
    static let logicalAnd = BuiltinOperator(code: 86, name: "LOGICAL_AND")
    static let logicalOr = BuiltinOperator(code: 84, name: "LOGICAL_OR")
    static let equal = BuiltinOperator(code: 71, name: "EQUAL")
    static let notEqual = BuiltinOperator(code: 72, name: "NOT_EQUAL")
    static let less = BuiltinOperator(code: 58, name: "LESS")
    static let lessEqual = BuiltinOperator(code: 63, name: "LESS_EQUAL")
    static let greater = BuiltinOperator(code: 61, name: "GREATER")
    static let greaterEqual = BuiltinOperator(code: 62, name: "GREATER_EQUAL")
    static let selectV2 = BuiltinOperator(code: 123, name: "SELECT_V2")
    static let prelu = BuiltinOperator(code: 54, name: "PRELU")
    static let floorMod = BuiltinOperator(code: 95, name: "FLOOR_MOD")
    static let elu = BuiltinOperator(code: 111, name: "ELU")
    static let gelu = BuiltinOperator(code: 150, name: "GELU")
    static let logSoftmax = BuiltinOperator(code: 50, name: "LOG_SOFTMAX")
    static let rightShift = BuiltinOperator(code: 161, name: "RIGHT_SHIFT")
    static let bitwiseXor = BuiltinOperator(code: 160, name: "BITWISE_XOR")
    static let atan2 = BuiltinOperator(code: 156, name: "ATAN2")
    static let reduceProd = BuiltinOperator(code: 81, name: "REDUCE_PROD")
    static let argMax = BuiltinOperator(code: 56, name: "ARG_MAX")
    static let argMin = BuiltinOperator(code: 79, name: "ARG_MIN")
    static let range = BuiltinOperator(code: 96, name: "RANGE")
    static let tile = BuiltinOperator(code: 69, name: "TILE")
    static let broadcastTo = BuiltinOperator(code: 130, name: "BROADCAST_TO")
    static let resizeBilinear = BuiltinOperator(code: 23, name: "RESIZE_BILINEAR")
    static let resizeNearestNeighbor = BuiltinOperator(code: 97, name: "RESIZE_NEAREST_NEIGHBOR")
    static let gatherNd = BuiltinOperator(code: 107, name: "GATHER_ND")
    static let scatterNd = BuiltinOperator(code: 122, name: "SCATTER_ND")
    static let topkV2 = BuiltinOperator(code: 48, name: "TOPK_V2")
    static let oneHot = BuiltinOperator(code: 85, name: "ONE_HOT")
    static let cumsum = BuiltinOperator(code: 128, name: "CUMSUM")
    static let whereOp = BuiltinOperator(code: 109, name: "WHERE")
    static let reverseSequence = BuiltinOperator(code: 112, name: "REVERSE_SEQUENCE")
    static let bitcast = BuiltinOperator(code: 159, name: "BITCAST")
    static let conv3D = BuiltinOperator(code: 132, name: "CONV_3D")
    static let depthToSpace = BuiltinOperator(code: 5, name: "DEPTH_TO_SPACE")
    static let spaceToDepth = BuiltinOperator(code: 26, name: "SPACE_TO_DEPTH")
    static let l2Normalization = BuiltinOperator(code: 11, name: "L2_NORMALIZATION")
    static let split = BuiltinOperator(code: 49, name: "SPLIT")
    static let splitV = BuiltinOperator(code: 102, name: "SPLIT_V")
    static let pack = BuiltinOperator(code: 83, name: "PACK")
    static let unpack = BuiltinOperator(code: 88, name: "UNPACK")
    static let custom = BuiltinOperator(code: 32, name: "CUSTOM")
    static let unidirectionalSequenceRNN = BuiltinOperator(code: 35, name: "UNIDIRECTIONAL_SEQUENCE_RNN")
    static let unidirectionalSequenceLSTM = BuiltinOperator(code: 44, name: "UNIDIRECTIONAL_SEQUENCE_LSTM")
    static let reverseV2 = BuiltinOperator(code: 105, name: "REVERSE_V2")
    // Read only (files other converters wrote).
    static let slice = BuiltinOperator(code: 65, name: "SLICE")
    static let expandDims = BuiltinOperator(code: 70, name: "EXPAND_DIMS")
    static let square = BuiltinOperator(code: 92, name: "SQUARE")
    static let squaredDifference = BuiltinOperator(code: 99, name: "SQUARED_DIFFERENCE")

    static let all: [BuiltinOperator] = [
        add, averagePool2D, concatenation, conv2D, depthwiseConv2D, floor, fullyConnected,
        localResponseNormalization, logistic, maxPool2D, mul, relu, reluN1To1, relu6, reshape, softmax,
        tanh, pad, gather, transpose, mean, sub, div, stridedSlice, exp, cast, maximum, minimum, neg,
        padV2, transposeConv, log, sum, sqrt, rsqrt, shape, pow, reduceMax, reduceMin, fill, leakyRelu,
        mirrorPad, abs, ceil, hardSwish, batchMatMul, sin, cos, round, sign, logicalNot, logicalAnd, logicalOr,
        equal, notEqual, less, lessEqual, greater, greaterEqual, selectV2, prelu, floorMod, elu, gelu, logSoftmax,
        rightShift, bitwiseXor, atan2, reduceProd, argMax, argMin, range, resizeBilinear, resizeNearestNeighbor, tile, broadcastTo,
        gatherNd, scatterNd, topkV2, oneHot, cumsum, whereOp, reverseSequence, bitcast, conv3D, depthToSpace, spaceToDepth,
        split, splitV, pack, unpack, l2Normalization, unidirectionalSequenceRNN, unidirectionalSequenceLSTM, reverseV2,
        slice, expandDims, square, squaredDifference, custom,
    ]
}

/// Members of the `BuiltinOptions` union (their union type values) and the field indices of
/// the option tables the writer and reader use.
enum OptionsType: UInt8, Sendable, CaseIterable {
    case conv2D = 1, depthwiseConv2D = 2, pool2D = 5, fullyConnected = 8, softmax = 9
    case concatenation = 10, add = 11, localResponseNormalization = 13, reshape = 17, mul = 21
    case pad = 22, gather = 23, transpose = 26, reducer = 27, sub = 28, div = 29
    case stridedSlice = 32, exp = 33, cast = 37, maximumMinimum = 39, neg = 42, padV2 = 43
    case transposeConv = 49, shape = 55, pow = 56, fill = 68, leakyRelu = 75, mirrorPad = 77
    case abs = 78, hardSwish = 91, batchMatMul = 101
    case cos = 84, equal = 53, notEqual = 54, less = 41, lessEqual = 46, greater = 44, greaterEqual = 45
    case logicalOr = 60, logicalAnd = 62, logicalNot = 63, floorMod = 72, logSoftmax = 36, selectV2 = 98
    case gelu = 116, atan2 = 122, sign = 123, bitwiseXor = 125, rightShift = 126
    case argMax = 40, argMin = 57, range = 73, resizeBilinear = 15, resizeNearestNeighbor = 74
    case tile = 51, broadcastTo = 104, gatherNd = 83, scatterNd = 97, topKV2 = 34, oneHot = 61, cumsum = 102
    case whereOp = 85, reverseSequence = 87, bitcast = 124, conv3D = 106
    case spaceToDepth = 19, depthToSpace = 94, split = 35, splitV = 79, pack = 59, unpack = 64
    case l2Normalization = 12
    case sequenceRNN = 31, unidirectionalSequenceLSTM = 71, reverseV2 = 81

    /// The table name in schema.fbs (checked by a test).
    var tableName: String {
        switch self {
        case .conv2D: "Conv2DOptions"
        case .depthwiseConv2D: "DepthwiseConv2DOptions"
        case .pool2D: "Pool2DOptions"
        case .fullyConnected: "FullyConnectedOptions"
        case .softmax: "SoftmaxOptions"
        case .concatenation: "ConcatenationOptions"
        case .add: "AddOptions"
        case .localResponseNormalization: "LocalResponseNormalizationOptions"
        case .reshape: "ReshapeOptions"
        case .mul: "MulOptions"
        case .pad: "PadOptions"
        case .gather: "GatherOptions"
        case .transpose: "TransposeOptions"
        case .reducer: "ReducerOptions"
        case .sub: "SubOptions"
        case .div: "DivOptions"
        case .stridedSlice: "StridedSliceOptions"
        case .exp: "ExpOptions"
        case .cast: "CastOptions"
        case .maximumMinimum: "MaximumMinimumOptions"
        case .neg: "NegOptions"
        case .padV2: "PadV2Options"
        case .transposeConv: "TransposeConvOptions"
        case .shape: "ShapeOptions"
        case .pow: "PowOptions"
        case .fill: "FillOptions"
        case .leakyRelu: "LeakyReluOptions"
        case .mirrorPad: "MirrorPadOptions"
        case .abs: "AbsOptions"
        case .hardSwish: "HardSwishOptions"
        case .batchMatMul: "BatchMatMulOptions"
        case .cos: "CosOptions"
        case .equal: "EqualOptions"
        case .notEqual: "NotEqualOptions"
        case .less: "LessOptions"
        case .lessEqual: "LessEqualOptions"
        case .greater: "GreaterOptions"
        case .greaterEqual: "GreaterEqualOptions"
        case .logicalOr: "LogicalOrOptions"
        case .logicalAnd: "LogicalAndOptions"
        case .logicalNot: "LogicalNotOptions"
        case .floorMod: "FloorModOptions"
        case .logSoftmax: "LogSoftmaxOptions"
        case .selectV2: "SelectV2Options"
        case .gelu: "GeluOptions"
        case .atan2: "ATan2Options"
        case .sign: "SignOptions"
        case .bitwiseXor: "BitwiseXorOptions"
        case .rightShift: "RightShiftOptions"
        case .argMax: "ArgMaxOptions"
        case .argMin: "ArgMinOptions"
        case .range: "RangeOptions"
        case .resizeBilinear: "ResizeBilinearOptions"
        case .resizeNearestNeighbor: "ResizeNearestNeighborOptions"
        case .tile: "TileOptions"
        case .broadcastTo: "BroadcastToOptions"
        case .gatherNd: "GatherNdOptions"
        case .scatterNd: "ScatterNdOptions"
        case .topKV2: "TopKV2Options"
        case .oneHot: "OneHotOptions"
        case .cumsum: "CumsumOptions"
        case .whereOp: "WhereOptions"
        case .reverseSequence: "ReverseSequenceOptions"
        case .bitcast: "BitcastOptions"
        case .conv3D: "Conv3DOptions"
        case .spaceToDepth: "SpaceToDepthOptions"
        case .depthToSpace: "DepthToSpaceOptions"
        case .l2Normalization: "L2NormOptions"
        case .split: "SplitOptions"
        case .splitV: "SplitVOptions"
        case .pack: "PackOptions"
        case .unpack: "UnpackOptions"
        case .sequenceRNN: "SequenceRNNOptions"
        case .unidirectionalSequenceLSTM: "UnidirectionalSequenceLSTMOptions"
        case .reverseV2: "ReverseV2Options"
        }
    }
}
