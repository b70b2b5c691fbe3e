import LiteIR
import LiteOps

/// Full-integer quantization of a float graph from calibrated value ranges — int8 (TFLite's 8-bit
/// spec) or 16x8 (int16 activations, int8 weights) — in the QDQ form ONNX quantizers write, which
/// ``QuantizedOpFusion`` then turns into integer ops:
/// - every float value a node produces (and every float model input) gets Quantize → Dequantize
///   with parameters from its range: int8 asymmetric (widened to hold 0), int16 symmetric; ops
///   with TFLite's fixed output parameters (LOGISTIC, SOFTMAX, TANH) get those, and ops that only
///   move values (TFLite's same-scale ops) their input's;
/// - the constant weights of convolutions and fully connected layers become Dequantize of int8,
///   symmetric per output channel (MatMul's per tensor, as BATCH_MATMUL takes them); other float
///   constants are quantized like activations, of their own range (biases stay float: the fusion
///   makes them int32, or int64 for int16 activations);
/// - after the fusion, a Quantize → Dequantize pair between float ops (an op no integer kernel
///   computes) is dropped: such ops stay plain float;
/// - nodes the user keeps float stay float between DEQUANTIZE and QUANTIZE, their weights float;
/// - with integer I/O, the model's float inputs and outputs become the quantized tensors
///   themselves (uint8 with zero point + 128, requantized to int8 at the boundary).
public enum StaticQuantization {
    /// The element type of the quantized model's inputs and outputs.
    public enum IOType: String, Sendable, CaseIterable {
        case float, int8, uint8, int16
    }

    /// Ops whose output keeps its input's parameters.
    static let sameScale: Set<String> = ["Reshape", "Transpose", "Squeeze", "Unsqueeze", "Flatten", "MaxPool2D", "Pad", "Slice", "Gather"]
    /// Weighted ops: their weights' input and output-channel axis (nil: per tensor).
    static let weights: [String: (input: Int, axis: Int?)] = ["Conv2D": (1, 0), "DepthwiseConv2D": (1, 3), "FullyConnected": (1, 0), "MatMul": (1, nil)]

