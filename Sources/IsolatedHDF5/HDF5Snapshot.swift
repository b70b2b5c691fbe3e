import Foundation
import LiteIR

/// An HDF5 file as the reader process saw it: groups, string attributes and dataset values,
/// read without libhdf5. Built from a snapshot (``SnapshotFormat``), every number in it checked.
public struct HDF5Snapshot: Sendable {
    public let root: HDF5Group

    /// Parses `bytes` as a snapshot; throws when any part is malformed.
    public init(_ bytes: SnapshotBytes) throws {
        let header = try bytes.slice(offset: 0, length: SnapshotFormat.headerSize)
        guard Array(header.prefix(8)) == SnapshotFormat.magic else { throw Self.malformed("no snapshot header") }
        let offset = Self.uint64(header, at: 8), length = Self.uint64(header, at: 16)
        guard let offset, let length, length <= SnapshotFormat.maxManifestBytes, offset >= SnapshotFormat.headerSize,
              !offset.addingReportingOverflow(length).overflow, offset + length <= bytes.count else {
            throw Self.malformed("the manifest lies outside the snapshot")
        }
        let manifest: SnapshotManifest
        do {
            manifest = try SnapshotManifest(decoding: try bytes.slice(offset: offset, length: length))
        } catch {
            throw Self.malformed("the manifest is not readable: \(error)")
        }
        root = try Self.tree(manifest, bytes: bytes)
    }

    private static func tree(_ manifest: SnapshotManifest, bytes: SnapshotBytes) throws -> HDF5Group {
        guard let first = manifest.objects.first, first.path == "/", first.kind == .group else { throw malformed("the first object is not the root group") }
        var groups: [String: GroupContent] = ["/": GroupContent(attributes: try attributes(first, bytes))]
        for object in manifest.objects.dropFirst() {
            guard let slash = object.path.lastIndex(of: "/"), object.path.hasPrefix("/") else { throw malformed("object path '\(object.path)'") }
            let parent = slash == object.path.startIndex ? "/" : String(object.path[..<slash])
            let name = String(object.path[object.path.index(after: slash)...])
            guard !name.isEmpty, groups[parent] != nil, groups[parent]?.members[name] == nil else {
                throw malformed("object '\(object.path)' has no parent group or repeats a name")
            }
            let member: Member
            switch object.kind {
            case .group:
                member = .group
                groups[object.path] = GroupContent(attributes: try attributes(object, bytes))
            case .dataset:
                member = .dataset(try HDF5Dataset(object, bytes: bytes))
            case .other:
                member = .other
            }
            groups[parent]?.members[name] = member
            groups[parent]?.names.append(name)
        }
        return HDF5Group(path: "/", groups: groups)
    }

    /// The object's attributes, their strings read from the snapshot.
    private static func attributes(_ object: SnapshotObject, _ bytes: SnapshotBytes) throws -> [String: Result<[String], HDF5Error>] {
        var attributes: [String: Result<[String], HDF5Error>] = [:]
        for attribute in object.attributes {
            if let error = attribute.error {
                attributes[attribute.name] = .failure(HDF5Error(error))
                continue
            }
            guard var offset = attribute.offset, let lengths = attribute.lengths else { throw malformed("attribute '\(attribute.name)' of '\(object.path)' is incomplete") }
            var strings: [String] = []
            for length in lengths {
                guard let data = try? bytes.slice(offset: offset, length: length) else {
                    throw malformed("attribute '\(attribute.name)' of '\(object.path)' lies outside the snapshot")
                }
                strings.append(String(decoding: data, as: UTF8.self))
                offset += length
            }
            attributes[attribute.name] = .success(strings)
        }
        return attributes
    }

    private static func uint64(_ data: Data, at offset: Int) -> Int? {
        let value = data.dropFirst(offset).prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return value <= UInt64(Int.max) ? Int(value) : nil
    }

    static func malformed(_ reason: String) -> HDF5Error {
        HDF5Error("malformed HDF5 snapshot from the reader process: \(reason)")
    }

    fileprivate enum Member: Sendable {
        case group, dataset(HDF5Dataset), other
    }

    fileprivate struct GroupContent: Sendable {
        var attributes: [String: Result<[String], HDF5Error>]
        var members: [String: Member] = [:]
        var names: [String] = []
    }
}

