import Foundation
import IsolatedHDF5
import LiteIR
import LiteOps

/// Imports Keras HDF5 models (Keras 2 / tf-keras and Keras 3's legacy .h5) into IR graphs,
/// channels-last as Keras computes: Sequential and Functional models, models nested as layers,
/// shared layers, several inputs and outputs, and operations applied to tensors (Keras 3's
/// operation nodes, tf-keras' TFOpLambda functions: ``KerasOperations``). Nothing in the file
/// is executed: Lambda layers and layers of classes this importer does not know are refused,
/// all at once; a config key or call argument no translation reads is refused unless it cannot
/// change the result (``KerasStrictness``).
public enum KerasImporter {
    /// Reads a full-model .h5, or a weights-only .h5 with the model's JSON config (`to_json()`).
    /// The file's HDF5 content is read in the isolated reader process (``IsolatedHDF5Reader``).
    public static func importModel(at url: URL, config configURL: URL? = nil) throws -> Graph {
        try importModel(try KerasModelFile(url: url), config: configURL)
    }

    /// Imports the Keras file at `url` from its snapshot (what the reader process handed back).
    public static func importModel(snapshot: HDF5Snapshot, of url: URL, config configURL: URL? = nil) throws -> Graph {
        try importModel(try KerasModelFile(url: url, snapshot: snapshot), config: configURL)
    }

    private static func importModel(_ file: KerasModelFile, config configURL: URL?) throws -> Graph {
        var file = file
        let url = file.url
        var model: [String: Any]
        if let configURL {
            guard let data = try? Data(contentsOf: configURL),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw KerasImportError(file: configURL.path, "not a readable JSON model config")
            }
            model = object
        } else {
            guard let stored = file.modelConfig else {
                throw KerasImportError(file: url.path, "holds weights only (no model_config): give the model's JSON config with --config")
            }
            model = stored
        }
        let major = kerasMajorVersion(file.kerasVersion ?? model["keras_version"] as? String, model: model)
        do {
            try refuseUnsupported(model, file: url.path)
            try file.matchWeights(to: model)
            var importer = ModelImporter(file: file, context: KerasContext(builder: GraphBuilder(), kerasMajor: major))
            return try importer.importTopLevel(model)
        } catch let error as GraphError {
            throw KerasImportError(file: url.path, error.description)
        }
    }

    /// 2 or 3. A Keras 3 `to_json()` records no version: its configs give it away (InputLayer's
    /// `batch_shape`, dtype policies as objects, calls as `args`/`kwargs`).
    static func kerasMajorVersion(_ version: String?, model: [String: Any]) -> Int {
        if let version, let major = Int(version.split(separator: ".").first ?? "") { return major }
        let layers = (model["config"] as? [String: Any])?["layers"] as? [[String: Any]] ?? []
        let keras3 = layers.contains { layer in
            let config = layer["config"] as? [String: Any] ?? [:]
            return config["batch_shape"] != nil || config["dtype"] is [String: Any]
                || (layer["inbound_nodes"] as? [Any])?.first is [String: Any]
        }
        return keras3 ? 3 : 2
    }

    /// One error listing every layer that would run code from the file or that has no translation.
    static func refuseUnsupported(_ model: [String: Any], file: String) throws {
        var refused: [String] = []
        func scan(_ layer: [String: Any]) {
            let className = layer["class_name"] as? String ?? "?"
            let config = layer["config"] as? [String: Any] ?? [:]
            let name = config["name"] as? String ?? layer["name"] as? String ?? "?"
            if ModelImporter.modelClasses.contains(className) {
                for inner in config["layers"] as? [[String: Any]] ?? [] { scan(inner) }
                return
            }
            if ["Bidirectional", "TimeDistributed"].contains(className), let inner = config["layer"] as? [String: Any] { scan(inner) }
            let module = layer["module"] as? String
            if KerasOperations.isOperation(layer) {
                if KerasOperations.signature(of: layer) == nil {
                    refused.append("  layer '\(name)' (\(KerasOperations.describe(layer))): no translation for this operation")
                }
            } else if className == "Lambda" {
                refused.append("  layer '\(name)' (\(className)): runs Python code from the model file, which LiteConvert never executes")
            } else if ApplicationLayers.isShippedWithKeras(layer) {
                return
            } else if module.map({ !($0.hasPrefix("keras") || $0.hasPrefix("tf_keras")) }) ?? false || className.contains(">")
                        || (layer["registered_name"] as? String)?.contains(">") == true || ApplicationLayers.table[className] != nil {
                let origin = module.map { " from module '\($0)'" } ?? ""
                refused.append("  layer '\(name)' (\(className)): a custom layer class\(origin), whose code is not in the file")
            } else if KerasLayers.table[className] == nil && className != "InputLayer" {
                refused.append("  layer '\(name)' (\(className)): no translation for this Keras layer class")
            }
        }
        scan(model)
        guard refused.isEmpty else {
            throw KerasImportError(file: file, "\(refused.count) layer(s) cannot be imported:\n" + refused.joined(separator: "\n"))
        }
    }
}

