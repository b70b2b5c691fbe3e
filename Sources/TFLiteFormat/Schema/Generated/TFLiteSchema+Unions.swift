// Generated from Schemas/tflite.fbs by Schemas/generate-tflite.sh (flatc's binary schema,
// read by Schemas/tflite-codegen). DO NOT EDIT: change the schema and rerun `make schemas`.

extension TFLiteSchema {
    /// Members of `union BuiltinOptions`, by type code.
    enum BuiltinOptions: UInt8, CaseIterable, Sendable {
        case conv2D = 1
        case depthwiseConv2D = 2
        case concatEmbeddings = 3
        case lshProjection = 4
        case pool2D = 5
        case svdf = 6
        case rnn = 7
        case fullyConnected = 8
        case softmax = 9
        case concatenation = 10
        case add = 11
        case l2Norm = 12
        case localResponseNormalization = 13
        case lstm = 14
        case resizeBilinear = 15
        case call = 16
        case reshape = 17
        case skipGram = 18
        case spaceToDepth = 19
        case embeddingLookupSparse = 20
        case mul = 21
        case pad = 22
        case gather = 23
        case batchToSpaceND = 24
        case spaceToBatchND = 25
        case transpose = 26
        case reducer = 27
        case sub = 28
        case div = 29
        case squeeze = 30
        case sequenceRNN = 31
        case stridedSlice = 32
        case exp = 33
        case topKV2 = 34
        case split = 35
        case logSoftmax = 36
        case cast = 37
        case dequantize = 38
        case maximumMinimum = 39
        case argMax = 40
        case less = 41
        case neg = 42
        case padV2 = 43
        case greater = 44
        case greaterEqual = 45
        case lessEqual = 46
        case select = 47
        case slice = 48
        case transposeConv = 49
        case sparseToDense = 50
        case tile = 51
        case expandDims = 52
        case equal = 53
        case notEqual = 54
        case shape = 55
        case pow = 56
        case argMin = 57
        case fakeQuant = 58
        case pack = 59
        case logicalOr = 60
        case oneHot = 61
        case logicalAnd = 62
        case logicalNot = 63
        case unpack = 64
        case floorDiv = 65
        case square = 66
        case zerosLike = 67
        case fill = 68
        case bidirectionalSequenceLSTM = 69
        case bidirectionalSequenceRNN = 70
        case unidirectionalSequenceLSTM = 71
        case floorMod = 72
        case range = 73
        case resizeNearestNeighbor = 74
        case leakyRelu = 75
        case squaredDifference = 76
        case mirrorPad = 77
        case abs = 78
        case splitV = 79
        case unique = 80
        case reverseV2 = 81
        case addN = 82
        case gatherNd = 83
        case cos = 84
        case `where` = 85
        case rank = 86
        case reverseSequence = 87
        case matrixDiag = 88
        case quantize = 89
        case matrixSetDiag = 90
        case hardSwish = 91
        case `if` = 92
        case `while` = 93
        case depthToSpace = 94
        case nonMaxSuppressionV4 = 95
        case nonMaxSuppressionV5 = 96
        case scatterNd = 97
        case selectV2 = 98
        case densify = 99
        case segmentSum = 100
        case batchMatMul = 101
        case cumsum = 102
        case callOnce = 103
        case broadcastTo = 104
        case rfft2d = 105
        case conv3D = 106
        case hashtable = 107
        case hashtableFind = 108
        case hashtableImport = 109
        case hashtableSize = 110
        case varHandle = 111
        case readVariable = 112
        case assignVariable = 113
        case random = 114
        case bucketize = 115
        case gelu = 116
        case dynamicUpdateSlice = 117
        case unsortedSegmentProd = 118
        case unsortedSegmentMax = 119
        case unsortedSegmentMin = 120
        case unsortedSegmentSum = 121
        case aTan2 = 122
        case sign = 123
        case bitcast = 124
        case bitwiseXor = 125
        case rightShift = 126

