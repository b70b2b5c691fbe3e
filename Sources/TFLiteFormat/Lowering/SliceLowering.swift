import LiteIR
import LiteOps

/// Slices and pads whose bounds are known only at run time, in the forms STRIDED_SLICE and
/// PAD/PADV2/MIRROR_PAD take: int32 begin/end/strides for every axis, int32 [rank, 2] paddings.
enum SliceLowering {
    /// Run-time Slice(x, starts, ends, axes, steps) → Slice(x, begin, end, "", strides) over all
    /// axes; axes not listed run whole. The axes themselves must be constant.
    static func slice(_ c: inout LoweringContext, _ node: Node) throws {
        guard node.inputs.count > 1 else {
            try c.builder.add(node)
            return
        }
        let rank = try c.type(node.inputs[0]).rank
        let listed = try c.type(node.inputs[1]).shape.first?.value ?? rank
        let axes = try sliceAxes(&c, node, 3, count: listed, rank: rank)
        let input = { (i: Int) -> String? in i < node.inputs.count && !node.inputs[i].isEmpty ? node.inputs[i] : nil }
        let begin = try allAxes(&c, node, input(1), axes: axes, rank: rank, fill: 0)
        let end = try allAxes(&c, node, input(2), axes: axes, rank: rank, fill: Int32.max)
        let strides = try allAxes(&c, node, input(4), axes: axes, rank: rank, fill: 1)
        try c.emitFinal("Slice", [node.inputs[0], begin, end, "", strides], [:], from: node)
    }

    /// Run-time Pad(x, pads, value, axes) → Pad(x, paddings [rank, 2], value) with `pads_layout`
    /// pairs; constant and reflect modes (edge and wrap need the pads now).
    static func pad(_ c: inout LoweringContext, _ node: Node) throws {
        let mode = try node.string("mode", "constant")
        guard mode == "constant" || mode == "reflect" else { throw LoweringRefusal("\(mode) padding needs constant pads") }
        let x = try c.type(node.inputs[0])
        let listed = (try c.type(node.inputs[1]).shape.first?.value ?? 2 * x.rank) / 2
        let axes = try sliceAxes(&c, node, 3, count: listed, rank: x.rank)
        // [begins…, ends…] over the listed axes → [begin, end] pairs over every axis.
        var pads = try c.emit("Cast", [node.inputs[1]], ["to": .string("int32")], from: node)
        if case .known = axes {
            pads = try c.emit("Concat", [pads, c.constant(Tensor(shape: [1], values: [Int32(0)]), "zero", for: node)], ["axis": .int(0)], from: node)
        }
        let full: String
        switch axes {
        case .known(let axes):
            let order = (0..<x.rank).flatMap { axis in [axes.firstIndex(of: axis), axes.firstIndex(of: axis).map { $0 + listed }].map { Int32($0 ?? 2 * listed) } }
            full = try c.emit("Gather", [pads, c.constant(Tensor(shape: [2 * x.rank], values: order), "pad_order", for: node)], ["axis": .int(0)], from: node)
        case .runTime(let axes):
            let halves = try [0, listed].map { start in
                try c.emit("Slice", [pads], ["starts": .ints([start]), "ends": .ints([start + listed])], from: node)
            }
            let spread = try halves.map { try scatter(&c, node, $0, axes: axes, rank: x.rank, fill: 0) }
            full = try c.emit("Transpose", [try c.emit("Reshape", [try c.emit("Concat", spread, ["axis": .int(0)], from: node)],
                                                       ["shape": .ints([2, x.rank])], from: node)], ["perm": .ints([1, 0])], from: node)
        }
        let pairs = try c.emit("Reshape", [full], ["shape": .ints([x.rank, 2])], from: node)
        var inputs = [node.inputs[0], pairs]
        if mode == "constant", node.inputs.count > 2, !node.inputs[2].isEmpty {
            let value = try c.type(node.inputs[2]).dtype == x.dtype ? node.inputs[2] : try c.emit("Cast", [node.inputs[2]], ["to": .string(x.dtype.rawValue)], from: node)
            inputs.append(try c.emit("Reshape", [value], ["shape": .ints([])], from: node))
        }
        try c.emitFinal("Pad", inputs, ["mode": .string(mode), "pads_layout": .string("pairs")], from: node)
    }

