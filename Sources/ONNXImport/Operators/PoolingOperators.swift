import LiteIR

/// MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, LRN.
enum PoolingOperators {
    static let table: [String: ONNXTranslator] = [
        "MaxPool": { try pool(&$0, op: "MaxPool2D") },
        "AveragePool": { try pool(&$0, op: "AvgPool2D") },
        "GlobalAveragePool": { try globalPool(&$0, op: "ReduceMean") },
        "GlobalMaxPool": { try globalPool(&$0, op: "ReduceMax") },
        "LRN": lrn,
    ]

    static func pool(_ n: inout ONNXNode, op: String) throws {
        let x = try n.type(0)
        let window = try n.window(kernel: try n.ints("kernel_shape", []), spatial: Array(x.shape.dropFirst(2)))
        var attributes = n.attributes(window)
        attributes["kernel_shape"] = .ints(window.kernel)
        attributes["ceil_mode"] = .int(try n.int("ceil_mode", 0))
        if op == "AvgPool2D" {
            attributes["count_include_pad"] = .int(try n.int("count_include_pad", 0))
        }
        let input = try n.toNHWC(try n.requiredInput(0))
        // The storage order only numbers the indices output.
        let storageOrder = op == "MaxPool2D" ? try n.int("storage_order", 0) : 0
        guard op == "MaxPool2D", !n.output(1).isEmpty else {
            try n.outputFromNHWC(try n.emit(op, [input], attributes), rank: x.rank)
            return
        }
        attributes["storage_order"] = .int(storageOrder)
        let values = n.builder.graph.freshName("\(n.name)/values"), indices = n.builder.graph.freshName("\(n.name)/indices")
        try n.builder.add(Node(name: "\(n.name)/MaxPool2D", op: op, inputs: [input], outputs: [values, indices], attributes: attributes))
        try n.outputFromNHWC(values, rank: x.rank)
        try n.outputFromNHWC(indices, rank: x.rank, index: 1)
    }

    /// Global pools reduce every spatial axis, keeping them as size 1.
    static func globalPool(_ n: inout ONNXNode, op: String) throws {
        let x = try n.type(0)
        guard x.rank >= 3 else { throw n.error("expects an input of rank >= 3, got \(x)") }
        try n.emitOutput(op, [try n.requiredInput(0)], ["axes": .ints(Array(2..<x.rank)), "keepdims": .int(1)])
    }

    static func lrn(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        guard x.rank == 4 else { throw n.error("expects a 4-D NCHW input, got \(x)") }
        var attributes: [String: Attribute] = ["size": .int(try n.int("size", 0))]
        for (key, fallback) in [("alpha", Float(1e-4)), ("beta", 0.75), ("bias", 1)] {
            attributes[key] = .float(try n.float(key, fallback))
        }
        let input = try n.toNHWC(try n.requiredInput(0))
        try n.outputFromNHWC(try n.emit("LRN", [input], attributes), rank: 4)
    }
}

/// LpPool and Hardmax, from IR pools, reductions and comparisons.
enum PoolingCompositeOperators {
    static let table: [String: ONNXTranslator] = ["LpPool": lpPool, "Hardmax": hardmax]

    /// (Σ |x|ᵖ over the window)^(1/p): an average pool of |x|ᵖ counting the zero pads, times the
    /// window area.
    static func lpPool(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        let p = Float(try n.int("p", 2))
        let window = try n.window(kernel: try n.ints("kernel_shape", []), spatial: Array(x.shape.dropFirst(2)))
        var attributes = n.attributes(window)
        attributes["kernel_shape"] = .ints(window.kernel)
        attributes["ceil_mode"] = .int(try n.int("ceil_mode", 0))
        attributes["count_include_pad"] = .int(1)
        let power = n.constant(Tensor.fromFloats([p], shape: [], dtype: x.dtype), "p")
        let raised = try n.emit("Pow", [try n.emit("Abs", [try n.requiredInput(0)]), power])
        let mean = try n.emit("AvgPool2D", [try n.toNHWC(raised)], attributes)
        guard let windowSize = checkedElementCount(window.kernel) else { throw n.error("kernel_shape \(window.kernel) is larger than any tensor") }
        let area = n.constant(Tensor.fromFloats([Float(windowSize)], shape: [], dtype: x.dtype), "area")
        let root = n.constant(Tensor.fromFloats([1 / p], shape: [], dtype: x.dtype), "inverse_p")
        try n.outputFromNHWC(try n.emit("Pow", [try n.emit("Mul", [mean, area]), root]), rank: x.rank)
    }

    /// 1 at the first maximum along `axis`, 0 elsewhere.
    static func hardmax(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        let axis = try n.int("axis", -1)
        let a = axis < 0 ? axis + x.rank : axis
        guard a >= 0, a < x.rank, let size = x.shape[a].value else { throw n.error("axis \(axis) must be a static axis of \(x)") }
        let index = try n.emit("ArgMax", [try n.requiredInput(0)], ["axis": .int(a), "keepdims": .int(1)])
        var positionsShape = Array(repeating: 1, count: x.rank)
        positionsShape[a] = size
        let positions = n.constant(Tensor(shape: positionsShape, values: (0..<size).map { Int64($0) }), "positions")
        try n.emitOutput("Cast", [try n.emit("Equal", [positions, index])], ["to": .string(x.dtype.rawValue)])
    }
}
