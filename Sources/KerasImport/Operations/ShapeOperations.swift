import LiteIR
import LiteOps

/// reshape, transpose, expand_dims, squeeze, concatenate, stack, split (Keras 3's section
/// indices and TensorFlow's sizes) and `x[…]` slicing.
enum ShapeOperations {
    static let table: [String: OperationTranslator] = [
        "reshape": { c, a in
            guard let shape = try a.ints("newshape") else { throw a.error("needs a constant 'newshape'") }
            guard shape.filter({ $0 == -1 }).count <= 1, shape.allSatisfy({ $0 >= -1 }) else { throw a.error("invalid shape \(shape)") }
            return [try c.emit("Reshape", [try a.tensor("x")], ["shape": .ints(shape), "allowzero": .int(1)], for: a.call)]
        },
        "transpose": { c, a in
            let x = try a.tensor("x")
            let rank = try c.type(x).rank
            let perm = try a.ints("axes") ?? Array((0..<rank).reversed())
            return [try c.emit("Transpose", [x], ["perm": .ints(perm)], for: a.call)]
        },
        "expand_dims": expandDims,
        "squeeze": squeeze,
        "concatenate": { c, a in [try c.emit("Concat", try a.tensors("xs"), ["axis": .int(try a.int("axis", 0))], for: a.call)] },
        "stack": { c, a in [try c.emit("Stack", try a.tensors("xs"), ["axis": .int(try a.int("axis", 0))], for: a.call)] },
        "split": { c, a in
            let (x, axis, size) = try splitAxis(&c, a)
            guard let given = try a.ints("indices_or_sections") else { throw a.error("needs 'indices_or_sections'") }
            let sizes: [Int]
            if case .constant(let v)? = a.value("indices_or_sections"), integer(v) != nil {
                guard (1...max(size, 1)).contains(given[0]), size % given[0] == 0 else {
                    throw a.error("cannot split a dim of \(size) into \(given[0]) equal parts")
                }
                sizes = Array(repeating: size / given[0], count: given[0])
            } else {
                let bounds = [0] + given.map { min(max($0 < 0 ? $0 + size : $0, 0), size) } + [size]
                sizes = zip(bounds.dropFirst(), bounds).map { max($0 - $1, 0) }
            }
            return try c.emit("Split", [x], ["axis": .int(axis), "split": .ints(sizes)], outputs: sizes.count, for: a.call)
        },
        "tf_split": { c, a in
            let (x, axis, size) = try splitAxis(&c, a)
            guard var sizes = try a.ints("num_or_size_splits") else { throw a.error("needs 'num_or_size_splits'") }
            if case .constant(let v)? = a.value("num_or_size_splits"), integer(v) != nil {
                guard (1...max(size, 1)).contains(sizes[0]), size % sizes[0] == 0 else {
                    throw a.error("cannot split a dim of \(size) into \(sizes[0]) equal parts")
                }
                sizes = Array(repeating: size / sizes[0], count: sizes[0])
            } else {
                // Each size within the dim first, so that their sum cannot overflow.
                guard sizes.allSatisfy({ (-1...size).contains($0) }) else { throw a.error("sizes \(sizes) do not fit a dim of \(size)") }
                if let unknown = sizes.firstIndex(of: -1) { sizes[unknown] = size - sizes.filter { $0 != -1 }.reduce(0, +) }
            }
            guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == size else { throw a.error("sizes \(sizes) do not add up to \(size)") }
            if a.has("num"), try a.int("num") != sizes.count { throw a.error("'num' does not match \(sizes.count) parts") }
            return try c.emit("Split", [x], ["axis": .int(axis), "split": .ints(sizes)], outputs: sizes.count, for: a.call)
        },
        "get_item": SlicingOperation.getItem,
        "moveaxis": moveAxis,
        "swapaxes": { c, a in
            let x = try a.tensor("x")
            let rank = try c.type(x).rank
            var perm = Array(0..<rank)
            let (i, j) = (try a.axis(try a.int("axis1"), rank: rank), try a.axis(try a.int("axis2"), rank: rank))
            perm.swapAt(i, j)
            return [try c.emit("Transpose", [x], ["perm": .ints(perm)], for: a.call)]
        },
        "flip": { c, a in
            let x = try a.tensor("x")
            let rank = try c.type(x).rank
            let axes = try a.axes("axis", rank: rank) ?? Array(0..<rank)
            return [try c.emit("Reverse", [x], ["axes": .ints(axes)], for: a.call)]
        },
        "tile": tile,
        "pad": pad,
    ]

    /// NumPy's moveaxis: the `source` axes move to the `destination` positions, the others keep
    /// their order.
    static func moveAxis(_ c: inout KerasContext, _ a: OperationArguments) throws -> [String] {
        let x = try a.tensor("x")
        let rank = try c.type(x).rank
        guard let sources = try a.ints("source"), let destinations = try a.ints("destination"), sources.count == destinations.count else {
            throw a.error("needs as many source as destination axes")
        }
        let moved = try sources.map { try a.axis($0, rank: rank) }, targets = try destinations.map { try a.axis($0, rank: rank) }
        var rest = (0..<rank).filter { !moved.contains($0) }.makeIterator()
        let placed = Dictionary(zip(targets, moved), uniquingKeysWith: { first, _ in first })
        guard placed.count == targets.count, Set(moved).count == moved.count else { throw a.error("repeated axes") }
        let perm = (0..<rank).map { placed[$0] ?? rest.next()! }
        return [try c.emit("Transpose", [x], ["perm": .ints(perm)], for: a.call)]
    }

