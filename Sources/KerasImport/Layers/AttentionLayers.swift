import Foundation
import LiteIR
import LiteOps

/// MultiHeadAttention over the last-but-one axis: query, key and value projections per head, a
/// ``ScaledDotProductAttention`` (masked by attention_mask or causally), and the output projection.
enum AttentionLayers {
    static let table: [String: KerasTranslator] = ["MultiHeadAttention": multiHeadAttention]

    static func multiHeadAttention(_ c: inout KerasContext, _ call: LayerCall) throws -> [String] {
        // Keras 3 passes (query, value[, key]) positionally; Keras 2 query positionally, the rest by keyword.
        let query = try call.input(0)
        guard let value = call.inputs.count > 1 ? call.inputs[1] : call.keyword("value") else { throw call.error("needs a value tensor") }
        let key = call.inputs.count > 2 ? call.inputs[2] : call.keyword("key") ?? value
        if let axes = call.config.value("attention_axes"), !(axes is NSNull) {
            let list = (axes as? [Int]) ?? (axes as? Int).map { [$0] } ?? []
            guard list == [1] || list == [-2] else { throw call.error("attention over axes \(list) is not supported (only the sequence axis)") }
        }
        let heads = try call.config.int("num_heads", in: NumberRange.window), keyDim = try call.config.int("key_dim", in: NumberRange.window)
        let valueDim = call.config.has("value_dim") ? try call.config.int("value_dim", in: NumberRange.window) : keyDim
        let useBias = try call.config.bool("use_bias", true)
        // A projection to another size: the output kernel's shape carries it.
        if call.config.has("output_shape"), (try? call.config.int("output_shape")) == nil {
            throw call.error("output_shape \(KerasStrictness.describe(call.config.value("output_shape") ?? "")) is not supported (one output size only)")
        }
        let q = try c.type(query)
        guard q.rank == 3 else { throw call.error("expects [batch, steps, features] inputs, got \(q)") }

        // x [B, T, E] · kernel [E, heads, dim] + bias → [B, heads, T, dim].
        func project(_ x: String, _ scope: String, dim: Int) throws -> String {
            let kernel = try call.weights.required("kernel", in: scope)
            guard kernel.rank == 3 else { throw call.error("\(scope) kernel must be [features, heads, dim], got \(kernel.shape)") }
            let flat = c.constant(try kernel.reshaped([kernel.shape[0], heads * dim]), "\(scope)_kernel", for: call)
            var y = try c.emit("MatMul", [x, flat], for: call)
            if useBias {
                let bias = try call.weights.required("bias", in: scope)
                y = try c.emit("Add", [y, c.constant(try bias.reshaped([heads * dim]), "\(scope)_bias", for: call)], for: call)
            }
            let steps = try c.type(x).shape[1]
            let split = try c.emit("Reshape", [y], ["shape": .ints(try c.target([try c.type(x).shape[0], steps, .fixed(heads), .fixed(dim)], for: call))], for: call)
            return try c.emit("Transpose", [split], ["perm": .ints([0, 2, 1, 3])], for: call)
        }
        let queries = try project(query, "query", dim: keyDim)
        let keys = try project(key, "key", dim: keyDim), values = try project(value, "value", dim: valueDim)
        var attention = ScaledDotProductAttention(scale: 1 / Float(keyDim).squareRoot(), scaling: .queries)
        attention.bias = try attentionMask(&c, call, queryLength: q.shape[1], keyLength: try c.type(key).shape[1])
        let context = try attention.emit(query: queries, key: keys, value: values, into: &c.builder, name: call.name).output  // [B, heads, Tq, Dv]
        let merged = try c.emit("Reshape", [try c.emit("Transpose", [context], ["perm": .ints([0, 2, 1, 3])], for: call)],
                                ["shape": .ints(try c.target([q.shape[0], q.shape[1], .fixed(heads * valueDim)], for: call))], for: call)
        let outputKernel = try call.weights.required("kernel", in: "attention_output")
        let flat = c.constant(try outputKernel.reshaped([heads * valueDim, outputKernel.count / (heads * valueDim)]), "output_kernel", for: call)
        var y = try c.emit("MatMul", [merged, flat], for: call)
        if useBias {
            y = try c.emit("Add", [y, c.constant(try call.weights.required("bias", in: "attention_output"), "output_bias", for: call)], for: call)
        }
        return [y]
    }

    /// −1e9 where attention is masked (Keras' additive mask), [B or 1, 1, Tq, Tk]: the
    /// attention_mask keyword, and the causal mask of use_causal_mask.
    private static func attentionMask(_ c: inout KerasContext, _ call: LayerCall, queryLength: Dim, keyLength: Dim) throws -> String? {
        var terms: [String] = []
        if let mask = call.keyword("attention_mask") {
            let allowed = try c.emit("Cast", [mask], ["to": .string("float32")], for: call)
            let blocked = try c.emit("Sub", [try c.scalar(1, like: allowed, for: call), allowed], for: call)
            let additive = try c.emit("Mul", [blocked, try c.scalar(-1e9, like: allowed, for: call)], for: call)
            let t = try c.type(additive).shape
            terms.append(try c.emit("Reshape", [additive], ["shape": .ints(try c.target([t[0], .fixed(1)] + t.dropFirst(), for: call))], for: call))
        }
        if try call.arguments.bool("use_causal_mask", false) {
            guard let tq = queryLength.value, let tk = keyLength.value else { throw call.error("a causal mask needs static sequence lengths") }
            let values = (0..<tq).flatMap { i in (0..<tk).map { j in Float(j <= i + (tk - tq) ? 0 : -1e9) } }
            terms.append(c.constant(Tensor(shape: [1, 1, tq, tk], values: values), "causal_mask", for: call))
        }
        guard var sum = terms.first else { return nil }
        for term in terms.dropFirst() { sum = try c.emit("Add", [sum, term], for: call) }
        return sum
    }
}