/// What a group member is.
public enum HDF5ObjectKind: Sendable { case group, dataset, other }

/// A group of the snapshot: its members and attributes.
public struct HDF5Group: Sendable {
    public let path: String
    fileprivate let groups: [String: HDF5Snapshot.GroupContent]
    private var content: HDF5Snapshot.GroupContent { groups[path] ?? .init(attributes: [:]) }

    /// The names of the group's members, in the file's order.
    public func memberNames() -> [String] { content.names }

    /// What the member `name` (a direct child) is, nil when there is none.
    public func kind(of name: String) -> HDF5ObjectKind? {
        switch content.members[name] {
        case .group: .group
        case .dataset: .dataset
        case .other: .other
        case nil: nil
        }
    }

    /// The member group at `path` (components separated by "/").
    public func group(_ path: String) throws -> HDF5Group {
        var current = self
        for component in path.split(separator: "/").map(String.init) {
            guard current.kind(of: component) == .group else { throw HDF5Error("no group '\(component)' in '\(current.path)'") }
            current = HDF5Group(path: join(current.path, component), groups: groups)
        }
        return current
    }

    /// The dataset at `path` (the last component a dataset, the others groups).
    public func dataset(_ path: String) throws -> HDF5Dataset {
        var components = path.split(separator: "/").map(String.init)
        guard let last = components.popLast() else { throw HDF5Error("empty dataset path in '\(self.path)'") }
        let parent = try group(components.joined(separator: "/"))
        guard case .dataset(let dataset) = parent.content.members[last] else { throw HDF5Error("no dataset '\(last)' in '\(parent.path)'") }
        return dataset
    }

    /// Whether the group has the attribute.
    public func hasAttribute(_ name: String) -> Bool { content.attributes[name] != nil }

    /// A string attribute, or each string of a string array attribute; nil when absent.
    public func stringAttribute(_ name: String) throws -> [String]? {
        try content.attributes[name]?.get()
    }

    private func join(_ base: String, _ name: String) -> String { base == "/" ? "/\(name)" : "\(base)/\(name)" }
}

/// A dataset of the snapshot: its shape, element type and values (mapped, not copied).
public struct HDF5Dataset: Sendable {
    public let path: String
    private let entry: SnapshotDatasetEntry
    private let bytes: SnapshotBytes

    fileprivate init(_ object: SnapshotObject, bytes: SnapshotBytes) throws {
        path = object.path
        self.bytes = bytes
        guard let entry = object.dataset else { throw HDF5Snapshot.malformed("dataset '\(path)' has no entry") }
        self.entry = entry
        guard entry.error == nil else { return }
        guard let shape = entry.shape, let type = entry.type, let offset = entry.offset, let length = entry.length,
              shape.count <= 32, shape.allSatisfy({ $0 >= 0 }) else {
            throw HDF5Snapshot.malformed("dataset '\(path)' is incomplete")
        }
        let count = shape.reduce(Optional(1)) { product, dim in product.flatMap { $0.multipliedReportingOverflow(by: dim).overflow ? nil : $0 * dim } }
        guard let count, let expected = MemoryBudget.bytes(elements: count, width: type.width), expected == length else {
            throw HDF5Snapshot.malformed("dataset '\(path)' of shape \(shape) does not take \(length) bytes, or exceeds the memory budget")
        }
        guard offset >= SnapshotFormat.headerSize, offset % SnapshotFormat.alignment == 0,
              !offset.addingReportingOverflow(length).overflow, offset + length <= bytes.count else {
            throw HDF5Snapshot.malformed("dataset '\(path)' lies outside the snapshot")
        }
    }

    /// The dataset's dims.
    public func shape() throws -> [Int] {
        if let error = entry.error { throw HDF5Error(error) }
        return entry.shape ?? []
    }

    /// The type the values are stored as.
    public func elementType() throws -> HDF5ElementType {
        if let error = entry.error { throw HDF5Error(error) }
        return entry.type ?? .float32
    }

    /// Every element, in row-major order.
    public func read() throws -> Data {
        if let error = entry.error { throw HDF5Error(error) }
        return try bytes.slice(offset: entry.offset ?? 0, length: entry.length ?? 0)
    }
}
