import Foundation

/// The manifest's bytes: integers as little-endian UInt64, strings and lists as a count then
/// their items, optional parts behind a tag byte. (A few hundred datasets' entries take
/// JSONEncoder and JSONDecoder milliseconds each: more than reading the values.)
extension SnapshotManifest {
    /// The manifest encoded.
    public func encoded() -> [UInt8] {
        var out = ManifestWriter()
        out.count(objects.count)
        for object in objects {
            out.string(object.path)
            out.byte(object.kind.rawValue)
            out.count(object.attributes.count)
            for attribute in object.attributes {
                out.string(attribute.name)
                if let error = attribute.error {
                    out.byte(1)
                    out.string(error)
                } else {
                    out.byte(0)
                    out.int(attribute.offset ?? 0)
                    out.ints(attribute.lengths ?? [])
                }
            }
            switch object.dataset {
            case nil: out.byte(0)
            case let entry? where entry.error != nil:
                out.byte(1)
                out.string(entry.error ?? "")
            case let entry?:
                out.byte(2)
                out.ints(entry.shape ?? [])
                out.byte(entry.type?.rawValue ?? 0)
                out.int(entry.offset ?? 0)
                out.int(entry.length ?? 0)
            }
        }
        return out.bytes
    }

    /// Decodes `data`; throws at the first byte that does not fit the encoding.
    public init(decoding data: Data) throws {
        var input = ManifestReader(data: data)
        var objects: [SnapshotObject] = []
        for _ in 0..<(try input.count()) {
            let path = try input.string()
            guard let kind = SnapshotObject.Kind(rawValue: try input.byte()) else { throw input.failure("an object kind") }
            var attributes: [SnapshotAttribute] = []
            for _ in 0..<(try input.count()) {
                let name = try input.string()
                switch try input.byte() {
                case 0: attributes.append(SnapshotAttribute(name: name, offset: try input.int(), lengths: try input.ints()))
                case 1: attributes.append(SnapshotAttribute(name: name, error: try input.string()))
                default: throw input.failure("an attribute tag")
                }
            }
            var dataset: SnapshotDatasetEntry?
            switch try input.byte() {
            case 0: dataset = nil
            case 1: dataset = SnapshotDatasetEntry(error: try input.string())
            case 2:
                let shape = try input.ints()
                guard let type = HDF5ElementType(rawValue: try input.byte()) else { throw input.failure("an element type") }
                dataset = SnapshotDatasetEntry(shape: shape, type: type, offset: try input.int(), length: try input.int())
            default: throw input.failure("a dataset tag")
            }
            objects.append(SnapshotObject(path: path, kind: kind, attributes: attributes, dataset: dataset))
        }
        guard input.atEnd else { throw input.failure("the end") }
        self.init(objects: objects)
    }
}

private struct ManifestWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }
    mutating func int(_ value: Int) { withUnsafeBytes(of: UInt64(bitPattern: Int64(value)).littleEndian) { bytes += $0 } }
    mutating func count(_ value: Int) { int(value) }
    mutating func ints(_ values: [Int]) {
        count(values.count)
        values.forEach { int($0) }
    }
    mutating func string(_ value: String) {
        count(value.utf8.count)
        bytes += value.utf8
    }
}

private struct ManifestReader {
    let data: Data
    var position: Int

    init(data: Data) {
        self.data = data
        position = data.startIndex
    }

    var atEnd: Bool { position == data.endIndex }

    func failure(_ what: String) -> HDF5Error {
        HDF5Error("manifest byte \(position - data.startIndex): expected \(what)")
    }

    mutating func byte() throws -> UInt8 {
        guard position < data.endIndex else { throw failure("a byte") }
        defer { position += 1 }
        return data[position]
    }

    mutating func int() throws -> Int {
        guard data.endIndex - position >= 8 else { throw failure("an integer") }
        let value = data[position..<position + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        position += 8
        return Int(Int64(bitPattern: value))
    }

    /// A count of items that each take at least one byte: never more than the bytes left.
    mutating func count() throws -> Int {
        let value = try int()
        guard value >= 0, value <= data.endIndex - position else { throw failure("a count of at most the bytes left") }
        return value
    }

    mutating func ints() throws -> [Int] {
        try (0..<(try count())).map { _ in try int() }
    }

    mutating func string() throws -> String {
        let length = try count()
        defer { position += length }
        return String(decoding: data[position..<position + length], as: UTF8.self)
    }
}
