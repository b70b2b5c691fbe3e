import Foundation
import LiteIR

/// An elementwise op whose result is bool (predicates and comparisons).
private func predicate(_ name: String, arity: Int, boolInputs: Bool = false,
                       _ makeTest: @escaping @Sendable (Node) throws -> ([Float]) -> Bool) -> OpSpec {
    OpSpec(name, .elementwise, infer: { ctx in
        let types = try (0..<arity).map { try ctx.input($0) }
        guard types.allSatisfy({ $0.dtype == types[0].dtype }) else { throw ctx.node.error("input types differ: \(types.map(\.dtype))") }
        if boolInputs && types[0].dtype != .bool { throw ctx.node.error("expects bool inputs, got \(types[0].dtype)") }
        _ = try makeTest(ctx.node)
        let shape = try types.dropFirst().reduce(types[0].shape) { try ShapeMath.broadcast($0, $1.shape, node: ctx.node) }
        return [TensorType(.bool, shape)]
    }, evaluate: { node, inputs in
        let tensors = try (0..<arity).map { try inputs.required($0, node) }
        let test = try makeTest(node)
        if arity == 1 { return [Tensor(shape: tensors[0].shape, values: tensors[0].floats().map { test([$0]) })] }
        let shape = try ShapeMath.broadcast(tensors[0].shape, tensors[1].shape, node: node)
        var out = [Bool](repeating: false, count: shape.reduce(1, *))
        // Integers compare exactly in Int64; floats in Float.
        if !tensors[0].dtype.isFloatingPoint {
            let a = tensors[0].int64s(), b = tensors[1].int64s()
            forEachBroadcast(tensors[0].shape, tensors[1].shape, shape) { i, ia, ib in
                out[i] = test([Float(a[ia].signum()), Float(b[ib].signum()), a[ia] < b[ib] ? -1 : (a[ia] > b[ib] ? 1 : 0)])
            }
        } else {
            let a = tensors[0].floats(), b = tensors[1].floats()
            forEachBroadcast(tensors[0].shape, tensors[1].shape, shape) { i, ia, ib in
                out[i] = test([a[ia], b[ib], a[ia] < b[ib] ? -1 : (a[ia] > b[ib] ? 1 : (a[ia] == b[ib] ? 0 : .nan))])
            }
        }
        return [Tensor(shape: shape, values: out)]
    })
}

/// Comparison by the sign of (a − b) (third test argument; NaN when unordered).
private func comparison(_ name: String, _ accept: @escaping @Sendable (Float) -> Bool) -> OpSpec {
    predicate(name, arity: 2) { _ in { accept($0[2]) } }
}

let logicalOps: [OpSpec] = [
    comparison("Equal") { $0 == 0 },
    comparison("Less") { $0 < 0 },
    comparison("LessOrEqual") { $0 <= 0 },
    comparison("Greater") { $0 > 0 },
    comparison("GreaterOrEqual") { $0 >= 0 },
    predicate("And", arity: 2, boolInputs: true) { _ in { $0[0] != 0 && $0[1] != 0 } },
    predicate("Or", arity: 2, boolInputs: true) { _ in { $0[0] != 0 || $0[1] != 0 } },
    predicate("Xor", arity: 2, boolInputs: true) { _ in { ($0[0] != 0) != ($0[1] != 0) } },
    predicate("Not", arity: 1, boolInputs: true) { _ in { $0[0] == 0 } },
    predicate("IsNaN", arity: 1) { _ in { $0[0].isNaN } },
    predicate("IsInf", arity: 1) { node in
        let negative = try node.int("detect_negative", 1) != 0, positive = try node.int("detect_positive", 1) != 0
        return { $0[0].isInfinite && ($0[0] > 0 ? positive : negative) }
    },
    whereOp,
]

/// Where(condition, x, y) with three-way broadcasting.
private let whereOp = OpSpec("Where", .elementwise, infer: { ctx in
    let c = try ctx.input(0), x = try ctx.input(1), y = try ctx.input(2)
    guard c.dtype == .bool, x.dtype == y.dtype else { throw ctx.node.error("expects a bool condition and two inputs of one type") }
    let shape = try ShapeMath.broadcast(try ShapeMath.broadcast(c.shape, x.shape, node: ctx.node), y.shape, node: ctx.node)
    return [TensorType(x.dtype, shape)]
}, evaluate: { node, inputs in
    let c = try inputs.required(0, node), x = try inputs.required(1, node), y = try inputs.required(2, node)
    let shape = try ShapeMath.broadcast(try ShapeMath.broadcast(c.shape, x.shape, node: node), y.shape, node: node)
    let cs = ShapeMath.broadcastStrides(c.shape, to: shape), xs = ShapeMath.broadcastStrides(x.shape, to: shape)
    let ys = ShapeMath.broadcastStrides(y.shape, to: shape), strides = ShapeMath.strides(shape)
    let condition = c.values(Bool.self), size = x.dtype.byteSize
    var out = Data(count: shape.reduce(1, *) * size)
    x.data.withUnsafeBytes { (xb: UnsafeRawBufferPointer) in
        y.data.withUnsafeBytes { (yb: UnsafeRawBufferPointer) in
            out.withUnsafeMutableBytes { (ob: UnsafeMutableRawBufferPointer) in
                for i in 0..<shape.reduce(1, *) {
                    var ic = 0, ix = 0, iy = 0
                    for d in shape.indices {
                        let k = (i / strides[d]) % shape[d]
                        ic += k * cs[d]; ix += k * xs[d]; iy += k * ys[d]
                    }
                    let source = condition[ic] ? xb.baseAddress! + ix * size : yb.baseAddress! + iy * size
                    (ob.baseAddress! + i * size).copyMemory(from: source, byteCount: size)
                }
            }
        }
    }
    return [Tensor(dtype: x.dtype, shape: shape, validatedData: out)]
})
