import LiteIR
import LiteOps

/// Integer values computed only from tensor shapes and small constants (a dynamic batch size
/// divided by a group count, say). TFLite's dims are int32, so such values fit int32, and an
/// int64 op on them whose kernel has no int64 form can compute in int32 without changing them.
enum ShapeArithmetic {
    /// Ops that keep values shape-derived when all their inputs are.
    private static let preserving: Set<String> = [
        "Gather", "Slice", "Concat", "Reshape", "Squeeze", "Unsqueeze", "Cast", "Add", "Sub", "Mul", "Div", "Max", "Min",
        "Mod", "Neg", "Abs", "ReduceProd", "ReduceSum", "ReduceMax", "ReduceMin", "Identity", "Expand", "Tile",
    ]

    /// Whether `value` is a constant of int32-range integers, a Shape, or derived from those
    /// only through `preserving` ops (index inputs of Gather/Slice need not be).
    static func isShapeDerived(_ value: String, in graph: Graph) -> Bool {
        var seen: [String: Bool] = [:]
        let producers = graph.producers()
        func check(_ name: String) -> Bool {
            if let known = seen[name] { return known }
            seen[name] = false  // a cycle cannot prove anything
            let result: Bool
            if let constant = graph.constants[name] {
                result = !constant.dtype.isFloatingPoint && constant.int64s().allSatisfy { $0 >= Int64(Int32.min) && $0 <= Int64(Int32.max) }
            } else if let index = producers[name] {
                let node = graph.nodes[index]
                let data = node.op == "Gather" || node.op == "Slice" ? [node.inputs[0]] : node.inputs.filter { !$0.isEmpty }
                result = node.op == "Shape" || (preserving.contains(node.op) && data.allSatisfy(check))
            } else {
                result = false
            }
            seen[name] = result
            return result
        }
        return check(value)
    }
}
