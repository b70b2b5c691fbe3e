/// One scalar or vector field of a builtin options table: its index in the table (declaration
/// order in schema.fbs), name (checked against the schema by a test), kind and default.
struct OptionField: Hashable, Sendable {
    enum Kind: Sendable { case int32, float, bool, byte, int32Vector }
    let index: Int
    let name: String
    let kind: Kind
    let defaultValue: Double

    init(_ index: Int, _ name: String, _ kind: Kind, default defaultValue: Double = 0) {
        self.index = index
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
    }
}

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

    func int(_ field: OptionField) -> Int { Int(number(field)) }

    func vector(_ field: OptionField) -> [Int32]? {
        if case .int32Vector(let v) = values[field] { return v }
        return nil
    }
}

/// Field declarations of the option tables (schema.fbs order).
enum Fields {
    // Shared enums: Padding { SAME = 0, VALID = 1 }; ActivationFunctionType { NONE, RELU, RELU_N1_TO_1, RELU6, TANH }.
    static let conv = (padding: OptionField(0, "padding", .byte), strideW: OptionField(1, "stride_w", .int32),
                       strideH: OptionField(2, "stride_h", .int32), activation: OptionField(3, "fused_activation_function", .byte),
                       dilationW: OptionField(4, "dilation_w_factor", .int32, default: 1),
                       dilationH: OptionField(5, "dilation_h_factor", .int32, default: 1))
    static let depthwise = (padding: OptionField(0, "padding", .byte), strideW: OptionField(1, "stride_w", .int32),
                            strideH: OptionField(2, "stride_h", .int32), multiplier: OptionField(3, "depth_multiplier", .int32),
                            activation: OptionField(4, "fused_activation_function", .byte),
                            dilationW: OptionField(5, "dilation_w_factor", .int32, default: 1),
                            dilationH: OptionField(6, "dilation_h_factor", .int32, default: 1))
    static let conv3D = (padding: OptionField(0, "padding", .byte), strideD: OptionField(1, "stride_d", .int32),
                         strideW: OptionField(2, "stride_w", .int32), strideH: OptionField(3, "stride_h", .int32),
                         activation: OptionField(4, "fused_activation_function", .byte),
                         dilationD: OptionField(5, "dilation_d_factor", .int32, default: 1),
                         dilationW: OptionField(6, "dilation_w_factor", .int32, default: 1),
                         dilationH: OptionField(7, "dilation_h_factor", .int32, default: 1))
    static let pool = (padding: OptionField(0, "padding", .byte), strideW: OptionField(1, "stride_w", .int32),
                       strideH: OptionField(2, "stride_h", .int32), filterW: OptionField(3, "filter_width", .int32),
                       filterH: OptionField(4, "filter_height", .int32), activation: OptionField(5, "fused_activation_function", .byte))
    static let fullyConnected = (activation: OptionField(0, "fused_activation_function", .byte),
                                 weightsFormat: OptionField(1, "weights_format", .byte),
                                 keepNumDims: OptionField(2, "keep_num_dims", .bool))
    static let softmaxBeta = OptionField(0, "beta", .float)
    static let concatenation = (axis: OptionField(0, "axis", .int32), activation: OptionField(1, "fused_activation_function", .byte))
    /// ADD, SUB, MUL and DIV options all start with the fused activation.
    static let arithmeticActivation = OptionField(0, "fused_activation_function", .byte)
    static let lrn = (radius: OptionField(0, "radius", .int32), bias: OptionField(1, "bias", .float),
                      alpha: OptionField(2, "alpha", .float), beta: OptionField(3, "beta", .float))
    static let l2NormActivation = OptionField(0, "fused_activation_function", .byte)
    static let reshapeNewShape = OptionField(0, "new_shape", .int32Vector)
    static let gather = (axis: OptionField(0, "axis", .int32), batchDims: OptionField(1, "batch_dims", .int32))
    static let reducerKeepDims = OptionField(0, "keep_dims", .bool)
    static let stridedSlice = (beginMask: OptionField(0, "begin_mask", .int32), endMask: OptionField(1, "end_mask", .int32),
                               ellipsisMask: OptionField(2, "ellipsis_mask", .int32), newAxisMask: OptionField(3, "new_axis_mask", .int32),
                               shrinkAxisMask: OptionField(4, "shrink_axis_mask", .int32))
    static let cast = (input: OptionField(0, "in_data_type", .byte), output: OptionField(1, "out_data_type", .byte))
    static let transposeConv = (padding: OptionField(0, "padding", .byte), strideW: OptionField(1, "stride_w", .int32),
                                strideH: OptionField(2, "stride_h", .int32), activation: OptionField(3, "fused_activation_function", .byte))
    static let shapeOutType = OptionField(0, "out_type", .byte)
    static let leakyReluAlpha = OptionField(0, "alpha", .float)
    static let mirrorPadMode = OptionField(0, "mode", .byte)
    static let geluApproximate = OptionField(0, "approximate", .bool)
    static let resizeBilinear = (alignCorners: OptionField(2, "align_corners", .bool), halfPixel: OptionField(3, "half_pixel_centers", .bool))
    static let resizeNearest = (alignCorners: OptionField(0, "align_corners", .bool), halfPixel: OptionField(1, "half_pixel_centers", .bool))
    /// ArgMaxOptions and ArgMinOptions.
    static let argOutputType = OptionField(0, "output_type", .byte)
    static let batchMatMul = (adjX: OptionField(0, "adj_x", .bool), adjY: OptionField(1, "adj_y", .bool))
    static let oneHotAxis = OptionField(0, "axis", .int32)
    static let cumsum = (exclusive: OptionField(0, "exclusive", .bool), reverse: OptionField(1, "reverse", .bool))
    /// SpaceToDepthOptions and DepthToSpaceOptions.
    static let blockSize = OptionField(0, "block_size", .int32)
    /// SplitOptions and SplitVOptions.
    static let numSplits = OptionField(0, "num_splits", .int32)
    static let pack = (count: OptionField(0, "values_count", .int32), axis: OptionField(1, "axis", .int32))
    static let unpack = (count: OptionField(0, "num", .int32), axis: OptionField(1, "axis", .int32))
    static let reverseSequence = (seqDim: OptionField(0, "seq_dim", .int32), batchDim: OptionField(1, "batch_dim", .int32))
    static let sequenceLSTM = (activation: OptionField(0, "fused_activation_function", .byte), cellClip: OptionField(1, "cell_clip", .float),
                               projClip: OptionField(2, "proj_clip", .float), timeMajor: OptionField(3, "time_major", .bool),
                               diagonal: OptionField(5, "diagonal_recurrent_tensors", .bool))
    static let sequenceRNN = (timeMajor: OptionField(0, "time_major", .bool), activation: OptionField(1, "fused_activation_function", .byte))

