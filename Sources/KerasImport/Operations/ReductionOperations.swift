import LiteIR
import LiteOps

/// mean, sum, max and min over axes; matmul (TensorFlow's transposed operands too) and einsum.
enum ReductionOperations {
    static let table: [String: OperationTranslator] = {
        var table: [String: OperationTranslator] = [:]
        for (op, ir) in ["mean": "ReduceMean", "sum": "ReduceSum", "max": "ReduceMax", "min": "ReduceMin", "prod": "ReduceProd"] {
            table[op] = { c, a in [try reduce(&c, a, ir)] }
        }
        table["var"] = { c, a in [try variance(&c, a, root: false)] }
        table["std"] = { c, a in [try variance(&c, a, root: true)] }
        table["logsumexp"] = logSumExp
        table["argmax"] = { c, a in [try argExtreme(&c, a, "ArgMax")] }
        table["argmin"] = { c, a in [try argExtreme(&c, a, "ArgMin")] }
        table["cumsum"] = { c, a in [try cumulative(&c, a, "CumSum")] }
        table["cumprod"] = { c, a in [try cumulative(&c, a, "CumProd")] }
        table["matmul"] = matmul
        table["einsum"] = { c, a in
            guard case .list(let items)? = a.value("operands") else {
                throw a.error("the file does not record the operands (tf-keras saves only the equation of tf.einsum)")
            }
            // Constant operands (an einsum with a NumPy weight) become constants of the tensors' type.
            var values: [String: CallValue<String>] = [:]
            for (i, item) in items.enumerated() { values["operand #\(i)"] = item }
            let operands = try Operands.values(&c, OperationArguments(call: a.call, values: values), items.indices.map { "operand #\($0)" })
            return [try Einsum.emit(try a.string("subscripts"), operands, into: &c.builder, name: a.call.name)]
        }
        return table
    }()

    /// A reduction over `axis` (an integer, a list, or none: every axis); max and min start from
    /// `initial` when Keras 3 gives one, a product may be computed in another `dtype`.
    static func reduce(_ c: inout KerasContext, _ a: OperationArguments, _ op: String) throws -> String {
        var x = try a.tensor("x")
        if op == "ReduceProd", a.has("dtype") { x = try Operands.cast(&c, a, x, to: try a.string("dtype")) }
        let reduced = try c.emit(op, [x], try over(&c, a, x, keepdims: try a.bool("keepdims", false)), for: a.call)
        guard op == "ReduceMax" || op == "ReduceMin", a.has("initial") else { return reduced }
        let initial = try c.scalar(Float(try a.double("initial")), like: reduced, for: a.call)
        return try c.emit(op == "ReduceMax" ? "Max" : "Min", [reduced, initial], for: a.call)
    }

    /// The `axes` and `keepdims` attributes of a reduction over `axis` (an integer, a list, or
    /// none: every axis).
    private static func over(_ c: inout KerasContext, _ a: OperationArguments, _ x: String, keepdims: Bool) throws -> [String: Attribute] {
        let rank = try c.type(x).rank
        return ["axes": .ints(try a.axes("axis", rank: rank) ?? Array(0..<rank)), "keepdims": .int(keepdims ? 1 : 0)]
    }

    /// The population variance (NumPy's ddof 0), or its square root.
    static func variance(_ c: inout KerasContext, _ a: OperationArguments, root: Bool) throws -> String {
        let x = try a.tensor("x")
        let centered = try c.emit("Sub", [x, try c.emit("ReduceMean", [x], try over(&c, a, x, keepdims: true), for: a.call)], for: a.call)
        let squares = try c.emit("Mul", [centered, centered], for: a.call)
        let variance = try c.emit("ReduceMean", [squares], try over(&c, a, x, keepdims: try a.bool("keepdims", false)), for: a.call)
        return root ? try c.emit("Sqrt", [variance], for: a.call) : variance
    }

