/// Why a Keras file cannot be imported, naming the file and, where there is one, the layer.
public struct KerasImportError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(file: String, _ message: String) {
        description = "\(file): \(message)"
    }
}
