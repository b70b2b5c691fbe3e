// Generated from Schemas/tflite.fbs by Schemas/generate-tflite.sh (flatc's binary schema,
// read by Schemas/tflite-codegen). DO NOT EDIT: change the schema and rerun `make schemas`.

extension BuiltinOperator {
    static let add = BuiltinOperator(code: 0, name: "ADD")
    static let averagePool2D = BuiltinOperator(code: 1, name: "AVERAGE_POOL_2D")
    static let concatenation = BuiltinOperator(code: 2, name: "CONCATENATION")
    static let conv2D = BuiltinOperator(code: 3, name: "CONV_2D")
    static let depthwiseConv2D = BuiltinOperator(code: 4, name: "DEPTHWISE_CONV_2D")
    static let depthToSpace = BuiltinOperator(code: 5, name: "DEPTH_TO_SPACE")
    static let dequantize = BuiltinOperator(code: 6, name: "DEQUANTIZE")
    static let embeddingLookup = BuiltinOperator(code: 7, name: "EMBEDDING_LOOKUP")
    static let floor = BuiltinOperator(code: 8, name: "FLOOR")
    static let fullyConnected = BuiltinOperator(code: 9, name: "FULLY_CONNECTED")
    static let hashtableLookup = BuiltinOperator(code: 10, name: "HASHTABLE_LOOKUP")
    static let l2Normalization = BuiltinOperator(code: 11, name: "L2_NORMALIZATION")
    static let l2Pool2D = BuiltinOperator(code: 12, name: "L2_POOL_2D")
    static let localResponseNormalization = BuiltinOperator(code: 13, name: "LOCAL_RESPONSE_NORMALIZATION")
    static let logistic = BuiltinOperator(code: 14, name: "LOGISTIC")
    static let lshProjection = BuiltinOperator(code: 15, name: "LSH_PROJECTION")
    static let lstm = BuiltinOperator(code: 16, name: "LSTM")
    static let maxPool2D = BuiltinOperator(code: 17, name: "MAX_POOL_2D")
    static let mul = BuiltinOperator(code: 18, name: "MUL")
    static let relu = BuiltinOperator(code: 19, name: "RELU")
    static let reluN1To1 = BuiltinOperator(code: 20, name: "RELU_N1_TO_1")
    static let relu6 = BuiltinOperator(code: 21, name: "RELU6")
    static let reshape = BuiltinOperator(code: 22, name: "RESHAPE")
    static let resizeBilinear = BuiltinOperator(code: 23, name: "RESIZE_BILINEAR")
    static let rnn = BuiltinOperator(code: 24, name: "RNN")
    static let softmax = BuiltinOperator(code: 25, name: "SOFTMAX")
    static let spaceToDepth = BuiltinOperator(code: 26, name: "SPACE_TO_DEPTH")
    static let svdf = BuiltinOperator(code: 27, name: "SVDF")
    static let tanh = BuiltinOperator(code: 28, name: "TANH")
    static let concatEmbeddings = BuiltinOperator(code: 29, name: "CONCAT_EMBEDDINGS")
    static let skipGram = BuiltinOperator(code: 30, name: "SKIP_GRAM")
    static let call = BuiltinOperator(code: 31, name: "CALL")
    static let custom = BuiltinOperator(code: 32, name: "CUSTOM")
    static let embeddingLookupSparse = BuiltinOperator(code: 33, name: "EMBEDDING_LOOKUP_SPARSE")
    static let pad = BuiltinOperator(code: 34, name: "PAD")
    static let unidirectionalSequenceRnn = BuiltinOperator(code: 35, name: "UNIDIRECTIONAL_SEQUENCE_RNN")
    static let gather = BuiltinOperator(code: 36, name: "GATHER")
    static let batchToSpaceNd = BuiltinOperator(code: 37, name: "BATCH_TO_SPACE_ND")
    static let spaceToBatchNd = BuiltinOperator(code: 38, name: "SPACE_TO_BATCH_ND")
    static let transpose = BuiltinOperator(code: 39, name: "TRANSPOSE")
    static let mean = BuiltinOperator(code: 40, name: "MEAN")
    static let sub = BuiltinOperator(code: 41, name: "SUB")
    static let div = BuiltinOperator(code: 42, name: "DIV")
    static let squeeze = BuiltinOperator(code: 43, name: "SQUEEZE")
    static let unidirectionalSequenceLstm = BuiltinOperator(code: 44, name: "UNIDIRECTIONAL_SEQUENCE_LSTM")
    static let stridedSlice = BuiltinOperator(code: 45, name: "STRIDED_SLICE")
    static let bidirectionalSequenceRnn = BuiltinOperator(code: 46, name: "BIDIRECTIONAL_SEQUENCE_RNN")
    static let exp = BuiltinOperator(code: 47, name: "EXP")
    static let topkV2 = BuiltinOperator(code: 48, name: "TOPK_V2")
    static let split = BuiltinOperator(code: 49, name: "SPLIT")
    static let logSoftmax = BuiltinOperator(code: 50, name: "LOG_SOFTMAX")
    static let delegate = BuiltinOperator(code: 51, name: "DELEGATE")
    static let bidirectionalSequenceLstm = BuiltinOperator(code: 52, name: "BIDIRECTIONAL_SEQUENCE_LSTM")
    static let cast = BuiltinOperator(code: 53, name: "CAST")
    static let prelu = BuiltinOperator(code: 54, name: "PRELU")
    static let maximum = BuiltinOperator(code: 55, name: "MAXIMUM")
    static let argMax = BuiltinOperator(code: 56, name: "ARG_MAX")
    static let minimum = BuiltinOperator(code: 57, name: "MINIMUM")
    static let less = BuiltinOperator(code: 58, name: "LESS")
    static let neg = BuiltinOperator(code: 59, name: "NEG")
    static let padv2 = BuiltinOperator(code: 60, name: "PADV2")
    static let greater = BuiltinOperator(code: 61, name: "GREATER")
    static let greaterEqual = BuiltinOperator(code: 62, name: "GREATER_EQUAL")
    static let lessEqual = BuiltinOperator(code: 63, name: "LESS_EQUAL")
    static let select = BuiltinOperator(code: 64, name: "SELECT")
    static let slice = BuiltinOperator(code: 65, name: "SLICE")
    static let sin = BuiltinOperator(code: 66, name: "SIN")
    static let transposeConv = BuiltinOperator(code: 67, name: "TRANSPOSE_CONV")
    static let sparseToDense = BuiltinOperator(code: 68, name: "SPARSE_TO_DENSE")
    static let tile = BuiltinOperator(code: 69, name: "TILE")
    static let expandDims = BuiltinOperator(code: 70, name: "EXPAND_DIMS")
    static let equal = BuiltinOperator(code: 71, name: "EQUAL")
    static let notEqual = BuiltinOperator(code: 72, name: "NOT_EQUAL")
    static let log = BuiltinOperator(code: 73, name: "LOG")
    static let sum = BuiltinOperator(code: 74, name: "SUM")
    static let sqrt = BuiltinOperator(code: 75, name: "SQRT")
    static let rsqrt = BuiltinOperator(code: 76, name: "RSQRT")
    static let shape = BuiltinOperator(code: 77, name: "SHAPE")
    static let pow = BuiltinOperator(code: 78, name: "POW")
    static let argMin = BuiltinOperator(code: 79, name: "ARG_MIN")
    static let fakeQuant = BuiltinOperator(code: 80, name: "FAKE_QUANT")
    static let reduceProd = BuiltinOperator(code: 81, name: "REDUCE_PROD")
    static let reduceMax = BuiltinOperator(code: 82, name: "REDUCE_MAX")
    static let pack = BuiltinOperator(code: 83, name: "PACK")
    static let logicalOr = BuiltinOperator(code: 84, name: "LOGICAL_OR")
    static let oneHot = BuiltinOperator(code: 85, name: "ONE_HOT")
    static let logicalAnd = BuiltinOperator(code: 86, name: "LOGICAL_AND")
    static let logicalNot = BuiltinOperator(code: 87, name: "LOGICAL_NOT")
    static let unpack = BuiltinOperator(code: 88, name: "UNPACK")
    static let reduceMin = BuiltinOperator(code: 89, name: "REDUCE_MIN")
    static let floorDiv = BuiltinOperator(code: 90, name: "FLOOR_DIV")
    static let reduceAny = BuiltinOperator(code: 91, name: "REDUCE_ANY")
    static let square = BuiltinOperator(code: 92, name: "SQUARE")
    static let zerosLike = BuiltinOperator(code: 93, name: "ZEROS_LIKE")
    static let fill = BuiltinOperator(code: 94, name: "FILL")
    static let floorMod = BuiltinOperator(code: 95, name: "FLOOR_MOD")
    static let range = BuiltinOperator(code: 96, name: "RANGE")
    static let resizeNearestNeighbor = BuiltinOperator(code: 97, name: "RESIZE_NEAREST_NEIGHBOR")
    static let leakyRelu = BuiltinOperator(code: 98, name: "LEAKY_RELU")
    static let squaredDifference = BuiltinOperator(code: 99, name: "SQUARED_DIFFERENCE")
    static let mirrorPad = BuiltinOperator(code: 100, name: "MIRROR_PAD")
    static let abs = BuiltinOperator(code: 101, name: "ABS")
    static let splitV = BuiltinOperator(code: 102, name: "SPLIT_V")
    static let unique = BuiltinOperator(code: 103, name: "UNIQUE")
    static let ceil = BuiltinOperator(code: 104, name: "CEIL")
    static let reverseV2 = BuiltinOperator(code: 105, name: "REVERSE_V2")
    static let addN = BuiltinOperator(code: 106, name: "ADD_N")
    static let gatherNd = BuiltinOperator(code: 107, name: "GATHER_ND")
    static let cos = BuiltinOperator(code: 108, name: "COS")
    static let `where` = BuiltinOperator(code: 109, name: "WHERE")
    static let rank = BuiltinOperator(code: 110, name: "RANK")
    static let elu = BuiltinOperator(code: 111, name: "ELU")
    static let reverseSequence = BuiltinOperator(code: 112, name: "REVERSE_SEQUENCE")
    static let matrixDiag = BuiltinOperator(code: 113, name: "MATRIX_DIAG")
    static let quantize = BuiltinOperator(code: 114, name: "QUANTIZE")
    static let matrixSetDiag = BuiltinOperator(code: 115, name: "MATRIX_SET_DIAG")
    static let round = BuiltinOperator(code: 116, name: "ROUND")
    static let hardSwish = BuiltinOperator(code: 117, name: "HARD_SWISH")
    static let `if` = BuiltinOperator(code: 118, name: "IF")
    static let `while` = BuiltinOperator(code: 119, name: "WHILE")
    static let nonMaxSuppressionV4 = BuiltinOperator(code: 120, name: "NON_MAX_SUPPRESSION_V4")
    static let nonMaxSuppressionV5 = BuiltinOperator(code: 121, name: "NON_MAX_SUPPRESSION_V5")
    static let scatterNd = BuiltinOperator(code: 122, name: "SCATTER_ND")
    static let selectV2 = BuiltinOperator(code: 123, name: "SELECT_V2")
    static let densify = BuiltinOperator(code: 124, name: "DENSIFY")
    static let segmentSum = BuiltinOperator(code: 125, name: "SEGMENT_SUM")
    static let batchMatmul = BuiltinOperator(code: 126, name: "BATCH_MATMUL")
    static let placeholderForGreaterOpCodes = BuiltinOperator(code: 127, name: "PLACEHOLDER_FOR_GREATER_OP_CODES")
    static let cumsum = BuiltinOperator(code: 128, name: "CUMSUM")
    static let callOnce = BuiltinOperator(code: 129, name: "CALL_ONCE")
    static let broadcastTo = BuiltinOperator(code: 130, name: "BROADCAST_TO")
    static let rfft2d = BuiltinOperator(code: 131, name: "RFFT2D")
    static let conv3D = BuiltinOperator(code: 132, name: "CONV_3D")
    static let imag = BuiltinOperator(code: 133, name: "IMAG")
    static let real = BuiltinOperator(code: 134, name: "REAL")
    static let complexAbs = BuiltinOperator(code: 135, name: "COMPLEX_ABS")
    static let hashtable = BuiltinOperator(code: 136, name: "HASHTABLE")
    static let hashtableFind = BuiltinOperator(code: 137, name: "HASHTABLE_FIND")
    static let hashtableImport = BuiltinOperator(code: 138, name: "HASHTABLE_IMPORT")
    static let hashtableSize = BuiltinOperator(code: 139, name: "HASHTABLE_SIZE")
    static let reduceAll = BuiltinOperator(code: 140, name: "REDUCE_ALL")
    static let conv3DTranspose = BuiltinOperator(code: 141, name: "CONV_3D_TRANSPOSE")
    static let varHandle = BuiltinOperator(code: 142, name: "VAR_HANDLE")
    static let readVariable = BuiltinOperator(code: 143, name: "READ_VARIABLE")
    static let assignVariable = BuiltinOperator(code: 144, name: "ASSIGN_VARIABLE")
    static let broadcastArgs = BuiltinOperator(code: 145, name: "BROADCAST_ARGS")
    static let randomStandardNormal = BuiltinOperator(code: 146, name: "RANDOM_STANDARD_NORMAL")
    static let bucketize = BuiltinOperator(code: 147, name: "BUCKETIZE")
    static let randomUniform = BuiltinOperator(code: 148, name: "RANDOM_UNIFORM")
    static let multinomial = BuiltinOperator(code: 149, name: "MULTINOMIAL")
    static let gelu = BuiltinOperator(code: 150, name: "GELU")
    static let dynamicUpdateSlice = BuiltinOperator(code: 151, name: "DYNAMIC_UPDATE_SLICE")
    static let relu0To1 = BuiltinOperator(code: 152, name: "RELU_0_TO_1")
    static let unsortedSegmentProd = BuiltinOperator(code: 153, name: "UNSORTED_SEGMENT_PROD")
    static let unsortedSegmentMax = BuiltinOperator(code: 154, name: "UNSORTED_SEGMENT_MAX")
    static let unsortedSegmentSum = BuiltinOperator(code: 155, name: "UNSORTED_SEGMENT_SUM")
    static let atan2 = BuiltinOperator(code: 156, name: "ATAN2")
    static let unsortedSegmentMin = BuiltinOperator(code: 157, name: "UNSORTED_SEGMENT_MIN")
    static let sign = BuiltinOperator(code: 158, name: "SIGN")
    static let bitcast = BuiltinOperator(code: 159, name: "BITCAST")
    static let bitwiseXor = BuiltinOperator(code: 160, name: "BITWISE_XOR")
    static let rightShift = BuiltinOperator(code: 161, name: "RIGHT_SHIFT")
    static let stablehloLogistic = BuiltinOperator(code: 162, name: "STABLEHLO_LOGISTIC")
    static let stablehloAdd = BuiltinOperator(code: 163, name: "STABLEHLO_ADD")
    static let stablehloDivide = BuiltinOperator(code: 164, name: "STABLEHLO_DIVIDE")
    static let stablehloMultiply = BuiltinOperator(code: 165, name: "STABLEHLO_MULTIPLY")
    static let stablehloMaximum = BuiltinOperator(code: 166, name: "STABLEHLO_MAXIMUM")
    static let stablehloReshape = BuiltinOperator(code: 167, name: "STABLEHLO_RESHAPE")
    static let stablehloClamp = BuiltinOperator(code: 168, name: "STABLEHLO_CLAMP")
    static let stablehloConcatenate = BuiltinOperator(code: 169, name: "STABLEHLO_CONCATENATE")
    static let stablehloBroadcastInDim = BuiltinOperator(code: 170, name: "STABLEHLO_BROADCAST_IN_DIM")
    static let stablehloConvolution = BuiltinOperator(code: 171, name: "STABLEHLO_CONVOLUTION")
    static let stablehloSlice = BuiltinOperator(code: 172, name: "STABLEHLO_SLICE")
    static let stablehloCustomCall = BuiltinOperator(code: 173, name: "STABLEHLO_CUSTOM_CALL")
    static let stablehloReduce = BuiltinOperator(code: 174, name: "STABLEHLO_REDUCE")
    static let stablehloAbs = BuiltinOperator(code: 175, name: "STABLEHLO_ABS")
    static let stablehloAnd = BuiltinOperator(code: 176, name: "STABLEHLO_AND")
    static let stablehloCosine = BuiltinOperator(code: 177, name: "STABLEHLO_COSINE")
    static let stablehloExponential = BuiltinOperator(code: 178, name: "STABLEHLO_EXPONENTIAL")
    static let stablehloFloor = BuiltinOperator(code: 179, name: "STABLEHLO_FLOOR")
    static let stablehloLog = BuiltinOperator(code: 180, name: "STABLEHLO_LOG")
    static let stablehloMinimum = BuiltinOperator(code: 181, name: "STABLEHLO_MINIMUM")
    static let stablehloNegate = BuiltinOperator(code: 182, name: "STABLEHLO_NEGATE")
    static let stablehloOr = BuiltinOperator(code: 183, name: "STABLEHLO_OR")
    static let stablehloPower = BuiltinOperator(code: 184, name: "STABLEHLO_POWER")
    static let stablehloRemainder = BuiltinOperator(code: 185, name: "STABLEHLO_REMAINDER")
    static let stablehloRsqrt = BuiltinOperator(code: 186, name: "STABLEHLO_RSQRT")
    static let stablehloSelect = BuiltinOperator(code: 187, name: "STABLEHLO_SELECT")
    static let stablehloSubtract = BuiltinOperator(code: 188, name: "STABLEHLO_SUBTRACT")
    static let stablehloTanh = BuiltinOperator(code: 189, name: "STABLEHLO_TANH")
    static let stablehloScatter = BuiltinOperator(code: 190, name: "STABLEHLO_SCATTER")
    static let stablehloCompare = BuiltinOperator(code: 191, name: "STABLEHLO_COMPARE")
    static let stablehloConvert = BuiltinOperator(code: 192, name: "STABLEHLO_CONVERT")
    static let stablehloDynamicSlice = BuiltinOperator(code: 193, name: "STABLEHLO_DYNAMIC_SLICE")
    static let stablehloDynamicUpdateSlice = BuiltinOperator(code: 194, name: "STABLEHLO_DYNAMIC_UPDATE_SLICE")
    static let stablehloPad = BuiltinOperator(code: 195, name: "STABLEHLO_PAD")
    static let stablehloIota = BuiltinOperator(code: 196, name: "STABLEHLO_IOTA")
    static let stablehloDotGeneral = BuiltinOperator(code: 197, name: "STABLEHLO_DOT_GENERAL")
    static let stablehloReduceWindow = BuiltinOperator(code: 198, name: "STABLEHLO_REDUCE_WINDOW")
    static let stablehloSort = BuiltinOperator(code: 199, name: "STABLEHLO_SORT")
    static let stablehloWhile = BuiltinOperator(code: 200, name: "STABLEHLO_WHILE")
    static let stablehloGather = BuiltinOperator(code: 201, name: "STABLEHLO_GATHER")
    static let stablehloTranspose = BuiltinOperator(code: 202, name: "STABLEHLO_TRANSPOSE")
    static let dilate = BuiltinOperator(code: 203, name: "DILATE")
    static let stablehloRngBitGenerator = BuiltinOperator(code: 204, name: "STABLEHLO_RNG_BIT_GENERATOR")
    static let reduceWindow = BuiltinOperator(code: 205, name: "REDUCE_WINDOW")
    static let stablehloComposite = BuiltinOperator(code: 206, name: "STABLEHLO_COMPOSITE")
    static let stablehloShiftLeft = BuiltinOperator(code: 207, name: "STABLEHLO_SHIFT_LEFT")
    static let stablehloCbrt = BuiltinOperator(code: 208, name: "STABLEHLO_CBRT")
    static let stablehloCase = BuiltinOperator(code: 209, name: "STABLEHLO_CASE")

