import CONNX
import Foundation
import LiteIR
import LiteOps

/// Imports an ONNX model (default-domain opsets 7–21) into an IR graph in NCHW, with the
/// importer's NCHW↔NHWC transposes around convolutions and pools for the layout pass to cancel.
public final class ONNXImporter {
    let file: ONNXModelFile
    var decoder: TensorDecoder { file.decoder }

    private init(url: URL) throws {
        file = try ONNXModelFile(url: url)
    }

    /// Reads `url` into a validated IR graph; throws ``ONNXImportError`` naming the file and node.
    public static func importModel(at url: URL) throws -> Graph {
        try ONNXImporter(url: url).importGraph()
    }

    private func fail(_ message: String) -> ONNXImportError { ONNXImportError(file: file.url.path, message) }

    private func importGraph() throws -> Graph {
        let model = file.model.pointee
        let opset = try defaultOpset(model)
        guard let graphPointer = model.graph else { throw fail("the model has no graph") }
        let g = graphPointer.pointee
        var builder = GraphBuilder(graph: Graph(name: string(g.name).isEmpty ? "main" : string(g.name)))
        builder.graph.metadata = [
            "producer": "\(string(model.producer_name)) \(string(model.producer_version))".trimmingCharacters(in: .whitespaces),
            "onnx_opset": String(opset),
        ]

        for (name, tensor) in file.takeInitializers() {
            guard builder.graph.constants[name] == nil else { throw fail("initializer '\(name)' appears twice") }
            builder.graph.setConstant(name, tensor)
        }
        for pointer in repeated(g.input, g.n_input) {
            guard let info = pointer?.pointee else { continue }
            let name = string(info.name)
            guard !name.isEmpty, !builder.graph.inputs.contains(name) else { throw fail("graph input '\(name)' appears twice or has no name") }
            if builder.graph.constants[name] != nil { continue }  // IR < 4 lists initializers as inputs
            builder.graph.inputs.append(name)
            builder.graph.types[name] = try valueType(info, role: "graph input")
        }
        builder.graph.outputs = repeated(g.output, g.n_output).compactMap { $0.map { string($0.pointee.name) } }

        let nodes = repeated(g.node, g.n_node).compactMap { $0?.pointee }
        try reportUnsupported(nodes, opset: opset)
        var aliases: [String: String] = [:]
        // Initializers are released once their last ONNX consumer is translated, unless an IR
        // node still reads them, so layout-folded weights do not stay in memory twice.
        var remainingUses: [String: Int] = [:]
        for proto in nodes {
            for input in repeated(proto.input, proto.n_input) { remainingUses[string(input), default: 0] += 1 }
        }
        // Each value has one producer (ONNX graphs are in SSA form); a second one would silently replace the first.
        var producedBy: [String: String] = [:]
        for name in builder.graph.inputs { producedBy[name] = "the graph input" }
        for name in builder.graph.constants.keys { producedBy[name] = "an initializer" }
        for (index, proto) in nodes.enumerated() {
            let opType = string(proto.op_type), name = string(proto.name).isEmpty ? "\(opType)_\(index)" : string(proto.name)
            for output in repeated(proto.output, proto.n_output).map(string) where !output.isEmpty {
                if let earlier = producedBy[output] {
                    throw fail("node '\(name)' (\(opType)): output '\(output)' is already produced by \(earlier) (each value has one producer)")
                }
                producedBy[output] = "node '\(name)'"
            }
        }
        for (index, proto) in nodes.enumerated() {
            let opType = string(proto.op_type)
            var name = string(proto.name)
            if name.isEmpty { name = "\(opType)_\(index)" }
            let context = "node '\(name)' (\(opType))"
            let inputs = repeated(proto.input, proto.n_input).map { p -> String in
                let value = string(p)
                return aliases[value] ?? value
            }
            let node = Node(name: name, op: opType, inputs: inputs, outputs: repeated(proto.output, proto.n_output).map(string),
                            attributes: try attributes(of: proto, context: context))
            for input in inputs where !input.isEmpty && builder.graph.types[input] == nil {
                throw fail("\(context): input '\(input)' is not produced by any earlier node, initializer or graph input")
            }
            var translation = ONNXNode(node: node, opset: opset, builder: builder)
            do {
                try ONNXOperators.table[opType]?(&translation)
                try requireFullyRead(translation, onnxInputs: repeated(proto.input, proto.n_input).map(string))
            } catch let error as GraphError {
                throw fail(error.description)
            }
            builder = translation.builder
            aliases.merge(translation.aliases) { $1 }
            for input in repeated(proto.input, proto.n_input).map(string) {
                remainingUses[input, default: 1] -= 1
                if remainingUses[input] == 0 && !aliases.values.contains(input) { builder.releaseConstantIfUnused(input) }
            }
        }
        var graph = builder.graph
        try bindAliasedOutputs(&graph, aliases)
        // Weights whose layout the import folded (e.g. OIHW → OHWI) are now unused.
        graph.removeDeadCode()
        for output in graph.outputs where graph.types[output] == nil {
            throw fail("graph output '\(output)' is not produced by any node")
        }
        return graph
    }

