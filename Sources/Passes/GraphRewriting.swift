import LiteIR

extension Graph {
    /// Indices of the nodes reading each value (a node reading a value twice is listed once).
    func users() -> [String: [Int]] {
        var map: [String: [Int]] = [:]
        for (i, node) in nodes.enumerated() {
            for input in Set(node.inputs) where !input.isEmpty { map[input, default: []].append(i) }
        }
        return map
    }

    /// Removes node `index`, whose output `value` equals its input `source`: uses of `value`
    /// read `source` instead. A graph output keeps its name, so then the producer of `source`
    /// is renamed to `value` — possible only when `source` is a node result used by nothing else.
    /// Returns false (and changes nothing) when the node must stay.
    mutating func bypass(node index: Int, value: String, source: String) -> Bool {
        guard outputs.contains(value) else {
            replaceUses(of: value, with: source)
            nodes.remove(at: index)
            types[value] = nil
            return true
        }
        let uses = nodes.reduce(0) { $0 + $1.inputs.filter { $0 == source }.count }
        guard uses == 1, !outputs.contains(source), let producer = nodes.firstIndex(where: { $0.outputs.contains(source) }),
              let k = nodes[producer].outputs.firstIndex(of: source) else { return false }
        nodes[producer].outputs[k] = value
        nodes.remove(at: index)
        types[source] = nil
        return true
    }

    /// Whether `value` is a numeric constant whose every element equals `element`.
    func isConstant(_ value: String, everywhere element: Float) -> Bool {
        guard let tensor = constants[value], tensor.dtype.isFloatingPoint || tensor.dtype.isInteger else { return false }
        return tensor.floats().allSatisfy { $0 == element }
    }
}
