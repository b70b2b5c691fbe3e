import LiteIR
import LiteOps

/// Makes QDQ models integer: each group Dequantize → op → Quantize (ONNX QDQ and QLinear
/// models import as such) becomes the op on the quantized tensors, with the Quantize's
/// parameters as its output's, when an integer kernel computes it (``QuantizedOps``); the
/// Dequantize and Quantize then go. uint8 activations and weights are re-expressed as int8 with
/// zero point − 128 (same real values). Weights reach the op through layout changes (the
/// importer's filter transposes), which move to the integers; float biases of convolutions and
/// fully connected layers are quantized to int32 (int64 for int16 inputs) at input scale × weight
/// scale, as TFLite's 8-bit spec has them. A Quantize the integer ops read rounds halves away from zero, as TFLite's
/// QUANTIZE (ONNX rounds them to even: inputs exactly between two steps move by one). A group an
/// integer kernel cannot compute (asymmetric weights, an op without one) stays float; its reason
/// is recorded in the graph's metadata (``QuantizedOpFusion/skippedKey``) for the conversion summary.
public struct QuantizedOpFusion: TargetedPass {
    public let id = "fuse-quantized-ops"
    public let summary = "compute Dequantize → op → Quantize groups on the integers (QDQ models become int8)"
    /// Metadata key: one line per group left float, and why.
    public static let skippedKey = "liteconvert_float_groups"
    /// Nodes to leave float though an integer kernel could compute them (`--keep-float`).
    public var keepFloat: Set<String>
    /// The format written: a group its kernels would refuse on the integers stays float.
    public var target: (any LoweringTarget)?

    public init(keepFloat: Set<String> = [], target: (any LoweringTarget)? = nil) {
        self.keepFloat = keepFloat
        self.target = target
    }

    public func targeting(_ target: any LoweringTarget) -> QuantizedOpFusion { QuantizedOpFusion(keepFloat: keepFloat, target: target) }

    public func apply(to graph: inout Graph) throws -> Int {
        guard graph.nodes.contains(where: { $0.op == "Quantize" }) else { return 0 }
        var rewriter = QDQRewriter(graph: graph, keepFloat: keepFloat, target: target)
        try rewriter.reexpressUInt8()
        let fused = try rewriter.fuseGroups()
        rewriter.roundQuantizedInputsAsTFLite()
        graph = rewriter.graph
        graph.removeDeadCode()
        if !rewriter.skipped.isEmpty { graph.metadata[Self.skippedKey] = rewriter.skipped.joined(separator: "\n") }
        return fused
    }
}

/// The rewriting state of one ``QuantizedOpFusion`` run.
private struct QDQRewriter {
    var graph: Graph
    var skipped: [String] = []
    let keepFloat: Set<String>
    let target: (any LoweringTarget)?
    /// Quantized stand-ins already made for float values (a weight used twice is quantized once).
    private var sources: [String: String] = [:]
    /// Ops whose only data input moves to the integers with the weights.
    private static let layoutOps: Set<String> = ["Transpose", "Reshape", "Squeeze", "Unsqueeze", "Flatten"]
    private static let weightedOps: Set<String> = ["Conv2D", "DepthwiseConv2D", "FullyConnected"]

    init(graph: Graph, keepFloat: Set<String>, target: (any LoweringTarget)?) {
        self.graph = graph
        self.keepFloat = keepFloat
        self.target = target
    }

