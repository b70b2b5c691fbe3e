import LiteIR

/// CumSum, CumProd, TopK, OneHot, EyeLike, NonZero, Compress, ReverseSequence, Det, BitCast.
enum SequenceOperators {
    static let table: [String: ONNXTranslator] = [
        "CumSum": { n in try n.emitOutput("CumSum", n.passedInputs(2), n.passedAttributes(["exclusive", "reverse"])) },
        "CumProd": { n in try n.emitOutput("CumProd", n.passedInputs(2), n.passedAttributes(["exclusive", "reverse"])) },
        "OneHot": { n in try n.emitOutput("OneHot", n.passedInputs(3), n.passedAttributes(["axis"])) },
        "TopK": topK,
        "NonZero": { n in try n.emitOutput("NonZero", [try n.requiredInput(0)]) },
        "Compress": compress,
        "ReverseSequence": { n in try n.emitOutput("ReverseSequence", n.passedInputs(2), n.passedAttributes(["batch_axis", "time_axis"])) },
        "Det": { n in try n.emitOutput("Det", [try n.requiredInput(0)]) },
        "BitCast": { n in
            let code = try n.int("to", 0)
            guard let dtype = ONNXDataType.dtype(Int32(truncatingIfNeeded: code)) else {
                throw n.error("bit cast to \(ONNXDataType.name(Int32(truncatingIfNeeded: code))) is not supported")
            }
            try n.emitOutput("BitCast", [try n.requiredInput(0)], ["to": .string(dtype.rawValue)])
        },
        "EyeLike": { n in
            var attributes: [String: Attribute] = ["k": .int(try n.int("k", 0))]
            if let code = try n.intIfPresent("dtype") {
                guard let dtype = ONNXDataType.dtype(Int32(truncatingIfNeeded: code)) else {
                    throw n.error("dtype \(ONNXDataType.name(Int32(truncatingIfNeeded: code))) is not supported")
                }
                attributes["dtype"] = .string(dtype.rawValue)
            }
            try n.emitOutput("EyeLike", [try n.requiredInput(0)], attributes)
        },
    ]

    /// The slices along `axis` (of the flattened input without one) where the 1-D condition holds.
    static func compress(_ n: inout ONNXNode) throws {
        var input = try n.requiredInput(0)
        let axis = try n.intIfPresent("axis")
        if axis == nil { input = try n.emit("Reshape", [input], ["shape": .ints([-1])]) }
        let selected = try n.emit("Reshape", [try n.emit("NonZero", [try n.requiredInput(1)])], ["shape": .ints([-1])])
        try n.emitOutput("Gather", [input, selected], ["axis": .int(axis ?? 0)])
    }

    /// k is an attribute before opset 10 and an input after; `largest` arrives with opset 11.
    static func topK(_ n: inout ONNXNode) throws {
        let k = n.opset < 10 ? n.constant(Tensor(shape: [1], values: [Int64(try n.int("k", 0))]), "k") : try n.requiredInput(1)
        let attributes: [String: Attribute] = ["axis": .int(try n.int("axis", -1)), "largest": .int(try n.int("largest", 1))]
        try n.builder.add(Node(name: n.name, op: "TopK", inputs: [try n.requiredInput(0), k], outputs: [n.output(0), n.output(1)], attributes: attributes))
    }
}
