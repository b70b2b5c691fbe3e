// Generated from Schemas/tflite.fbs by Schemas/generate-tflite.sh (flatc's binary schema,
// read by Schemas/tflite-codegen). DO NOT EDIT: change the schema and rerun `make schemas`.

extension TFLiteSchema {
    /// Fields of `table ATan2Options`.
    enum ATan2Options {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table AbsOptions`.
    enum AbsOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table AddNOptions`.
    enum AddNOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table AddOptions`.
    enum AddOptions {
        static let fusedActivationFunction = TableField(0, "fused_activation_function", .int8)  // ActivationFunctionType
        static let potScaleInt16 = TableField(1, "pot_scale_int16", .bool, default: 1)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [fusedActivationFunction, potScaleInt16]
    }

    /// Fields of `table ArgMaxOptions`.
    enum ArgMaxOptions {
        static let outputType = TableField(0, "output_type", .int8)  // TensorType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [outputType]
    }

    /// Fields of `table ArgMinOptions`.
    enum ArgMinOptions {
        static let outputType = TableField(0, "output_type", .int8)  // TensorType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [outputType]
    }

    /// Fields of `table AssignVariableOptions`.
    enum AssignVariableOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table BatchMatMulOptions`.
    enum BatchMatMulOptions {
        static let adjX = TableField(0, "adj_x", .bool)
        static let adjY = TableField(1, "adj_y", .bool)
        static let asymmetricQuantizeInputs = TableField(2, "asymmetric_quantize_inputs", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [adjX, adjY, asymmetricQuantizeInputs]
    }

    /// Fields of `table BatchToSpaceNDOptions`.
    enum BatchToSpaceNDOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table BidirectionalSequenceLSTMOptions`.
    enum BidirectionalSequenceLSTMOptions {
        static let fusedActivationFunction = TableField(0, "fused_activation_function", .int8)  // ActivationFunctionType
        static let cellClip = TableField(1, "cell_clip", .float)
        static let projClip = TableField(2, "proj_clip", .float)
        static let mergeOutputs = TableField(3, "merge_outputs", .bool)
        static let timeMajor = TableField(4, "time_major", .bool, default: 1)
        static let asymmetricQuantizeInputs = TableField(5, "asymmetric_quantize_inputs", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [fusedActivationFunction, cellClip, projClip, mergeOutputs, timeMajor, asymmetricQuantizeInputs]
    }

    /// Fields of `table BidirectionalSequenceRNNOptions`.
    enum BidirectionalSequenceRNNOptions {
        static let timeMajor = TableField(0, "time_major", .bool)
        static let fusedActivationFunction = TableField(1, "fused_activation_function", .int8)  // ActivationFunctionType
        static let mergeOutputs = TableField(2, "merge_outputs", .bool)
        static let asymmetricQuantizeInputs = TableField(3, "asymmetric_quantize_inputs", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [timeMajor, fusedActivationFunction, mergeOutputs, asymmetricQuantizeInputs]
    }

    /// Fields of `table BitcastOptions`.
    enum BitcastOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table BitwiseXorOptions`.
    enum BitwiseXorOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table BroadcastToOptions`.
    enum BroadcastToOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table BucketizeOptions`.
    enum BucketizeOptions {
        static let boundaries = TableField(0, "boundaries", .vector(.float))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [boundaries]
    }

    /// Fields of `table CallOnceOptions`.
    enum CallOnceOptions {
        static let initSubgraphIndex = TableField(0, "init_subgraph_index", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [initSubgraphIndex]
    }

    /// Fields of `table CallOptions`.
    enum CallOptions {
        static let subgraph = TableField(0, "subgraph", .uint32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [subgraph]
    }

    /// Fields of `table CastOptions`.
    enum CastOptions {
        static let inDataType = TableField(0, "in_data_type", .int8)  // TensorType
        static let outDataType = TableField(1, "out_data_type", .int8)  // TensorType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [inDataType, outDataType]
    }

    /// Fields of `table ConcatEmbeddingsOptions`.
    enum ConcatEmbeddingsOptions {
        static let numChannels = TableField(0, "num_channels", .int32)
        static let numColumnsPerChannel = TableField(1, "num_columns_per_channel", .vector(.int32))
        static let embeddingDimPerChannel = TableField(2, "embedding_dim_per_channel", .vector(.int32))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [numChannels, numColumnsPerChannel, embeddingDimPerChannel]
    }