    /// uint8 Quantize nodes and the Dequantize nodes that read them (directly or through layout
    /// ops), uint8 constants or uint8 model inputs become int8 with zero points − 128; values a
    /// graph output or another op reads as uint8 are requantized back from the int8 ones, and
    /// uint8 model inputs requantized to int8 first.
    mutating func reexpressUInt8() throws {
        var shifted: Set<Int> = []
        var requantized: [(after: Int, node: Node)] = []
        for (i, node) in graph.nodes.enumerated() where node.op == "Quantize" && (try? node.string("dtype", "int8")) == "uint8" {
            if let readers = dequantizeReaders(of: node.outputs[0]) {
                shifted.formUnion(readers)
            } else if node.attributes["axis"] != nil {
                continue  // TFLite requantizes per tensor only.
            } else {
                // Graph outputs and other readers keep the uint8 values: a requantization from
                // the int8 ones (same scale, exact) gives them, the Dequantize readers take int8.
                let uint8 = node.outputs[0], int8 = graph.freshName("\(uint8)/int8")
                for reader in graph.consumers(of: uint8) where graph.nodes[reader].op == "Dequantize" {
                    graph.nodes[reader].inputs[0] = int8
                    shifted.insert(reader)
                }
                var back = node
                back.name = graph.freshName("\(node.name)/uint8")
                back.inputs = [int8]
                back.attributes["rounding"] = nil
                requantized.append((i, back))
                graph.nodes[i].outputs = [int8]
            }
            graph.nodes[i].attributes["dtype"] = .string("int8")
            shifted.insert(i)
        }
        var inputs: [String: String] = [:]
        for (i, node) in graph.nodes.enumerated() where node.op == "Dequantize" {
            let source = node.inputs[0]
            if let constant = graph.constants[source], constant.dtype == .uint8 {
                let values = Tensor(shape: constant.shape, values: constant.values(UInt8.self).map { Int8(bitPattern: $0 ^ 0x80) })
                graph.nodes[i].inputs[0] = graph.addConstant("\(source)/int8", values)
            } else if graph.inputs.contains(source), graph.types[source]?.dtype == .uint8,
                      var q = try Quantization(node: node, dtype: .uint8, shape: try graph.type(of: source).shape), q.axis == nil {
                // A uint8 model input: requantized to int8 once, at the start.
                if inputs[source] == nil {
                    graph.types[source]?.quantization = q
                    let int8 = graph.freshName("\(source)/int8")
                    q.zeroPoints = q.zeroPoints.map { $0 - 128 }
                    requantized.append((-1, Node(name: int8, op: "Quantize", inputs: [source], outputs: [int8],
                                                 attributes: q.attributes.merging(["dtype": .string("int8")]) { $1 })))
                    inputs[source] = int8
                }
                graph.nodes[i].inputs[0] = inputs[source]!
            } else {
                continue
            }
            shifted.insert(i)
        }
        for i in shifted {
            graph.nodes[i].attributes["zero_points"] = .ints(try graph.nodes[i].ints("zero_points", [0]).map { $0 - 128 })
        }
        for (after, node) in requantized.sorted(by: { $0.after > $1.after }) { graph.nodes.insert(node, at: after + 1) }
        try TypeInference.run(&graph)
    }

    /// The Dequantize nodes that read `value`, directly or through layout ops; nil when anything
    /// else reads it (or it is a graph output).
    private func dequantizeReaders(of value: String) -> [Int]? {
        guard !graph.outputs.contains(value) else { return nil }
        var readers: [Int] = []
        for i in graph.consumers(of: value) {
            let node = graph.nodes[i]
            if node.op == "Dequantize" {
                readers.append(i)
            } else if Self.layoutOps.contains(node.op), node.inputs[0] == value, let further = dequantizeReaders(of: node.outputs[0]) {
                readers += further
            } else {
                return nil
            }
        }
        return readers
    }

    /// A Quantize (ONNX's, rounding halves to even) whose values integer ops now read rounds
    /// halves away from zero as TFLite's QUANTIZE does: the file computes what the IR says. Only a
    /// Quantize that Dequantize nodes alone read keeps ONNX's rounding (written in float).
    mutating func roundQuantizedInputsAsTFLite() {
        for (i, node) in graph.nodes.enumerated() where node.op == "Quantize" && node.attributes["rounding"] != nil {
            let readers = graph.consumers(of: node.outputs[0])
            if readers.contains(where: { graph.nodes[$0].op != "Dequantize" }) { graph.nodes[i].attributes["rounding"] = nil }
        }
    }

    /// Whether `value` is a Dequantize's output, directly or through layout ops.
    private func isDequantized(_ value: String) -> Bool {
        guard let index = graph.producerIndex(of: value) else { return false }
        let producer = graph.nodes[index]
        return producer.op == "Dequantize" || (Self.layoutOps.contains(producer.op) && isDequantized(producer.inputs[0]))
    }

    /// Fuses every group an integer kernel computes; returns how many.
    mutating func fuseGroups() throws -> Int {
        var fused = 0
        var index = 0
        while index < graph.nodes.count {
            let node = graph.nodes[index]
            let readsDequantized = node.inputs.contains { isDequantized($0) }
            if ["Quantize", "Dequantize"].contains(node.op) {
                // Not a quantized group.
            } else if keepFloat.contains(node.name) || !QuantizedOps.hasKernel(node.op) || node.outputs.count != 1 {
                if readsDequantized {
                    let reason = keepFloat.contains(node.name) ? "kept float (--keep-float)"
                        : !QuantizedOps.hasKernel(node.op) ? "no integer kernel: computes in float between DEQUANTIZE and QUANTIZE"
                        : "has \(node.outputs.count) outputs; only single-output groups are fused: computes in float"
                    skipped.append("\(node.error(reason))")
                }
            } else {
                let before = (graph, sources)
                do {
                    if node.op == "MatMul" { try formFullyConnected(at: index) }
                    if let inserted = try fuse(at: index) {
                        fused += 1
                        index += inserted
                    } else {
                        (graph, sources) = before
                    }
                } catch {
                    (graph, sources) = before
                    skipped.append("\(error)")
                }
            }
            index += 1
        }
        return fused
    }

