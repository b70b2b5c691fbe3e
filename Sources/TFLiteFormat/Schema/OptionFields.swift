/// The member codes of the `BuiltinOptions` union an operator's options table belongs to.
typealias OptionsType = TFLiteSchema.BuiltinOptions

/// A field of a builtin options table.
typealias OptionField = TableField

/// A value for an ``OptionField``.
enum OptionValue: Equatable, Sendable {
    case number(Double)
    case int32Vector([Int32])
}

/// The decoded or to-be-encoded builtin options of one operator.
struct BuiltinOptionsValue: Sendable {
    let type: OptionsType
    var values: [OptionField: OptionValue] = [:]

    init(_ type: OptionsType, _ values: [OptionField: OptionValue] = [:]) {
        self.type = type
        self.values = values
    }

    init(_ type: OptionsType, numbers: [OptionField: Double]) {
        self.type = type
        values = numbers.mapValues { .number($0) }
    }

    func number(_ field: OptionField) -> Double {
        if case .number(let v) = values[field] { return v }
        return field.defaultValue
    }

    /// The field as an integer; a file's non-finite or out-of-range value reads as Int.min (which
    /// every kernel check refuses) rather than trapping.
    func int(_ field: OptionField) -> Int {
        let value = number(field)
        guard value.isFinite, abs(value) < 9.0e18 else { return Int.min }
        return Int(value)
    }

    func vector(_ field: OptionField) -> [Int32]? {
        if case .int32Vector(let v) = values[field] { return v }
        return nil
    }
}

