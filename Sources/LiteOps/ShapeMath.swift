import LiteIR

/// Shape helpers shared by inference (symbolic dims) and kernels (concrete dims).
public enum ShapeMath {
    /// Numpy-style broadcast of static shapes; throws naming the node when incompatible.
    static func broadcast(_ a: [Dim], _ b: [Dim], node: Node) throws -> [Dim] {
        let rank = max(a.count, b.count)
        var out: [Dim] = []
        out.reserveCapacity(rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? Dim.fixed(1) : a[i - (rank - a.count)]
            let db = i < rank - b.count ? Dim.fixed(1) : b[i - (rank - b.count)]
            switch (da, db) {
            case (.fixed(1), _): out.append(db)
            case (_, .fixed(1)): out.append(da)
            case (.fixed(let x), .fixed(let y)):
                guard x == y else { throw node.error("shapes \(a) and \(b) cannot be broadcast") }
                out.append(da)
            case (.symbolic, .fixed): out.append(db)
            default: out.append(da)
            }
        }
        return out
    }

    /// Numpy-style broadcast of concrete shapes.
    static func broadcast(_ a: [Int], _ b: [Int], node: Node) throws -> [Int] {
        try broadcast(a.map { .fixed($0) }, b.map { .fixed($0) }, node: node).map { $0.value ?? 1 }
    }

    /// Resolves a possibly negative axis against `rank`; throws naming the node when out of range
    /// (a scalar has no axis).
    public static func axis(_ axis: Int, rank: Int, node: Node) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < rank else { throw node.error("axis \(axis) is out of range for rank \(rank)") }
        return a
    }

    /// Row-major strides of a shape.
    public static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in shape.indices.reversed() {
            s[i] = acc
            acc *= shape[i]
        }
        return s
    }

    /// Strides for reading a tensor of `shape` as if broadcast to `target` (0 on broadcast dims).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return target.indices.map { i in
            i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
        }
    }

    /// Product of fixed dims; nil when any dim is symbolic or the product overflows.
    public static func product(_ dims: some Collection<Dim>) -> Int? {
        var n = 1
        for d in dims {
            guard let v = d.value else { return nil }
            let (product, overflow) = n.multipliedReportingOverflow(by: v)
            guard !overflow else { return nil }  // no tensor has that many elements: not a size to compute with
            n = product
        }
        return n
    }
}

/// Calls `body(outIndex, aIndex, bIndex)` for every element of a broadcast binary operation.
func forEachBroadcast(_ a: [Int], _ b: [Int], _ out: [Int], _ body: (Int, Int, Int) -> Void) {
    let count = out.reduce(1, *)
    if count == 0 { return }
    if a == out && b == out {
        for i in 0..<count { body(i, i, i) }
        return
    }
    let sa = ShapeMath.broadcastStrides(a, to: out)
    let sb = ShapeMath.broadcastStrides(b, to: out)
    let rank = out.count
    if rank == 0 { body(0, 0, 0); return }
    // Iterate the innermost dim in a tight loop, carry the outer index like an odometer.
    let inner = out[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1]
    var index = [Int](repeating: 0, count: rank)
    var pa = 0, pb = 0, o = 0
    while o < count {
        for k in 0..<inner { body(o + k, pa + k * ia, pb + k * ib) }
        o += inner
        var d = rank - 2
        while d >= 0 {
            index[d] += 1
            pa += sa[d]
            pb += sb[d]
            if index[d] < out[d] { break }
            pa -= sa[d] * out[d]
            pb -= sb[d] * out[d]
            index[d] = 0
            d -= 1
        }
        if d < 0 { break }
    }
}