    /// Fields of `table ConcatenationOptions`.
    enum ConcatenationOptions {
        static let axis = TableField(0, "axis", .int32)
        static let fusedActivationFunction = TableField(1, "fused_activation_function", .int8)  // ActivationFunctionType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [axis, fusedActivationFunction]
    }

    /// Fields of `table Conv2DOptions`.
    enum Conv2DOptions {
        static let padding = TableField(0, "padding", .int8)  // Padding
        static let strideW = TableField(1, "stride_w", .int32)
        static let strideH = TableField(2, "stride_h", .int32)
        static let fusedActivationFunction = TableField(3, "fused_activation_function", .int8)  // ActivationFunctionType
        static let dilationWFactor = TableField(4, "dilation_w_factor", .int32, default: 1)
        static let dilationHFactor = TableField(5, "dilation_h_factor", .int32, default: 1)
        static let quantizedBiasType = TableField(6, "quantized_bias_type", .int8)  // TensorType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [padding, strideW, strideH, fusedActivationFunction, dilationWFactor, dilationHFactor, quantizedBiasType]
    }

    /// Fields of `table Conv3DOptions`.
    enum Conv3DOptions {
        static let padding = TableField(0, "padding", .int8)  // Padding
        static let strideD = TableField(1, "stride_d", .int32)
        static let strideW = TableField(2, "stride_w", .int32)
        static let strideH = TableField(3, "stride_h", .int32)
        static let fusedActivationFunction = TableField(4, "fused_activation_function", .int8)  // ActivationFunctionType
        static let dilationDFactor = TableField(5, "dilation_d_factor", .int32, default: 1)
        static let dilationWFactor = TableField(6, "dilation_w_factor", .int32, default: 1)
        static let dilationHFactor = TableField(7, "dilation_h_factor", .int32, default: 1)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [padding, strideD, strideW, strideH, fusedActivationFunction, dilationDFactor, dilationWFactor, dilationHFactor]
    }

    /// Fields of `table CosOptions`.
    enum CosOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table CumsumOptions`.
    enum CumsumOptions {
        static let exclusive = TableField(0, "exclusive", .bool)
        static let reverse = TableField(1, "reverse", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [exclusive, reverse]
    }

    /// Fields of `table DensifyOptions`.
    enum DensifyOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table DepthToSpaceOptions`.
    enum DepthToSpaceOptions {
        static let blockSize = TableField(0, "block_size", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [blockSize]
    }

    /// Fields of `table DepthwiseConv2DOptions`.
    enum DepthwiseConv2DOptions {
        static let padding = TableField(0, "padding", .int8)  // Padding
        static let strideW = TableField(1, "stride_w", .int32)
        static let strideH = TableField(2, "stride_h", .int32)
        static let depthMultiplier = TableField(3, "depth_multiplier", .int32)
        static let fusedActivationFunction = TableField(4, "fused_activation_function", .int8)  // ActivationFunctionType
        static let dilationWFactor = TableField(5, "dilation_w_factor", .int32, default: 1)
        static let dilationHFactor = TableField(6, "dilation_h_factor", .int32, default: 1)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [padding, strideW, strideH, depthMultiplier, fusedActivationFunction, dilationWFactor, dilationHFactor]
    }

    /// Fields of `table DequantizeOptions`.
    enum DequantizeOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table DilateOptions`.
    enum DilateOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table DivOptions`.
    enum DivOptions {
        static let fusedActivationFunction = TableField(0, "fused_activation_function", .int8)  // ActivationFunctionType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [fusedActivationFunction]
    }

    /// Fields of `table DynamicUpdateSliceOptions`.
    enum DynamicUpdateSliceOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table EmbeddingLookupSparseOptions`.
    enum EmbeddingLookupSparseOptions {
        static let combiner = TableField(0, "combiner", .int8)  // CombinerType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [combiner]
    }

    /// Fields of `table EqualOptions`.
    enum EqualOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table ExpOptions`.
    enum ExpOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table ExpandDimsOptions`.
    enum ExpandDimsOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table FakeQuantOptions`.
    enum FakeQuantOptions {
        static let min = TableField(0, "min", .float)
        static let max = TableField(1, "max", .float)
        static let numBits = TableField(2, "num_bits", .int32)
        static let narrowRange = TableField(3, "narrow_range", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [min, max, numBits, narrowRange]
    }