    /// Fuses the group of the node at `index` when it is one; returns the number of nodes
    /// inserted before it, nil when the node is not a Dequantize → op → Quantize group. Throws
    /// when it is one that cannot be computed on the integers.
    private mutating func fuse(at index: Int) throws -> Int? {
        let node = graph.nodes[index], output = node.outputs[0]
        let consumers = graph.consumers(of: output)
        guard consumers.count == 1, !graph.outputs.contains(output) else { return nil }
        let quantize = graph.nodes[consumers[0]]
        guard quantize.op == "Quantize", quantize.attributes["axis"] == nil,
              let q = try Quantization(node: quantize, dtype: try quantizedType(quantize), shape: try graph.type(of: output).shape) else { return nil }
        var inserted: [Node] = []
        var inputs = node.inputs
        var floatBias: Int?, floatInputs: [String] = []
        for (i, input) in node.inputs.enumerated() where !input.isEmpty {
            guard let type = graph.types[input], type.dtype == .float32 else { continue }
            if let source = try quantizedSource(input, inserting: &inserted) {
                inputs[i] = source
            } else if i == 2, Self.weightedOps.contains(node.op), graph.constants[input] != nil {
                floatBias = i
            } else {
                floatInputs.append(input)
            }
        }
        guard inputs != node.inputs else { return nil }
        if let float = floatInputs.first { throw node.error("its input '\(float)' is float, not dequantized") }
        if ["Conv2D", "DepthwiseConv2D"].contains(node.op), inputs.count == 2 || floatBias != nil {
            // TFLite's integer convolutions need an int32 bias; FULLY_CONNECTED may go without.
            let channels = try graph.type(of: output).shape.last?.value ?? 0
            inputs = Array(inputs.prefix(2)) + [try quantizedBias(floatBias.map { node.inputs[$0] }, input: inputs[0], weights: inputs[1], channels: channels)]
        } else if let i = floatBias {
            inputs[i] = try quantizedBias(node.inputs[i], input: inputs[0], weights: inputs[1], channels: try graph.type(of: output).shape.last?.value ?? 0)
        }
        var fusedNode = node
        fusedNode.inputs = inputs
        fusedNode.outputs = quantize.outputs
        fusedNode.attributes.merge(QuantizedOps.outputAttributes(q)) { $1 }
        let types = try OpRegistry.infer(graph.inferenceContext(for: fusedNode))
        guard try types[0].dtype == quantizedType(quantize) else {
            throw node.error("computes \(types[0]), the group \(try graph.type(of: quantize.outputs[0]))")
        }
        if let target {
            var probe = graph
            for stage in inserted {
                for (output, type) in zip(stage.outputs, try OpRegistry.infer(probe.inferenceContext(for: stage))) { probe.types[output] = type }
            }
            if let reason = target.refusal(of: fusedNode, in: probe) { throw node.error("stays float: \(reason)") }
        }
        graph.nodes[index] = fusedNode
        graph.nodes.remove(at: consumers[0])
        graph.nodes.insert(contentsOf: inserted, at: index)
        return inserted.count
    }

    /// A MatMul of dequantized values by dequantized constant [K, N] weights whose only use is an
    /// Add of a constant [N] bias becomes FullyConnected with [N, K] weights (keeping the leading
    /// dims), so the group MatMul → Add → Quantize is one int8 FULLY_CONNECTED.
    private mutating func formFullyConnected(at index: Int) throws {
        let matMul = graph.nodes[index]
        let consumers = graph.consumers(of: matMul.outputs[0])
        guard consumers.count == 1, !graph.outputs.contains(matMul.outputs[0]), graph.nodes[consumers[0]].op == "Add" else { return }
        let add = graph.nodes[consumers[0]]
        guard let biasName = add.inputs.first(where: { $0 != matMul.outputs[0] }), add.inputs.contains(matMul.outputs[0]),
              let bias = graph.constants[biasName], bias.rank == 1, let b = graph.types[matMul.inputs[1]], b.rank == 2,
              b.shape[1].value == bias.count, let a = graph.types[matMul.inputs[0]], a.rank >= 2 else { return }
        var inserted: [Node] = []
        guard let weights = try quantizedSource(matMul.inputs[1], inserting: &inserted), inserted.isEmpty,
              let constant = graph.constants[weights], let q = graph.types[weights]?.quantization else { return }
        let transpose = Node(name: "\(weights)/transposed", op: "Transpose", inputs: [weights], outputs: [""], attributes: ["perm": .ints([1, 0])])
        let transposed = graph.addConstant("\(weights)/nk", try OpRegistry.evaluate(transpose, [constant])[0])
        graph.types[transposed]?.quantization = q.axis.map { Quantization(scales: q.scales, zeroPoints: q.zeroPoints, axis: 1 - $0) } ?? q
        let floatWeights = graph.addConstant("\(weights)/float", try OpRegistry.evaluate(Node(name: "", op: "Dequantize", inputs: [""], outputs: [""],
                                                                                               attributes: graph.types[transposed]!.quantization!.attributes),
                                                                                          [graph.constants[transposed]!])[0])
        sources[floatWeights] = transposed
        let fullyConnected = Node(name: add.name, op: "FullyConnected", inputs: [matMul.inputs[0], floatWeights, biasName], outputs: add.outputs,
                                  attributes: ["keep_num_dims": .int(1)])
        graph.nodes[index] = fullyConnected
        graph.nodes.remove(at: consumers[0])
    }

