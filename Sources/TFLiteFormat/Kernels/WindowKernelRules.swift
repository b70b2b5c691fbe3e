import LiteIR

/// Kernel rules of the convolution, pooling, matrix, resize and block builtins
/// (tflite/kernels/conv.cc, depthwise_conv.cc, transpose_conv.cc, conv3d.cc, pooling.cc,
/// fully_connected.cc, batch_matmul.cc, resize_bilinear.cc, resize_nearest_neighbor.cc,
/// depth_to_space.cc, space_to_depth.cc).
enum WindowKernelRules {
    static let float: [DType: Int32] = [.float32: 1]

    static let rules: [KernelRule] = [
        KernelRule(.conv2D, versions: 1...8, reference: 1...8, types: float, quantized: [.int8: 3, .int16: 8], ranks: 4...4, activation: .clamps(Fields.conv.activation), checks: [
            // conv.cc Prepare: TF_LITE_ENSURE(context, has_bias); XNNPACK refuses a CONV_2D without bias.
            KernelCheck("a bias (input 2) is required") { v in v.has(2) },
            KernelCheck("the input channels must be a multiple of the filter's, and the filters of the groups") { v in
                guard let x = v.input(0), let w = v.input(1), x.rank == 4, w.rank == 4,
                      let c = x.shape[3].value, let cg = w.shape[3].value, let o = w.shape[0].value, cg > 0, c > 0 else { return false }
                return c % cg == 0 && o % (c / cg) == 0
            },
        ]),
        KernelRule(.depthwiseConv2D, versions: 1...7, reference: 1...6, types: float, quantized: [.int8: 3, .int16: 1], ranks: 4...4, activation: .clamps(Fields.depthwise.activation),
                   checks: [
            KernelCheck("the filter must be [1, KH, KW, C·multiplier] with the multiplier written (XNNPACK reads it)") { v in
                guard let x = v.input(0), let w = v.input(1), x.rank == 4, w.rank == 4, w.shape[0].value == 1,
                      let c = x.shape[3].value, let o = w.shape[3].value, c > 0 else { return false }
                return o % c == 0 && v.option(Fields.depthwise.multiplier) == o / c
            },
            KernelCheck("a bias (input 2) is required") { v in v.has(2) },
        ]),
        KernelRule(.transposeConv, versions: 1...5, reference: 1...5, input: 2, types: float, ranks: 4...4,
                   activation: .clamps(Fields.transposeConv.activation), checks: [
            KernelCheck("the output shape must be an int32 vector of 4") { v in v.input(0) == TensorType(.int32, fixed: [4]) },
        ]),
        KernelRule(.conv3D, versions: 1...1, reference: 1...1, types: float, ranks: 5...5, activation: .clamps(Fields.conv3D.activation), checks: [
            KernelCheck("the filter must be [KD, KH, KW, C, O] over all input channels (CONV_3D has no groups)") { v in
                guard let x = v.input(0), let w = v.input(1), x.rank == 5, w.rank == 5 else { return false }
                return x.shape[4] == w.shape[3]
            },
        ]),
        KernelRule(.averagePool2D, versions: 1...3, reference: 1...3, types: float, quantized: ElementwiseKernelRules.int8And16, ranks: 4...4, activation: .clamps(Fields.pool.activation)),
        KernelRule(.maxPool2D, versions: 1...3, reference: 1...3, types: float, quantized: ElementwiseKernelRules.int8And16, ranks: 4...4, activation: .clamps(Fields.pool.activation)),
        KernelRule(.fullyConnected, versions: 1...14, reference: 1...14, types: float, quantized: [.int8: 4, .int16: 11],
                   activation: .clampsRefusingOthers(Fields.fullyConnected.activation), checks: [
            KernelCheck("the weights must be a float32 [units, depth] matrix, or int8 with its scales (quantized or dynamic range), in the default format") { v in
                guard let w = v.input(1), w.rank == 2, v.option(Fields.fullyConnected.weightsFormat) == 0 else { return false }
                return w.dtype == .float32 && v.input(0)?.dtype == .float32 || (w.dtype == .int8 && w.quantization != nil && w.quantization?.axis ?? 0 == 0)
            },
        ]),
        KernelRule(.batchMatmul, versions: 1...4, reference: 1...4, types: float, quantized: ElementwiseKernelRules.int8And16, checks: [
            KernelCheck("both operands must have 2 to 5 dims and one element type (or float and int8 weights with their scales: dynamic range)") { v in
                guard let a = v.input(0), let b = v.input(1) else { return false }
                let hybrid = a.dtype == .float32 && b.dtype == .int8 && b.quantization != nil
                return (2...5).contains(a.rank) && (2...5).contains(b.rank) && (a.dtype == b.dtype || hybrid)
            },
        ]),
        KernelRule(.resizeBilinear, versions: 1...4, reference: 1...4, types: float, quantized: [.int8: 2, .int16: 4], ranks: 4...4, checks: [
            KernelCheck("the size must be an int32 vector of 2") { v in v.input(1) == TensorType(.int32, fixed: [2]) },
            KernelCheck("align_corners and half_pixel_centers exclude each other") { v in
                v.option(Fields.resizeBilinear.alignCorners) == 0 || v.option(Fields.resizeBilinear.halfPixel) == 0
            },
        ]),
        KernelRule(.resizeNearestNeighbor, versions: 1...4, reference: 1...4, types: [.float32: 1, .int32: 1], quantized: [.int8: 2, .int16: 4], ranks: 4...4, checks: [
            KernelCheck("the size must be an int32 vector of 2") { v in v.input(1) == TensorType(.int32, fixed: [2]) },
        ]),
        KernelRule(.depthToSpace, versions: 1...2, reference: 1...1, types: [.float32: 1, .int32: 1, .int64: 1, .uint8: 1, .int8: 1], ranks: 4...4, checks: [
            KernelCheck("the channels must be a multiple of block_size²") { v in
                let b = v.option(Fields.blockSize)
                guard b > 0, let x = v.input(0), x.rank == 4, let c = x.shape[3].value else { return false }
                return c % (b * b) == 0
            },
        ]),
        KernelRule(.spaceToDepth, versions: 1...2, reference: 1...2, types: [.float32: 1, .int32: 1, .int64: 1, .uint8: 1, .int8: 1], ranks: 4...4, checks: [
            KernelCheck("height and width must be multiples of block_size") { v in
                let b = v.option(Fields.blockSize)
                guard b > 0, let x = v.input(0) else { return false }
                return [1, 2].allSatisfy { x.shape[$0].value.map { $0 % b == 0 } ?? true }
            },
        ]),
    ]
}
