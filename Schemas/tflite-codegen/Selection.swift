/// Which declarations of the schema are generated, found from a few roots by following the
/// types of their fields: every table, union and enum they reach.
struct Selection {
    /// One generated file of tables: its name and the tables reached from its roots.
    struct TableGroup {
        let file: String
        let tables: [Reflection.Object]
    }

    let tableGroups: [TableGroup]
    let unions: [Reflection.Enum]
    let enums: [Reflection.Enum]

    /// `groups` are (file, root unions or tables); a table lands in the first group reaching it.
    init(_ schema: Reflection, groups: [(file: String, roots: [String])], enums extraEnums: [String]) throws {
        var seen = Set<String>()
        var unions: [Reflection.Enum] = [], enums: [Reflection.Enum] = []
        func addEnum(_ index: Int) {
            let value = schema.enums[index]
            guard seen.insert(value.name).inserted else { return }
            if value.isUnion { unions.append(value) } else { enums.append(value) }
        }
        var groupsFound: [TableGroup] = []
        for group in groups {
            var tables: [Reflection.Object] = []
            var pending = try group.roots.map { root -> Reflection.FieldType in
                if let index = schema.objects.firstIndex(where: { $0.name == root }) { return .init(base: .obj, element: .none, index: index) }
                guard let index = schema.enums.firstIndex(where: { $0.name == root }) else { throw GeneratorError("no declaration \(root)") }
                return .init(base: .union, element: .none, index: index)
            }
            while !pending.isEmpty {
                let type = pending.removeFirst()
                let element = type.base == .vector ? type.element : type.base
                guard type.index >= 0 else { continue }
                switch element {
                case .obj:
                    let table = schema.objects[type.index]
                    guard seen.insert(table.name).inserted else { continue }
                    guard !table.isStruct else { throw GeneratorError("struct \(table.name) is not supported") }
                    tables.append(table)
                    pending += table.fields.filter { !$0.deprecated }.map(\.type)
                case .union:
                    guard !seen.contains(schema.enums[type.index].name) else { continue }
                    addEnum(type.index)
                    pending += schema.enums[type.index].values.compactMap(\.unionType)
                case .utype: continue  // the type code of a union, which its value field reaches
                default: addEnum(type.index)
                }
            }
            groupsFound.append(TableGroup(file: group.file, tables: tables.sorted { $0.name < $1.name }))
        }
        for name in extraEnums {
            guard let index = schema.enums.firstIndex(where: { $0.name == name }) else { throw GeneratorError("no enum \(name)") }
            addEnum(index)
        }
        tableGroups = groupsFound
        self.unions = unions.sorted { $0.name < $1.name }
        self.enums = enums.sorted { $0.name < $1.name }
    }
}