    /// Fields of `table FillOptions`.
    enum FillOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table FloorDivOptions`.
    enum FloorDivOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table FloorModOptions`.
    enum FloorModOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table FullyConnectedOptions`.
    enum FullyConnectedOptions {
        static let fusedActivationFunction = TableField(0, "fused_activation_function", .int8)  // ActivationFunctionType
        static let weightsFormat = TableField(1, "weights_format", .int8)  // FullyConnectedOptionsWeightsFormat
        static let keepNumDims = TableField(2, "keep_num_dims", .bool)
        static let asymmetricQuantizeInputs = TableField(3, "asymmetric_quantize_inputs", .bool)
        static let quantizedBiasType = TableField(4, "quantized_bias_type", .int8)  // TensorType
        static let quantSpec = TableField(5, "quant_spec", .vector(.uint8))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [fusedActivationFunction, weightsFormat, keepNumDims, asymmetricQuantizeInputs, quantizedBiasType, quantSpec]
    }

    /// Fields of `table GatherNdOptions`.
    enum GatherNdOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table GatherOptions`.
    enum GatherOptions {
        static let axis = TableField(0, "axis", .int32)
        static let batchDims = TableField(1, "batch_dims", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [axis, batchDims]
    }

    /// Fields of `table GeluOptions`.
    enum GeluOptions {
        static let approximate = TableField(0, "approximate", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [approximate]
    }

    /// Fields of `table GreaterEqualOptions`.
    enum GreaterEqualOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table GreaterOptions`.
    enum GreaterOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table HardSwishOptions`.
    enum HardSwishOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table HashtableFindOptions`.
    enum HashtableFindOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table HashtableImportOptions`.
    enum HashtableImportOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table HashtableOptions`.
    enum HashtableOptions {
        static let tableId = TableField(0, "table_id", .int32)
        static let keyDtype = TableField(1, "key_dtype", .int8)  // TensorType
        static let valueDtype = TableField(2, "value_dtype", .int8)  // TensorType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [tableId, keyDtype, valueDtype]
    }

    /// Fields of `table HashtableSizeOptions`.
    enum HashtableSizeOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table IfOptions`.
    enum IfOptions {
        static let thenSubgraphIndex = TableField(0, "then_subgraph_index", .int32)
        static let elseSubgraphIndex = TableField(1, "else_subgraph_index", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [thenSubgraphIndex, elseSubgraphIndex]
    }

    /// Fields of `table L2NormOptions`.
    enum L2NormOptions {
        static let fusedActivationFunction = TableField(0, "fused_activation_function", .int8)  // ActivationFunctionType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [fusedActivationFunction]
    }

    /// Fields of `table LSHProjectionOptions`.
    enum LSHProjectionOptions {
        static let type = TableField(0, "type", .int8)  // LSHProjectionType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [type]
    }

    /// Fields of `table LSTMOptions`.
    enum LSTMOptions {
        static let fusedActivationFunction = TableField(0, "fused_activation_function", .int8)  // ActivationFunctionType
        static let cellClip = TableField(1, "cell_clip", .float)
        static let projClip = TableField(2, "proj_clip", .float)
        static let kernelType = TableField(3, "kernel_type", .int8)  // LSTMKernelType
        static let asymmetricQuantizeInputs = TableField(4, "asymmetric_quantize_inputs", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [fusedActivationFunction, cellClip, projClip, kernelType, asymmetricQuantizeInputs]
    }

    /// Fields of `table LeakyReluOptions`.
    enum LeakyReluOptions {
        static let alpha = TableField(0, "alpha", .float)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [alpha]
    }

    /// Fields of `table LessEqualOptions`.
    enum LessEqualOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table LessOptions`.
    enum LessOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table LocalResponseNormalizationOptions`.
    enum LocalResponseNormalizationOptions {
        static let radius = TableField(0, "radius", .int32)
        static let bias = TableField(1, "bias", .float)
        static let alpha = TableField(2, "alpha", .float)
        static let beta = TableField(3, "beta", .float)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [radius, bias, alpha, beta]
    }

