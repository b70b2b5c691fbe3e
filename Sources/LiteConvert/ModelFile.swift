import Foundation
import KerasImport
import LiteIR
import ONNXImport
import TFLiteFormat

/// The model formats LiteConvert reads, recognized by file extension.
public enum ModelFormat: String, Sendable {
    case onnx, tflite, keras

    public init(url: URL) throws {
        switch url.pathExtension.lowercased() {
        case "onnx": self = .onnx
        case "tflite": self = .tflite
        case "h5", "hdf5", "keras5": self = .keras
        case let other:
            throw LiteConvertError.badInput("\(url.path): unrecognized model type '.\(other)' (expected .onnx, .h5 or .tflite)")
        }
    }
}

/// Errors of the facade: bad input (exit 2) carry the importer's or writer's message.
public enum LiteConvertError: Error, CustomStringConvertible {
    case badInput(String)

    public var description: String {
        switch self {
        case .badInput(let message): message
        }
    }
}

extension LiteConvert {
    /// Reads any supported model file into a validated IR graph; `config` is the JSON model
    /// config of a weights-only Keras .h5.
    public static func load(_ url: URL, config: URL? = nil) throws -> Graph {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw LiteConvertError.badInput("\(url.path): no such file")
        }
        let format = try ModelFormat(url: url)
        if config != nil && format != .keras { throw LiteConvertError.badInput("\(url.path): --config applies to Keras .h5 weights files only") }
        switch format {
        case .onnx: return try ONNXImporter.importModel(at: url)
        case .tflite: return try TFLiteReader.read(url)
        case .keras: return try KerasImporter.importModel(at: url, config: config)
        }
    }
}
