import LiteIR
import LiteOps

/// Why a graph cannot be written as TFLite builtin ops: every offending node at once.
public struct TFLiteUnsupportedError: Error, CustomStringConvertible, Sendable {
    public let nodes: [(node: String, op: String, reason: String)]
    /// The source model's opset (ONNX), named beside each node when known.
    public var opset: String?

    public var description: String {
        let version = opset.map { ", opset \($0)" } ?? ""
        return "\(nodes.count) node(s) cannot be expressed as TFLite builtin ops (--allow-custom writes them as custom operators):\n"
            + nodes.map { "  node '\($0.node)' (\($0.op)\(version)): \($0.reason)" }.joined(separator: "\n")
    }
}

/// Rewrites IR nodes whose attributes TFLite cannot express directly into equivalent IR nodes
/// that map one-to-one onto TFLite builtins (explicit pads → PAD + VALID, grouped layouts,
/// Clip → MINIMUM/MAXIMUM, …). The result computes the same values, which tests check with the
/// interpreter.
public enum TFLiteLowering {
    /// The lowered graph. Nodes TFLite cannot express throw ``TFLiteUnsupportedError`` (all of
    /// them at once), or with `keepingRefused` stay as they are and are listed in `refused`.
    public static func lower(_ graph: Graph, keepingRefused: Bool = false) throws -> (graph: Graph, refused: [(node: String, op: String, reason: String)]) {
        // TFLite's dims are int32: a larger one (a model computing a huge tensor) has no file.
        for node in graph.nodes {
            for name in node.outputs {
                if let dim = graph.types[name]?.shape.compactMap(\.value).first(where: { $0 > Int(Int32.max) }) {
                    throw node.error("output '\(name)' has a dim of \(dim), beyond TFLite's int32 dims")
                }
            }
        }
        var context = LoweringContext(builder: GraphBuilder(graph: Graph(
            name: graph.name, inputs: graph.inputs, outputs: graph.outputs, constants: graph.constants,
            types: graph.types.filter { graph.inputs.contains($0.key) || graph.constants[$0.key] != nil },
            metadata: graph.metadata)), uses: graph.useCounts())
        // Names the lowering makes up must not be values a later source node defines.
        context.builder.graph.reservedNames = Set(graph.types.keys).union(graph.nodes.flatMap(\.outputs))
        for node in graph.nodes {
            do {
                try KernelConformance.lowerAndAdmit(&context, node)
            } catch let error as LoweringRefusal {
                // Keep the node so later nodes still see its outputs and every refusal is reported.
                context.refused.append((node.name, node.op, error.reason))
                context.builder.graph.nodes.append(node)
                for output in node.outputs { context.builder.graph.types[output] = graph.types[output] }
            }
        }
        guard context.refused.isEmpty || keepingRefused else {
            throw TFLiteUnsupportedError(nodes: context.refused, opset: graph.metadata["onnx_opset"])
        }
        var lowered = context.builder.graph
        lowered.reservedNames = []
        lowered.removeDeadCode()
        lowered.mergeIdenticalConstants()
        return (lowered, context.refused.map { (node: $0.0, op: $0.1, reason: $0.2) })
    }

    typealias Rule = @Sendable (inout LoweringContext, Node) throws -> Void

    /// Lowers one node by its rule, if it has one (``KernelConformance`` then checks what that
    /// yields against the kernel table).
    static func lowerNode(_ c: inout LoweringContext, _ node: Node) throws {
        // Results that follow from static types (Shape, EyeLike) but are graph outputs, which an op
        // must produce: a copy of the constant.
        if let fromTypes = try OpRegistry.spec(for: node).evaluateFromTypes,
           let results = try fromTypes(c.builder.graph.inferenceContext(for: node)) {
            for (output, tensor) in zip(node.outputs, results) where !output.isEmpty {
                let value = c.constant(tensor, "value", for: node)
                try ElementwiseLowering.identity(&c, Node(name: node.name, op: "Identity", inputs: [value], outputs: [output]))
            }
            return
        }
        if let rule = rules[node.op] { try rule(&c, node) } else { try c.builder.add(node) }
    }

