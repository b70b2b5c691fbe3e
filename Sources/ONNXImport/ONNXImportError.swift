/// Why an ONNX model cannot be imported. Messages name the file and, where there is one, the node.
public struct ONNXImportError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// One node the converter cannot express, reported together with all the others.
public struct UnsupportedNode: Sendable, CustomStringConvertible {
    public let node: String
    public let op: String
    public let domain: String
    public let opset: Int
    public let reason: String

    public var description: String {
        "node '\(node)' (\(domain.isEmpty ? "" : domain + ".")\(op), opset \(opset)): \(reason)"
    }
}