        /// The member's table in the schema.
        var tableName: String {
            switch self {
            case .conv2D: "Conv2DOptions"
            case .depthwiseConv2D: "DepthwiseConv2DOptions"
            case .concatEmbeddings: "ConcatEmbeddingsOptions"
            case .lshProjection: "LSHProjectionOptions"
            case .pool2D: "Pool2DOptions"
            case .svdf: "SVDFOptions"
            case .rnn: "RNNOptions"
            case .fullyConnected: "FullyConnectedOptions"
            case .softmax: "SoftmaxOptions"
            case .concatenation: "ConcatenationOptions"
            case .add: "AddOptions"
            case .l2Norm: "L2NormOptions"
            case .localResponseNormalization: "LocalResponseNormalizationOptions"
            case .lstm: "LSTMOptions"
            case .resizeBilinear: "ResizeBilinearOptions"
            case .call: "CallOptions"
            case .reshape: "ReshapeOptions"
            case .skipGram: "SkipGramOptions"
            case .spaceToDepth: "SpaceToDepthOptions"
            case .embeddingLookupSparse: "EmbeddingLookupSparseOptions"
            case .mul: "MulOptions"
            case .pad: "PadOptions"
            case .gather: "GatherOptions"
            case .batchToSpaceND: "BatchToSpaceNDOptions"
            case .spaceToBatchND: "SpaceToBatchNDOptions"
            case .transpose: "TransposeOptions"
            case .reducer: "ReducerOptions"
            case .sub: "SubOptions"
            case .div: "DivOptions"
            case .squeeze: "SqueezeOptions"
            case .sequenceRNN: "SequenceRNNOptions"
            case .stridedSlice: "StridedSliceOptions"
            case .exp: "ExpOptions"
            case .topKV2: "TopKV2Options"
            case .split: "SplitOptions"
            case .logSoftmax: "LogSoftmaxOptions"
            case .cast: "CastOptions"
            case .dequantize: "DequantizeOptions"
            case .maximumMinimum: "MaximumMinimumOptions"
            case .argMax: "ArgMaxOptions"
            case .less: "LessOptions"
            case .neg: "NegOptions"
            case .padV2: "PadV2Options"
            case .greater: "GreaterOptions"
            case .greaterEqual: "GreaterEqualOptions"
            case .lessEqual: "LessEqualOptions"
            case .select: "SelectOptions"
            case .slice: "SliceOptions"
            case .transposeConv: "TransposeConvOptions"
            case .sparseToDense: "SparseToDenseOptions"
            case .tile: "TileOptions"
            case .expandDims: "ExpandDimsOptions"
            case .equal: "EqualOptions"
            case .notEqual: "NotEqualOptions"
            case .shape: "ShapeOptions"
            case .pow: "PowOptions"
            case .argMin: "ArgMinOptions"
            case .fakeQuant: "FakeQuantOptions"
            case .pack: "PackOptions"
            case .logicalOr: "LogicalOrOptions"
            case .oneHot: "OneHotOptions"
            case .logicalAnd: "LogicalAndOptions"
            case .logicalNot: "LogicalNotOptions"
            case .unpack: "UnpackOptions"
            case .floorDiv: "FloorDivOptions"
            case .square: "SquareOptions"
            case .zerosLike: "ZerosLikeOptions"
            case .fill: "FillOptions"
            case .bidirectionalSequenceLSTM: "BidirectionalSequenceLSTMOptions"
            case .bidirectionalSequenceRNN: "BidirectionalSequenceRNNOptions"
            case .unidirectionalSequenceLSTM: "UnidirectionalSequenceLSTMOptions"
            case .floorMod: "FloorModOptions"
            case .range: "RangeOptions"
            case .resizeNearestNeighbor: "ResizeNearestNeighborOptions"
            case .leakyRelu: "LeakyReluOptions"
            case .squaredDifference: "SquaredDifferenceOptions"
            case .mirrorPad: "MirrorPadOptions"
            case .abs: "AbsOptions"
            case .splitV: "SplitVOptions"
            case .unique: "UniqueOptions"
            case .reverseV2: "ReverseV2Options"
            case .addN: "AddNOptions"
            case .gatherNd: "GatherNdOptions"
            case .cos: "CosOptions"
            case .where: "WhereOptions"
            case .rank: "RankOptions"
            case .reverseSequence: "ReverseSequenceOptions"
            case .matrixDiag: "MatrixDiagOptions"
            case .quantize: "QuantizeOptions"
            case .matrixSetDiag: "MatrixSetDiagOptions"
            case .hardSwish: "HardSwishOptions"
            case .if: "IfOptions"
            case .while: "WhileOptions"
            case .depthToSpace: "DepthToSpaceOptions"
            case .nonMaxSuppressionV4: "NonMaxSuppressionV4Options"
            case .nonMaxSuppressionV5: "NonMaxSuppressionV5Options"
            case .scatterNd: "ScatterNdOptions"
            case .selectV2: "SelectV2Options"
            case .densify: "DensifyOptions"
            case .segmentSum: "SegmentSumOptions"
            case .batchMatMul: "BatchMatMulOptions"
            case .cumsum: "CumsumOptions"
            case .callOnce: "CallOnceOptions"
            case .broadcastTo: "BroadcastToOptions"
            case .rfft2d: "Rfft2dOptions"
            case .conv3D: "Conv3DOptions"
            case .hashtable: "HashtableOptions"
            case .hashtableFind: "HashtableFindOptions"
            case .hashtableImport: "HashtableImportOptions"
            case .hashtableSize: "HashtableSizeOptions"
            case .varHandle: "VarHandleOptions"
            case .readVariable: "ReadVariableOptions"
            case .assignVariable: "AssignVariableOptions"
            case .random: "RandomOptions"
            case .bucketize: "BucketizeOptions"
            case .gelu: "GeluOptions"
            case .dynamicUpdateSlice: "DynamicUpdateSliceOptions"
            case .unsortedSegmentProd: "UnsortedSegmentProdOptions"
            case .unsortedSegmentMax: "UnsortedSegmentMaxOptions"
            case .unsortedSegmentMin: "UnsortedSegmentMinOptions"
            case .unsortedSegmentSum: "UnsortedSegmentSumOptions"
            case .aTan2: "ATan2Options"
            case .sign: "SignOptions"
            case .bitcast: "BitcastOptions"
            case .bitwiseXor: "BitwiseXorOptions"
            case .rightShift: "RightShiftOptions"
            }
        }

