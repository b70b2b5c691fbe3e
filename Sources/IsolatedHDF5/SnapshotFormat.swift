import Foundation

/// The file the HDF5 reader process hands back: everything a Keras import reads from an HDF5
/// file, with no libhdf5 structure left in it.
///
/// Layout (little-endian): the 8-byte magic, the manifest's offset and length (UInt64 each);
/// each dataset's values at an offset that is a multiple of ``alignment``, those of a megabyte
/// or more at a multiple of ``pageAlignment`` (both sides map those: the reader to read into, the
/// parent to borrow them as tensor values); the manifest, last (``SnapshotManifest/encoded()``).
/// Nothing in it is trusted by the reading side: offsets, lengths, shapes and paths are checked
/// as a file's would be.
public enum SnapshotFormat {
    public static let magic = Array("LCH5SNP1".utf8)
    public static let headerSize = 24
    /// Dataset offsets are multiples of this (any element type's alignment, and a cache line).
    public static let alignment = 64
    /// Offsets of large datasets are multiples of this (the largest page size of a Linux target).
    public static let pageAlignment = 65_536
    /// Datasets of at least this many bytes are read into mapped pages rather than through a buffer.
    public static let mappedReadBytes = 1 << 20
    /// The largest manifest read (attributes included: a model config is a few megabytes).
    public static let maxManifestBytes = 1 << 28

    /// The header's bytes for a manifest at `offset` of `length` bytes.
    public static func header(manifestOffset offset: Int, length: Int) -> [UInt8] {
        magic + withUnsafeBytes(of: UInt64(offset).littleEndian, Array.init) + withUnsafeBytes(of: UInt64(length).littleEndian, Array.init)
    }

    /// `offset` rounded up to the next multiple of `alignment`.
    public static func aligned(_ offset: Int, to alignment: Int = alignment) -> Int? {
        let (sum, overflow) = offset.addingReportingOverflow(alignment - 1)
        return overflow ? nil : sum / alignment * alignment
    }
}

/// What the snapshot says about the file: every object, parents before their members.
public struct SnapshotManifest: Sendable {
    public var objects: [SnapshotObject]
    public init(objects: [SnapshotObject]) { self.objects = objects }
}

/// A group, dataset or other object, by its path from the root ("/", "/model_weights/dense").
public struct SnapshotObject: Sendable {
    public enum Kind: UInt8, Sendable { case group, dataset, other }

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

/// An attribute: where its strings (a string or string array attribute) are, UTF-8 one after
/// the other from `offset`, or why it is not one. (The strings stay out of the manifest: a model
/// config is megabytes of JSON: kept apart, it is copied once and never escaped.)
public struct SnapshotAttribute: Sendable {
    public var name: String
    public var offset: Int?
    public var lengths: [Int]?
    public var error: String?

    public init(name: String, offset: Int? = nil, lengths: [Int]? = nil, error: String? = nil) {
        self.name = name
        self.offset = offset
        self.lengths = lengths
        self.error = error
    }
}

/// A dataset's shape, element type and where its values are, or the error reading it gave.
public struct SnapshotDatasetEntry: Sendable {
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
public enum HDF5ElementType: UInt8, Sendable, Equatable {
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