/// The option fields the mappings and kernel rules name, under their short names there. The
/// fields are the generated ones of ``TFLiteSchema``; a field shared by several tables stands
/// for the same field (slot, name, type, default) of each of them.
enum Fields {
    // Padding { SAME = 0, VALID = 1 }; ActivationFunctionType { NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT }.
    static let conv = (padding: TFLiteSchema.Conv2DOptions.padding, strideW: TFLiteSchema.Conv2DOptions.strideW,
                       strideH: TFLiteSchema.Conv2DOptions.strideH, activation: TFLiteSchema.Conv2DOptions.fusedActivationFunction,
                       dilationW: TFLiteSchema.Conv2DOptions.dilationWFactor, dilationH: TFLiteSchema.Conv2DOptions.dilationHFactor)
    static let depthwise = (padding: TFLiteSchema.DepthwiseConv2DOptions.padding, strideW: TFLiteSchema.DepthwiseConv2DOptions.strideW,
                            strideH: TFLiteSchema.DepthwiseConv2DOptions.strideH,
                            multiplier: TFLiteSchema.DepthwiseConv2DOptions.depthMultiplier,
                            activation: TFLiteSchema.DepthwiseConv2DOptions.fusedActivationFunction,
                            dilationW: TFLiteSchema.DepthwiseConv2DOptions.dilationWFactor,
                            dilationH: TFLiteSchema.DepthwiseConv2DOptions.dilationHFactor)
    static let conv3D = (padding: TFLiteSchema.Conv3DOptions.padding, strideD: TFLiteSchema.Conv3DOptions.strideD,
                         strideW: TFLiteSchema.Conv3DOptions.strideW, strideH: TFLiteSchema.Conv3DOptions.strideH,
                         activation: TFLiteSchema.Conv3DOptions.fusedActivationFunction,
                         dilationD: TFLiteSchema.Conv3DOptions.dilationDFactor, dilationW: TFLiteSchema.Conv3DOptions.dilationWFactor,
                         dilationH: TFLiteSchema.Conv3DOptions.dilationHFactor)
    static let pool = (padding: TFLiteSchema.Pool2DOptions.padding, strideW: TFLiteSchema.Pool2DOptions.strideW,
                       strideH: TFLiteSchema.Pool2DOptions.strideH, filterW: TFLiteSchema.Pool2DOptions.filterWidth,
                       filterH: TFLiteSchema.Pool2DOptions.filterHeight, activation: TFLiteSchema.Pool2DOptions.fusedActivationFunction)
    static let fullyConnected = (activation: TFLiteSchema.FullyConnectedOptions.fusedActivationFunction,
                                 weightsFormat: TFLiteSchema.FullyConnectedOptions.weightsFormat,
                                 keepNumDims: TFLiteSchema.FullyConnectedOptions.keepNumDims)
    static let softmaxBeta = TFLiteSchema.SoftmaxOptions.beta
    static let concatenation = (axis: TFLiteSchema.ConcatenationOptions.axis,
                                activation: TFLiteSchema.ConcatenationOptions.fusedActivationFunction)
    /// ADD, SUB, MUL and DIV options all start with the fused activation.
    static let arithmeticActivation = TFLiteSchema.AddOptions.fusedActivationFunction
    static let lrn = (radius: TFLiteSchema.LocalResponseNormalizationOptions.radius, bias: TFLiteSchema.LocalResponseNormalizationOptions.bias,
                      alpha: TFLiteSchema.LocalResponseNormalizationOptions.alpha, beta: TFLiteSchema.LocalResponseNormalizationOptions.beta)
    static let l2NormActivation = TFLiteSchema.L2NormOptions.fusedActivationFunction
    static let reshapeNewShape = TFLiteSchema.ReshapeOptions.newShape
    static let gather = (axis: TFLiteSchema.GatherOptions.axis, batchDims: TFLiteSchema.GatherOptions.batchDims)
    static let reducerKeepDims = TFLiteSchema.ReducerOptions.keepDims
    static let stridedSlice = (beginMask: TFLiteSchema.StridedSliceOptions.beginMask, endMask: TFLiteSchema.StridedSliceOptions.endMask,
                               ellipsisMask: TFLiteSchema.StridedSliceOptions.ellipsisMask,
                               newAxisMask: TFLiteSchema.StridedSliceOptions.newAxisMask,
                               shrinkAxisMask: TFLiteSchema.StridedSliceOptions.shrinkAxisMask)
    static let cast = (input: TFLiteSchema.CastOptions.inDataType, output: TFLiteSchema.CastOptions.outDataType)
    static let transposeConv = (padding: TFLiteSchema.TransposeConvOptions.padding, strideW: TFLiteSchema.TransposeConvOptions.strideW,
                                strideH: TFLiteSchema.TransposeConvOptions.strideH,
                                activation: TFLiteSchema.TransposeConvOptions.fusedActivationFunction)
    static let shapeOutType = TFLiteSchema.ShapeOptions.outType
    static let leakyReluAlpha = TFLiteSchema.LeakyReluOptions.alpha
    static let mirrorPadMode = TFLiteSchema.MirrorPadOptions.mode
    static let geluApproximate = TFLiteSchema.GeluOptions.approximate
    static let resizeBilinear = (alignCorners: TFLiteSchema.ResizeBilinearOptions.alignCorners,
                                 halfPixel: TFLiteSchema.ResizeBilinearOptions.halfPixelCenters)
    static let resizeNearest = (alignCorners: TFLiteSchema.ResizeNearestNeighborOptions.alignCorners,
                                halfPixel: TFLiteSchema.ResizeNearestNeighborOptions.halfPixelCenters)
    /// ArgMaxOptions and ArgMinOptions.
    static let argOutputType = TFLiteSchema.ArgMaxOptions.outputType
    static let batchMatMul = (adjX: TFLiteSchema.BatchMatMulOptions.adjX, adjY: TFLiteSchema.BatchMatMulOptions.adjY)
    static let oneHotAxis = TFLiteSchema.OneHotOptions.axis
    static let cumsum = (exclusive: TFLiteSchema.CumsumOptions.exclusive, reverse: TFLiteSchema.CumsumOptions.reverse)
    /// SpaceToDepthOptions and DepthToSpaceOptions.
    static let blockSize = TFLiteSchema.SpaceToDepthOptions.blockSize
    /// SplitOptions and SplitVOptions.
    static let numSplits = TFLiteSchema.SplitOptions.numSplits
    static let pack = (count: TFLiteSchema.PackOptions.valuesCount, axis: TFLiteSchema.PackOptions.axis)
    static let unpack = (count: TFLiteSchema.UnpackOptions.num, axis: TFLiteSchema.UnpackOptions.axis)
    static let reverseSequence = (seqDim: TFLiteSchema.ReverseSequenceOptions.seqDim, batchDim: TFLiteSchema.ReverseSequenceOptions.batchDim)
    static let sequenceLSTM = (activation: TFLiteSchema.UnidirectionalSequenceLSTMOptions.fusedActivationFunction,
                               cellClip: TFLiteSchema.UnidirectionalSequenceLSTMOptions.cellClip,
                               projClip: TFLiteSchema.UnidirectionalSequenceLSTMOptions.projClip,
                               timeMajor: TFLiteSchema.UnidirectionalSequenceLSTMOptions.timeMajor,
                               diagonal: TFLiteSchema.UnidirectionalSequenceLSTMOptions.diagonalRecurrentTensors)
    static let sequenceRNN = (timeMajor: TFLiteSchema.SequenceRNNOptions.timeMajor,
                              activation: TFLiteSchema.SequenceRNNOptions.fusedActivationFunction)
}
