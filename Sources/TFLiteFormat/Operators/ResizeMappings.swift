import LiteIR
import LiteOps

/// Resize2D ↔ RESIZE_NEAREST_NEIGHBOR / RESIZE_BILINEAR. TFLite has three sampling grids
/// (align_corners, half_pixel_centers, neither); the writer takes the one that reads exactly the
/// source positions ONNX's coordinate transformation and rounding read, for these sizes.
enum ResizeMappings {
    /// TFLite's grids as (align_corners, half_pixel_centers), and the ONNX transform each is.
    private static let grids: [(Bool, Bool, String, String)] = [
        // (align, half, transform for nearest/linear, nearest_mode reproducing TFLite's rounding)
        (false, false, "asymmetric", "floor"), (true, false, "align_corners", "round_prefer_ceil"),
        (false, true, "tf_half_pixel_for_nn", "floor"),
    ]

    /// The TFLite grid that samples exactly like `node`, if any.
    static func grid(for node: Node, input: [Int]) throws -> (alignCorners: Bool, halfPixel: Bool)? {
        let sizes = try node.ints("sizes", [])
        let linear = try node.string("mode", "nearest") == "linear"
        let transform = try node.string("coordinate_transformation_mode", "half_pixel")
        let nearestMode = try node.string("nearest_mode", "round_prefer_floor")
        for (align, half, gridTransform, gridRounding) in grids {
            let matches = (0..<2).allSatisfy { axis in
                (0..<sizes[axis]).allSatisfy { o in
                    if linear {
                        // TFLite bilinear with half_pixel_centers samples (o + 0.5)·scale − 0.5.
                        let tflite = resizeLinearSource(o, inSize: input[axis], outSize: sizes[axis],
                                                        transform: half ? "half_pixel" : gridTransform)
                        return abs(tflite - resizeLinearSource(o, inSize: input[axis], outSize: sizes[axis], transform: transform)) < 1e-6
                    }
                    return resizeNearestIndex(o, inSize: input[axis], outSize: sizes[axis], transform: gridTransform, nearestMode: gridRounding)
                        == resizeNearestIndex(o, inSize: input[axis], outSize: sizes[axis], transform: transform, nearestMode: nearestMode)
                }
            }
            if matches { return (align, half) }
        }
        return nil
    }

    static let writers: [String: OperatorWriter] = [
        "Resize2D": { node, c in
            let dims = try c.dims(node.inputs[0])
            guard let (align, half) = try grid(for: node, input: [dims[1], dims[2]]) else {
                throw node.error("no TFLite resize grid samples like this node (the lowering should have refused it)")
            }
            let size = c.int32Constant(try node.ints("sizes", []), "\(node.name)/size")
            let linear = try node.string("mode", "nearest") == "linear"
            let options = linear
                ? BuiltinOptionsValue(.resizeBilinear, numbers: [Fields.resizeBilinear.alignCorners: align ? 1 : 0, Fields.resizeBilinear.halfPixel: half ? 1 : 0])
                : BuiltinOptionsValue(.resizeNearestNeighbor, numbers: [Fields.resizeNearest.alignCorners: align ? 1 : 0, Fields.resizeNearest.halfPixel: half ? 1 : 0])
            return TFLiteOperator(op: linear ? .resizeBilinear : .resizeNearestNeighbor, inputs: [node.inputs[0], size],
                                  outputs: node.outputs, options: options)
        },
    ]

    static let readers: [Int32: OperatorReader] = [
        BuiltinOperator.resizeBilinear.code: { op, c in try read(op, &c, linear: true) },
        BuiltinOperator.resizeNearestNeighbor.code: { op, c in try read(op, &c, linear: false) },
    ]

    private static func read(_ op: TFLiteOperator, _ c: inout ReadContext, linear: Bool) throws {
        let size = try c.constant(try op.input(1), of: op, "the output size").ints()
        let (alignField, halfField) = linear ? (Fields.resizeBilinear.alignCorners, Fields.resizeBilinear.halfPixel)
            : (Fields.resizeNearest.alignCorners, Fields.resizeNearest.halfPixel)
        let align = op.options?.int(alignField) ?? 0 != 0, half = op.options?.int(halfField) ?? 0 != 0
        guard let grid = grids.first(where: { $0.0 == align && $0.1 == half }) else {
            throw TFLiteFormatError("\(op.op) with both align_corners and half_pixel_centers is not supported")
        }
        try c.emit("Resize2D", [try op.input(0)], [
            "sizes": .ints(size), "mode": .string(linear ? "linear" : "nearest"),
            "coordinate_transformation_mode": .string(linear && half ? "half_pixel" : grid.2), "nearest_mode": .string(grid.3),
        ], for: op)
    }
}