    private func quantizedType(_ quantize: Node) throws -> DType {
        guard let dtype = DType(rawValue: try quantize.string("dtype", "int8")) else { throw quantize.error("unknown dtype") }
        return dtype
    }

    /// The quantized tensor a float value dequantizes — through layout ops, which move to the
    /// integers (folded for constants, new nodes in `inserting` otherwise) — or nil.
    private mutating func quantizedSource(_ value: String, inserting: inout [Node]) throws -> String? {
        if let known = sources[value] { return known }
        guard let producer = graph.nodes.first(where: { $0.outputs.contains(value) }) else { return nil }
        var result: String?
        if producer.op == "Dequantize" {
            let source = producer.inputs[0]
            let type = try graph.type(of: source)
            guard let q = try Quantization(node: producer, dtype: type.dtype, shape: type.shape) else { return nil }
            if let constant = graph.constants[source] {
                let name = graph.addConstant("\(source)/quantized", constant)
                graph.types[name]?.quantization = q
                result = name
            } else if type.quantization == q {
                result = source
            } else if type.quantization == nil, graph.inputs.contains(source) {
                graph.types[source]?.quantization = q
                result = source
            }
        } else if Self.layoutOps.contains(producer.op), producer.inputs.dropFirst().allSatisfy({ $0.isEmpty || graph.constants[$0] != nil }),
                  let moved = try quantizedSource(producer.inputs[0], inserting: &inserting) {
            var node = producer
            node.inputs[0] = moved
            let name = graph.freshName("\(value)/quantized")
            node.name = name
            node.outputs = [name]
            let type = try OpRegistry.infer(graph.inferenceContext(for: node))[0]
            if let constant = graph.constants[moved] {
                let tensor = try OpRegistry.evaluate(node, [constant] + node.inputs.dropFirst().map { graph.constants[$0] })[0]
                graph.setConstant(name, tensor)
                graph.types[name]?.quantization = type.quantization
            } else {
                graph.types[name] = type
                inserting.append(node)
            }
            result = name
        }
        if let result { sources[value] = result }
        return result
    }

    /// A float bias (zeros when there is none) as int32 at input scale × weight scale per
    /// output channel, zero point 0.
    private mutating func quantizedBias(_ bias: String?, input: String, weights: String, channels: Int) throws -> String {
        guard let q = QuantizedOps.biasQuantization(input: try graph.type(of: input), weights: try graph.type(of: weights), channels: channels) else {
            throw GraphError.invalidGraph(reason: "the bias of '\(weights)' needs a quantized input and weights")
        }
        var values = [Float](repeating: 0, count: channels)
        if let bias {
            guard let tensor = graph.constants[bias], tensor.count == channels else {
                throw GraphError.invalidGraph(reason: "the bias '\(bias)' is not a constant of \(channels) values")
            }
            values = tensor.floats()
        }
        func scale(_ i: Int) -> Float { q.scales[q.scales.count == 1 ? 0 : i] }
        let name: String
        if try graph.type(of: input).dtype == .int16 {
            // 16x8: TFLite's converter writes int64 biases (the depthwise kernel takes no other).
            let limit = Double(Int64(1) << 62)
            let wide = values.indices.map { i in Int64(max(min((Double(values[i]) / Double(scale(i))).rounded(.toNearestOrAwayFromZero), limit), -limit)) }
            name = graph.addConstant("\(bias ?? "\(weights)/zero_bias")/int64", Tensor(shape: [channels], values: wide))
        } else {
            let quantized = values.indices.map { i in
                Int32(max(min((values[i] / scale(i)).rounded(.toNearestOrAwayFromZero), Float(Int32.max - 127)), Float(Int32.min)))
            }
            name = graph.addConstant("\(bias ?? "\(weights)/zero_bias")/int32", Tensor(shape: [channels], values: quantized))
        }
        graph.types[name]?.quantization = q
        return name
    }
}

private extension Graph {
    /// The indices of the nodes reading `value`.
    func consumers(of value: String) -> [Int] {
        nodes.indices.filter { nodes[$0].inputs.contains(value) }
    }
}
