import Foundation
import IsolatedHDF5
import LiteIR

/// A Keras HDF5 file: the full-model layout (`model_config` and `model_weights/`) or the
/// weights-only layout of `save_weights` (layer groups at the root), of Keras 2 or Keras 3.
struct KerasModelFile {
    let url: URL
    let file: HDF5Snapshot
    /// The group holding one subgroup per top-level layer.
    let weightsRoot: HDF5Group
    /// The model config stored in the file, if any.
    let modelConfig: [String: Any]?
    let kerasVersion: String?

    /// Reads the file at `url` in the isolated reader process, leaving out the optimizer's
    /// state (`optimizer_weights` of .h5 models, `optimizer` of Keras 3 weights files).
    init(url: URL) throws {
        do {
            try self.init(url: url, snapshot: try IsolatedHDF5Reader.read(url, skippingValuesUnder: ["optimizer_weights", "optimizer"]))
        } catch let error as HDF5Error {
            throw KerasImportError(file: url.path, error.description)
        }
    }

    /// The file at `url`, as `snapshot` holds it.
    init(url: URL, snapshot: HDF5Snapshot) throws {
        self.url = url
        do {
            file = snapshot
            let root = file.root
            weightsRoot = root.kind(of: "model_weights") == .group ? try root.group("model_weights") : root
            kerasVersion = try root.stringAttribute("keras_version")?.first ?? weightsRoot.stringAttribute("keras_version")?.first
            if let text = try root.stringAttribute("model_config")?.first {
                guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                    throw KerasImportError(file: url.path, "the model_config attribute is not a JSON object")
                }
                modelConfig = object
            } else {
                modelConfig = nil
            }
        } catch let error as HDF5Error {
            throw KerasImportError(file: url.path, error.description)
        }
    }

    /// The weights of a `.weights.h5` file in Keras 3's layout, matched to the model config.
    private var savedState: [String: SavedStateWeights.Entries]?

    /// Matches the weights of Keras 3's `.weights.h5` layout to `model` (a no-op for files in
    /// the `layer_names` layout, whose weights carry their names).
    mutating func matchWeights(to model: [String: Any]) throws {
        guard modelConfig == nil, SavedStateWeights.isSavedState(file.root) else { return }
        do {
            savedState = try SavedStateWeights.read(file.root, model: model)
        } catch let error as HDF5Error {
            throw KerasImportError(file: url.path, error.description)
        } catch let error as TensorError {
            throw KerasImportError(file: url.path, error.description)
        }
    }

    /// Every weight stored for the top-level layer `layer`, in the file's order: the path it was
    /// saved under (components, without TensorFlow's ":0") and its value (floats as float32).
    func weights(ofLayer layer: String) throws -> [(path: [String], tensor: Tensor)] {
        if let savedState { return savedState[layer] ?? [] }
        guard weightsRoot.kind(of: layer) == .group else { return [] }
        do {
            let group = try weightsRoot.group(layer)
            return try (group.stringAttribute("weight_names") ?? []).map { name in
                let path = name.split(separator: "/").map { component in
                    component.hasSuffix(":0") ? String(component.dropLast(2)) : String(component)
                }
                return (path, try Self.tensor(try group.dataset(name)))
            }
        } catch let error as HDF5Error {
            throw KerasImportError(file: url.path, "weights of layer '\(layer)': \(error.description)")
        } catch let error as TensorError {
            throw KerasImportError(file: url.path, "weights of layer '\(layer)': \(error.description)")
        }
    }

    /// A weight dataset as a tensor (floats of every width as float32).
    static func tensor(_ dataset: HDF5Dataset) throws -> Tensor {
        let dtype: DType
        switch try dataset.elementType() {
        case .float32: dtype = .float32
        case .int32: dtype = .int32
        case .int64: dtype = .int64
        case .uint8: dtype = .uint8
        }
        return try Tensor(dtype: dtype, shape: try dataset.shape(), data: try dataset.read())
    }
}
