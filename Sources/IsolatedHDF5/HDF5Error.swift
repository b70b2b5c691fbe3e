/// A failed HDF5 read, naming the object and what was asked of it.
public struct HDF5Error: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