    /// Fields of `table LogSoftmaxOptions`.
    enum LogSoftmaxOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table LogicalAndOptions`.
    enum LogicalAndOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table LogicalNotOptions`.
    enum LogicalNotOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table LogicalOrOptions`.
    enum LogicalOrOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table MatrixDiagOptions`.
    enum MatrixDiagOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table MatrixSetDiagOptions`.
    enum MatrixSetDiagOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table MaximumMinimumOptions`.
    enum MaximumMinimumOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table MirrorPadOptions`.
    enum MirrorPadOptions {
        static let mode = TableField(0, "mode", .int8)  // MirrorPadMode

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [mode]
    }

    /// Fields of `table MulOptions`.
    enum MulOptions {
        static let fusedActivationFunction = TableField(0, "fused_activation_function", .int8)  // ActivationFunctionType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [fusedActivationFunction]
    }

    /// Fields of `table NegOptions`.
    enum NegOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table NonMaxSuppressionV4Options`.
    enum NonMaxSuppressionV4Options {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table NonMaxSuppressionV5Options`.
    enum NonMaxSuppressionV5Options {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table NotEqualOptions`.
    enum NotEqualOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table OneHotOptions`.
    enum OneHotOptions {
        static let axis = TableField(0, "axis", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [axis]
    }

    /// Fields of `table PackOptions`.
    enum PackOptions {
        static let valuesCount = TableField(0, "values_count", .int32)
        static let axis = TableField(1, "axis", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [valuesCount, axis]
    }

    /// Fields of `table PadOptions`.
    enum PadOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table PadV2Options`.
    enum PadV2Options {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table Pool2DOptions`.
    enum Pool2DOptions {
        static let padding = TableField(0, "padding", .int8)  // Padding
        static let strideW = TableField(1, "stride_w", .int32)
        static let strideH = TableField(2, "stride_h", .int32)
        static let filterWidth = TableField(3, "filter_width", .int32)
        static let filterHeight = TableField(4, "filter_height", .int32)
        static let fusedActivationFunction = TableField(5, "fused_activation_function", .int8)  // ActivationFunctionType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [padding, strideW, strideH, filterWidth, filterHeight, fusedActivationFunction]
    }

    /// Fields of `table PowOptions`.
    enum PowOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table QuantizeOptions`.
    enum QuantizeOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table RNNOptions`.
    enum RNNOptions {
        static let fusedActivationFunction = TableField(0, "fused_activation_function", .int8)  // ActivationFunctionType
        static let asymmetricQuantizeInputs = TableField(1, "asymmetric_quantize_inputs", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [fusedActivationFunction, asymmetricQuantizeInputs]
    }

    /// Fields of `table RandomOptions`.
    enum RandomOptions {
        static let seed = TableField(0, "seed", .int64)
        static let seed2 = TableField(1, "seed2", .int64)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [seed, seed2]
    }

    /// Fields of `table RangeOptions`.
    enum RangeOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table RankOptions`.
    enum RankOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table ReadVariableOptions`.
    enum ReadVariableOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table ReduceWindowOptions`.
    enum ReduceWindowOptions {
        static let reduceFunction = TableField(0, "reduce_function", .int32)  // ReduceWindowFunction

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [reduceFunction]
    }

    /// Fields of `table ReducerOptions`.
    enum ReducerOptions {
        static let keepDims = TableField(0, "keep_dims", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [keepDims]
    }

    /// Fields of `table ReshapeOptions`.
    enum ReshapeOptions {
        static let newShape = TableField(0, "new_shape", .vector(.int32))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [newShape]
    }

    /// Fields of `table ResizeBilinearOptions`.
    enum ResizeBilinearOptions {
        static let alignCorners = TableField(2, "align_corners", .bool)
        static let halfPixelCenters = TableField(3, "half_pixel_centers", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [alignCorners, halfPixelCenters]
    }

    /// Fields of `table ResizeNearestNeighborOptions`.
    enum ResizeNearestNeighborOptions {
        static let alignCorners = TableField(0, "align_corners", .bool)
        static let halfPixelCenters = TableField(1, "half_pixel_centers", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [alignCorners, halfPixelCenters]
    }

    /// Fields of `table ReverseSequenceOptions`.
    enum ReverseSequenceOptions {
        static let seqDim = TableField(0, "seq_dim", .int32)
        static let batchDim = TableField(1, "batch_dim", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [seqDim, batchDim]
    }