        /// The member table's fields.
        var fields: [TableField] {
            switch self {
            case .conv2D: Conv2DOptions.fields
            case .depthwiseConv2D: DepthwiseConv2DOptions.fields
            case .concatEmbeddings: ConcatEmbeddingsOptions.fields
            case .lshProjection: LSHProjectionOptions.fields
            case .pool2D: Pool2DOptions.fields
            case .svdf: SVDFOptions.fields
            case .rnn: RNNOptions.fields
            case .fullyConnected: FullyConnectedOptions.fields
            case .softmax: SoftmaxOptions.fields
            case .concatenation: ConcatenationOptions.fields
            case .add: AddOptions.fields
            case .l2Norm: L2NormOptions.fields
            case .localResponseNormalization: LocalResponseNormalizationOptions.fields
            case .lstm: LSTMOptions.fields
            case .resizeBilinear: ResizeBilinearOptions.fields
            case .call: CallOptions.fields
            case .reshape: ReshapeOptions.fields
            case .skipGram: SkipGramOptions.fields
            case .spaceToDepth: SpaceToDepthOptions.fields
            case .embeddingLookupSparse: EmbeddingLookupSparseOptions.fields
            case .mul: MulOptions.fields
            case .pad: PadOptions.fields
            case .gather: GatherOptions.fields
            case .batchToSpaceND: BatchToSpaceNDOptions.fields
            case .spaceToBatchND: SpaceToBatchNDOptions.fields
            case .transpose: TransposeOptions.fields
            case .reducer: ReducerOptions.fields
            case .sub: SubOptions.fields
            case .div: DivOptions.fields
            case .squeeze: SqueezeOptions.fields
            case .sequenceRNN: SequenceRNNOptions.fields
            case .stridedSlice: StridedSliceOptions.fields
            case .exp: ExpOptions.fields
            case .topKV2: TopKV2Options.fields
            case .split: SplitOptions.fields
            case .logSoftmax: LogSoftmaxOptions.fields
            case .cast: CastOptions.fields
            case .dequantize: DequantizeOptions.fields
            case .maximumMinimum: MaximumMinimumOptions.fields
            case .argMax: ArgMaxOptions.fields
            case .less: LessOptions.fields
            case .neg: NegOptions.fields
            case .padV2: PadV2Options.fields
            case .greater: GreaterOptions.fields
            case .greaterEqual: GreaterEqualOptions.fields
            case .lessEqual: LessEqualOptions.fields
            case .select: SelectOptions.fields
            case .slice: SliceOptions.fields
            case .transposeConv: TransposeConvOptions.fields
            case .sparseToDense: SparseToDenseOptions.fields
            case .tile: TileOptions.fields
            case .expandDims: ExpandDimsOptions.fields
            case .equal: EqualOptions.fields
            case .notEqual: NotEqualOptions.fields
            case .shape: ShapeOptions.fields
            case .pow: PowOptions.fields
            case .argMin: ArgMinOptions.fields
            case .fakeQuant: FakeQuantOptions.fields
            case .pack: PackOptions.fields
            case .logicalOr: LogicalOrOptions.fields
            case .oneHot: OneHotOptions.fields
            case .logicalAnd: LogicalAndOptions.fields
            case .logicalNot: LogicalNotOptions.fields
            case .unpack: UnpackOptions.fields
            case .floorDiv: FloorDivOptions.fields
            case .square: SquareOptions.fields
            case .zerosLike: ZerosLikeOptions.fields
            case .fill: FillOptions.fields
            case .bidirectionalSequenceLSTM: BidirectionalSequenceLSTMOptions.fields
            case .bidirectionalSequenceRNN: BidirectionalSequenceRNNOptions.fields
            case .unidirectionalSequenceLSTM: UnidirectionalSequenceLSTMOptions.fields
            case .floorMod: FloorModOptions.fields
            case .range: RangeOptions.fields
            case .resizeNearestNeighbor: ResizeNearestNeighborOptions.fields
            case .leakyRelu: LeakyReluOptions.fields
            case .squaredDifference: SquaredDifferenceOptions.fields
            case .mirrorPad: MirrorPadOptions.fields
            case .abs: AbsOptions.fields
            case .splitV: SplitVOptions.fields
            case .unique: UniqueOptions.fields
            case .reverseV2: ReverseV2Options.fields
            case .addN: AddNOptions.fields
            case .gatherNd: GatherNdOptions.fields
            case .cos: CosOptions.fields
            case .where: WhereOptions.fields
            case .rank: RankOptions.fields
            case .reverseSequence: ReverseSequenceOptions.fields
            case .matrixDiag: MatrixDiagOptions.fields
            case .quantize: QuantizeOptions.fields
            case .matrixSetDiag: MatrixSetDiagOptions.fields
            case .hardSwish: HardSwishOptions.fields
            case .if: IfOptions.fields
            case .while: WhileOptions.fields
            case .depthToSpace: DepthToSpaceOptions.fields
            case .nonMaxSuppressionV4: NonMaxSuppressionV4Options.fields
            case .nonMaxSuppressionV5: NonMaxSuppressionV5Options.fields
            case .scatterNd: ScatterNdOptions.fields
            case .selectV2: SelectV2Options.fields
            case .densify: DensifyOptions.fields
            case .segmentSum: SegmentSumOptions.fields
            case .batchMatMul: BatchMatMulOptions.fields
            case .cumsum: CumsumOptions.fields
            case .callOnce: CallOnceOptions.fields
            case .broadcastTo: BroadcastToOptions.fields
            case .rfft2d: Rfft2dOptions.fields
            case .conv3D: Conv3DOptions.fields
            case .hashtable: HashtableOptions.fields
            case .hashtableFind: HashtableFindOptions.fields
            case .hashtableImport: HashtableImportOptions.fields
            case .hashtableSize: HashtableSizeOptions.fields
            case .varHandle: VarHandleOptions.fields
            case .readVariable: ReadVariableOptions.fields
            case .assignVariable: AssignVariableOptions.fields
            case .random: RandomOptions.fields
            case .bucketize: BucketizeOptions.fields
            case .gelu: GeluOptions.fields
            case .dynamicUpdateSlice: DynamicUpdateSliceOptions.fields
            case .unsortedSegmentProd: UnsortedSegmentProdOptions.fields
            case .unsortedSegmentMax: UnsortedSegmentMaxOptions.fields
            case .unsortedSegmentMin: UnsortedSegmentMinOptions.fields
            case .unsortedSegmentSum: UnsortedSegmentSumOptions.fields
            case .aTan2: ATan2Options.fields
            case .sign: SignOptions.fields
            case .bitcast: BitcastOptions.fields
            case .bitwiseXor: BitwiseXorOptions.fields
            case .rightShift: RightShiftOptions.fields
            }
        }
    }

