/// A malformed or hostile buffer, or a buffer that cannot be built (over 2 GiB, bad alignment).
/// The description says what was wrong and, for reads, at which byte offset.
public struct FlatBufferError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