    /// Every field with the options table it belongs to, for the schema consistency test.
    static var declared: [(OptionsType, OptionField)] {
        let c = conv, d = depthwise, p = pool, f = fullyConnected, s = stridedSlice, t = transposeConv, c3 = conv3D
        return [
            (.conv3D, c3.padding), (.conv3D, c3.strideD), (.conv3D, c3.strideW), (.conv3D, c3.strideH), (.conv3D, c3.activation),
            (.conv3D, c3.dilationD), (.conv3D, c3.dilationW), (.conv3D, c3.dilationH),
            (.conv2D, c.padding), (.conv2D, c.strideW), (.conv2D, c.strideH), (.conv2D, c.activation), (.conv2D, c.dilationW), (.conv2D, c.dilationH),
            (.depthwiseConv2D, d.padding), (.depthwiseConv2D, d.strideW), (.depthwiseConv2D, d.strideH), (.depthwiseConv2D, d.multiplier),
            (.depthwiseConv2D, d.activation), (.depthwiseConv2D, d.dilationW), (.depthwiseConv2D, d.dilationH),
            (.pool2D, p.padding), (.pool2D, p.strideW), (.pool2D, p.strideH), (.pool2D, p.filterW), (.pool2D, p.filterH), (.pool2D, p.activation),
            (.fullyConnected, f.activation), (.fullyConnected, f.weightsFormat), (.fullyConnected, f.keepNumDims),
            (.softmax, softmaxBeta), (.concatenation, concatenation.axis), (.concatenation, concatenation.activation),
            (.add, arithmeticActivation), (.sub, arithmeticActivation), (.mul, arithmeticActivation), (.div, arithmeticActivation),
            (.localResponseNormalization, lrn.radius), (.localResponseNormalization, lrn.bias),
            (.localResponseNormalization, lrn.alpha), (.localResponseNormalization, lrn.beta),
            (.l2Normalization, l2NormActivation), (.reshape, reshapeNewShape), (.gather, gather.axis), (.gather, gather.batchDims), (.reducer, reducerKeepDims),
            (.stridedSlice, s.beginMask), (.stridedSlice, s.endMask), (.stridedSlice, s.ellipsisMask), (.stridedSlice, s.newAxisMask),
            (.stridedSlice, s.shrinkAxisMask), (.cast, cast.input), (.cast, cast.output),
            (.transposeConv, t.padding), (.transposeConv, t.strideW), (.transposeConv, t.strideH), (.transposeConv, t.activation),
            (.shape, shapeOutType), (.leakyRelu, leakyReluAlpha), (.mirrorPad, mirrorPadMode),
            (.batchMatMul, batchMatMul.adjX), (.batchMatMul, batchMatMul.adjY), (.gelu, geluApproximate),
            (.argMax, argOutputType), (.argMin, argOutputType),
            (.resizeBilinear, resizeBilinear.alignCorners), (.resizeBilinear, resizeBilinear.halfPixel),
            (.resizeNearestNeighbor, resizeNearest.alignCorners), (.resizeNearestNeighbor, resizeNearest.halfPixel),
            (.oneHot, oneHotAxis), (.cumsum, cumsum.exclusive), (.cumsum, cumsum.reverse),
            (.reverseSequence, reverseSequence.seqDim), (.reverseSequence, reverseSequence.batchDim),
            (.spaceToDepth, blockSize), (.depthToSpace, blockSize), (.split, numSplits), (.splitV, numSplits),
            (.pack, pack.count), (.pack, pack.axis), (.unpack, unpack.count), (.unpack, unpack.axis),
            (.unidirectionalSequenceLSTM, sequenceLSTM.activation), (.unidirectionalSequenceLSTM, sequenceLSTM.cellClip),
            (.unidirectionalSequenceLSTM, sequenceLSTM.projClip), (.unidirectionalSequenceLSTM, sequenceLSTM.timeMajor),
            (.unidirectionalSequenceLSTM, sequenceLSTM.diagonal), (.sequenceRNN, sequenceRNN.timeMajor), (.sequenceRNN, sequenceRNN.activation),
        ]
    }
}