    /// Quantizes `graph` with the calibrated `ranges` of its float values, activations as
    /// `activations` (int8 or int16); returns the nodes left float with the reason
    /// (``QuantizedOpFusion``'s). `keepFloat` names nodes (a node's name, a name its node or
    /// output starts with followed by "/", e.g. a Keras layer) or op types (the IR's or TFLite's,
    /// e.g. CONV_2D) to leave float; each must match. `io` must be float, the activations' type,
    /// or uint8 for int8. Groups `target` would refuse on the integers stay float.
    public static func apply(to graph: inout Graph, ranges: [String: ClosedRange<Float>], activations: DType = .int8,
                             keepFloat patterns: [String] = [], io: IOType = .float, target: (any LoweringTarget)? = nil) throws -> [String] {
        guard [.int8, .int16].contains(activations) else { throw GraphError.invalidGraph(reason: "activations must be int8 or int16, not \(activations)") }
        guard io == .float || io.rawValue == activations.rawValue || (io == .uint8 && activations == .int8) else {
            throw GraphError.invalidGraph(reason: "\(activations) activations cannot have \(io.rawValue) inputs and outputs")
        }
        let scheme = Scheme(activations: activations)
        let parameters = try chooseParameters(graph, ranges, scheme)
        let keepFloat = try keptNodes(graph, patterns)
        let boundary = io == .float ? nil : DType(rawValue: io.rawValue)
        /// Parameters as the boundary type stores them (uint8: zero point + 128).
        func stored(_ q: Quantization) -> Quantization { io == .uint8 ? Quantization(scales: q.scales, zeroPoints: q.zeroPoints.map { $0 + 128 }) : q }
        var rewritten = graph
        rewritten.nodes = []
        var floatConstants: [String: (name: String, tensor: Tensor)] = [:]
        for input in graph.inputs where parameters[input] != nil {
            let q = parameters[input]!
            let dequantized: String
            if let boundary {
                rewritten.types[input] = TensorType(boundary, try graph.type(of: input).shape, quantization: stored(q))
                dequantized = rewritten.freshName("\(input)/dequantized")
                rewritten.nodes.append(Node(name: dequantized, op: "Dequantize", inputs: [input], outputs: [dequantized], attributes: stored(q).attributes))
            } else {
                dequantized = try quantizeDequantize(input, q, scheme.activations, into: &rewritten, as: rewritten.freshName("\(input)/dequantized"))
            }
            for i in graph.nodes.indices { graph.nodes[i].inputs = graph.nodes[i].inputs.map { $0 == input ? dequantized : $0 } }
        }
        for var node in graph.nodes {
            if !keepFloat.contains(node.name) { try quantizeConstants(of: &node, graph, into: &rewritten, scheme, recording: &floatConstants) }
            let outputs = node.outputs
            node.outputs = outputs.map { parameters[$0] == nil ? $0 : rewritten.freshName("\($0)/float") }
            rewritten.nodes.append(node)
            for (float, name) in zip(node.outputs, outputs) where float != name {
                let q = parameters[name]!
                if let boundary, graph.outputs.contains(name) {
                    rewritten.types[name] = nil
                    rewritten.nodes.append(Node(name: name, op: "Quantize", inputs: [float], outputs: [name],
                                                attributes: stored(q).attributes.merging(["dtype": .string(boundary.rawValue)]) { $1 }))
                } else {
                    _ = try quantizeDequantize(float, q, scheme.activations, into: &rewritten, as: name)
                }
            }
        }
        try TypeInference.run(&rewritten)
        var fusion = rewritten
        _ = try QuantizedOpFusion(keepFloat: keepFloat, target: target).apply(to: &fusion)
        dropFloatRoundTrips(&fusion)
        // Ops left float read their constants as they were (integer ops read the int8 ones now).
        for i in fusion.nodes.indices {
            for (k, input) in fusion.nodes[i].inputs.enumerated() {
                guard let (name, tensor) = floatConstants[input] else { continue }
                if fusion.constants[name] == nil { fusion.setConstant(name, tensor) }
                fusion.nodes[i].inputs[k] = name
            }
        }
        fusion.removeDeadCode()
        try TypeInference.run(&fusion)
        graph = fusion
        return graph.metadata[QuantizedOpFusion.skippedKey]?.split(separator: "\n").map(String.init) ?? []
    }

    /// How values are quantized: activations (and constants other than weights) as int8
    /// asymmetric or int16 symmetric; weights int8 symmetric.
    struct Scheme {
        let activations: DType

        func parameters(_ range: ClosedRange<Float>) -> Quantization {
            activations == .int16 ? QuantizedOps.symmetricInt16(range) : QuantizedOps.asymmetricInt8(range)
        }
    }

    /// Replaces `node`'s float constant inputs by Dequantize of quantized ones: its weights int8
    /// per channel, other constants (an Add's shift, a Mul's factor) like activations of their
    /// own range; biases stay float. `floatConstants` records each Dequantize's original constant.
    private static func quantizeConstants(of node: inout Node, _ graph: Graph, into rewritten: inout Graph, _ scheme: Scheme,
                                          recording floatConstants: inout [String: (name: String, tensor: Tensor)]) throws {
        let weightInput = weights[node.op]
        if let (index, axis) = weightInput, index < node.inputs.count, let w = graph.constants[node.inputs[index]], w.dtype == .float32,
           axis.map({ $0 < w.rank }) ?? true {
            let (values, quantization) = QuantizedOps.symmetricInt8(w, axis: axis)
            let int8 = rewritten.addConstant("\(node.inputs[index])/int8", values)
            let output = rewritten.freshName("\(node.inputs[index])/dequantized")
            rewritten.nodes.append(Node(name: output, op: "Dequantize", inputs: [int8], outputs: [output], attributes: quantization.attributes))
            floatConstants[output] = (node.inputs[index], w)
            node.inputs[index] = output
        }
        for (index, input) in node.inputs.enumerated() where !(weightInput.map { index == $0.input || index == 2 } ?? false) {
            guard let constant = graph.constants[input], constant.dtype == .float32, let low = constant.floats().min(),
                  let high = constant.floats().max() else { continue }
            let quantization = scheme.parameters(low...high)
            let quantize = Node(name: "", op: "Quantize", inputs: [""], outputs: [""],
                                attributes: quantization.attributes.merging(["dtype": .string(scheme.activations.rawValue)]) { $1 })
            let integers = rewritten.addConstant("\(input)/\(scheme.activations.rawValue)", try OpRegistry.evaluate(quantize, [constant])[0])
            let output = rewritten.freshName("\(input)/dequantized")
            rewritten.nodes.append(Node(name: output, op: "Dequantize", inputs: [integers], outputs: [output], attributes: quantization.attributes))
            floatConstants[output] = (input, constant)
            node.inputs[index] = output
        }
    }

