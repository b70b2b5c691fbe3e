import LiteIR
import LiteOps

/// Full-integer int8 quantization of a float graph from calibrated value ranges, in the QDQ form
/// ONNX quantizers write, which ``QuantizedOpFusion`` then turns into integer ops:
/// - every float value a node produces (and every float model input) gets Quantize → Dequantize
///   with asymmetric int8 parameters from its range (widened to hold 0); ops with TFLite's fixed
///   output parameters (LOGISTIC, SOFTMAX, TANH) get those, and ops that only move values (TFLite's
///   same-scale ops) their input's;
/// - the constant weights of convolutions and fully connected layers become Dequantize of int8,
///   symmetric per output channel (MatMul's per tensor, as BATCH_MATMUL takes them); other float
///   constants asymmetric int8 of their own range (biases stay float: the fusion makes them int32);
/// - after the fusion, a Quantize → Dequantize pair between float ops (an op no integer kernel
///   computes) is dropped: such ops stay plain float;
/// - nodes the user keeps float stay float between DEQUANTIZE and QUANTIZE, their weights float;
/// - with int8 or uint8 I/O, the model's float inputs and outputs become the quantized tensors
///   themselves (uint8 with zero point + 128, requantized to int8 at the boundary).
public enum StaticQuantization {
    /// The element type of the quantized model's inputs and outputs.
    public enum IOType: String, Sendable, CaseIterable {
        case float, int8, uint8
    }

    /// Ops whose int8 output keeps its input's parameters.
    static let sameScale: Set<String> = ["Reshape", "Transpose", "Squeeze", "Unsqueeze", "Flatten", "MaxPool2D", "Pad", "Slice", "Gather"]
    /// Weighted ops: their weights' input and output-channel axis (nil: per tensor).
    static let weights: [String: (input: Int, axis: Int?)] = ["Conv2D": (1, 0), "DepthwiseConv2D": (1, 3), "FullyConnected": (1, 0), "MatMul": (1, nil)]

