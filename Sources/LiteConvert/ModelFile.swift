import Foundation
import LiteIR
import ONNXImport
import TFLiteFormat

/// The model formats LiteConvert reads, recognized by file extension.
public enum ModelFormat: String, Sendable {
    case onnx, tflite

    public init(url: URL) throws {
        switch url.pathExtension.lowercased() {
        case "onnx": self = .onnx
        case "tflite": self = .tflite
        case let other:
            throw LiteConvertError.badInput("\(url.path): unrecognized model type '.\(other)' (expected .onnx or .tflite)")
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
    /// Reads any supported model file into a validated IR graph.
    public static func load(_ url: URL) throws -> Graph {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw LiteConvertError.badInput("\(url.path): no such file")
        }
        switch try ModelFormat(url: url) {
        case .onnx: return try ONNXImporter.importModel(at: url)
        case .tflite: return try TFLiteReader.read(url)
        }
    }
}
