import LiteIR
import LiteOps

/// Every float op of one input that LiteOps defines by a function of one element
/// (``OpSpec/elementFunction``: Sigmoid, Tanh, Exp, Erf, …): that same function applied in place
/// of the reference kernel's conversions to and from arrays, split over threads; Sigmoid, Exp and
/// Relu eight lanes at a time (``VectorMath``: EfficientNet's swish spends as long in Sigmoid as in
/// all its convolutions otherwise).
enum UnaryKernels {
    static let table: [String: FastKernel] = OpRegistry.specs.values.reduce(into: [:]) { table, spec in
        guard let makeFunction = spec.elementFunction else { return }
        let vector: VectorMath.Function? = switch spec.name {
        case "Sigmoid": .sigmoid
        case "Exp": .exp
        case "Relu": .relu
        default: nil
        }
        table[spec.name] = { node, inputs, context in
            guard inputs.count == 1, let x = inputs.float(0) else { return nil }
            let function = try makeFunction(node), clamp = try OutputClamp(node)
            return [FloatStorage.make(x.shape, context) { out in
                FloatStorage.read(x) { xp in
                    parallelChunks(x.count, threads: context.threads, minimumChunk: 1 << 14) { range in
                        var i = range.lowerBound
                        if let vector {
                            while i + 8 <= range.upperBound {
                                (out + i).storeVector(vector.apply((xp + i).loadVector()))
                                i += 8
                            }
                        }
                        for j in i..<range.upperBound { out[j] = function(xp[j]) }
                        clamp.apply(out + range.lowerBound, count: range.count)
                    }
                }
            }]
        }
    }
}