/// Where a model's layers find their saved weights: in their own top-level group, or inside the
/// group of the top-level layer that is a nested model.
private enum WeightScope {
    case topLevel
    case nested(group: String)
}

/// Builds the IR graph of a model config, recursively for nested models.
private struct ModelImporter {
    static let modelClasses: Set<String> = ["Sequential", "Functional", "Model"]

    let file: KerasModelFile
    var context: KerasContext
    private var groups: [String: [(path: [String], tensor: Tensor)]] = [:]

    init(file: KerasModelFile, context: KerasContext) {
        self.file = file
        self.context = context
    }

    mutating func importTopLevel(_ model: [String: Any]) throws -> Graph {
        let className = model["class_name"] as? String ?? ""
        guard Self.modelClasses.contains(className), let config = model["config"] as? [String: Any] else {
            throw GraphError.invalidGraph(reason: "the model config is not a Sequential or Functional model (class '\(className)')")
        }
        let outputs = try build(className, KerasConfig(config, context: "model"), inputs: nil, scope: .topLevel)
        var graph = context.builder.graph
        // Outputs carry their layers' names (as Keras' output_names do).
        let names = try outputNames(className, KerasConfig(config, context: "model"), count: outputs.count)
        for (value, name) in zip(outputs, names) {
            let output = graph.outputs.contains(name) || graph.types[name] != nil && value != name ? graph.freshName(name) : name
            if value != output {
                if let p = graph.producers()[value], !graph.inputs.contains(value), !graph.outputs.contains(value) {
                    graph.nodes[p].outputs = graph.nodes[p].outputs.map { $0 == value ? output : $0 }
                    graph.types[output] = graph.types[value]
                    graph.replaceUses(of: value, with: output)
                    graph.types[value] = nil
                } else {
                    graph.types[output] = graph.types[value]
                    graph.nodes.append(Node(name: output, op: "Identity", inputs: [value], outputs: [output]))
                }
            }
            graph.outputs.append(output)
        }
        graph.metadata["producer"] = "keras \(file.kerasVersion ?? "?")"
        graph.removeDeadCode()
        try TypeInference.run(&graph)
        return graph
    }

    /// The names of a model's outputs: its output layers (Functional) or its last layer.
    private func outputNames(_ className: String, _ config: KerasConfig, count: Int) throws -> [String] {
        if className == "Sequential" {
            let layers = config.values["layers"] as? [[String: Any]] ?? []
            let last = layers.last.map { ($0["config"] as? [String: Any])?["name"] as? String ?? "output" } ?? "output"
            return [last]
        }
        return try references(config.values["output_layers"]).map(\.layer).prefix(count).map { $0 }
    }

    /// Builds a model's layers; `inputs` feed a nested model, nil makes graph inputs.
    private mutating func build(_ className: String, _ config: KerasConfig, inputs: [String]?, scope: WeightScope) throws -> [String] {
        className == "Sequential"
            ? [try buildSequential(config, input: inputs?.first, scope: scope)]
            : try buildFunctional(config, inputs: inputs, scope: scope)
    }

