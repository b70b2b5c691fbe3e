import LiteIR

/// Reshaping, reordering and shape-arithmetic operators.
enum ShapeOperators {
    static let table: [String: ONNXTranslator] = [
        "Flatten": flatten, "Reshape": reshape, "Squeeze": squeeze, "Unsqueeze": unsqueeze,
        "Transpose": { n in
            let rank = try n.type(0).rank
            try n.emitOutput("Transpose", [try n.requiredInput(0)], ["perm": .ints(try n.ints("perm", Array((0..<rank).reversed())))])
        },
        "Concat": { n in
            try n.emitOutput("Concat", n.variadicInputs, ["axis": .int(try n.int("axis", 0))])
        },
        "Identity": { n in n.alias(0, to: try n.requiredInput(0)) },
        "Dropout": dropout,
        "Shape": { n in
            var attributes: [String: Attribute] = [:]
            if let start = try n.intIfPresent("start") { attributes["start"] = .int(start) }
            if let end = try n.intIfPresent("end") { attributes["end"] = .int(end) }
            try n.emitOutput("Shape", [try n.requiredInput(0)], attributes)
        },
        "Gather": { n in
            try n.emitOutput("Gather", [try n.requiredInput(0), try n.requiredInput(1)], ["axis": .int(try n.int("axis", 0))])
        },
        "ConstantOfShape": { n in
            var attributes: [String: Attribute] = [:]
            if let value = try n.tensor("value") { attributes["value"] = .tensor(value) }
            try n.emitOutput("ConstantOfShape", [try n.requiredInput(0)], attributes)
        },
        "Cast": { n in
            let code = try n.int("to", 0)
            guard let to = ONNXDataType.dtype(Int32(truncatingIfNeeded: code)) else {
                throw n.error("cast to \(ONNXDataType.name(Int32(truncatingIfNeeded: code))) is not supported")
            }
            try n.emitOutput("Cast", [try n.requiredInput(0)], ["to": .string(to.rawValue)])
        },
        "Softmax": { try softmax(&$0, op: "Softmax") },
        "LogSoftmax": { try softmax(&$0, op: "LogSoftmax") },
        "Pad": pad,
        "CenterCropPad": centerCropPad,
    ]

    /// CenterCropPad as ONNX defines it: pad each listed axis to max(target, size) (the smaller
    /// half before), then crop the centered target window (the smaller half of the excess
    /// before). Targets may be known only at run time.
    static func centerCropPad(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        let axes = try n.ints("axes", Array(0..<x.rank)).map { a in
            let r = a < 0 ? a + x.rank : a
            guard r >= 0, r < x.rank else { throw n.error("axis \(a) is out of range for rank \(x.rank)") }
            return r
        }
        let input = try n.requiredInput(0)
        // Sizes are computed in int32, the type of TFLite's dims.
        let axesValue = n.constant(Tensor(shape: [axes.count], values: axes.map(Int32.init)), "axes")
        let two = n.constant(Tensor(scalar: Int32(2)), "two")
        let target = try n.emit("Cast", [try n.requiredInput(1)], ["to": .string("int32")])
        let sizes = { (n: inout ONNXNode, value: String) throws -> String in
            try n.emit("Gather", [try n.emit("Cast", [try n.emit("Shape", [value])], ["to": .string("int32")]), axesValue], ["axis": .int(0)])
        }
        let excess = try n.emit("Sub", [try n.emit("Max", [target, try sizes(&n, input)]), try sizes(&n, input)])
        let before = try n.emit("Div", [excess, two])
        let pads = try n.emit("Concat", [before, try n.emit("Sub", [excess, before])], ["axis": .int(0)])
        let padded = try n.emit("Pad", [input, pads, "", axesValue], ["mode": .string("constant")])
        let start = try n.emit("Div", [try n.emit("Sub", [try sizes(&n, padded), target]), two])
        try n.emitOutput("Slice", [padded, start, try n.emit("Add", [start, target]), axesValue])
    }

    /// Inference Dropout passes its input through; the optional mask is all true. A constant
    /// training mode with a nonzero ratio is refused (it drops values at random); a
    /// training_mode fed at run time is taken as inference, as converters for inference do.
    static func dropout(_ n: inout ONNXNode) throws {
        let builder = n.builder
        let mode = n.input(2).flatMap { builder.constant($0) }, ratio = n.input(1).flatMap { builder.constant($0) }
        if let mode, mode.int64s().first ?? 0 != 0, ratio?.floats().first ?? 0.5 != 0 {
            throw n.error("training mode with a nonzero ratio (random dropping) is not supported")
        }
        let x = try n.requiredInput(0)
        n.alias(0, to: x)
        guard !n.output(1).isEmpty else { return }
        let shape = try n.emit("Shape", [x])
        try n.emitOutput("ConstantOfShape", [shape], ["value": .tensor(Tensor(shape: [1], values: [true]))], index: 1)
    }

