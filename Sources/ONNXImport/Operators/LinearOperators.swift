import Foundation
import LiteIR

/// Gemm and BatchNormalization, lowered onto FullyConnected / MatMul / Mul / Add.
enum LinearOperators {
    static let table: [String: ONNXTranslator] = ["Gemm": gemm, "BatchNormalization": batchNormalization]

    /// Y = alpha · A' · B' + beta · C. With a constant B (the usual exported Dense layer) this is a
    /// FullyConnected with weights [N, K] and a bias; otherwise MatMul and elementwise ops.
    static func gemm(_ n: inout ONNXNode) throws {
        let alpha = try n.float("alpha", 1), beta = try n.float("beta", 1)
        let transA = try n.int("transA", 0) != 0, transB = try n.int("transB", 0) != 0
        let a = try n.requiredInput(0), b = try n.requiredInput(1)
        guard try n.type(0).rank == 2, try n.type(1).rank == 2 else { throw n.error("A and B must be 2-D") }
        let c = n.input(2)
        if !transA, let bValue = n.builder.constant(b), bValue.dtype == .float32 {
            // FullyConnected wants [N, K]: B is [K, N] unless transB.
            var weights = bValue
            if !transB { weights = try transposed2D(bValue) }
            if alpha != 1 { weights = Tensor(shape: weights.shape, values: weights.values(Float.self).map { $0 * alpha }) }
            let units = weights.shape[0]
            var inputs = [a, n.constant(weights, "weights")]
            var addAfter: String?
            if let c {
                let cType = try n.builder.type(of: c)
                if let cValue = n.builder.constant(c), cValue.count == units || cValue.count == 1,
                   cType.rank <= 1 || cType.shape.dropLast().allSatisfy({ $0 == .fixed(1) }) {
                    let bias = cValue.floats().map { $0 * beta }
                    inputs.append(n.constant(Tensor(shape: [units], values: bias.count == 1 ? Array(repeating: bias[0], count: units) : bias), "bias"))
                } else {
                    addAfter = beta == 1 ? c : try n.emit("Mul", [c, n.constant(Tensor(scalar: beta), "beta")])
                }
            }
            guard let addAfter else {
                try n.emitOutput("FullyConnected", inputs)
                return
            }
            try n.emitOutput("Add", [try n.emit("FullyConnected", inputs), addAfter])
            return
        }
        let left = transA ? try n.emit("Transpose", [a], ["perm": .ints([1, 0])]) : a
        let right = transB ? try n.emit("Transpose", [b], ["perm": .ints([1, 0])]) : b
        var y = try n.emit("MatMul", [left, right])
        if alpha != 1 { y = try n.emit("Mul", [y, n.constant(Tensor(scalar: alpha), "alpha")]) }
        guard let c else {
            n.alias(0, to: y)
            return
        }
        let scaledC = beta == 1 ? c : try n.emit("Mul", [c, n.constant(Tensor(scalar: beta), "beta")])
        try n.emitOutput("Add", [y, scaledC])
    }

    private static func transposed2D(_ t: Tensor) throws -> Tensor {
        let rows = t.shape[0], cols = t.shape[1]
        let v = t.values(Float.self)
        var out = [Float](repeating: 0, count: v.count)
        for r in 0..<rows { for c in 0..<cols { out[c * rows + r] = v[r * cols + c] } }
        return Tensor(shape: [cols, rows], values: out)
    }

    /// Inference BatchNormalization: with constant statistics it is one Mul and one Add with
    /// per-channel constants scale/sqrt(var+eps) and bias - mean·that.
    static func batchNormalization(_ n: inout ONNXNode) throws {
        if try n.int("training_mode", 0) != 0 { throw n.error("training_mode=1 is not supported") }
        if try n.int("spatial", 1) != 1 { throw n.error("spatial=0 (statistics per element) is not supported") }
        if (1..<5).contains(where: { !n.output($0).isEmpty }) { throw n.error("training outputs (running mean/var) are not supported") }
        let x = try n.type(0)
        guard x.rank >= 2 else { throw n.error("expects an input of rank >= 2, got \(x)") }
        let epsilon = try n.float("epsilon", 1e-5)
        let paramShape = [-1] + Array(repeating: 1, count: x.rank - 2)
        let params = try (1...4).map { try n.requiredInput($0) }
        let values = params.compactMap { n.builder.constant($0) }
        if values.count == 4 {
            let (scale, bias, mean, variance) = (values[0].floats(), values[1].floats(), values[2].floats(), values[3].floats())
            guard Set([scale.count, bias.count, mean.count, variance.count]).count == 1 else {
                throw n.error("scale, B, mean and var must have the same length")
            }
            let factor = zip(scale, variance).map { $0 / (($1 + epsilon).squareRoot()) }
            let shift = (0..<bias.count).map { bias[$0] - mean[$0] * factor[$0] }
            let shape = [factor.count] + Array(repeating: 1, count: x.rank - 2)
            let scaled = try n.emit("Mul", [try n.requiredInput(0), n.constant(Tensor(shape: shape, values: factor), "scale")])
            try n.emitOutput("Add", [scaled, n.constant(Tensor(shape: shape, values: shift), "bias")])
            return
        }
        // Statistics computed at run time: (x - mean) / sqrt(var + eps) * scale + B.
        var reshaped: [String] = []
        for p in params { reshaped.append(try n.emit("Reshape", [p], ["shape": .ints(paramShape)])) }
        let centered = try n.emit("Sub", [try n.requiredInput(0), reshaped[2]])
        let variance = try n.emit("Add", [reshaped[3], n.constant(Tensor(scalar: epsilon), "epsilon")])
        let normalized = try n.emit("Div", [centered, try n.emit("Sqrt", [variance])])
        try n.emitOutput("Add", [try n.emit("Mul", [normalized, reshaped[0]]), reshaped[1]])
    }
}