    private mutating func buildSequential(_ config: KerasConfig, input: String?, scope: WeightScope) throws -> String {
        var layers = config.values["layers"] as? [[String: Any]] ?? []
        var value: String
        if let input {
            value = input
            if layers.first?["class_name"] as? String == "InputLayer" { layers.removeFirst() }
        } else if let first = layers.first, first["class_name"] as? String == "InputLayer" {
            value = try makeInput(KerasConfig(first["config"] as? [String: Any] ?? [:], context: "input layer"))
            layers.removeFirst()
        } else {
            // No InputLayer: the first layer (Keras 2) or the model records the input shape.
            let firstConfig = KerasConfig(layers.first?["config"] as? [String: Any] ?? [:], context: "model")
            var inputConfig = firstConfig.values
            inputConfig["name"] = "input"
            if !firstConfig.has("batch_input_shape"), let shape = config.values["build_input_shape"] { inputConfig["batch_input_shape"] = shape }
            value = try makeInput(KerasConfig(inputConfig, context: "model input"))
        }
        for layer in layers {
            value = try call(layer, args: [.tensor(value)], kwargs: [:], scope: scope, callIndex: 0).first ?? value
        }
        return value
    }

    private mutating func buildFunctional(_ config: KerasConfig, inputs: [String]?, scope: WeightScope) throws -> [String] {
        let layers = config.values["layers"] as? [[String: Any]] ?? []
        var tensors: [String: String] = [:]
        func key(_ r: TensorReference) -> String { "\(r.layer)|\(r.node)|\(r.tensor)" }
        let inputRefs = try references(config.values["input_layers"])
        for (i, reference) in inputRefs.enumerated() {
            if let inputs {
                guard i < inputs.count else { throw config.error("the nested model is called with \(inputs.count) tensors, it takes \(inputRefs.count)") }
                tensors[key(reference)] = inputs[i]
            } else {
                guard let layer = layers.first(where: { layerName($0) == reference.layer }) else {
                    throw config.error("input layer '\(reference.layer)' is not among the layers")
                }
                tensors[key(reference)] = try makeInput(KerasConfig(layer["config"] as? [String: Any] ?? [:], context: "input layer '\(reference.layer)'"))
            }
        }
        // Calls run once every tensor they read exists: shared layers may be called on tensors
        // of layers listed after them.
        var pending: [(layer: [String: Any], index: Int, call: InboundCall)] = []
        for layer in layers where layer["class_name"] as? String != "InputLayer" {
            let first = firstNodeIndex(layer)
            for (index, inbound) in try inboundCalls(layer).enumerated() { pending.append((layer, first + index, inbound)) }
        }
        while !pending.isEmpty {
            let before = pending.count
            var waiting: [(layer: [String: Any], index: Int, call: InboundCall)] = []
            for item in pending {
                guard item.call.references.allSatisfy({ tensors[key($0)] != nil }) else {
                    waiting.append(item)
                    continue
                }
                let resolve = { (r: TensorReference) in tensors[key(r)]! }
                let outputs = try call(item.layer, args: item.call.args.map { $0.map(resolve) },
                                       kwargs: item.call.kwargs.mapValues { $0.map(resolve) }, scope: scope, callIndex: item.index)
                for (t, value) in outputs.enumerated() { tensors[key(TensorReference(layer: layerName(item.layer), node: item.index, tensor: t))] = value }
            }
            pending = waiting
            guard pending.count < before else {
                let names = pending.map { layerName($0.layer) }
                throw config.error("the inputs of layer(s) \(names) are never produced")
            }
        }
        return try references(config.values["output_layers"]).map { reference in
            guard let value = tensors[key(reference)] else { throw config.error("output '\(reference.layer)' is never produced") }
            return value
        }
    }

    /// A graph input from an InputLayer config (`batch_input_shape` or `batch_shape`).
    private mutating func makeInput(_ config: KerasConfig) throws -> String {
        let name = try config.string("name", "input")
        guard let shape = try config.shape("batch_shape") ?? config.shape("batch_input_shape") else {
            throw config.error("input '\(name)' has no batch_input_shape")
        }
        let dtypeName = try dtype(config)
        guard let dtype = DType(rawValue: dtypeName) else { throw config.error("input '\(name)' has unsupported dtype '\(dtypeName)'") }
        let dims: [Dim] = shape.enumerated().map { i, d in d.map { .fixed($0) } ?? .symbolic(i == 0 ? "batch" : "") }
        let value = context.builder.graph.freshName(name)
        context.builder.graph.inputs.append(value)
        context.builder.graph.types[value] = TensorType(dtype, dims)
        return value
    }

