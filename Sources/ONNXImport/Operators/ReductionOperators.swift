import LiteIR

/// ReduceX, ArgMax/ArgMin and LayerNormalization.
enum ReductionOperators {
    /// ONNX reduction → (IR reduction, transform before, transform after).
    private static let reductions: [String: (String, String?, String?)] = [
        "ReduceSum": ("ReduceSum", nil, nil), "ReduceMean": ("ReduceMean", nil, nil), "ReduceMax": ("ReduceMax", nil, nil),
        "ReduceMin": ("ReduceMin", nil, nil), "ReduceProd": ("ReduceProd", nil, nil),
        "ReduceL1": ("ReduceSum", "Abs", nil), "ReduceL2": ("ReduceSum", "Square", "Sqrt"),
        "ReduceSumSquare": ("ReduceSum", "Square", nil), "ReduceLogSum": ("ReduceSum", nil, "Log"),
        "ReduceLogSumExp": ("ReduceSum", "Exp", "Log"),
    ]

    static let table: [String: ONNXTranslator] = {
        var table: [String: ONNXTranslator] = [:]
        for (onnxOp, rule) in reductions { table[onnxOp] = { try reduce(&$0, rule) } }
        for op in ["ArgMax", "ArgMin"] {
            table[op] = { n in try n.emitOutput(op, [try n.requiredInput(0)], n.passedAttributes(["axis", "keepdims", "select_last_index"])) }
        }
        table["LayerNormalization"] = layerNormalization
        table["RMSNormalization"] = rmsNormalization
        return table
    }()

    /// Axes are an attribute before opset 18 (13 for ReduceSum) and a constant input after;
    /// none means every axis unless noop_with_empty_axes.
    static func reduce(_ n: inout ONNXNode, _ rule: (String, String?, String?)) throws {
        let x = try n.type(0)
        let axesAsInput = n.opset >= (n.node.op == "ReduceSum" ? 13 : 18)
        let keepdims = try n.int("keepdims", 1)
        let noop = try n.int("noop_with_empty_axes", 0) != 0
        var value = try n.requiredInput(0)
        // An axes input whose static length is 0 holds no axes, whatever its run-time value.
        let staticallyEmpty = try n.input(1).map { try n.builder.type(of: $0).shape == [.fixed(0)] } ?? false
        if axesAsInput, !staticallyEmpty, let dynamic = n.input(1), n.builder.constant(dynamic) == nil {
            // Axes known only at run time: the IR reduction takes them as an input.
            if let before = rule.1 { value = try elementwise(&n, before, value) }
            let attributes: [String: Attribute] = ["keepdims": .int(keepdims), "noop_with_empty_axes": .int(noop ? 1 : 0)]
            guard let after = rule.2 else {
                try n.emitOutput(rule.0, [value, dynamic], attributes)
                return
            }
            try n.emitOutput(after, [try n.emit(rule.0, [value, dynamic], attributes)])
            return
        }
        var axes = staticallyEmpty ? nil : axesAsInput ? try n.constantInput(1, "axes")?.ints() : try n.intsIfPresent("axes")
        if axes?.isEmpty == true { axes = nil }
        if axes == nil && noop {
            // Nothing to reduce: only the element-wise parts apply.
            if let before = rule.1 { value = try elementwise(&n, before, value) }
            if let after = rule.2 { value = try elementwise(&n, after, value) }
            n.alias(0, to: value)
            return
        }
        let attributes: [String: Attribute] = ["axes": .ints(axes ?? Array(0..<x.rank)), "keepdims": .int(keepdims)]
        if let before = rule.1 { value = try elementwise(&n, before, value) }
        guard let after = rule.2 else {
            try n.emitOutput(rule.0, [value], attributes)
            return
        }
        try n.emitOutput(after, [try n.emit(rule.0, [value], attributes)])
    }

    private static func elementwise(_ n: inout ONNXNode, _ op: String, _ value: String) throws -> String {
        op == "Square" ? try n.emit("Mul", [value, value]) : try n.emit(op, [value])
    }

    /// (x − mean) / √(var + ε) · scale + bias over the axes from `axis` on; Mean and InvStdDev
    /// outputs when asked for.
    static func layerNormalization(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        let axis = try n.int("axis", -1)
        let first = axis < 0 ? axis + x.rank : axis
        guard first >= 0, first < x.rank else { throw n.error("axis \(axis) is out of range for rank \(x.rank)") }
        let epsilon = try n.float("epsilon", 1e-5)
        try n.requireDefaultStashType()
        let axes: [String: Attribute] = ["axes": .ints(Array(first..<x.rank)), "keepdims": .int(1)]
        let input = try n.requiredInput(0)
        let mean = try emit(&n, "ReduceMean", [input], axes, asOutput: 1)
        let centered = try n.emit("Sub", [input, mean])
        let variance = try n.emit("ReduceMean", [try n.emit("Mul", [centered, centered])], axes)
        let epsilonValue = n.constant(Tensor.fromFloats([epsilon], shape: [], dtype: x.dtype), "epsilon")
        let inverse = try emit(&n, "Rsqrt", [try n.emit("Add", [variance, epsilonValue])], [:], asOutput: 2)
        let normalized = try n.emit("Mul", [centered, inverse])
        guard let bias = n.input(2) else {
            try n.emitOutput("Mul", [normalized, try n.requiredInput(1)])
            return
        }
        try n.emitOutput("Add", [try n.emit("Mul", [normalized, try n.requiredInput(1)]), bias])
    }

    /// x / √(mean(x²) + ε) · scale over the axes from `axis` on.
    static func rmsNormalization(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        let axis = try n.int("axis", -1)
        let first = axis < 0 ? axis + x.rank : axis
        guard first >= 0, first < x.rank else { throw n.error("axis \(axis) is out of range for rank \(x.rank)") }
        try n.requireDefaultStashType()
        let input = try n.requiredInput(0)
        let meanSquare = try n.emit("ReduceMean", [try n.emit("Mul", [input, input])],
                                    ["axes": .ints(Array(first..<x.rank)), "keepdims": .int(1)])
        let epsilon = n.constant(Tensor.fromFloats([try n.float("epsilon", 1e-5)], shape: [], dtype: x.dtype), "epsilon")
        let inverse = try n.emit("Rsqrt", [try n.emit("Add", [meanSquare, epsilon])])
        try n.emitOutput("Mul", [try n.emit("Mul", [input, inverse]), try n.requiredInput(1)])
    }

    /// Emits a value that is also ONNX output `index` when the model asks for it.
    private static func emit(_ n: inout ONNXNode, _ op: String, _ inputs: [String], _ attributes: [String: Attribute],
                             asOutput index: Int) throws -> String {
        guard !n.output(index).isEmpty else { return try n.emit(op, inputs, attributes) }
        try n.emitOutput(op, inputs, attributes, index: index)
        return n.output(index)
    }
}
