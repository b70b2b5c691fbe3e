import LiteIR

/// Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum and Dot.
enum MergeLayers {
    static let table: [String: KerasTranslator] = [
        "Concatenate": { c, call in [try c.emit("Concat", call.inputs, ["axis": .int(try call.config.int("axis", -1))], for: call)] },
        "Add": { try fold(&$0, $1, op: "Add") },
        "Subtract": { c, call in [try c.emit("Sub", [try call.input(0), try call.input(1)], for: call)] },
        "Multiply": { try fold(&$0, $1, op: "Mul") },
        "Maximum": { try fold(&$0, $1, op: "Max") },
        "Minimum": { try fold(&$0, $1, op: "Min") },
        "Average": { c, call in
            let sum = try fold(&c, call, op: "Add")[0]
            return [try c.emit("Div", [sum, try c.scalar(Float(call.inputs.count), like: sum, for: call)], for: call)]
        },
        "Dot": dot,
    ]

    /// A binary op applied across every input, left to right.
    static func fold(_ c: inout KerasContext, _ call: LayerCall, op: String) throws -> [String] {
        guard var value = call.inputs.first else { throw call.error("needs inputs") }
        for next in call.inputs.dropFirst() { value = try c.emit(op, [value, next], for: call) }
        return [value]
    }

    /// Batched dot products over one axis of each input ([batch, n] or [batch, n, d] inputs),
    /// optionally of the L2-normalized inputs (cosine similarity).
    static func dot(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        var (x, y) = (try call.input(0), try call.input(1))
        let rank = try c.type(x).rank
        guard rank == 2 || rank == 3, try c.type(y).rank == rank else { throw call.error("supports two 2-D or 3-D inputs") }
        let given = try call.config.ints("axes", count: 2)
        let axes = (given.count == 1 ? [given[0], given[0]] : given).map { $0 < 0 ? $0 + rank : $0 }
        if try call.config.bool("normalize", false) {
            for (i, value) in [x, y].enumerated() {
                let squares = try c.emit("ReduceSum", [try c.emit("Mul", [value, value], for: call)], ["axes": .ints([axes[i]]), "keepdims": .int(1)], for: call)
                let norm = try c.emit("Rsqrt", [try c.emit("Max", [squares, try c.scalar(1e-12, like: value, for: call)], for: call)], for: call)
                let normalized = try c.emit("Mul", [value, norm], for: call)
                if i == 0 { x = normalized } else { y = normalized }
            }
        }
        if rank == 2 {
            return [try c.emit("ReduceSum", [try c.emit("Mul", [x, y], for: call)], ["axes": .ints([1]), "keepdims": .int(1)], for: call)]
        }
        if axes[0] == 1 { x = try c.emit("Transpose", [x], ["perm": .ints([0, 2, 1])], for: call) }
        if axes[1] == 2 { y = try c.emit("Transpose", [y], ["perm": .ints([0, 2, 1])], for: call) }
        return [try c.emit("MatMul", [x, y], for: call)]
    }
}