    /// [d0 … d(axis-1)] and [d(axis) …] each collapsed to one dim.
    static func flatten(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        let axis = try n.int("axis", 1)
        let a = axis < 0 ? axis + x.rank : axis
        guard a >= 0, a <= x.rank else { throw n.error("axis \(axis) is out of range for rank \(x.rank)") }
        func collapse(_ dims: ArraySlice<Dim>) -> Dim {
            dims.reduce(Dim.fixed(1)) { acc, d in
                if let p = acc.value, let v = d.value { return .fixed(p * v) }
                return .symbolic("")
            }
        }
        let target = try n.reshapeTarget([collapse(x.shape[..<a]), collapse(x.shape[a...])])
        try n.emitOutput("Reshape", [try n.requiredInput(0)], ["shape": .ints(target)])
    }

    /// Reshape with a constant shape input; 0 copies the input dim unless allowzero. A symbolic
    /// input dim (a dynamic batch) may pass through a 0 entry alongside one -1: the -1 is then
    /// resolved from the static dims and the symbolic dim becomes the IR's single -1.
    static func reshape(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        let allowZero = try n.int("allowzero", 0) != 0
        if let dynamic = n.input(1), n.builder.constant(dynamic) == nil {
            // A shape computed at run time (e.g. from a dynamic batch size).
            try n.emitOutput("Reshape", [try n.requiredInput(0), dynamic], ["allowzero": .int(allowZero ? 1 : 0)])
            return
        }
        guard let shapeTensor = try n.constantInput(1, "shape") else { throw n.error("missing the shape input") }
        var target: [Int] = []
        var copiedSymbolic: [Int] = []
        for (i, v) in shapeTensor.ints().enumerated() {
            if v == 0 && !allowZero {
                guard i < x.rank else { throw n.error("shape entry \(i) is 0 but the input has rank \(x.rank)") }
                if let d = x.shape[i].value { target.append(d) } else { copiedSymbolic.append(i); target.append(0) }
            } else {
                guard v >= -1 else { throw n.error("invalid shape entry \(v)") }
                target.append(v)
            }
        }
        let symbolicInputs = x.shape.filter { $0.value == nil }.count
        if !copiedSymbolic.isEmpty {
            guard copiedSymbolic.count == 1, symbolicInputs == 1 else {
                throw n.error("cannot express reshape of \(x.shape) to \(shapeTensor.ints()) with one unknown dim")
            }
            if let minusOne = target.firstIndex(of: -1) {
                let inputStatic = checkedElementCount(x.shape.compactMap(\.value))
                let targetStatic = checkedElementCount(target.enumerated().filter { $0.offset != minusOne && !copiedSymbolic.contains($0.offset) }.map(\.element))
                guard let inputStatic, let targetStatic, targetStatic > 0, inputStatic % targetStatic == 0 else { throw n.error("cannot reshape \(x.shape) to \(shapeTensor.ints())") }
                target[minusOne] = inputStatic / targetStatic
            }
            target[copiedSymbolic[0]] = -1
        }
        try n.emitOutput("Reshape", [try n.requiredInput(0)], ["shape": .ints(target)])
    }

    /// Axes come from the attribute before opset 13 and from input 1 after.
    private static func axes(_ n: ONNXNode) throws -> [Int]? {
        n.opset < 13 ? try n.intsIfPresent("axes") : try n.constantInput(1, "axes")?.ints()
    }

    static func squeeze(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        if n.opset >= 13, let dynamic = n.input(1), n.builder.constant(dynamic) == nil {
            try n.emitOutput("Squeeze", [try n.requiredInput(0), dynamic])
            return
        }
        let given = try axes(n)
        let axes = try given.map { try $0.map { a in
            let r = a < 0 ? a + x.rank : a
            guard r >= 0, r < x.rank else { throw n.error("axis \(a) is out of range for rank \(x.rank)") }
            guard x.shape[r].value == 1 || x.shape[r].value == nil else { throw n.error("cannot squeeze dim \(a) of size \(x.shape[r])") }
            return r
        } } ?? x.shape.indices.filter { x.shape[$0] == .fixed(1) }
        if given == nil && x.shape.contains(where: { $0.value == nil }) { throw n.error("Squeeze without axes needs a static shape, got \(x)") }
        let kept = x.shape.indices.filter { !axes.contains($0) }.map { x.shape[$0] }
        try n.emitOutput("Reshape", [try n.requiredInput(0)], ["shape": .ints(try n.reshapeTarget(kept))])
    }

