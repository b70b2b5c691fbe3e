import LiteIR
import LiteOps

/// mean, sum, max and min over axes; matmul (TensorFlow's transposed operands too) and einsum.
enum ReductionOperations {
    static let table: [String: OperationTranslator] = {
        var table: [String: OperationTranslator] = [:]
        for (op, ir) in ["mean": "ReduceMean", "sum": "ReduceSum", "max": "ReduceMax", "min": "ReduceMin"] {
            table[op] = { c, a in [try reduce(&c, a, ir)] }
        }
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
    /// `initial` when Keras 3 gives one.
    static func reduce(_ c: inout KerasContext, _ a: OperationArguments, _ op: String) throws -> String {
        let x = try a.tensor("x")
        let rank = try c.type(x).rank
        let axes = try a.ints("axis") ?? Array(0..<rank)
        guard axes.allSatisfy({ (-rank..<rank).contains($0) }) else { throw a.error("axes \(axes) are out of range for rank \(rank)") }
        let keepdims = try a.bool("keepdims", false)
        let reduced = try c.emit(op, [x], ["axes": .ints(axes.map { $0 < 0 ? $0 + rank : $0 }), "keepdims": .int(keepdims ? 1 : 0)], for: a.call)
        guard op == "ReduceMax" || op == "ReduceMin", a.has("initial") else { return reduced }
        let initial = try c.scalar(Float(try a.double("initial")), like: reduced, for: a.call)
        return try c.emit(op == "ReduceMax" ? "Max" : "Min", [reduced, initial], for: a.call)
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