    /// Quantizes `graph` with the calibrated `ranges` of its float values; returns the nodes left
    /// float with the reason (``QuantizedOpFusion``'s). `keepFloat` names nodes (a node's name,
    /// a name its node or output starts with followed by "/", e.g. a Keras layer) or op types
    /// (the IR's or TFLite's, e.g. CONV_2D) to leave float; each must match.
    public static func apply(to graph: inout Graph, ranges: [String: ClosedRange<Float>], keepFloat patterns: [String] = [],
                             io: IOType = .float) throws -> [String] {
        let parameters = try chooseParameters(graph, ranges)
        let keepFloat = try keptNodes(graph, patterns)
        var rewritten = graph
        rewritten.nodes = []
        for input in graph.inputs where parameters[input] != nil {
            let q = parameters[input]!
            let dequantized: String
            if io == .float {
                dequantized = try quantizeDequantize(input, q, into: &rewritten, as: rewritten.freshName("\(input)/dequantized"))
            } else {
                let stored = io == .uint8 ? Quantization(scales: q.scales, zeroPoints: q.zeroPoints.map { $0 + 128 }) : q
                rewritten.types[input] = TensorType(io == .uint8 ? .uint8 : .int8, try graph.type(of: input).shape, quantization: stored)
                dequantized = rewritten.freshName("\(input)/dequantized")
                rewritten.nodes.append(Node(name: dequantized, op: "Dequantize", inputs: [input], outputs: [dequantized], attributes: stored.attributes))
            }
            for i in graph.nodes.indices { graph.nodes[i].inputs = graph.nodes[i].inputs.map { $0 == input ? dequantized : $0 } }
        }
        for var node in graph.nodes {
            if !keepFloat.contains(node.name), let (index, axis) = weights[node.op], index < node.inputs.count, let w = graph.constants[node.inputs[index]], w.dtype == .float32,
               axis.map({ $0 < w.rank }) ?? true {
                let (values, quantization) = QuantizedOps.symmetricInt8(w, axis: axis)
                let int8 = rewritten.addConstant("\(node.inputs[index])/int8", values)
                let output = rewritten.freshName("\(node.inputs[index])/dequantized")
                rewritten.nodes.append(Node(name: output, op: "Dequantize", inputs: [int8], outputs: [output], attributes: quantization.attributes))
                node.inputs[index] = output
            }
            // Other float constants (an Add's shift, a Mul's factor) as int8 of their own range.
            for (index, input) in node.inputs.enumerated() where !keepFloat.contains(node.name) && !(weights[node.op].map { index == $0.input || index == 2 } ?? false) {
                guard let constant = graph.constants[input], constant.dtype == .float32, let low = constant.floats().min(),
                      let high = constant.floats().max() else { continue }
                let quantization = QuantizedOps.asymmetricInt8(low...high)
                let quantize = Node(name: "", op: "Quantize", inputs: [""], outputs: [""], attributes: quantization.attributes.merging(["dtype": .string("int8")]) { $1 })
                let int8 = rewritten.addConstant("\(input)/int8", try OpRegistry.evaluate(quantize, [constant])[0])
                let output = rewritten.freshName("\(input)/dequantized")
                rewritten.nodes.append(Node(name: output, op: "Dequantize", inputs: [int8], outputs: [output], attributes: quantization.attributes))
                node.inputs[index] = output
            }
            let outputs = node.outputs
            node.outputs = outputs.map { parameters[$0] == nil ? $0 : rewritten.freshName("\($0)/float") }
            rewritten.nodes.append(node)
            for (float, name) in zip(node.outputs, outputs) where float != name {
                let q = parameters[name]!
                if io == .float || !graph.outputs.contains(name) {
                    _ = try quantizeDequantize(float, q, into: &rewritten, as: name)
                } else {
                    let stored = io == .uint8 ? Quantization(scales: q.scales, zeroPoints: q.zeroPoints.map { $0 + 128 }) : q
                    rewritten.types[name] = nil
                    rewritten.nodes.append(Node(name: name, op: "Quantize", inputs: [float], outputs: [name],
                                                attributes: stored.attributes.merging(["dtype": .string(io.rawValue)]) { $1 }))
                }
            }
        }
        try TypeInference.run(&rewritten)
        var fusion = rewritten
        _ = try QuantizedOpFusion(keepFloat: keepFloat).apply(to: &fusion)
        dropFloatRoundTrips(&fusion)
        try TypeInference.run(&fusion)
        graph = fusion
        return graph.metadata[QuantizedOpFusion.skippedKey]?.split(separator: "\n").map(String.init) ?? []
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

    /// Each float value's int8 parameters, in graph order (same-scale ops follow their input).
    private static func chooseParameters(_ graph: Graph, _ ranges: [String: ClosedRange<Float>]) throws -> [String: Quantization] {
        var parameters: [String: Quantization] = [:]
        for input in graph.inputs where graph.types[input]?.dtype == .float32 {
            if let range = ranges[input] { parameters[input] = QuantizedOps.asymmetricInt8(range) }
        }
        for node in graph.nodes {
            for output in node.outputs where graph.types[output]?.dtype == .float32 {
                if let fixed = QuantizedOps.fixedOutput(of: node.op, dtype: .int8) {
                    parameters[output] = fixed
                } else if sameScale.contains(node.op), let first = node.inputs.first, let inherited = parameters[first] {
                    parameters[output] = inherited
                } else if let range = ranges[output] {
                    parameters[output] = QuantizedOps.asymmetricInt8(range)
                }
            }
        }
        return parameters
    }

    /// Appends `value` → Quantize → Dequantize producing `output`; returns `output`.
    private static func quantizeDequantize(_ value: String, _ q: Quantization, into graph: inout Graph, as output: String) throws -> String {
        let int8 = graph.freshName("\(value)/int8")
        graph.nodes.append(Node(name: int8, op: "Quantize", inputs: [value], outputs: [int8],
                                attributes: q.attributes.merging(["dtype": .string("int8")]) { $1 }))
        graph.nodes.append(Node(name: output, op: "Dequantize", inputs: [int8], outputs: [output], attributes: q.attributes))
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