    static func unsqueeze(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        if n.opset >= 13, let dynamic = n.input(1), n.builder.constant(dynamic) == nil {
            try n.emitOutput("Unsqueeze", [try n.requiredInput(0), dynamic])
            return
        }
        guard let given = try axes(n) else { throw n.error("missing axes") }
        let rank = x.rank + given.count
        let axes = Set(try given.map { a in
            let r = a < 0 ? a + rank : a
            guard r >= 0, r < rank else { throw n.error("axis \(a) is out of range for output rank \(rank)") }
            return r
        })
        guard axes.count == given.count else { throw n.error("repeated axes \(given)") }
        var source = x.shape.makeIterator()
        let dims = (0..<rank).map { axes.contains($0) ? Dim.fixed(1) : source.next()! }
        try n.emitOutput("Reshape", [try n.requiredInput(0)], ["shape": .ints(try n.reshapeTarget(dims))])
    }

    /// Softmax and LogSoftmax. Opset 13+: one axis. Before: the input is seen as 2-D [d0·…·d(axis-1), rest] and
    /// normalized over the second dim, which is a Softmax over the last axis of that view.
    static func softmax(_ n: inout ONNXNode, op: String) throws {
        let x = try n.type(0)
        if n.opset >= 13 {
            try n.emitOutput(op, [try n.requiredInput(0)], ["axis": .int(try n.int("axis", -1))])
            return
        }
        let axis = try n.int("axis", 1)
        let a = axis < 0 ? axis + x.rank : axis
        guard a >= 0, a < max(x.rank, 1) else { throw n.error("axis \(axis) is out of range for rank \(x.rank)") }
        if a == x.rank - 1 {
            try n.emitOutput(op, [try n.requiredInput(0)], ["axis": .int(-1)])
            return
        }
        let trailing = x.shape[a...].compactMap(\.value)
        guard trailing.count == x.rank - a, let rowSize = checkedElementCount(trailing) else { throw n.error("needs static dims from axis \(axis) on, got \(x)") }
        let flat = try n.emit("Reshape", [try n.requiredInput(0)], ["shape": .ints([-1, rowSize])])
        let y = try n.emit(op, [flat], ["axis": .int(-1)])
        try n.emitOutput("Reshape", [y], ["shape": .ints(try n.reshapeTarget(x.shape))])
    }

    /// Pads are an attribute before opset 11 and inputs (pads, constant_value, axes) after.
    static func pad(_ n: inout ONNXNode) throws {
        let x = try n.type(0)
        let mode = try n.string("mode", "constant")
        var pads: [Int]
        var value: Float = 0
        if n.opset < 11 {
            pads = try n.ints("pads", [])
            value = try n.float("value", 0)
        } else if (1...3).contains(where: { i in n.input(i).map { n.builder.constant($0) == nil } ?? false }) {
            // Pads, value or axes known only at run time: the IR's run-time form takes them as ONNX does.
            try n.emitOutput("Pad", n.passedInputs(4), ["mode": .string(mode)])
            return
        } else {
            pads = try n.constantInput(1, "pads")?.ints() ?? []
            if let v = try n.constantInput(2, "constant_value") {
                guard v.count == 1 else { throw n.error("constant_value must be a scalar") }
                value = v.floats()[0]
            }
            if let axesTensor = try n.constantInput(3, "axes") {
                let axes = try axesTensor.ints().map { a in
                    let r = a < 0 ? a + x.rank : a
                    guard r >= 0, r < x.rank else { throw n.error("axis \(a) is out of range") }
                    return r
                }
                guard pads.count == 2 * axes.count else { throw n.error("pads must have 2 values per axis") }
                var full = Array(repeating: 0, count: 2 * x.rank)
                for (i, a) in axes.enumerated() { (full[a], full[a + x.rank]) = (pads[i], pads[i + axes.count]) }
                pads = full
            }
        }
        try n.emitOutput("Pad", [try n.requiredInput(0)], ["pads": .ints(pads), "mode": .string(mode), "value": .float(value)])
    }
}