    /// One call of a layer, of an operation, or of a nested model.
    private mutating func call(_ layer: [String: Any], args: [CallValue<String>], kwargs: [String: CallValue<String>],
                               scope: WeightScope, callIndex: Int) throws -> [String] {
        let className = layer["class_name"] as? String ?? "?"
        let name = layerName(layer)
        let callName = callIndex == 0 ? name : "\(name)_\(callIndex)"
        let rawConfig = layer["config"] as? [String: Any] ?? [:]
        if let operation = KerasOperations.signature(of: layer) {
            let config = KerasConfig(rawConfig, context: "operation '\(name)' (\(KerasOperations.describe(layer)))")
            return try KerasOperations.translate(&context, operation, name: callName, args: args, kwargs: kwargs, config: config)
        }
        let inputs = args.flatMap(\.tensors)
        let isModel = Self.modelClasses.contains(className)
        guard isModel || KerasLayers.table[className] != nil else { throw GraphError.invalidNode(node: name, op: className, reason: "no translation") }
        let config = KerasConfig(rawConfig, context: "\(isModel ? "model" : "layer") '\(name)' (\(className))")
        for (i, arg) in args.enumerated() {
            if case .constant(let value) = arg, !(value is NSNull) {
                throw config.error("positional call argument #\(i) = \(KerasStrictness.describe(value)) is not understood by the importer")
            }
        }
        var keywords: [String: Any] = [:], arguments: [String: Any] = [:]
        for (key, value) in kwargs {
            switch value {
            case .tensor(let tensor): keywords[key] = tensor
            case .constant(let constant): arguments[key] = constant
            case .list: throw config.error("call argument '\(key)' is a list of tensors, which the importer does not understand")
            }
        }
        if isModel {
            let inner: WeightScope = if case .nested(let group) = scope { .nested(group: group) } else { .nested(group: name) }
            let outputs = try build(className, config, inputs: inputs, scope: inner)
            try KerasStrictness.checkArguments(of: className, KerasConfig(keywords, context: config.context), KerasConfig(arguments, context: config.context),
                                               config.context, kerasMajor: context.kerasMajor)
            return outputs
        }
        let translate = KerasLayers.table[className]!
        let weights = LayerWeights(layer: name, entries: try weights(of: name, scope: scope))
        let layerCall = LayerCall(name: callName, className: className, config: config, inputs: inputs,
                                  keywords: KerasConfig(keywords, context: config.context), arguments: KerasConfig(arguments, context: config.context),
                                  weights: weights)
        let outputs = try translate(&context, layerCall)
        try KerasStrictness.check(layerCall, kerasMajor: context.kerasMajor)
        return outputs
    }

    private mutating func weights(of layer: String, scope: WeightScope) throws -> [(path: [String], tensor: Tensor)] {
        let group: String, filter: String?
        switch scope {
        case .topLevel: (group, filter) = (layer, nil)
        case .nested(let g): (group, filter) = (g, layer)
        }
        if groups[group] == nil { groups[group] = try file.weights(ofLayer: group) }
        let entries = groups[group] ?? []
        guard let filter else { return entries }
        return entries.filter { $0.path.dropLast().contains(filter) }
    }

    /// Keras 2 numbers a nested model's calls from 1 when the model was built on an Input: its
    /// node 0 links its own input to its output and is left out of the config.
    private func firstNodeIndex(_ layer: [String: Any]) -> Int {
        guard context.kerasMajor == 2 else { return 0 }
        switch layer["class_name"] as? String {
        case "Functional", "Model": return 1
        case "Sequential":
            let layers = (layer["config"] as? [String: Any])?["layers"] as? [[String: Any]]
            return layers?.first?["class_name"] as? String == "InputLayer" ? 1 : 0
        default: return 0
        }
    }

    private func layerName(_ layer: [String: Any]) -> String {
        (layer["config"] as? [String: Any])?["name"] as? String ?? layer["name"] as? String ?? "?"
    }

    private func dtype(_ config: KerasConfig) throws -> String {
        if let name = config.values["dtype"] as? String { return name }
        if let policy = try config.object("dtype"), let inner = try policy.object("config") { return try inner.string("name", "float32") }
        return "float32"
    }
}
