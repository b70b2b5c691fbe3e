import LiteIR
import LiteOps

/// Element gathers and scatters as GATHER_ND / SCATTER_ND on full coordinate tuples: the
/// coordinates of every dim but the indexed one are a constant grid over the (static) indices
/// shape, negative indices are wrapped, and ONNX's in-place scatter is a select between the
/// data and the scattered updates.
enum IndexingLowering {
    static let rules: [String: TFLiteLowering.Rule] = [
        "GatherElements": gatherElements,
        "GatherND": gatherND,
        "ScatterElements": scatterElements,
        "ScatterND": scatterND,
    ]

    /// GatherElements(data, indices, axis) = GatherND(data, coordinates).
    static func gatherElements(_ c: inout LoweringContext, _ node: Node) throws {
        let coordinates = try elementCoordinates(&c, node)
        try c.emitFinal("GatherND", [node.inputs[0], coordinates], [:], from: node)
    }

    /// ScatterElements(data, indices, updates, axis) = ScatterND(data, coordinates, updates).
    static func scatterElements(_ c: inout LoweringContext, _ node: Node) throws {
        let coordinates = try elementCoordinates(&c, node)
        try scatterND(&c, Node(name: node.name, op: "ScatterND", inputs: [node.inputs[0], coordinates, node.inputs[2]],
                                outputs: node.outputs, attributes: ["reduction": .string(try node.string("reduction", "none"))]))
    }

    /// GATHER_ND has no batch dims and no negative indices: batch coordinates are prepended
    /// from a grid, negative ones wrapped.
    static func gatherND(_ c: inout LoweringContext, _ node: Node) throws {
        let data = try c.type(node.inputs[0]), indices = try c.type(node.inputs[1])
        let batch = try node.int("batch_dims", 0)
        guard let tuples = indices.fixedShape?.dropLast(), let depth = indices.shape.last?.value else {
            throw LoweringRefusal("needs indices of static shape, got \(indices)")
        }
        let sizes = try (batch..<(batch + depth)).map { d in
            guard let size = data.shape[d].value else { throw LoweringRefusal("indexed dims of the data must be static, got \(data)") }
            return size
        }
        var coordinates = try wrapped(&c, node, node.inputs[1], sizes: sizes)
        if batch > 0 {
            let grid = coordinateGrid(Array(tuples), dims: Array(0..<batch))
            coordinates = try c.emit("Concat", [c.constant(grid, "batch_coordinates", for: node), coordinates], ["axis": .int(-1)], from: node)
        }
        try c.emitFinal("GatherND", [node.inputs[0], coordinates], [:], from: node)
    }

    /// SCATTER_ND sums updates into zeros: reduction "add" adds that to the data, "none"
    /// selects it wherever an update landed.
    static func scatterND(_ c: inout LoweringContext, _ node: Node) throws {
        let data = try c.type(node.inputs[0])
        guard let shape = data.fixedShape else { throw LoweringRefusal("needs data of static shape, got \(data)") }
        let depth = try c.type(node.inputs[1]).shape.last?.value ?? 0
        let coordinates = try wrapped(&c, node, node.inputs[1], sizes: Array(shape.prefix(depth)))
        let target = c.constant(Tensor(shape: [shape.count], values: shape.map { Int32($0) }), "shape", for: node)
        let scattered = try c.emit("ScatterNDSum", [coordinates, node.inputs[2], target], from: node)
        switch try node.string("reduction", "none") {
        case "add":
            try c.emitFinalLowered("Add", [node.inputs[0], scattered], from: node)
        case "none":
            let ones = try c.emitLowered("Expand", [c.constant(Tensor(scalar: Float(1)), "one", for: node),
                                                    try c.emit("Shape", [node.inputs[2]], from: node)], from: node)
            let hits = try c.emit("ScatterNDSum", [coordinates, ones, target], from: node)
            let updated = try c.emit("Greater", [hits, c.constant(Tensor(scalar: Float(0)), "zero", for: node)], from: node)
            try c.emitFinal("Where", [updated, scattered, node.inputs[0]], [:], from: node)
        case let reduction:
            throw LoweringRefusal("TFLite's SCATTER_ND can only add updates, not combine them by '\(reduction)'")
        }
    }

    /// Full coordinates [indices shape…, rank] of an element gather/scatter: the grid position
    /// on every dim, the wrapped index on `axis`.
    private static func elementCoordinates(_ c: inout LoweringContext, _ node: Node) throws -> String {
        let data = try c.type(node.inputs[0]), indices = try c.type(node.inputs[1])
        let axis = try node.int("axis", 0) < 0 ? try node.int("axis", 0) + data.rank : try node.int("axis", 0)
        guard let shape = indices.fixedShape, let size = data.shape[axis].value else {
            throw LoweringRefusal("needs indices of static shape and a static indexed dim, got \(indices) into \(data)")
        }
        let index = try c.emit("Reshape", [try wrapped(&c, node, node.inputs[1], sizes: [size])], ["shape": .ints(shape + [1])], from: node)
        let unit = c.constant(Tensor(shape: [data.rank], values: (0..<data.rank).map { Int32($0 == axis ? 1 : 0) }), "axis_unit", for: node)
        let grid = coordinateGrid(shape, dims: (0..<data.rank).filter { $0 != axis }, rank: data.rank)
        return try c.emit("Add", [c.constant(grid, "coordinates", for: node), try c.emit("Mul", [index, unit], from: node)], from: node)
    }

    /// int32 indices with negative entries wrapped by the size of the dim each last-axis entry
    /// indexes (one size for element indices, one per tuple entry for ND indices).
    private static func wrapped(_ c: inout LoweringContext, _ node: Node, _ indices: String, sizes: [Int]) throws -> String {
        let int32 = try c.type(indices).dtype == .int32 ? indices : try c.emit("Cast", [indices], ["to": .string("int32")], from: node)
        if let known = c.builder.constant(int32), !known.int64s().contains(where: { $0 < 0 }) { return int32 }
        let size = c.constant(Tensor(shape: sizes.count == 1 ? [] : [sizes.count], values: sizes.map { Int32($0) }), "dim_size", for: node)
        let negative = try c.emit("Less", [int32, c.constant(Tensor(scalar: Int32(0)), "zero", for: node)], from: node)
        return try c.emit("Where", [negative, try c.emit("Add", [int32, size], from: node), int32], from: node)
    }

    /// int32 [shape…, rank or dims.count]: at each position, its coordinate on each of `dims`
    /// (placed at the dim's own slot when `rank` is given, other slots 0).
    private static func coordinateGrid(_ shape: [Int], dims: [Int], rank: Int? = nil) -> Tensor {
        let width = rank ?? dims.count
        let strides = shape.indices.map { shape[($0 + 1)...].reduce(1, *) }
        let count = shape.reduce(1, *)
        var values = [Int32](repeating: 0, count: count * width)
        for flat in 0..<count {
            for (k, d) in dims.enumerated() {
                values[flat * width + (rank == nil ? k : d)] = Int32((flat / strides[d]) % shape[d])
            }
        }
        return Tensor(shape: shape + [width], values: values)
    }
}