    /// log Σ exp(x), computed as max + log Σ exp(x − max).
    static func logSumExp(_ c: inout KerasContext, _ a: OperationArguments) throws -> [String] {
        let x = try a.tensor("x")
        let peak = try c.emit("ReduceMax", [x], try over(&c, a, x, keepdims: true), for: a.call)
        let sum = try c.emit("ReduceSum", [try c.emit("Exp", [try c.emit("Sub", [x, peak], for: a.call)], for: a.call)],
                             try over(&c, a, x, keepdims: true), for: a.call)
        var result = try c.emit("Add", [peak, try c.emit("Log", [sum], for: a.call)], for: a.call)
        if try !a.bool("keepdims", false) {
            let rank = try c.type(x).rank
            let axes = Set(try a.axes("axis", rank: rank) ?? Array(0..<rank))
            let dims = try c.type(result).shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
            result = try ShapeOperations.reshape(&c, a, result, to: dims)
        }
        return [result]
    }

    /// The index of the largest (smallest) element along `axis`, or of the flattened tensor
    /// when Keras 3 gives none; int32 as Keras returns it, or TensorFlow's `output_type` (int64).
    static func argExtreme(_ c: inout KerasContext, _ a: OperationArguments, _ op: String) throws -> String {
        var x = try a.tensor("x")
        let keepdims = try a.bool("keepdims", false)
        var axis = 0
        if let given = try a.ints("axis") {
            guard given.count == 1 else { throw a.error("needs one axis, got \(given)") }
            axis = given[0]
        } else {
            x = try ShapeOperations.flatten(&c, a, x)
            if keepdims { throw a.error("keepdims with no axis is not supported") }
        }
        let index = try c.emit(op, [x], ["axis": .int(axis), "keepdims": .int(keepdims ? 1 : 0)], for: a.call)
        return try Operands.cast(&c, a, index, to: a.has("output_type") ? try a.string("output_type") : (c.kerasMajor >= 3 ? "int32" : "int64"))
    }

    /// Running sums (products) along `axis` (Keras 3: of the flattened tensor when none), with
    /// TensorFlow's exclusive and reverse.
    static func cumulative(_ c: inout KerasContext, _ a: OperationArguments, _ op: String) throws -> String {
        var x = try a.tensor("x")
        if a.has("dtype") { x = try Operands.cast(&c, a, x, to: try a.string("dtype")) }
        var axis = 0
        if a.has("axis") {
            axis = try a.int("axis")
        } else {
            x = try ShapeOperations.flatten(&c, a, x)
        }
        let axisTensor = c.constant(Tensor(shape: [], values: [Int64(axis)]), "axis", for: a.call)
        let flags: [String: Attribute] = ["exclusive": .int(try a.bool("exclusive", false) ? 1 : 0), "reverse": .int(try a.bool("reverse", false) ? 1 : 0)]
        return try c.emit(op, [x, axisTensor], flags, for: a.call)
    }

    /// x1 · x2 over the last two axes, batch axes broadcast; TensorFlow may transpose either
    /// operand first (`adjoint_*` is the same for real tensors).
    static func matmul(_ c: inout KerasContext, _ a: OperationArguments) throws -> [String] {
        var operands = try Operands.values(&c, a, ["x1", "x2"])
        for (i, side) in ["a", "b"].enumerated() {
            let (transpose, adjoint) = (try a.bool("transpose_\(side)", false), try a.bool("adjoint_\(side)", false))
            guard !(transpose && adjoint) else { throw a.error("transpose_\(side) and adjoint_\(side) are both set") }
            guard transpose || adjoint else { continue }
            let rank = try c.type(operands[i]).rank
            guard rank >= 2 else { throw a.error("cannot transpose a rank-\(rank) operand") }
            let perm = Array(0..<(rank - 2)) + [rank - 1, rank - 2]
            operands[i] = try c.emit("Transpose", [operands[i]], ["perm": .ints(perm)], for: a.call)
        }
        return [try c.emit("MatMul", operands, for: a.call)]
    }
}
