import LiteIR
import LiteOps

/// Pad: TFLite has PAD/PADV2 (constant) and MIRROR_PAD (reflect); negative pads (crops) become
/// a Slice, and edge and wrap padding a Gather per axis with clamped or wrapped indices.
enum PadLowering {
    static func pad(_ c: inout LoweringContext, _ node: Node) throws {
        guard node.inputs.count == 1 else {
            try SliceLowering.pad(&c, node)
            return
        }
        let x = try c.type(node.inputs[0])
        let rank = x.rank
        var pads = try node.ints("pads", [])
        let mode = try node.string("mode", "constant")
        var value = node.inputs[0]
        if pads.contains(where: { $0 < 0 }) {
            let dims = x.shape.map { $0.value ?? Int(Int32.max) }
            value = try c.emit("Slice", [value], [
                "starts": .ints((0..<rank).map { max(0, -pads[$0]) }),
                "ends": .ints((0..<rank).map { dims[$0] - max(0, -pads[$0 + rank]) }),
            ], from: node)
            pads = pads.map { max($0, 0) }
        }
        if pads.allSatisfy({ $0 == 0 }) {
            try c.emitFinal("Reshape", [value], ["shape": .ints(try c.type(value).shape.map { $0.value ?? -1 })], from: node)
            return
        }
        guard mode == "edge" || mode == "wrap" else {
            var attributes = node.attributes
            attributes["pads"] = .ints(pads)
            try c.emitFinal("Pad", [value], attributes, from: node)
            return
        }
        let padded = (0..<rank).filter { pads[$0] != 0 || pads[$0 + rank] != 0 }
        for (i, axis) in padded.enumerated() {
            guard let size = try c.type(value).shape[axis].value, size > 0 else {
                throw LoweringRefusal("\(mode) padding needs a static, non-empty axis \(axis)")
            }
            // Edge repeats the border element, wrap continues from the other end.
            let indices = (-pads[axis]..<(size + pads[axis + rank])).map { i in
                mode == "edge" ? min(max(i, 0), size - 1) : ((i % size) + size) % size
            }
            let indexTensor = c.constant(Tensor(shape: [indices.count], values: indices.map { Int32($0) }), "edge_indices", for: node)
            if i == padded.count - 1 {
                try c.emitFinal("Gather", [value, indexTensor], ["axis": .int(axis)], from: node)
            } else {
                value = try c.emit("Gather", [value, indexTensor], ["axis": .int(axis)], from: node)
            }
        }
    }
}