    /// Fields of `table ReverseV2Options`.
    enum ReverseV2Options {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table Rfft2dOptions`.
    enum Rfft2dOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table RightShiftOptions`.
    enum RightShiftOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table SVDFOptions`.
    enum SVDFOptions {
        static let rank = TableField(0, "rank", .int32)
        static let fusedActivationFunction = TableField(1, "fused_activation_function", .int8)  // ActivationFunctionType
        static let asymmetricQuantizeInputs = TableField(2, "asymmetric_quantize_inputs", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [rank, fusedActivationFunction, asymmetricQuantizeInputs]
    }

    /// Fields of `table ScatterNdOptions`.
    enum ScatterNdOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table SegmentSumOptions`.
    enum SegmentSumOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table SelectOptions`.
    enum SelectOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table SelectV2Options`.
    enum SelectV2Options {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table SequenceRNNOptions`.
    enum SequenceRNNOptions {
        static let timeMajor = TableField(0, "time_major", .bool)
        static let fusedActivationFunction = TableField(1, "fused_activation_function", .int8)  // ActivationFunctionType
        static let asymmetricQuantizeInputs = TableField(2, "asymmetric_quantize_inputs", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [timeMajor, fusedActivationFunction, asymmetricQuantizeInputs]
    }

    /// Fields of `table ShapeOptions`.
    enum ShapeOptions {
        static let outType = TableField(0, "out_type", .int8)  // TensorType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [outType]
    }

    /// Fields of `table SignOptions`.
    enum SignOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table SkipGramOptions`.
    enum SkipGramOptions {
        static let ngramSize = TableField(0, "ngram_size", .int32)
        static let maxSkipSize = TableField(1, "max_skip_size", .int32)
        static let includeAllNgrams = TableField(2, "include_all_ngrams", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [ngramSize, maxSkipSize, includeAllNgrams]
    }

    /// Fields of `table SliceOptions`.
    enum SliceOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table SoftmaxOptions`.
    enum SoftmaxOptions {
        static let beta = TableField(0, "beta", .float)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [beta]
    }

    /// Fields of `table SpaceToBatchNDOptions`.
    enum SpaceToBatchNDOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table SpaceToDepthOptions`.
    enum SpaceToDepthOptions {
        static let blockSize = TableField(0, "block_size", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [blockSize]
    }

    /// Fields of `table SparseToDenseOptions`.
    enum SparseToDenseOptions {
        static let validateIndices = TableField(0, "validate_indices", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [validateIndices]
    }

    /// Fields of `table SplitOptions`.
    enum SplitOptions {
        static let numSplits = TableField(0, "num_splits", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [numSplits]
    }

    /// Fields of `table SplitVOptions`.
    enum SplitVOptions {
        static let numSplits = TableField(0, "num_splits", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [numSplits]
    }

    /// Fields of `table SquareOptions`.
    enum SquareOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table SquaredDifferenceOptions`.
    enum SquaredDifferenceOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table SqueezeOptions`.
    enum SqueezeOptions {
        static let squeezeDims = TableField(0, "squeeze_dims", .vector(.int32))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [squeezeDims]
    }

    /// Fields of `table StableHLOCompositeOptions`.
    enum StableHLOCompositeOptions {
        static let name = TableField(0, "name", .string)
        static let decompositionSubgraphIndex = TableField(1, "decomposition_subgraph_index", .int32)
        static let compositeAttributes = TableField(2, "composite_attributes", .vector(.uint8))
        static let compositeAttributesFormat = TableField(3, "composite_attributes_format", .int8)  // CustomOptionsFormat
        static let version = TableField(4, "version", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [name, decompositionSubgraphIndex, compositeAttributes, compositeAttributesFormat, version]
    }

    /// Fields of `table StablehloBroadcastInDimOptions`.
    enum StablehloBroadcastInDimOptions {
        static let broadcastDimensions = TableField(0, "broadcast_dimensions", .vector(.int64))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [broadcastDimensions]
    }

    /// Fields of `table StablehloCaseOptions`.
    enum StablehloCaseOptions {
        static let branchSubgraphIndices = TableField(0, "branch_subgraph_indices", .vector(.int32))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [branchSubgraphIndices]
    }

