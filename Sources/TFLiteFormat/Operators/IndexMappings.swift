import LiteIR
import LiteOps

/// GATHER_ND and SCATTER_ND.
enum IndexMappings {
    static let writers: [String: OperatorWriter] = [
        "GatherND": { node, _ in
            guard try node.int("batch_dims", 0) == 0 else { throw node.error("batch_dims must be lowered first") }
            return TFLiteOperator(op: .gatherNd, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.gatherNd))
        },
        "ScatterNDSum": { node, _ in
            TFLiteOperator(op: .scatterNd, inputs: node.inputs, outputs: node.outputs, options: BuiltinOptionsValue(.scatterNd))
        },
    ]

    static let readers: [Int32: OperatorReader] = [
        BuiltinOperator.gatherNd.code: { op, c in try c.emit("GatherND", op.inputs, for: op) },
        BuiltinOperator.scatterNd.code: { op, c in try c.emit("ScatterNDSum", op.inputs, for: op) },
    ]
}