    static let rules: [String: Rule] = [MathLowering.rules, IndexingLowering.rules, SequenceLowering.rules, AxesLowering.rules, RecurrentLowering.rules].reduce([:]) {
        $0.merging($1) { _, _ in preconditionFailure("an op has two lowering rules") }
    }.merging([
        "Slice": SliceLowering.slice,
        "Conv2D": WindowLowering.conv2D,
        "Conv3D": WindowLowering.conv3D,
        "ConvTranspose2D": WindowLowering.convTranspose2D,
        "MaxPool2D": WindowLowering.pool,
        "AvgPool2D": WindowLowering.pool,
        "Clip": ElementwiseLowering.clip,
        "HardSigmoid": ElementwiseLowering.hardSigmoid,
        "Softmax": ElementwiseLowering.softmax,
        "MatMul": ElementwiseLowering.matMul,
        "Pad": PadLowering.pad,
        "Gather": ElementwiseLowering.gather,
        "Identity": ElementwiseLowering.identity,
        "Concat": ElementwiseLowering.concat,
        "Shape": ElementwiseLowering.shape,
        "Reshape": ElementwiseLowering.reshape,
        "Expand": ElementwiseLowering.expand,
        "Resize2D": ResizeLowering.resize,
        "LogSoftmax": ElementwiseLowering.softmax,
        "Quantize": QuantizationLowering.quantize,
    ]) { _, _ in preconditionFailure("an op has two lowering rules") }.merging(reductionRules) { _, _ in
        preconditionFailure("an op has two lowering rules")
    }

    /// Every reduction lowers by the form of its axes (``AxisRule``).
    static let reductionRules: [String: Rule] = OpRegistry.specs.values.reduce(into: [:]) { rules, spec in
        switch spec.traits.axes {
        case .reducedAxes: rules[spec.name] = ElementwiseLowering.reduce
        case .reducedAxis: rules[spec.name] = ElementwiseLowering.argExtreme
        default: break
        }
    }
}

/// A node TFLite cannot express, with the reason.
struct LoweringRefusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

struct LoweringContext {
    var builder: GraphBuilder
    /// How often the source graph reads each value (graph outputs included).
    var uses: [String: Int] = [:]
    var refused: [(String, String, String)] = []

    func type(_ value: String) throws -> TensorType { try builder.type(of: value) }

    /// Emits an intermediate node derived from `node`; returns its output.
    mutating func emit(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], from node: Node) throws -> String {
        try builder.add(op, inputs, attributes, name: "\(node.name)/\(op)")
    }

    /// Emits an intermediate node that is lowered in turn (for rules written with ops that
    /// may themselves need lowering); returns its output.
    mutating func emitLowered(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], from node: Node) throws -> String {
        let output = builder.graph.freshName("\(node.name)/\(op)")
        try TFLiteLowering.lowerNode(&self, Node(name: output, op: op, inputs: inputs, outputs: [output], attributes: attributes))
        return output
    }

    /// Emits the node that produces `node`'s own output, lowered in turn.
    mutating func emitFinalLowered(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], from node: Node) throws {
        try TFLiteLowering.lowerNode(&self, Node(name: node.name, op: op, inputs: inputs, outputs: node.outputs, attributes: attributes))
    }

    /// Makes `value` (the last result of a rule's chain) `node`'s own output: the node that
    /// computed it takes the output's name, or an identity copies it.
    mutating func finish(_ value: String, as node: Node) throws {
        if let last = builder.graph.nodes.indices.last, builder.graph.nodes[last].outputs == [value], builder.graph.constants[value] == nil {
            builder.graph.nodes[last].outputs = node.outputs
            builder.graph.types[node.outputs[0]] = builder.graph.types[value]
            builder.graph.types[value] = nil
            return
        }
        try ElementwiseLowering.identity(&self, Node(name: node.name, op: "Identity", inputs: [value], outputs: node.outputs))
    }

    /// Emits the node that produces `node`'s own output.
    mutating func emitFinal(_ op: String, _ inputs: [String], _ attributes: [String: Attribute], from node: Node) throws {
        try builder.add(Node(name: node.name, op: op, inputs: inputs, outputs: node.outputs, attributes: attributes))
    }

    mutating func constant(_ tensor: Tensor, _ label: String, for node: Node) -> String {
        builder.graph.addConstant("\(node.name)/\(label)", tensor)
    }
}