    /// Fields of `table StablehloCompareOptions`.
    enum StablehloCompareOptions {
        static let comparisonDirection = TableField(0, "comparison_direction", .uint32)  // StablehloComparisonDirection
        static let compareType = TableField(1, "compare_type", .uint32)  // StablehloComparisonType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [comparisonDirection, compareType]
    }

    /// Fields of `table StablehloConcatenateOptions`.
    enum StablehloConcatenateOptions {
        static let dimension = TableField(0, "dimension", .int64)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [dimension]
    }

    /// Fields of `table StablehloConvolutionOptions`.
    enum StablehloConvolutionOptions {
        static let windowStrides = TableField(0, "window_strides", .vector(.int64))
        static let padding = TableField(1, "padding", .vector(.int64))
        static let lhsDilation = TableField(2, "lhs_dilation", .vector(.int64))
        static let rhsDilation = TableField(3, "rhs_dilation", .vector(.int64))
        static let windowReversal = TableField(4, "window_reversal", .vector(.bool))
        static let inputBatchDimension = TableField(5, "input_batch_dimension", .int64)
        static let inputFeatureDimension = TableField(6, "input_feature_dimension", .int64)
        static let inputSpatialDimensions = TableField(7, "input_spatial_dimensions", .vector(.int64))
        static let kernelInputFeatureDimension = TableField(8, "kernel_input_feature_dimension", .int64)
        static let kernelOutputFeatureDimension = TableField(9, "kernel_output_feature_dimension", .int64)
        static let kernelSpatialDimensions = TableField(10, "kernel_spatial_dimensions", .vector(.int64))
        static let outputBatchDimension = TableField(11, "output_batch_dimension", .int64)
        static let outputFeatureDimension = TableField(12, "output_feature_dimension", .int64)
        static let outputSpatialDimensions = TableField(13, "output_spatial_dimensions", .vector(.int64))
        static let featureGroupCount = TableField(14, "feature_group_count", .int64)
        static let batchGroupCount = TableField(15, "batch_group_count", .int64)
        static let precisionConfig = TableField(16, "precision_config", .vector(.uint32))  // StablehloPrecisionConfig

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [windowStrides, padding, lhsDilation, rhsDilation, windowReversal, inputBatchDimension, inputFeatureDimension, inputSpatialDimensions, kernelInputFeatureDimension, kernelOutputFeatureDimension, kernelSpatialDimensions, outputBatchDimension, outputFeatureDimension, outputSpatialDimensions, featureGroupCount, batchGroupCount, precisionConfig]
    }

    /// Fields of `table StablehloCustomCallOptions`.
    enum StablehloCustomCallOptions {
        static let callTargetName = TableField(0, "call_target_name", .string)
        static let hasSideEffect = TableField(1, "has_side_effect", .bool)
        static let backendConfig = TableField(2, "backend_config", .string)
        static let apiVersion = TableField(3, "api_version", .int32)
        static let calledComputations = TableField(4, "called_computations", .vector(.int32))
        static let customAttributes = TableField(5, "custom_attributes", .vector(.uint8))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [callTargetName, hasSideEffect, backendConfig, apiVersion, calledComputations, customAttributes]
    }

    /// Fields of `table StablehloDotGeneralOptions`.
    enum StablehloDotGeneralOptions {
        static let lhsBatchingDimensions = TableField(0, "lhs_batching_dimensions", .vector(.int64))
        static let rhsBatchingDimensions = TableField(1, "rhs_batching_dimensions", .vector(.int64))
        static let lhsContractingDimensions = TableField(2, "lhs_contracting_dimensions", .vector(.int64))
        static let rhsContractingDimensions = TableField(3, "rhs_contracting_dimensions", .vector(.int64))
        static let precisionConfig = TableField(4, "precision_config", .vector(.uint32))  // StablehloPrecisionConfig

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [lhsBatchingDimensions, rhsBatchingDimensions, lhsContractingDimensions, rhsContractingDimensions, precisionConfig]
    }

    /// Fields of `table StablehloDynamicSliceOptions`.
    enum StablehloDynamicSliceOptions {
        static let sliceSizes = TableField(0, "slice_sizes", .vector(.int64))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [sliceSizes]
    }

