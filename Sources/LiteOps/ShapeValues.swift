import LiteIR

/// Shape arithmetic on partly known values: the elements of small integer tensors computed from
/// shapes (Shape → Gather → Concat → Reshape chains of dynamic-batch exports), each a fixed
/// number or a symbolic dim. It lets a Reshape to [batch, 4, 8] keep its static dims, and turns
/// chains whose every element is known into constants.
public enum ShapeValues {
    /// Tensors longer than this are not tracked.
    static let maxLength = 16

    /// What is known of the elements of each output of the node; nil where nothing is.
    public static func propagate(_ ctx: InferenceContext, outputs: [TensorType]) -> [[Dim]?] {
        guard outputs.count == 1, let type = outputs.first, type.rank <= 1, type.dtype.isInteger else {
            return outputs.map { _ in nil }
        }
        let node = ctx.node
        let value: [Dim]?
        switch node.op {
        case "Shape":
            guard let x = ctx.inputTypes.first ?? nil else { return [nil] }
            let rank = x.rank
            func clamp(_ v: Int) -> Int { min(max(v < 0 ? v + rank : v, 0), rank) }
            let start = clamp((try? node.int("start", 0)) ?? 0), end = clamp((try? node.int("end", rank)) ?? rank)
            value = start < end ? Array(x.shape[start..<end]) : []
        case "Cast", "Identity", "Reshape", "Squeeze", "Unsqueeze":
            value = ctx.shapeValue(0)
        case "Gather":
            guard let data = ctx.shapeValue(0), let indices = ctx.constant(1)?.ints(), (try? node.int("axis", 0)) == 0 else { return [nil] }
            value = indices.allSatisfy({ $0 >= -data.count && $0 < data.count }) ? indices.map { data[$0 < 0 ? $0 + data.count : $0] } : nil
        case "Slice" where node.inputs.count == 1:
            guard let data = ctx.shapeValue(0), let starts = try? node.ints("starts", []), let ends = try? node.ints("ends", []),
                  let picked = try? sliceRanges(starts: starts, ends: ends, steps: (try? node.ints("steps", [1])) ?? [1], shape: [data.count], node) else {
                return [nil]
            }
            value = picked[0].indices.map { data[$0] }
        case "Concat":
            var joined: [Dim] = []
            for i in node.inputs.indices {
                guard let part = ctx.shapeValue(i) else { return [nil] }
                joined += part
            }
            value = joined
        case "Add", "Sub", "Mul", "Div", "Max", "Min":
            guard let a = ctx.shapeValue(0), let b = ctx.shapeValue(1) else { return [nil] }
            value = elementwise(node.op, a, b)
        default:
            return [nil]
        }
        guard let value, value.count <= maxLength, type.shape.first?.value.map({ $0 == value.count }) ?? (type.rank == 0 && value.count == 1) else {
            return [nil]
        }
        return [value]
    }

    /// The outputs as constants when every element of every output is known.
    static func constants(_ values: [[Dim]?], _ types: [TensorType]) -> [Tensor]? {
        var tensors: [Tensor] = []
        for (value, type) in zip(values, types) {
            guard let value, case let fixed = value.compactMap(\.value), fixed.count == value.count, let shape = type.fixedShape else { return nil }
            tensors.append(Tensor.fromInt64s(fixed.map(Int64.init), shape: shape, dtype: type.dtype))
        }
        return tensors.isEmpty ? nil : tensors
    }

    /// Integer arithmetic with one-element broadcasting; identities keep a symbolic operand.
    private static func elementwise(_ op: String, _ a: [Dim], _ b: [Dim]) -> [Dim]? {
        guard a.count == b.count || a.count == 1 || b.count == 1 else { return nil }
        return (0..<max(a.count, b.count)).map { i in
            let x = a[a.count == 1 ? 0 : i], y = b[b.count == 1 ? 0 : i]
            if let u = x.value, let v = y.value {
                switch op {
                case "Add": return .fixed(u + v)
                case "Sub": return .fixed(u - v)
                case "Mul": return .fixed(u * v)
                case "Div": return v == 0 ? .symbolic("") : .fixed(Int(integerDivide(Int64(u), Int64(v))))
                case "Max": return .fixed(max(u, v))
                default: return .fixed(min(u, v))
                }
            }
            switch (op, x.value, y.value) {
            case ("Add", _, 0), ("Sub", _, 0), ("Mul", _, 1), ("Div", _, 1): return x
            case ("Add", 0, _), ("Mul", 1, _): return y
            default: return .symbolic("")
            }
        }
    }
}
