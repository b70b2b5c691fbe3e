import LiteIR

/// Einsum as IR ops: indices summed in one operand only are reduced first, then each pair of
/// operands becomes one batched MatMul (batch, free and contracted indices grouped by
/// transposes and reshapes), and the result is transposed to the output order. Ellipses are
/// expanded to explicit indices; a repeated index within one operand (a diagonal) is refused.
public enum Einsum {
    /// An operand: its value and one index letter per dim.
    private struct Term {
        var value: String
        var indices: [Character]
    }

        /// Emits `equation` over `operands` into `builder` (node names start with `name`); returns
    /// the result value.
    public static func emit(_ equation: String, _ operands: [String], into builder: inout GraphBuilder, name: String) throws -> String {
        let equation = equation.filter { !$0.isWhitespace }
        var n = EinsumBuilder(builder: builder, name: name)
        defer { builder = n.builder }
        let sides = equation.components(separatedBy: "->")
        let inputs = sides[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard sides.count <= 2, inputs.count == operands.count, !operands.isEmpty else {
            throw n.error("equation '\(equation)' does not match \(operands.count) operand(s)")
        }
        // Ellipses become upper-case indices, right-aligned across operands.
        let ellipsisRank = try zip(inputs, operands).map { text, value in
            text.contains("...") ? try n.builder.type(of: value).rank - (text.count - 3) : 0
        }.max() ?? 0
        let broadcast = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".prefix(ellipsisRank))
        func expand(_ text: String, rank: Int) throws -> [Character] {
            guard let range = text.range(of: "...") else { return Array(text) }
            let count = rank - (text.count - 3)
            guard count >= 0 else { throw n.error("'\(text)' has more indices than its operand's rank \(rank)") }
            return Array(text[..<range.lowerBound]) + broadcast.suffix(count) + Array(text[range.upperBound...])
        }
        let terms = try zip(inputs, operands).map { text, value in
            Term(value: value, indices: try expand(text, rank: try n.builder.type(of: value).rank))
        }
        for term in terms {
            guard term.indices.allSatisfy({ $0.isLetter }), Set(term.indices).count == term.indices.count,
                  try n.builder.type(of: term.value).rank == term.indices.count else {
                throw n.error("operand indices '\(String(term.indices))' must be distinct letters, one per dim (diagonals are not supported)")
            }
        }
        let output: [Character]
        if sides.count == 2 {
            output = try expand(sides[1], rank: ellipsisRank + sides[1].count - (sides[1].contains("...") ? 3 : 0))
        } else {
            // Implicit output: the ellipsis, then the indices used once, alphabetically.
            let all = terms.flatMap(\.indices)
            output = broadcast + all.filter { c in !broadcast.contains(c) && all.filter { $0 == c }.count == 1 }.sorted()
        }

        var result = try reduceUnshared(&n, terms[0], keeping: Set(output).union(terms.dropFirst().flatMap(\.indices)))
        for i in terms.indices.dropFirst() {
            let later = Set(output).union(terms[(i + 1)...].flatMap(\.indices))
            let right = try reduceUnshared(&n, terms[i], keeping: Set(result.indices).union(later))
            result = try product(&n, result, right, keeping: later)
        }
        result = try reduceUnshared(&n, result, keeping: Set(output))
        guard Set(result.indices) == Set(output) else { throw n.error("output indices '\(String(output))' are not all in the operands") }
        let perm = output.map { c in result.indices.firstIndex(of: c)! }
        return perm == Array(perm.indices) ? result.value : try n.emit("Transpose", [result.value], ["perm": .ints(perm)])
    }

    /// Sums over the indices of `term` outside `keeping`.
    private static func reduceUnshared(_ n: inout EinsumBuilder, _ term: Term, keeping: Set<Character>) throws -> Term {
        let summed = term.indices.indices.filter { !keeping.contains(term.indices[$0]) }
        guard !summed.isEmpty else { return term }
        let value = try n.emit("ReduceSum", [term.value], ["axes": .ints(summed), "keepdims": .int(0)])
        return Term(value: value, indices: term.indices.enumerated().filter { !summed.contains($0.offset) }.map(\.element))
    }

    /// A term transposed to `order` and reshaped to `view`.
    private static func arrange(_ n: inout EinsumBuilder, _ term: Term, _ order: [Character], _ view: [Dim]) throws -> String {
        let perm = order.map { c in term.indices.firstIndex(of: c)! }
        let moved = perm == Array(perm.indices) ? term.value : try n.emit("Transpose", [term.value], ["perm": .ints(perm)])
        return try n.emit("Reshape", [moved], ["shape": .ints(try n.target(view))])
    }

    /// One MatMul of two terms: [batch…, free A, contracted] × [batch…, contracted, free B].
    private static func product(_ n: inout EinsumBuilder, _ a: Term, _ b: Term, keeping: Set<Character>) throws -> Term {
        let shared = a.indices.filter { b.indices.contains($0) }
        let batch = shared.filter { keeping.contains($0) }, contracted = shared.filter { !keeping.contains($0) }
        let freeA = a.indices.filter { !b.indices.contains($0) }, freeB = b.indices.filter { !a.indices.contains($0) }
        let shapeA = try n.builder.type(of: a.value).shape, shapeB = try n.builder.type(of: b.value).shape
        guard shapeA.count == a.indices.count, shapeB.count == b.indices.count else {
            throw n.error("the equation's terms \(String(a.indices)) and \(String(b.indices)) do not match operands of rank \(shapeA.count) and \(shapeB.count)")
        }
        let dimsA = Dictionary(zip(a.indices, shapeA)) { first, _ in first }
        let dimsB = Dictionary(zip(b.indices, shapeB)) { first, _ in first }
        func size(_ indices: [Character], _ dims: [Character: Dim]) -> Dim {
            indices.reduce(Dim.fixed(1)) { acc, c in
                guard let p = acc.value, let v = dims[c]?.value, case let (product, false) = p.multipliedReportingOverflow(by: v) else { return .symbolic("") }
                return .fixed(product)
            }
        }
        let batchDims = batch.map { dimsA[$0]! }
        let left = try arrange(&n, a, batch + freeA + contracted, batchDims + [size(freeA, dimsA), size(contracted, dimsA)])
        let right = try arrange(&n, b, batch + contracted + freeB, batchDims + [size(contracted, dimsB), size(freeB, dimsB)])
        let matrix = try n.emit("MatMul", [left, right])
        let unfolded = batchDims + freeA.map { dimsA[$0]! } + freeB.map { dimsB[$0]! }
        return Term(value: try n.emit("Reshape", [matrix], ["shape": .ints(try n.target(unfolded))]), indices: batch + freeA + freeB)
    }
}

/// The builder an einsum emits into, with errors that name its node.
private struct EinsumBuilder {
    var builder: GraphBuilder
    let name: String

    func error(_ reason: String) -> GraphError { .invalidNode(node: name, op: "Einsum", reason: reason) }

    mutating func emit(_ op: String, _ inputs: [String], _ attributes: [String: Attribute] = [:]) throws -> String {
        try builder.add(op, inputs, attributes, name: "\(name)/\(op)")
    }

    func target(_ dims: [Dim]) throws -> [Int] {
        guard let target = dims.reshapeTarget(keepingZeros: false) else { throw error("needs a static shape, got \(dims)") }
        return target
    }
}