    /// Members of `union BuiltinOptions2`, by type code.
    enum BuiltinOptions2: UInt8, CaseIterable, Sendable {
        case stablehloConcatenate = 1
        case stablehloBroadcastInDim = 2
        case stablehloSlice = 3
        case stablehloConvolution = 4
        case stablehloCustomCall = 5
        case stablehloReduce = 6
        case stablehloScatter = 7
        case stablehloCompare = 8
        case stablehloDynamicSlice = 9
        case stablehloPad = 10
        case stablehloIota = 11
        case stablehloDotGeneral = 12
        case stablehloReduceWindow = 13
        case stablehloSort = 14
        case stablehloWhile = 15
        case stablehloGather = 16
        case stablehloTranspose = 17
        case dilate = 18
        case stablehloRngBitGenerator = 19
        case reduceWindow = 20
        case stableHLOComposite = 21
        case stablehloShiftLeft = 22
        case stablehloCase = 23

        /// The member's table in the schema.
        var tableName: String {
            switch self {
            case .stablehloConcatenate: "StablehloConcatenateOptions"
            case .stablehloBroadcastInDim: "StablehloBroadcastInDimOptions"
            case .stablehloSlice: "StablehloSliceOptions"
            case .stablehloConvolution: "StablehloConvolutionOptions"
            case .stablehloCustomCall: "StablehloCustomCallOptions"
            case .stablehloReduce: "StablehloReduceOptions"
            case .stablehloScatter: "StablehloScatterOptions"
            case .stablehloCompare: "StablehloCompareOptions"
            case .stablehloDynamicSlice: "StablehloDynamicSliceOptions"
            case .stablehloPad: "StablehloPadOptions"
            case .stablehloIota: "StablehloIotaOptions"
            case .stablehloDotGeneral: "StablehloDotGeneralOptions"
            case .stablehloReduceWindow: "StablehloReduceWindowOptions"
            case .stablehloSort: "StablehloSortOptions"
            case .stablehloWhile: "StablehloWhileOptions"
            case .stablehloGather: "StablehloGatherOptions"
            case .stablehloTranspose: "StablehloTransposeOptions"
            case .dilate: "DilateOptions"
            case .stablehloRngBitGenerator: "StablehloRngBitGeneratorOptions"
            case .reduceWindow: "ReduceWindowOptions"
            case .stableHLOComposite: "StableHLOCompositeOptions"
            case .stablehloShiftLeft: "StablehloShiftLeftOptions"
            case .stablehloCase: "StablehloCaseOptions"
            }
        }

