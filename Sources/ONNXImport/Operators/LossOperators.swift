import LiteIR

/// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss as IR ops. The class score each
/// target picks is selected with a comparison against the class index (so any target value
/// is safe to evaluate), weighted, and reduced.
enum LossOperators {
    static let table: [String: ONNXTranslator] = [
        "NegativeLogLikelihoodLoss": { n in try negativeLogLikelihood(&n, logProbabilities: try n.requiredInput(0)) },
        "SoftmaxCrossEntropyLoss": { n in
            let logProbabilities = try n.emit("LogSoftmax", [try n.requiredInput(0)], ["axis": .int(1)])
            n.alias(1, to: logProbabilities)
            try negativeLogLikelihood(&n, logProbabilities: logProbabilities)
        },
    ]

    /// loss[n, d…] = −x[n, target[n, d…], d…] · weight[target] (0 where target == ignore_index),
    /// then reduced: none, sum, or mean (the sum over the sum of the weights that applied).
    static func negativeLogLikelihood(_ n: inout ONNXNode, logProbabilities x: String) throws {
        let input = try n.builder.type(of: x)
        let target = try n.requiredInput(1)
        let targetType = try n.type(1)
        guard input.rank >= 2, targetType.rank == input.rank - 1, !targetType.dtype.isFloatingPoint,
              let classes = input.shape[1].value else {
            throw n.error("expects input [N, C, d…] with static C and an integer target [N, d…], got \(input) and \(targetType)")
        }
        let reduction = try n.string("reduction", "mean")
        guard ["none", "sum", "mean"].contains(reduction) else { throw n.error("unknown reduction '\(reduction)'") }
        let ignored = try n.intIfPresent("ignore_index").map { index in
            try n.emit("Equal", [target, n.constant(Tensor.fromInt64s([Int64(index)], shape: [], dtype: targetType.dtype), "ignore_index")])
        }
        let safeTarget = try ignored.map { try n.emit("Where", [$0, n.constant(Tensor.fromInt64s([0], shape: [], dtype: targetType.dtype), "zero_index"), target]) } ?? target

        // The selected class: a one-hot comparison along the class axis, summed away.
        var expanded = targetType.shape
        expanded.insert(.fixed(1), at: 1)
        let column = try n.emit("Reshape", [safeTarget], ["shape": .ints(try n.reshapeTarget(expanded))])
        var classShape = Array(repeating: 1, count: input.rank)
        classShape[1] = classes
        let classIndex = n.constant(Tensor.fromInt64s((0..<classes).map(Int64.init), shape: classShape, dtype: targetType.dtype), "class_index")
        let selected = try n.emit("Equal", [column, classIndex])
        let zero = n.constant(Tensor.fromFloats([0], shape: [], dtype: input.dtype), "zero")
        let picked = try n.emit("ReduceSum", [try n.emit("Where", [selected, x, zero])], ["axes": .ints([1]), "keepdims": .int(0)])
        var loss = try n.emit("Neg", [picked])

        var weights: String?
        if let weight = n.input(2) {
            let gathered = try n.emit("Gather", [weight, safeTarget], ["axis": .int(0)])
            weights = try ignored.map { try n.emit("Where", [$0, zero, gathered]) } ?? gathered
        } else if let ignored {
            weights = try n.emit("Cast", [try n.emit("Not", [ignored])], ["to": .string(input.dtype.rawValue)])
        }
        if let weights { loss = try n.emit("Mul", [loss, weights]) }

        let all: [String: Attribute] = ["axes": .ints(Array(0..<targetType.rank)), "keepdims": .int(0)]
        switch (reduction, weights) {
        case ("none", _): n.alias(0, to: loss)
        case ("sum", _): try n.emitOutput("ReduceSum", [loss], all)
        case (_, let weights?): try n.emitOutput("Div", [try n.emit("ReduceSum", [loss], all), try n.emit("ReduceSum", [weights], all)])
        default: try n.emitOutput("ReduceMean", [loss], all)
        }
    }
}
