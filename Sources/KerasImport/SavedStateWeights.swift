import IsolatedHDF5
import LiteIR

/// The `.weights.h5` layout `save_weights` writes in Keras 3 (and tf-keras for that suffix):
/// one group per layer, named after its class (`layers/conv2d_1`), its own variables as
/// `vars/0…n` in creation order (trainable first), sublayers in groups of their own (`cell`,
/// `forward_layer`, `query_dense`). Nothing names the variables, so they are matched to the
/// model config here, walking it in the order Keras saved it, and given the names the legacy
/// layout uses (`kernel`, `moving_mean`, …) so layer translators read both layouts alike.
enum SavedStateWeights {
    typealias Entries = [(path: [String], tensor: Tensor)]

    /// True when `root` holds this layout rather than `layer_names` / `weight_names`.
    static func isSavedState(_ root: HDF5Group) -> Bool {
        root.kind(of: "layers") == .group && !root.hasAttribute("layer_names")
    }

    /// Every top-level layer's weights, by layer name, for the model config `model`.
    static func read(_ root: HDF5Group, model: [String: Any]) throws -> [String: Entries] {
        var walker = Walker()
        let config = model["config"] as? [String: Any] ?? [:]
        try walker.container(of: model["class_name"] as? String ?? "", config: config, group: root, prefix: [], topLevel: true)
        return walker.byLayer
    }

    private struct Walker {
        var byLayer: [String: Entries] = [:]
        var topLevelName = ""

        /// The layers of a Sequential or Functional model, under `group/layers`.
        mutating func container(of className: String, config: [String: Any], group: HDF5Group, prefix: [String], topLevel: Bool) throws {
            var layers = config["layers"] as? [[String: Any]] ?? []
            // Sequential.layers omits its InputLayer, and so does the file.
            if className == "Sequential", layers.first?["class_name"] as? String == "InputLayer" { layers.removeFirst() }
            guard group.kind(of: "layers") == .group else { return }
            let container = try group.group("layers")
            var used: [String: Int] = [:]
            for layer in layers {
                let layerClass = layer["class_name"] as? String ?? ""
                let base = snakeCase(layerClass == "Model" ? "Functional" : layerClass)
                let count = used[base, default: -1] + 1
                used[base] = count
                let member = count == 0 ? base : "\(base)_\(count)"
                let layerConfig = layer["config"] as? [String: Any] ?? [:]
                let name = layerConfig["name"] as? String ?? member
                if topLevel { topLevelName = name }
                guard container.kind(of: member) == .group else { continue }
                try self.layer(layerClass, config: layerConfig, group: try container.group(member), path: prefix + [name])
            }
        }

        /// One layer: its own variables, then the sublayers its class keeps.
        mutating func layer(_ className: String, config: [String: Any], group: HDF5Group?, path: [String]) throws {
            guard let group else { return }
            if ["Sequential", "Functional", "Model"].contains(className) {
                try container(of: className, config: config, group: group, prefix: path, topLevel: false)
                return
            }
            try ownVariables(className, config: config, group: group, path: path)
            let inner = config["layer"] as? [String: Any]
            switch className {
            case "LSTM", "GRU", "SimpleRNN":
                let cell = "\(className.lowercased())_cell"
                try ownVariables("\(className)Cell", config: config, group: try optionalGroup(group, "cell"), path: path + [cell])
            case "Bidirectional":
                let innerClass = inner?["class_name"] as? String ?? ""
                let innerConfig = inner?["config"] as? [String: Any] ?? [:]
                let backward = (config["backward_layer"] as? [String: Any])?["config"] as? [String: Any] ?? innerConfig
                let innerName = (innerConfig["name"] as? String ?? innerClass.lowercased())
                try layer(innerClass, config: innerConfig, group: try optionalGroup(group, "forward_layer"), path: path + ["forward_\(innerName)"])
                try layer(innerClass, config: backward, group: try optionalGroup(group, "backward_layer"), path: path + ["backward_\(innerName)"])
            case "TimeDistributed":
                let innerConfig = inner?["config"] as? [String: Any] ?? [:]
                try layer(inner?["class_name"] as? String ?? "", config: innerConfig, group: try optionalGroup(group, "layer"),
                          path: path + [innerConfig["name"] as? String ?? "layer"])
            case "MultiHeadAttention":
                for (member, scope) in [("query_dense", "query"), ("key_dense", "key"), ("value_dense", "value"), ("output_dense", "attention_output")] {
                    let sub = group.kind(of: member) == .group ? member : "_\(member)"
                    try ownVariables("EinsumDense", config: config, group: try optionalGroup(group, sub), path: path + [scope])
                }
            default:
                break
            }
        }

        /// `group/vars/0…n`, named by the class's variable order.
        mutating func ownVariables(_ className: String, config: [String: Any], group: HDF5Group?, path: [String]) throws {
            guard let group, group.kind(of: "vars") == .group else { return }
            let vars = try group.group("vars")
            var values: [Tensor] = []
            while vars.kind(of: "\(values.count)") == .dataset { values.append(try KerasModelFile.tensor(try vars.dataset("\(values.count)"))) }
            guard !values.isEmpty else { return }
            guard let names = variableNames(className, config), names.count == values.count else {
                let expected = variableNames(className, config).map { "its config makes \($0.count)" } ?? "its weights are not known"
                throw HDF5Error("layer '\(path.joined(separator: "/"))' (\(className)): '\(group.path)' holds \(values.count) weights, \(expected)")
            }
            for (name, value) in zip(names, values) { byLayer[topLevelName, default: []].append((path + [name], value)) }
        }

        func optionalGroup(_ group: HDF5Group, _ name: String) throws -> HDF5Group? {
            group.kind(of: name) == .group ? try group.group(name) : nil
        }
    }

    /// The variables a layer class creates, in creation order (trainable before non-trainable).
    static func variableNames(_ className: String, _ config: [String: Any]) -> [String]? {
        let bias = config["use_bias"] as? Bool ?? true
        let scale = config["scale"] as? Bool ?? true, center = config["center"] as? Bool ?? true
        let affine = (scale ? ["gamma"] : []) + (center ? ["beta"] : [])
        switch className {
        case "Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
             "DepthwiseConv1D", "DepthwiseConv2D":
            return ["kernel"] + (bias ? ["bias"] : [])
        case "SeparableConv1D", "SeparableConv2D": return ["depthwise_kernel", "pointwise_kernel"] + (bias ? ["bias"] : [])
        case "BatchNormalization": return affine + ["moving_mean", "moving_variance"]
        case "LayerNormalization", "GroupNormalization": return affine
        case "Embedding": return ["embeddings"]
        case "PReLU": return ["alpha"]
        case "Normalization": return ["mean", "variance", "count"]
        case "LSTMCell", "GRUCell", "SimpleRNNCell": return ["kernel", "recurrent_kernel"] + (bias ? ["bias"] : [])
        default: return nil
        }
    }

    /// Keras's `to_snake_case` of a class name: `Conv2DTranspose` → `conv2d_transpose`.
    static func snakeCase(_ name: String) -> String {
        let chars = Array(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        var result = ""
        for (i, ch) in chars.enumerated() {
            if i > 0, ch.isUppercase {
                let previous = chars[i - 1]
                // "xY" splits; so does "XYz" before the Y of a capitalised word.
                let startsWord = i + 1 < chars.count && chars[i + 1].isLowercase
                if previous.isLowercase || startsWord { result.append("_") }
            }
            result.append(ch)
        }
        return result.lowercased()
    }
}