    /// The axes a slice or pad lists: known now, or an int32 [count, 1] tensor of wrapped axes.
    private enum Axes {
        case known([Int])
        case runTime(String)
    }

    /// The axes input `index` resolved against `rank`, or the first `count` axes without one.
    private static func sliceAxes(_ c: inout LoweringContext, _ node: Node, _ index: Int, count: Int, rank: Int) throws -> Axes {
        guard index < node.inputs.count, !node.inputs[index].isEmpty else { return .known(Array(0..<count)) }
        if let axes = c.builder.constant(node.inputs[index])?.ints() { return .known(axes.map { $0 < 0 ? $0 + rank : $0 }) }
        let axes = try c.emit("Cast", [node.inputs[index]], ["to": .string("int32")], from: node)
        let negative = try c.emit("Less", [axes, c.constant(Tensor(scalar: Int32(0)), "zero", for: node)], from: node)
        let wrapped = try c.emit("Where", [negative, try c.emit("Add", [axes, c.constant(Tensor(scalar: Int32(rank)), "rank", for: node)], from: node), axes],
                                 from: node)
        return .runTime(try c.emit("Reshape", [wrapped], ["shape": .ints([count, 1])], from: node))
    }

    /// int32 [rank]: `values` [count] scattered to the run-time `axes`, `fill` elsewhere.
    private static func scatter(_ c: inout LoweringContext, _ node: Node, _ values: String, axes: String, rank: Int, fill: Int32) throws -> String {
        let shape = c.constant(Tensor(shape: [1], values: [Int32(rank)]), "rank_shape", for: node)
        let scattered = try c.emit("ScatterNDSum", [axes, values, shape], from: node)
        let ones = try c.emitLowered("Expand", [c.constant(Tensor(scalar: Int32(1)), "one", for: node), try c.emit("Shape", [values], from: node)], from: node)
        let listed = try c.emit("Greater", [try c.emit("ScatterNDSum", [axes, ones, shape], from: node), c.constant(Tensor(scalar: Int32(0)), "zero", for: node)],
                                from: node)
        return try c.emit("Where", [listed, scattered, c.constant(Tensor(scalar: fill), "fill", for: node)], from: node)
    }

    /// int32 [rank]: the values of `input` (int64 clamped to int32) on `axes`, `fill` elsewhere.
    private static func allAxes(_ c: inout LoweringContext, _ node: Node, _ input: String?, axes: Axes, rank: Int, fill: Int32) throws -> String {
        guard let input else { return c.constant(Tensor(shape: [rank], values: [Int32](repeating: fill, count: rank)), "fill", for: node) }
        var value = input
        if try c.type(input).dtype != .int32 {
            let bounds = [Int64(-Int32.max), Int64(Int32.max)].map { c.constant(Tensor(scalar: $0), "int32_bound", for: node) }
            value = try c.emit("Min", [try c.emit("Max", [try c.emit("Cast", [input], ["to": .string("int64")], from: node), bounds[0]], from: node), bounds[1]], from: node)
            value = try c.emit("Cast", [value], ["to": .string("int32")], from: node)
        }
        guard case .known(let axes) = axes else {
            guard case .runTime(let indices) = axes else { return value }
            return try scatter(&c, node, value, axes: indices, rank: rank, fill: fill)
        }
        if axes == Array(0..<rank) { return value }
        let padded = try c.emit("Concat", [value, c.constant(Tensor(shape: [1], values: [fill]), "fill", for: node)], ["axis": .int(0)], from: node)
        let order = (0..<rank).map { Int32(axes.firstIndex(of: $0) ?? axes.count) }
        return try c.emit("Gather", [padded, c.constant(Tensor(shape: [rank], values: order), "axis_order", for: node)], ["axis": .int(0)], from: node)
    }
}