    /// Fields of `table StablehloGatherOptions`.
    enum StablehloGatherOptions {
        static let offsetDims = TableField(0, "offset_dims", .vector(.int64))
        static let collapsedSliceDims = TableField(1, "collapsed_slice_dims", .vector(.int64))
        static let startIndexMap = TableField(2, "start_index_map", .vector(.int64))
        static let indexVectorDim = TableField(3, "index_vector_dim", .int64)
        static let sliceSizes = TableField(4, "slice_sizes", .vector(.int64))
        static let indicesAreSorted = TableField(5, "indices_are_sorted", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [offsetDims, collapsedSliceDims, startIndexMap, indexVectorDim, sliceSizes, indicesAreSorted]
    }

    /// Fields of `table StablehloIotaOptions`.
    enum StablehloIotaOptions {
        static let iotaDimension = TableField(0, "iota_dimension", .int64)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [iotaDimension]
    }

    /// Fields of `table StablehloPadOptions`.
    enum StablehloPadOptions {
        static let edgePaddingLow = TableField(0, "edge_padding_low", .vector(.int64))
        static let edgePaddingHigh = TableField(1, "edge_padding_high", .vector(.int64))
        static let interiorPadding = TableField(2, "interior_padding", .vector(.int64))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [edgePaddingLow, edgePaddingHigh, interiorPadding]
    }

    /// Fields of `table StablehloReduceOptions`.
    enum StablehloReduceOptions {
        static let dimensions = TableField(0, "dimensions", .vector(.int64))
        static let bodySubgraphIndex = TableField(1, "body_subgraph_index", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [dimensions, bodySubgraphIndex]
    }

    /// Fields of `table StablehloReduceWindowOptions`.
    enum StablehloReduceWindowOptions {
        static let windowDimensions = TableField(0, "window_dimensions", .vector(.int64))
        static let windowStrides = TableField(1, "window_strides", .vector(.int64))
        static let baseDilations = TableField(2, "base_dilations", .vector(.int64))
        static let windowDilations = TableField(3, "window_dilations", .vector(.int64))
        static let padding = TableField(4, "padding", .vector(.int64))
        static let bodySubgraphIndex = TableField(5, "body_subgraph_index", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [windowDimensions, windowStrides, baseDilations, windowDilations, padding, bodySubgraphIndex]
    }

    /// Fields of `table StablehloRngBitGeneratorOptions`.
    enum StablehloRngBitGeneratorOptions {
        static let algorithm = TableField(0, "algorithm", .int8)  // RngAlgorithm

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [algorithm]
    }

    /// Fields of `table StablehloScatterOptions`.
    enum StablehloScatterOptions {
        static let indicesAreSorted = TableField(0, "indices_are_sorted", .bool)
        static let updateWindowDims = TableField(1, "update_window_dims", .vector(.int64))
        static let insertedWindowDims = TableField(2, "inserted_window_dims", .vector(.int64))
        static let scatterDimsToOperandDims = TableField(3, "scatter_dims_to_operand_dims", .vector(.int64))
        static let indexVectorDim = TableField(4, "index_vector_dim", .int64)
        static let uniqueIndices = TableField(5, "unique_indices", .bool)
        static let updateComputationSubgraphIndex = TableField(6, "update_computation_subgraph_index", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [indicesAreSorted, updateWindowDims, insertedWindowDims, scatterDimsToOperandDims, indexVectorDim, uniqueIndices, updateComputationSubgraphIndex]
    }