    /// x repeated `repeats` times per axis; fewer repeats than axes apply to the last axes, more
    /// add leading axes (NumPy's tile).
    static func tile(_ c: inout KerasContext, _ a: OperationArguments) throws -> [String] {
        var x = try a.tensor("x")
        guard let repeats = try a.ints("repeats"), repeats.allSatisfy({ $0 >= 0 }) else { throw a.error("needs non-negative constant 'repeats'") }
        var dims = try c.type(x).shape
        if repeats.count > dims.count {
            dims = Array(repeating: .fixed(1), count: repeats.count - dims.count) + dims
            x = try reshape(&c, a, x, to: dims)
        }
        let full = Array(repeating: 1, count: dims.count - repeats.count) + repeats
        let multiples = c.constant(Tensor(shape: [full.count], values: full.map { Int64($0) }), "repeats", for: a.call)
        return [try c.emit("Tile", [x, multiples], for: a.call)]
    }

    /// Constant padding: `pad_width` per axis as NumPy takes it ([[before, after], …], one
    /// pair for every axis, or one number), `constant_values` one number.
    static func pad(_ c: inout KerasContext, _ a: OperationArguments) throws -> [String] {
        let x = try a.tensor("x")
        let rank = try c.type(x).rank
        let mode = try a.string("mode", "constant")
        guard mode.lowercased() == "constant" else { throw a.error("pad mode '\(mode)' is not supported (only constant)") }
        guard let width = try a.constant("pad_width") else { throw a.error("needs constant 'pad_width'") }
        let pairs: [[Int]]
        if let n = integer(width) {
            pairs = Array(repeating: [n, n], count: rank)
        } else if let list = width as? [Any], let flat = Optional(list.compactMap(integer)), flat.count == 2, list.count == 2 {
            pairs = Array(repeating: flat, count: rank)
        } else if let list = width as? [Any], let nested = Optional(list.compactMap { ($0 as? [Any])?.compactMap(integer) }),
                  nested.count == rank, nested.allSatisfy({ $0.count == 2 }) {
            pairs = nested
        } else {
            throw a.error("pad_width \(KerasStrictness.describe(width)) must give a pair per axis")
        }
        guard pairs.joined().allSatisfy({ $0 >= 0 }) else { throw a.error("negative padding") }
        let value = a.has("constant_values") ? Float(try a.double("constant_values")) : 0
        return [try c.emit("Pad", [x], ["pads": .ints(pairs.map { $0[0] } + pairs.map { $0[1] }), "mode": .string("constant"), "value": .float(value)],
                         for: a.call)]
    }

    /// The split input, its axis (non-negative) and that dim's static size.
    private static func splitAxis(_ c: inout KerasContext, _ a: OperationArguments) throws -> (String, Int, Int) {
        let x = try a.tensor("x")
        let t = try c.type(x)
        let axis = try a.axis(try a.int("axis", 0), rank: t.rank)
        guard let size = t.shape[axis].value else { throw a.error("needs a static dim on axis \(axis) of \(t)") }
        return (x, axis, size)
    }

    static func expandDims(_ c: inout KerasContext, _ a: OperationArguments) throws -> [String] {
        let x = try a.tensor("x")
        var dims = try c.type(x).shape
        guard let given = try a.ints("axis") else { throw a.error("needs 'axis'") }
        let rank = dims.count + given.count
        let axes = try given.map { try a.axis($0, rank: rank) }.sorted()
        guard Set(axes).count == axes.count else { throw a.error("repeated axes \(given)") }
        for axis in axes { dims.insert(.fixed(1), at: axis) }
        return [try reshape(&c, a, x, to: dims)]
    }

    static func squeeze(_ c: inout KerasContext, _ a: OperationArguments) throws -> [String] {
        let x = try a.tensor("x")
        let dims = try c.type(x).shape
        let axes: [Int]
        if let given = try a.axes("axis", rank: dims.count) {
            axes = given
            guard axes.allSatisfy({ (dims[$0].value ?? 1) == 1 }) else { throw a.error("cannot squeeze axes \(given) of \(dims)") }
        } else {
            axes = dims.indices.filter { dims[$0].value == 1 }
        }
        return [try reshape(&c, a, x, to: dims.indices.filter { !axes.contains($0) }.map { dims[$0] })]
    }

    /// x as one axis, as NumPy's axis=None reductions see it.
    static func flatten(_ c: inout KerasContext, _ a: OperationArguments, _ x: String) throws -> String {
        try c.emit("Reshape", [x], ["shape": .ints([-1])], for: a.call)
    }

    /// x reshaped to `dims` (at most one unknown).
    static func reshape(_ c: inout KerasContext, _ a: OperationArguments, _ x: String, to dims: [Dim]) throws -> String {
        guard let target = dims.reshapeTarget(keepingZeros: false) else { throw a.error("needs at most one unknown dim, got \(dims)") }
        return try c.emit("Reshape", [x], ["shape": .ints(target)], for: a.call)
    }
}
