import LiteIR
import LiteOps

/// Squeeze and Unsqueeze with run-time axes: a RESHAPE to a shape computed by TFLite ops from
/// the input's shape and the axes (which positions are axes, and which input dim each other
/// position takes).
enum AxesLowering {
    static let rules: [String: TFLiteLowering.Rule] = ["Squeeze": reshape, "Unsqueeze": reshape]

    static func reshape(_ c: inout LoweringContext, _ node: Node) throws {
        let x = try c.type(node.inputs[0])
        let growing = node.op == "Unsqueeze"
        guard let count = try c.type(node.inputs[1]).shape.first?.value else { throw LoweringRefusal("needs a static number of axes") }
        let outputRank = growing ? x.rank + count : x.rank - count
        // Positions are output positions when growing, input positions when squeezing.
        let positions = growing ? outputRank : x.rank
        let int32 = { (c: inout LoweringContext, values: [Int32], label: String) -> String in
            c.constant(Tensor(shape: values.count == 1 ? [] : [values.count], values: values), label, for: node)
        }
        let axes = try c.emit("Cast", [node.inputs[1]], ["to": .string("int32")], from: node)
        let negative = try c.emit("Less", [axes, int32(&c, [0], "zero")], from: node)
        let wrapped = try c.emit("Where", [negative, try c.emit("Add", [axes, int32(&c, [Int32(positions)], "rank")], from: node), axes], from: node)
        let index = int32(&c, (0..<positions).map(Int32.init), "positions")
        // isAxis[i]: 1 where position i is one of the axes.
        let matches = try c.emit("Equal", [try c.emit("Reshape", [index], ["shape": .ints([positions, 1])], from: node),
                                           try c.emit("Reshape", [wrapped], ["shape": .ints([1, count])], from: node)], from: node)
        let isAxis = try c.emit("ReduceMax", [try c.emit("Cast", [matches], ["to": .string("int32")], from: node)],
                                ["axes": .ints([1]), "keepdims": .int(0)], from: node)
        let axesSoFar = try c.emit("CumSum", [isAxis, int32(&c, [0], "axis")], from: node)
        let inputShape = try c.emit("Cast", [try c.emit("Shape", [node.inputs[0]], from: node)], ["to": .string("int32")], from: node)
        let shape: String
        if growing {
            // Output position i takes input dim i − (axes up to i), or 1 on an axis.
            let source = try c.emit("Max", [try c.emit("Min", [try c.emit("Sub", [index, axesSoFar], from: node), int32(&c, [Int32(max(x.rank - 1, 0))], "last")],
                                                      from: node), int32(&c, [0], "zero")], from: node)
            let dims = try c.emit("Gather", [inputShape, source], ["axis": .int(0)], from: node)
            shape = try c.emit("Where", [try c.emit("Greater", [isAxis, int32(&c, [0], "zero")], from: node), int32(&c, [1], "one"), dims], from: node)
        } else {
            // Input position i lands in output slot i − (axes before it); axes add a 0 to some slot.
            let slots = try c.emit("Min", [try c.emit("Sub", [index, try c.emit("Sub", [axesSoFar, isAxis], from: node)], from: node),
                                           int32(&c, [Int32(max(outputRank - 1, 0))], "last")], from: node)
            let kept = try c.emit("Where", [try c.emit("Greater", [isAxis, int32(&c, [0], "zero")], from: node), int32(&c, [0], "zero"), inputShape], from: node)
            shape = try c.emit("ScatterNDSum", [try c.emit("Reshape", [slots], ["shape": .ints([positions, 1])], from: node), kept,
                                                c.constant(Tensor(shape: [1], values: [Int32(outputRank)]), "output_rank", for: node)], from: node)
        }
        try c.emitFinal("Reshape", [node.inputs[0], shape], ["allowzero": .int(1)], from: node)
    }
}
