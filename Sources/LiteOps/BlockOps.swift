import LiteIR

/// NHWC DepthToSpace and SpaceToDepth with `blocksize` b, in TFLite's (and ONNX's DCR) channel
/// order: output[n, h·b + i, w·b + j, c] = input[n, h, w, (i·b + j)·C' + c] for DepthToSpace,
/// and the inverse for SpaceToDepth.
private func blockOp(_ name: String, toSpace: Bool) -> OpSpec {
    @Sendable func blockSize(_ node: Node) throws -> Int {
        let b = try node.int("blocksize", 0)
        guard b > 0 else { throw node.error("blocksize must be positive, got \(b)") }
        return b
    }
    return OpSpec(name, OpTraits(.layoutBound), infer: { ctx in
        let x = try ctx.input(0), b = try blockSize(ctx.node)
        guard x.rank == 4 else { throw ctx.node.error("expects a 4-D NHWC input, got \(x)") }
        func scaled(_ d: Dim, by factor: Int) -> Dim { d.value.map { .fixed($0 * factor) } ?? .symbolic("") }
        if toSpace {
            guard let c = x.shape[3].value, c % (b * b) == 0 else { throw ctx.node.error("channels \(x.shape[3]) must be a multiple of blocksize² (\(b * b))") }
            return [TensorType(x.dtype, [x.shape[0], scaled(x.shape[1], by: b), scaled(x.shape[2], by: b), .fixed(c / (b * b))])]
        }
        guard let h = x.shape[1].value, let w = x.shape[2].value, h % b == 0, w % b == 0 else {
            throw ctx.node.error("H and W (\(x.shape[1]), \(x.shape[2])) must be static multiples of blocksize \(b)")
        }
        return [TensorType(x.dtype, [x.shape[0], .fixed(h / b), .fixed(w / b), scaled(x.shape[3], by: b * b)])]
    }, evaluate: { node, inputs in
        let x = try inputs.required(0, node), b = try blockSize(node)
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        if toSpace {
            let depth = c / (b * b)
            let split = try x.reshaped([n, h, w, b, b, depth])
            return [try ByteMoves.transpose(split, perm: [0, 1, 3, 2, 4, 5]).reshaped([n, h * b, w * b, depth])]
        }
        let split = try x.reshaped([n, h / b, b, w / b, b, c])
        return [try ByteMoves.transpose(split, perm: [0, 1, 3, 2, 4, 5]).reshaped([n, h / b, w / b, c * b * b])]
    })
}

let blockOps: [OpSpec] = [blockOp("DepthToSpace", toSpace: true), blockOp("SpaceToDepth", toSpace: false)]