        /// The member table's fields.
        var fields: [TableField] {
            switch self {
            case .stablehloConcatenate: StablehloConcatenateOptions.fields
            case .stablehloBroadcastInDim: StablehloBroadcastInDimOptions.fields
            case .stablehloSlice: StablehloSliceOptions.fields
            case .stablehloConvolution: StablehloConvolutionOptions.fields
            case .stablehloCustomCall: StablehloCustomCallOptions.fields
            case .stablehloReduce: StablehloReduceOptions.fields
            case .stablehloScatter: StablehloScatterOptions.fields
            case .stablehloCompare: StablehloCompareOptions.fields
            case .stablehloDynamicSlice: StablehloDynamicSliceOptions.fields
            case .stablehloPad: StablehloPadOptions.fields
            case .stablehloIota: StablehloIotaOptions.fields
            case .stablehloDotGeneral: StablehloDotGeneralOptions.fields
            case .stablehloReduceWindow: StablehloReduceWindowOptions.fields
            case .stablehloSort: StablehloSortOptions.fields
            case .stablehloWhile: StablehloWhileOptions.fields
            case .stablehloGather: StablehloGatherOptions.fields
            case .stablehloTranspose: StablehloTransposeOptions.fields
            case .dilate: DilateOptions.fields
            case .stablehloRngBitGenerator: StablehloRngBitGeneratorOptions.fields
            case .reduceWindow: ReduceWindowOptions.fields
            case .stableHLOComposite: StableHLOCompositeOptions.fields
            case .stablehloShiftLeft: StablehloShiftLeftOptions.fields
            case .stablehloCase: StablehloCaseOptions.fields
            }
        }
    }

    /// Members of `union QuantizationDetails`, by type code.
    enum QuantizationDetails: UInt8, CaseIterable, Sendable {
        case customQuantization = 1
        case blockwiseQuantization = 2
        case multiAxisQuantization = 3

        /// The member's table in the schema.
        var tableName: String {
            switch self {
            case .customQuantization: "CustomQuantization"
            case .blockwiseQuantization: "BlockwiseQuantization"
            case .multiAxisQuantization: "MultiAxisQuantization"
            }
        }

        /// The member table's fields.
        var fields: [TableField] {
            switch self {
            case .customQuantization: CustomQuantization.fields
            case .blockwiseQuantization: BlockwiseQuantization.fields
            case .multiAxisQuantization: MultiAxisQuantization.fields
            }
        }
    }

    /// Members of `union SparseIndexVector`, by type code.
    enum SparseIndexVector: UInt8, CaseIterable, Sendable {
        case int32Vector = 1
        case uint16Vector = 2
        case uint8Vector = 3

        /// The member's table in the schema.
        var tableName: String {
            switch self {
            case .int32Vector: "Int32Vector"
            case .uint16Vector: "Uint16Vector"
            case .uint8Vector: "Uint8Vector"
            }
        }

        /// The member table's fields.
        var fields: [TableField] {
            switch self {
            case .int32Vector: Int32Vector.fields
            case .uint16Vector: Uint16Vector.fields
            case .uint8Vector: Uint8Vector.fields
            }
        }
    }
}
