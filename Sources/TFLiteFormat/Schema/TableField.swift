/// One field of a schema table: its slot (declaration position in the table, deprecated fields
/// included), its name in the schema, its type and its default.
struct TableField: Hashable, Sendable {
    /// A field's type as the schema declares it; an enum field holds its underlying integer.
    indirect enum Kind: Hashable, Sendable {
        case bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float, double, string
        case table(String)
        /// A union's value; its type code is the `uint8` field in the slot before.
        case union(String)
        case vector(Kind)
    }

    let index: Int
    let name: String
    let kind: Kind
    let defaultValue: Double

    init(_ index: Int, _ name: String, _ kind: Kind, default defaultValue: Double = 0) {
        self.index = index
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
    }
}