    /// The names of the nodes `patterns` keep float; a pattern that matches nothing is an error.
    private static func keptNodes(_ graph: Graph, _ patterns: [String]) throws -> Set<String> {
        func simplified(_ op: String) -> String { op.lowercased().replacingOccurrences(of: "_", with: "") }
        func names(_ name: String, _ pattern: String) -> Bool { name == pattern || name.hasPrefix(pattern + "/") }
        var kept: Set<String> = []
        for pattern in patterns {
            let matching = graph.nodes.filter { node in
                names(node.name, pattern) || node.outputs.contains { names($0, pattern) } || simplified(node.op) == simplified(pattern)
            }
            guard !matching.isEmpty else {
                throw GraphError.invalidGraph(reason: "--keep-float '\(pattern)' matches no node, layer or op type of the converted graph")
            }
            kept.formUnion(matching.map(\.name))
        }
        return kept
    }

    /// Each float value's parameters, in graph order (same-scale ops follow their input).
    private static func chooseParameters(_ graph: Graph, _ ranges: [String: ClosedRange<Float>], _ scheme: Scheme) throws -> [String: Quantization] {
        var parameters: [String: Quantization] = [:]
        for input in graph.inputs where graph.types[input]?.dtype == .float32 {
            if let range = ranges[input] { parameters[input] = scheme.parameters(range) }
        }
        for node in graph.nodes {
            for output in node.outputs where graph.types[output]?.dtype == .float32 {
                if let fixed = QuantizedOps.fixedOutput(of: node.op, dtype: scheme.activations) {
                    parameters[output] = fixed
                } else if sameScale.contains(node.op), let first = node.inputs.first, let inherited = parameters[first] {
                    parameters[output] = inherited
                } else if sameScale.contains(node.op), let first = node.inputs.first, let table = graph.constants[first], table.dtype == .float32,
                          let low = table.floats().min(), let high = table.floats().max() {
                    // A constant moved (an embedding gathered): its own range, as its int8 values have.
                    parameters[output] = scheme.parameters(low...high)
                } else if let range = ranges[output] {
                    parameters[output] = scheme.parameters(range)
                }
            }
        }
        return parameters
    }

    /// Appends `value` → Quantize (to `dtype`) → Dequantize producing `output`; returns `output`.
    private static func quantizeDequantize(_ value: String, _ q: Quantization, _ dtype: DType, into graph: inout Graph, as output: String) throws -> String {
        let integers = graph.freshName("\(value)/\(dtype.rawValue)")
        graph.nodes.append(Node(name: integers, op: "Quantize", inputs: [value], outputs: [integers],
                                attributes: q.attributes.merging(["dtype": .string(dtype.rawValue)]) { $1 }))
        graph.nodes.append(Node(name: output, op: "Dequantize", inputs: [integers], outputs: [output], attributes: q.attributes))
        return output
    }

    /// Dequantize(Quantize(x)) of a float x that no integer op reads: x itself.
    private static func dropFloatRoundTrips(_ graph: inout Graph) {
        let producers = graph.producers()
        var replacement: [String: String] = [:]
        for node in graph.nodes where node.op == "Dequantize" {
            guard let q = producers[node.inputs[0]].map({ graph.nodes[$0] }), q.op == "Quantize",
                  graph.types[q.inputs[0]]?.dtype == .float32, !graph.outputs.contains(node.outputs[0]) else { continue }
            replacement[node.outputs[0]] = q.inputs[0]
        }
        for i in graph.nodes.indices { graph.nodes[i].inputs = graph.nodes[i].inputs.map { replacement[$0] ?? $0 } }
        graph.removeDeadCode()
    }
}
