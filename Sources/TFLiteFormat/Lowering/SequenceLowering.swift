import LiteIR
import LiteOps

/// TopK, OneHot and CumSum in the forms of TOPK_V2 (largest, last axis, int32 indices, scalar
/// k), ONE_HOT (scalar depth, separate on/off values, indices wrapped) and CUMSUM (scalar
/// int32 axis).
enum SequenceLowering {
    static let rules: [String: TFLiteLowering.Rule] = ["TopK": topK, "OneHot": oneHot, "CumSum": cumSum, "NonZero": nonZero]

    /// ONNX NonZero [rank, n] is the transpose of WHERE's [n, rank] coordinates of non-zeros.
    static func nonZero(_ c: inout LoweringContext, _ node: Node) throws {
        let x = node.inputs[0]
        let dtype = try c.type(x).dtype
        let condition = dtype == .bool ? x
            : try c.emitLowered("Not", [try c.emitLowered("Equal", [x, c.constant(Tensor.fromFloats([0], shape: [], dtype: dtype), "zero", for: node)], from: node)],
                                from: node)
        try c.emitFinal("Transpose", [try c.emit("TrueCoordinates", [condition], from: node)], ["perm": .ints([1, 0])], from: node)
    }

    static func topK(_ c: inout LoweringContext, _ node: Node) throws {
        let x = try c.type(node.inputs[0])
        let axis = try node.int("axis", -1) < 0 ? try node.int("axis", -1) + x.rank : try node.int("axis", -1)
        let largest = try node.int("largest", 1) != 0
        guard x.dtype == .float32 || x.dtype == .int32 || (largest && x.dtype == .int64) else {
            throw LoweringRefusal("TOPK_V2 takes float32 or int32 data here, got \(x.dtype)")
        }
        var perm = Array(0..<x.rank)
        perm.swapAt(axis, x.rank - 1)
        let moved = axis != x.rank - 1
        var input = node.inputs[0]
        if moved { input = try c.emit("Transpose", [input], ["perm": .ints(perm)], from: node) }
        // The smallest values are the largest of the negated ones, in the same index order.
        if !largest { input = try c.emit("Neg", [input], from: node) }
        let k = try c.emit("Reshape", [try c.emit("Cast", [node.inputs[1]], ["to": .string("int32")], from: node)], ["shape": .ints([])], from: node)
        let direct = !moved && largest && !node.outputs[0].isEmpty
        let values = direct ? node.outputs[0] : c.builder.graph.freshName("\(node.name)/values")
        let indices = c.builder.graph.freshName("\(node.name)/indices")
        try c.builder.add(Node(name: node.name, op: "TopK", inputs: [input, k], outputs: [values, indices],
                               attributes: ["axis": .int(-1), "largest": .int(1), "index_type": .string("int32")]))
        var results = [values, try c.emit("Cast", [indices], ["to": .string("int64")], from: node)]
        if !largest { results[0] = try c.emit("Neg", [results[0]], from: node) }
        for (result, output) in zip(results, node.outputs) where !output.isEmpty && result != output {
            let final = Node(name: node.name, op: "Transpose", inputs: [result], outputs: [output], attributes: ["perm": .ints(perm)])
            try c.finish(moved ? try c.emit("Transpose", [result], ["perm": .ints(perm)], from: node) : result, as: final)
        }
    }

    static func oneHot(_ c: inout LoweringContext, _ node: Node) throws {
        guard node.inputs.count == 3 else {
            try c.builder.add(node)
            return
        }
        var indices = node.inputs[0]
        if ![.int32, .int64].contains(try c.type(indices).dtype) { indices = try c.emit("Cast", [indices], ["to": .string("int32")], from: node) }
        // ONE_HOT reads its depth as an int32 scalar whatever its type.
        let depth = try c.emit("Reshape", [try c.emit("Cast", [node.inputs[1]], ["to": .string("int32")], from: node)], ["shape": .ints([])], from: node)
        // ONE_HOT gives all `off` for a negative index; ONNX counts it from the end.
        let indexType = try c.type(indices).dtype
        let indexDepth = indexType == .int32 ? depth : try c.emit("Cast", [depth], ["to": .string(indexType.rawValue)], from: node)
        let negative = try c.emit("Less", [indices, c.constant(Tensor.fromInt64s([0], shape: [], dtype: indexType), "zero", for: node)], from: node)
        indices = try c.emit("Where", [negative, try c.emit("Add", [indices, indexDepth], from: node), indices], from: node)
        let pick = { (c: inout LoweringContext, i: Int) throws -> String in
            try c.emit("Reshape", [try c.emit("Slice", [node.inputs[2]], ["starts": .ints([i]), "ends": .ints([i + 1])], from: node)],
                       ["shape": .ints([])], from: node)
        }
        let off = try pick(&c, 0), on = try pick(&c, 1)
        try c.emitFinal("OneHot", [indices, depth, on, off], ["axis": .int(try node.int("axis", -1))], from: node)
    }

    static func cumSum(_ c: inout LoweringContext, _ node: Node) throws {
        let axis = try c.emit("Reshape", [try c.emit("Cast", [node.inputs[1]], ["to": .string("int32")], from: node)], ["shape": .ints([])], from: node)
        try c.emitFinal("CumSum", [node.inputs[0], axis], node.attributes, from: node)
    }
}