    /// Every builtin operator of the schema, in code order.
    static let all: [BuiltinOperator] = [
        add,
        averagePool2D,
        concatenation,
        conv2D,
        depthwiseConv2D,
        depthToSpace,
        dequantize,
        embeddingLookup,
        floor,
        fullyConnected,
        hashtableLookup,
        l2Normalization,
        l2Pool2D,
        localResponseNormalization,
        logistic,
        lshProjection,
        lstm,
        maxPool2D,
        mul,
        relu,
        reluN1To1,
        relu6,
        reshape,
        resizeBilinear,
        rnn,
        softmax,
        spaceToDepth,
        svdf,
        tanh,
        concatEmbeddings,
        skipGram,
        call,
        custom,
        embeddingLookupSparse,
        pad,
        unidirectionalSequenceRnn,
        gather,
        batchToSpaceNd,
        spaceToBatchNd,
        transpose,
        mean,
        sub,
        div,
        squeeze,
        unidirectionalSequenceLstm,
        stridedSlice,
        bidirectionalSequenceRnn,
        exp,
        topkV2,
        split,
        logSoftmax,
        delegate,
        bidirectionalSequenceLstm,
        cast,
        prelu,
        maximum,
        argMax,
        minimum,
        less,
        neg,
        padv2,
        greater,
        greaterEqual,
        lessEqual,
        select,
        slice,
        sin,
        transposeConv,
        sparseToDense,
        tile,
        expandDims,
        equal,
        notEqual,
        log,
        sum,
        sqrt,
        rsqrt,
        shape,
        pow,
        argMin,
        fakeQuant,
        reduceProd,
        reduceMax,
        pack,
        logicalOr,
        oneHot,
        logicalAnd,
        logicalNot,
        unpack,
        reduceMin,
        floorDiv,
        reduceAny,
        square,
        zerosLike,
        fill,
        floorMod,
        range,
        resizeNearestNeighbor,
        leakyRelu,
        squaredDifference,
        mirrorPad,
        abs,
        splitV,
        unique,
        ceil,
        reverseV2,
        addN,
        gatherNd,
        cos,
        `where`,
        rank,
        elu,
        reverseSequence,
        matrixDiag,
        quantize,
        matrixSetDiag,
        round,
        hardSwish,
        `if`,
        `while`,
        nonMaxSuppressionV4,
        nonMaxSuppressionV5,
        scatterNd,
        selectV2,
        densify,
        segmentSum,
        batchMatmul,
        placeholderForGreaterOpCodes,
        cumsum,
        callOnce,
        broadcastTo,
        rfft2d,
        conv3D,
        imag,
        real,
        complexAbs,
        hashtable,
        hashtableFind,
        hashtableImport,
        hashtableSize,
        reduceAll,
        conv3DTranspose,
        varHandle,
        readVariable,
        assignVariable,
        broadcastArgs,
        randomStandardNormal,
        bucketize,
        randomUniform,
        multinomial,
        gelu,
        dynamicUpdateSlice,
        relu0To1,
        unsortedSegmentProd,
        unsortedSegmentMax,
        unsortedSegmentSum,
        atan2,
        unsortedSegmentMin,
        sign,
        bitcast,
        bitwiseXor,
        rightShift,
        stablehloLogistic,
        stablehloAdd,
        stablehloDivide,
        stablehloMultiply,
        stablehloMaximum,
        stablehloReshape,
        stablehloClamp,
        stablehloConcatenate,
        stablehloBroadcastInDim,
        stablehloConvolution,
        stablehloSlice,
        stablehloCustomCall,
        stablehloReduce,
        stablehloAbs,
        stablehloAnd,
        stablehloCosine,
        stablehloExponential,
        stablehloFloor,
        stablehloLog,
        stablehloMinimum,
        stablehloNegate,
        stablehloOr,
        stablehloPower,
        stablehloRemainder,
        stablehloRsqrt,
        stablehloSelect,
        stablehloSubtract,
        stablehloTanh,
        stablehloScatter,
        stablehloCompare,
        stablehloConvert,
        stablehloDynamicSlice,
        stablehloDynamicUpdateSlice,
        stablehloPad,
        stablehloIota,
        stablehloDotGeneral,
        stablehloReduceWindow,
        stablehloSort,
        stablehloWhile,
        stablehloGather,
        stablehloTranspose,
        dilate,
        stablehloRngBitGenerator,
        reduceWindow,
        stablehloComposite,
        stablehloShiftLeft,
        stablehloCbrt,
        stablehloCase,
    ]
}
