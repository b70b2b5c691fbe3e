import LiteIR
import LiteOps

/// Resize2D ↔ RESIZE_NEAREST_NEIGHBOR / RESIZE_BILINEAR. TFLite samples on three grids
/// (align_corners, half_pixel_centers, neither); a Resize2D is written as one of them only when
/// that kernel reads exactly the taps and weights the IR op reads.
enum ResizeMappings {
    /// One TFLite resize kernel configuration.
    struct Grid: Equatable {
        let linear: Bool, alignCorners: Bool, halfPixel: Bool

        /// The ONNX sampling the kernel performs for every size.
        var sampling: ResizeSampling {
            switch (alignCorners, halfPixel) {
            case (true, _): ResizeSampling(mode: linear ? "linear" : "nearest", transform: "align_corners", nearestMode: "round_prefer_ceil")
            case (false, true): ResizeSampling(mode: linear ? "linear" : "nearest", transform: linear ? "half_pixel" : "tf_half_pixel_for_nn", nearestMode: "floor")
            case (false, false): ResizeSampling(mode: linear ? "linear" : "nearest", transform: "asymmetric", nearestMode: "floor")
            }
        }

        /// The taps TFLite's reference kernel reads along one axis, computed in float32 as it does.
        func taps(inSize: Int, outSize: Int) -> [[(index: Int, weight: Double)]] {
            let scale: Float = alignCorners && outSize > 1 ? Float(inSize - 1) / Float(outSize - 1) : Float(inSize) / Float(outSize)
            return (0..<outSize).map { o in
                if !linear {
                    let position = alignCorners ? Int((Float(o) * scale).rounded(.toNearestOrAwayFromZero))
                        : Int(((Float(o) + (halfPixel ? 0.5 : 0)) * scale).rounded(.down))
                    return [(max(0, min(position, inSize - 1)), 1)]
                }
                let x = halfPixel ? (Float(o) + 0.5) * scale - 0.5 : Float(o) * scale
                let lower = max(Int(x.rounded(.down)), 0), upper = min(Int(x.rounded(.up)), inSize - 1)
                let fraction = Double(x - Float(lower))
                var weights: [Int: Double] = [:]
                weights[lower, default: 0] += 1 - fraction
                weights[upper, default: 0] += fraction
                return weights.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            }
        }

        static let all: [Grid] = [false, true].flatMap { linear in
            [(false, false), (true, false), (false, true)].map { Grid(linear: linear, alignCorners: $0.0, halfPixel: $0.1) }
        }
    }

    /// The kernel that reads what `node` reads for these static sizes, if any.
    static func grid(for node: Node, input: [Int], output: [Int]) throws -> Grid? {
        let sampling = try ResizeSampling(node)
        let scales = try node.floatsIfPresent("scales")?.map(Double.init)
        let roi = try node.floatsIfPresent("roi")?.map(Double.init) ?? [0, 0, 1, 1]
        let ours = (0..<2).map { axis in
            sampling.taps(inSize: input[axis], outSize: output[axis], scale: scales?[axis] ?? Double(output[axis]) / Double(input[axis]),
                          roi: (roi[axis], roi[axis + 2]))
        }
        if ours.contains(where: { $0.extrapolated.contains(true) }) { return nil }
        return Grid.all.first { grid in
            (0..<2).allSatisfy { axis in
                let theirs = grid.taps(inSize: input[axis], outSize: output[axis])
                return zip(ours[axis].taps, theirs).allSatisfy { a, b in
                    a.count == b.count && zip(a, b).allSatisfy { $0.index == $1.index && abs($0.weight - $1.weight) < 1e-6 }
                }
            }
        }
    }

    /// The kernel that reads what `node` reads whatever the sizes (for sizes known at run time).
    static func grid(forAnySize node: Node) throws -> Grid? {
        var sampling = try ResizeSampling(node)
        guard !sampling.antialias, try node.floatsIfPresent("scales") == nil, try node.floatsIfPresent("roi") == nil else { return nil }
        // Equivalent forms: half_pixel with round-half-up reads (o + 0.5)·in/out rounded down,
        // and two taps never fall outside once clamped, so exclude_outside changes nothing.
        if sampling.mode == "nearest", sampling.transform == "half_pixel", sampling.nearestMode == "round_prefer_ceil" {
            sampling.transform = "tf_half_pixel_for_nn"
            sampling.nearestMode = "floor"
        }
        sampling.excludeOutside = false
        if sampling.mode == "linear" { sampling.nearestMode = "floor" }
        return Grid.all.first { $0.sampling == sampling }
    }

    static let writers: [String: OperatorWriter] = [
        "Resize2D": { node, c in
            let dims = try c.dims(node.inputs[0])
            let size: String
            let grid: Grid?
            if node.inputs.count > 1, !node.inputs[1].isEmpty {
                size = node.inputs[1]
                grid = try ResizeMappings.grid(forAnySize: node)
            } else {
                let sizes = try node.ints("sizes", [])
                size = c.int32Constant(sizes, "\(node.name)/size")
                grid = try ResizeMappings.grid(for: node, input: [dims[1], dims[2]], output: sizes)
            }
            guard let grid else { throw node.error("no TFLite resize kernel samples like this node (the lowering should have rewritten it)") }
            let options = grid.linear
                ? BuiltinOptionsValue(.resizeBilinear, numbers: [Fields.resizeBilinear.alignCorners: grid.alignCorners ? 1 : 0,
                                                                 Fields.resizeBilinear.halfPixel: grid.halfPixel ? 1 : 0])
                : BuiltinOptionsValue(.resizeNearestNeighbor, numbers: [Fields.resizeNearest.alignCorners: grid.alignCorners ? 1 : 0,
                                                                        Fields.resizeNearest.halfPixel: grid.halfPixel ? 1 : 0])
            return TFLiteOperator(op: grid.linear ? .resizeBilinear : .resizeNearestNeighbor, inputs: [node.inputs[0], size],
                                  outputs: node.outputs, options: options)
        },
    ]

    static let readers: [Int32: OperatorReader] = [
        BuiltinOperator.resizeBilinear.code: { op, c in try read(op, &c, linear: true) },
        BuiltinOperator.resizeNearestNeighbor.code: { op, c in try read(op, &c, linear: false) },
    ]

    private static func read(_ op: TFLiteOperator, _ c: inout ReadContext, linear: Bool) throws {
        let (alignField, halfField) = linear ? (Fields.resizeBilinear.alignCorners, Fields.resizeBilinear.halfPixel)
            : (Fields.resizeNearest.alignCorners, Fields.resizeNearest.halfPixel)
        let align = op.options?.int(alignField) ?? 0 != 0, half = op.options?.int(halfField) ?? 0 != 0
        guard !(align && half) else { throw TFLiteFormatError("\(op.op) with both align_corners and half_pixel_centers is not supported") }
        let sampling = Grid(linear: linear, alignCorners: align, halfPixel: half).sampling
        var attributes: [String: Attribute] = [
            "mode": .string(sampling.mode), "coordinate_transformation_mode": .string(sampling.transform),
            "nearest_mode": .string(sampling.nearestMode),
        ]
        guard let size = c.builder.constant(try op.input(1)) else {
            try c.emit("Resize2D", [try op.input(0), try op.input(1)], attributes, for: op)
            return
        }
        attributes["sizes"] = .ints(size.ints())
        try c.emit("Resize2D", [try op.input(0)], attributes, for: op)
    }
}
