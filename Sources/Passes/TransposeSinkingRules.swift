import LiteIR
import LiteOps

/// Which ops a deferred transpose sinks through, and how their axes change: read from each
/// op's ``AxisRule``.
extension TransposeSweep {
    /// When `node` commutes with the transposes on its inputs: rewrites its inputs and axis
    /// attributes to work on the sources and returns, per output, the perm it carries.
    mutating func sink(_ node: inout Node) throws -> [[Int]]? {
        let deferred = self.deferred
        guard let perm = node.inputs.compactMap({ deferred[$0]?.perm }).first else { return nil }
        let traits = OpRegistry.traits(node.op)
        if traits.category == .elementwise {
            return try elementwise(&node, perm).map { [$0] }
        }
        let rank = perm.count
        func axis(_ a: Int) -> Int { perm[a < 0 ? a + rank : a] }
        // Every other op sinks through its first input only, unless all its inputs are data (Concat).
        var data = 0..<1
        if case .axis(_, _, allInputs: true) = traits.axes { data = node.inputs.indices }
        guard data.allSatisfy({ deferred[node.inputs[$0]]?.perm == perm }),
              node.inputs.indices.allSatisfy({ data.contains($0) || deferred[node.inputs[$0]] == nil }) else { return nil }
        var outputPerm = perm
        switch traits.axes {
        case .axis(let name, let defaultAxis, _):
            node.attributes[name] = .int(axis(try node.int(name, defaultAxis)))
        case .beginEnd(let name):
            let pads = try node.ints(name, [])
            guard node.inputs.count == 1, pads.count == 2 * rank else { return nil }
            let inverse = invert(perm)
            node.attributes[name] = .ints((0..<2 * rank).map { i in pads[(i / rank) * rank + inverse[i % rank]] })
        case .perAxis(let names):
            guard node.inputs.count == 1 else { return nil }
            for key in names {
                guard let values = try node.intsIfPresent(key) else { continue }
                guard values.count == rank else { return nil }
                node.attributes[key] = .ints(invert(perm).map { values[$0] })
            }
        case .selection(let name):
            guard let indices = graph.constants[node.inputs[1]], indices.rank <= 1 else { return nil }
            let a = try ShapeMath.axis(try node.int(name, 0), rank: rank, node: node)
            node.attributes[name] = .int(perm[a])
            if indices.rank == 0 { outputPerm = Self.removing([a], from: perm) }
        case .reducedAxes, .reducedAxis:
            let single = traits.axes == .reducedAxis
            guard node.inputs.count == 1 else { return nil }
            let given = single ? [try node.int("axis", 0)] : try node.intsIfPresent("axes")
            let reduced: [Int]
            if let given, !given.isEmpty {
                reduced = try given.map { try ShapeMath.axis($0, rank: rank, node: node) }
                node.attributes[single ? "axis" : "axes"] = single ? .int(perm[reduced[0]]) : .ints(reduced.map { perm[$0] }.sorted())
            } else {
                reduced = try node.int("noop_with_empty_axes", 0) != 0 ? [] : Array(0..<rank)
            }
            if try node.int("keepdims", 1) == 0 { outputPerm = Self.removing(reduced, from: perm) }
        case .quantizationAxis:
            if let given = try node.intIfPresent("axis") { node.attributes["axis"] = .int(axis(given)) }
        case .targetShape:
            guard node.inputs.count == 1, let x = graph.types[node.inputs[0]], let y = graph.types[node.outputs[0]],
                  let (shape, carried) = Self.unitDimReshape(x.shape, perm, y.shape) else { return nil }
            node.attributes["shape"] = .ints(shape)
            outputPerm = carried
        case .none:
            return nil
        }
        node.inputs = node.inputs.map { deferred[$0]?.source ?? $0 }
        return Array(repeating: outputPerm, count: node.outputs.count)
    }

    /// An elementwise op whose other inputs are transposed alike, are constants (transposed here
    /// too) or hold a single element.
    private mutating func elementwise(_ node: inout Node, _ perm: [Int]) throws -> [Int]? {
        guard node.outputs.count == 1 else { return nil }
        let rank = perm.count, inverse = invert(perm)
        var rewritten: [String] = []
        for input in node.inputs {
            if let d = deferred[input] {
                guard d.perm == perm else { return nil }
                rewritten.append(d.source)
            } else if let constant = graph.constants[input], constant.rank <= rank {
                rewritten.append(permutedConstant(input, constant, rank: rank, inverse: inverse))
            } else if let type = graph.types[input], type.rank <= rank, type.shape.allSatisfy({ $0 == .fixed(1) }) {
                rewritten.append(input)
            } else {
                return nil
            }
        }
        node.inputs = rewritten
        return perm
    }

    /// The perm a transpose by `perm` becomes once the axes `removed` (of its result) are gone.
    static func removing(_ removed: [Int], from perm: [Int]) -> [Int] {
        let kept = perm.indices.filter { !removed.contains($0) }
        let sourceOrder = kept.map { perm[$0] }.sorted()
        return kept.map { sourceOrder.firstIndex(of: perm[$0])! }
    }

    /// A reshape of `Transpose(source, perm)` (dims `x`) to `y` that only inserts or drops unit
    /// dims, rewritten on the source: the source-side target shape (one unknown dim as -1) and
    /// the perm its result carries. Nil for any other reshape.
    static func unitDimReshape(_ x: [Dim], _ perm: [Int], _ y: [Dim]) -> (shape: [Int], perm: [Int])? {
        let xAxes = x.indices.filter { x[$0] != .fixed(1) }, yAxes = y.indices.filter { y[$0] != .fixed(1) }
        guard xAxes.count == yAxes.count,
              zip(xAxes, yAxes).allSatisfy({ x[$0] == y[$1] && x[$0] != .symbolic("") }) else { return nil }
        let sourceOrder = xAxes.map { perm[$0] }.sorted()
        var carried = [Int](repeating: 0, count: y.count)
        var nextUnit = yAxes.count, k = 0
        for j in y.indices {
            if k < yAxes.count, yAxes[k] == j {
                carried[j] = sourceOrder.firstIndex(of: perm[xAxes[k]])!
                k += 1
            } else {
                carried[j] = nextUnit
                nextUnit += 1
            }
        }
        var dims = [Dim](repeating: .fixed(1), count: y.count)
        for j in y.indices { dims[carried[j]] = y[j] }
        return dims.reshapeTarget(keepingZeros: false).map { ($0, carried) }
    }
}
