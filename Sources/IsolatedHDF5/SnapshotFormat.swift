import Foundation

/// The file the HDF5 reader process hands back: everything a Keras import reads from an HDF5
/// file, with no libhdf5 structure left in it.
///
/// Layout (little-endian): the 8-byte magic, the manifest's offset and length (UInt64 each);
/// each dataset's values at an offset that is a multiple of ``alignment`` (so the parent maps
/// them in place instead of copying); the manifest, JSON, last. Nothing in it is trusted by
/// the reading side: offsets, lengths, shapes and paths are checked as a file's would be.
public enum SnapshotFormat {
    public static let magic = Array("LCH5SNP1".utf8)
    public static let headerSize = 24
    /// Dataset offsets are multiples of this (the largest page size of a Linux target).
    public static let alignment = 65_536
    /// The largest manifest read (attributes included: a model config is a few megabytes).
    public static let maxManifestBytes = 1 << 28

    /// The header's bytes for a manifest at `offset` of `length` bytes.
    public static func header(manifestOffset offset: Int, length: Int) -> [UInt8] {
        magic + withUnsafeBytes(of: UInt64(offset).littleEndian, Array.init) + withUnsafeBytes(of: UInt64(length).littleEndian, Array.init)
    }

    /// `offset` rounded up to the next multiple of ``alignment``.
    public static func aligned(_ offset: Int) -> Int? {
        let (sum, overflow) = offset.addingReportingOverflow(alignment - 1)
        return overflow ? nil : sum / alignment * alignment
    }
}

/// What the snapshot says about the file: every object, parents before their members.
public struct SnapshotManifest: Codable, Sendable {
    public var objects: [SnapshotObject]
    public init(objects: [SnapshotObject]) { self.objects = objects }
}

/// A group, dataset or other object, by its path from the root ("/", "/model_weights/dense").
public struct SnapshotObject: Codable, Sendable {
    public enum Kind: String, Codable, Sendable { case group, dataset, other }

    public var path: String
    public var kind: Kind
    /// The object's attributes, in the file's order.
    public var attributes: [SnapshotAttribute]
    /// For a dataset: its values, or why they could not be read.
    public var dataset: SnapshotDatasetEntry?

    public init(path: String, kind: Kind, attributes: [SnapshotAttribute] = [], dataset: SnapshotDatasetEntry? = nil) {
        self.path = path
        self.kind = kind
        self.attributes = attributes
        self.dataset = dataset
    }
}

/// An attribute: its strings (a string or string array attribute), or why it is not one.
public struct SnapshotAttribute: Codable, Sendable {
    public var name: String
    public var strings: [String]?
    public var error: String?

    public init(name: String, strings: [String]? = nil, error: String? = nil) {
        self.name = name
        self.strings = strings
        self.error = error
    }
}

/// A dataset's shape, element type and where its values are, or the error reading it gave.
public struct SnapshotDatasetEntry: Codable, Sendable {
    public var shape: [Int]?
    public var type: HDF5ElementType?
    public var offset: Int?
    public var length: Int?
    public var error: String?

    public init(shape: [Int]? = nil, type: HDF5ElementType? = nil, offset: Int? = nil, length: Int? = nil, error: String? = nil) {
        self.shape = shape
        self.type = type
        self.offset = offset
        self.length = length
        self.error = error
    }
}

/// The element types values are stored as: floats of any width as float32 (the precision the
/// converter computes in), integers as the narrowest of these that holds them.
public enum HDF5ElementType: String, Codable, Sendable, Equatable {
    case float32, int32, int64, uint8

    /// Bytes per element.
    public var width: Int {
        switch self {
        case .float32, .int32: 4
        case .int64: 8
        case .uint8: 1
        }
    }
}