    /// Fields of `table StablehloShiftLeftOptions`.
    enum StablehloShiftLeftOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table StablehloSliceOptions`.
    enum StablehloSliceOptions {
        static let startIndices = TableField(0, "start_indices", .vector(.int64))
        static let limitIndices = TableField(1, "limit_indices", .vector(.int64))
        static let strides = TableField(2, "strides", .vector(.int64))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [startIndices, limitIndices, strides]
    }

    /// Fields of `table StablehloSortOptions`.
    enum StablehloSortOptions {
        static let dimension = TableField(0, "dimension", .int64)
        static let isStable = TableField(1, "is_stable", .bool)
        static let comparatorSubgraphIndex = TableField(2, "comparator_subgraph_index", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [dimension, isStable, comparatorSubgraphIndex]
    }

    /// Fields of `table StablehloTransposeOptions`.
    enum StablehloTransposeOptions {
        static let permutation = TableField(0, "permutation", .vector(.int64))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [permutation]
    }

    /// Fields of `table StablehloWhileOptions`.
    enum StablehloWhileOptions {
        static let condSubgraphIndex = TableField(0, "cond_subgraph_index", .int32)
        static let bodySubgraphIndex = TableField(1, "body_subgraph_index", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [condSubgraphIndex, bodySubgraphIndex]
    }

    /// Fields of `table StridedSliceOptions`.
    enum StridedSliceOptions {
        static let beginMask = TableField(0, "begin_mask", .int32)
        static let endMask = TableField(1, "end_mask", .int32)
        static let ellipsisMask = TableField(2, "ellipsis_mask", .int32)
        static let newAxisMask = TableField(3, "new_axis_mask", .int32)
        static let shrinkAxisMask = TableField(4, "shrink_axis_mask", .int32)
        static let offset = TableField(5, "offset", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask, offset]
    }

    /// Fields of `table SubOptions`.
    enum SubOptions {
        static let fusedActivationFunction = TableField(0, "fused_activation_function", .int8)  // ActivationFunctionType
        static let potScaleInt16 = TableField(1, "pot_scale_int16", .bool, default: 1)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [fusedActivationFunction, potScaleInt16]
    }

    /// Fields of `table TileOptions`.
    enum TileOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table TopKV2Options`.
    enum TopKV2Options {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table TransposeConvOptions`.
    enum TransposeConvOptions {
        static let padding = TableField(0, "padding", .int8)  // Padding
        static let strideW = TableField(1, "stride_w", .int32)
        static let strideH = TableField(2, "stride_h", .int32)
        static let fusedActivationFunction = TableField(3, "fused_activation_function", .int8)  // ActivationFunctionType
        static let quantizedBiasType = TableField(4, "quantized_bias_type", .int8)  // TensorType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [padding, strideW, strideH, fusedActivationFunction, quantizedBiasType]
    }

    /// Fields of `table TransposeOptions`.
    enum TransposeOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table UnidirectionalSequenceLSTMOptions`.
    enum UnidirectionalSequenceLSTMOptions {
        static let fusedActivationFunction = TableField(0, "fused_activation_function", .int8)  // ActivationFunctionType
        static let cellClip = TableField(1, "cell_clip", .float)
        static let projClip = TableField(2, "proj_clip", .float)
        static let timeMajor = TableField(3, "time_major", .bool)
        static let asymmetricQuantizeInputs = TableField(4, "asymmetric_quantize_inputs", .bool)
        static let diagonalRecurrentTensors = TableField(5, "diagonal_recurrent_tensors", .bool)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [fusedActivationFunction, cellClip, projClip, timeMajor, asymmetricQuantizeInputs, diagonalRecurrentTensors]
    }

    /// Fields of `table UniqueOptions`.
    enum UniqueOptions {
        static let idxOutType = TableField(0, "idx_out_type", .int8, default: 2)  // TensorType

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [idxOutType]
    }

    /// Fields of `table UnpackOptions`.
    enum UnpackOptions {
        static let num = TableField(0, "num", .int32)
        static let axis = TableField(1, "axis", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [num, axis]
    }

    /// Fields of `table UnsortedSegmentMaxOptions`.
    enum UnsortedSegmentMaxOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table UnsortedSegmentMinOptions`.
    enum UnsortedSegmentMinOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table UnsortedSegmentProdOptions`.
    enum UnsortedSegmentProdOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table UnsortedSegmentSumOptions`.
    enum UnsortedSegmentSumOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table VarHandleOptions`.
    enum VarHandleOptions {
        static let container = TableField(0, "container", .string)
        static let sharedName = TableField(1, "shared_name", .string)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [container, sharedName]
    }

    /// Fields of `table WhereOptions`.
    enum WhereOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }

    /// Fields of `table WhileOptions`.
    enum WhileOptions {
        static let condSubgraphIndex = TableField(0, "cond_subgraph_index", .int32)
        static let bodySubgraphIndex = TableField(1, "body_subgraph_index", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [condSubgraphIndex, bodySubgraphIndex]
    }

    /// Fields of `table ZerosLikeOptions`.
    enum ZerosLikeOptions {

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = []
    }
}