    /// Refuses a node with an attribute or input its translation did not read (other than
    /// attributes that cannot change the result): the converted model would silently compute
    /// something else.
    private func requireFullyRead(_ translation: ONNXNode, onnxInputs: [String]) throws {
        let node = translation.node
        let unread = translation.unread(inert: ONNXOperators.inertAttributes[node.op] ?? [])
        let reasons = unread.attributes.map { "attribute '\($0.key)' = \($0.value) is not understood by this translation" }
            + unread.inputs.map { "input #\($0) '\(onnxInputs[$0])' is not read by this translation" }
        guard reasons.isEmpty else { throw node.error(reasons.joined(separator: "; ")) }
    }

    /// The opset of the default domain; other domains may be imported but no node may use them.
    /// A domain imported twice is an error, as ONNX's checker has it.
    private func defaultOpset(_ model: Onnx__ModelProto) throws -> Int {
        var domains: Set<String> = [], opset: Int?
        for pointer in repeated(model.opset_import, model.n_opset_import) {
            guard let entry = pointer?.pointee else { continue }
            let domain = string(entry.domain) == "ai.onnx" ? "" : string(entry.domain)
            guard domains.insert(domain).inserted else { throw fail("opset of domain '\(domain.isEmpty ? "ai.onnx" : domain)' imported twice") }
            if domain.isEmpty { opset = Int(entry.version) }
        }
        guard let opset else { throw fail("the model imports no default-domain (ai.onnx) opset") }
        guard ONNXOperators.supportedOpsets.contains(opset) else {
            throw fail("default-domain opset \(opset) is not supported (supported: \(ONNXOperators.supportedOpsets.lowerBound)–\(ONNXOperators.supportedOpsets.upperBound))")
        }
        return opset
    }

    /// Throws one error listing every node whose operator or domain is not supported.
    private func reportUnsupported(_ nodes: [Onnx__NodeProto], opset: Int) throws {
        var unsupported: [UnsupportedNode] = []
        for (index, proto) in nodes.enumerated() {
            let opType = string(proto.op_type), domain = string(proto.domain)
            let name = string(proto.name).isEmpty ? "\(opType)_\(index)" : string(proto.name)
            if !(domain.isEmpty || domain == "ai.onnx") {
                unsupported.append(UnsupportedNode(node: name, op: opType, domain: domain, opset: opset, reason: "operators of domain '\(domain)' are not supported"))
            } else if ONNXOperators.table[opType] == nil {
                unsupported.append(UnsupportedNode(node: name, op: opType, domain: domain, opset: opset, reason: "no TFLite translation for this operator"))
            }
        }
        guard unsupported.isEmpty else {
            throw fail("\(unsupported.count) unsupported node(s):\n" + unsupported.map { "  " + $0.description }.joined(separator: "\n"))
        }
    }

    /// Declared element type and shape of a graph input.
    private func valueType(_ info: Onnx__ValueInfoProto, role: String) throws -> TensorType {
        let name = string(info.name)
        guard let type = info.type?.pointee, type.value_case == ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE,
              let tensorType = type.tensor_type?.pointee else {
            throw fail("\(role) '\(name)' is not a tensor (sequences, maps and optionals are not supported)")
        }
        guard let dtype = ONNXDataType.dtype(tensorType.elem_type) else {
            throw fail("\(role) '\(name)' has unsupported element type \(ONNXDataType.name(tensorType.elem_type))")
        }
        guard let shape = tensorType.shape?.pointee else { throw fail("\(role) '\(name)' has no shape (unknown rank)") }
        let dims = repeated(shape.dim, shape.n_dim).map { pointer -> Dim in
            guard let d = pointer?.pointee else { return .symbolic("") }
            switch d.value_case {
            case ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE where d.dim_value >= 0: return .fixed(Int(d.dim_value))
            case ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM: return .symbolic(string(d.dim_param))
            default: return .symbolic("")
            }
        }
        return TensorType(dtype, dims)
    }

    /// A graph output that is an alias (Identity/Dropout) takes over its source's name when the
    /// source is an ordinary node result, and is copied by an Identity node otherwise.
    private func bindAliasedOutputs(_ graph: inout Graph, _ aliases: [String: String]) throws {
        let producers = graph.producers()
        for (position, output) in graph.outputs.enumerated() {
            guard let source = aliases[output] else { continue }
            if let p = producers[source], !graph.outputs.contains(source), !graph.inputs.contains(source) {
                graph.nodes[p].outputs = graph.nodes[p].outputs.map { $0 == source ? output : $0 }
                graph.types[output] = graph.types[source]
                graph.replaceUses(of: source, with: output)
                graph.outputs[position] = output
                graph.types[source] = nil
            } else {
                graph.types[output] = graph.types[source]
                graph.nodes.append(Node(name: output, op: "Identity", inputs: [source], outputs: [output]))
            }
        }
    }
}
