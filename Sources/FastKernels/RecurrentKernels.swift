import Foundation
import LiteIR
import LiteOps

/// SequenceLSTM and SequenceRNN (LiteOps/RecurrentSequenceOps.swift) computed directly: the
/// input projection of every step in one GEMM, then per step the recurrent product and the
/// gates, instead of the reference kernel's unrolled graph. Float32 only.
enum RecurrentKernels {
    static let table: [String: FastKernel] = ["SequenceLSTM": sequence, "SequenceRNN": sequence]

    static func sequence(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext) throws -> [Tensor]? {
        let layer = try RecurrentSequence.layer(of: node)
        guard let x = inputs.float(0), let w = inputs.float(1), let r = inputs.float(2), x.rank == 3 else { return nil }
        guard let bias = inputs.optionalFloat(RecurrentSequence.bias), let peepholes = inputs.optionalFloat(RecurrentSequence.peepholes(layer.cell)),
              let initialHidden = inputs.optionalFloat(RecurrentSequence.initialHidden(layer.cell)),
              let initialCell = inputs.optionalFloat(layer.cell == .lstm ? RecurrentSequence.initialCell : nil) else { return nil }
        let shape = Shape(steps: x.shape[0], batch: x.shape[1], inputs: x.shape[2], hidden: layer.hiddenSize,
                          gates: layer.cell == .lstm ? 4 : 1, directions: layer.direction == .bidirectional ? 2 : 1)
        let states = [shape.directions * shape.batch * shape.hidden] + (shape.directions == 1 ? [shape.batch * shape.hidden] : [])
        guard w.count == shape.directions * shape.gateWidth * shape.inputs, r.count == shape.directions * shape.gateWidth * shape.hidden,
              bias.map({ $0.count == shape.directions * 2 * shape.gateWidth }) ?? true,
              peepholes.map({ $0.count == shape.directions * 3 * shape.hidden }) ?? true,
              [initialHidden, initialCell].allSatisfy({ $0.map { states.contains($0.count) } ?? true }),
              GEMM.fits(shape.steps * shape.batch, shape.gateWidth, shape.inputs) else { return nil }
        // The gate and cell functions are the Sigmoid, Tanh and Relu ops' own (the reference unrolls into those ops).
        let activation = try elementFunction(try node.string("cell_activation", "Tanh"), node), sigmoid = try elementFunction("Sigmoid", node)
        let cellShape = [shape.directions, shape.batch, shape.hidden]
        var finalCells = [Float](repeating: 0, count: cellShape.reduce(1, *))
        let y = FloatStorage.make([shape.steps, shape.batch, shape.directions * shape.hidden], context) { out in
            for d in 0..<shape.directions {
                let backwards = layer.direction == .reverse || d == 1
                let run = Direction(shape: shape, direction: d, backwards: backwards, activation: activation, sigmoid: sigmoid)
                run.compute(x: x, w: w, r: r, bias: bias, peepholes: peepholes, initialHidden: initialHidden, initialCell: initialCell,
                            into: out, finalCell: &finalCells, threads: context.threads)
            }
        }
        return layer.cell == .lstm ? [y, Tensor(shape: cellShape, values: finalCells)] : [y]
    }

    /// The function of one element of the one-input op `name` (LiteOps' definition).
    private static func elementFunction(_ name: String, _ node: Node) throws -> @Sendable (Float) -> Float {
        guard let make = OpRegistry.specs[name]?.elementFunction else { throw node.error("\(name) is not a function of one element") }
        return try make(Node(name: node.name, op: name, inputs: [], outputs: []))
    }

    struct Shape {
        var steps: Int, batch: Int, inputs: Int, hidden: Int, gates: Int, directions: Int
        var gateWidth: Int { gates * hidden }
    }

    /// One direction of the layer.
    struct Direction {
        let shape: Shape, direction: Int, backwards: Bool
        let activation: (Float) -> Float, sigmoid: (Float) -> Float

        func compute(x: Tensor, w: Tensor, r: Tensor, bias: Tensor?, peepholes: Tensor?, initialHidden: Tensor?, initialCell: Tensor?,
                     into out: UnsafeMutablePointer<Float>, finalCell: inout [Float], threads: Int) {
            let (steps, batch, hidden, width) = (shape.steps, shape.batch, shape.hidden, shape.gateWidth)
            // Every step's input projection X·Wᵀ plus both biases.
            var projected = [Float](repeating: 0, count: steps * batch * width)
            projected.withUnsafeMutableBufferPointer { p in
                FloatStorage.read(x) { xp in
                    FloatStorage.read(w) { wp in
                        GEMM.multiply(m: steps * batch, n: width, k: shape.inputs, a: xp, lda: shape.inputs,
                                      b: wp + direction * width * shape.inputs, ldb: shape.inputs, transposedB: true,
                                      c: p.baseAddress!, ldc: width, threads: threads)
                    }
                }
                if let bias {
                    let both = bias.values(Float.self)[(direction * 2 * width)..<((direction + 1) * 2 * width)].map { $0 }
                    let summed = (0..<width).map { both[$0] + both[width + $0] }
                    for row in 0..<(steps * batch) { for j in 0..<width { p[row * width + j] += summed[j] } }
                }
            }
            var h = state(initialHidden), c = state(initialCell)
            let p = peepholes.map { Array($0.values(Float.self)[(direction * 3 * hidden)..<((direction + 1) * 3 * hidden)]) }
            var gates = [Float](repeating: 0, count: batch * width)
            FloatStorage.read(r) { rp in
                let recurrent = rp + direction * width * hidden
                for step in 0..<steps {
                    let t = backwards ? steps - 1 - step : step
                    gates.withUnsafeMutableBufferPointer { g in
                        projected.withUnsafeBufferPointer { g.baseAddress!.update(from: $0.baseAddress! + t * batch * width, count: batch * width) }
                        h.withUnsafeBufferPointer { hp in
                            GEMM.multiply(m: batch, n: width, k: hidden, a: hp.baseAddress!, lda: hidden, b: recurrent, ldb: hidden,
                                          transposedB: true, c: g.baseAddress!, ldc: width, accumulate: true, threads: 1)
                        }
                    }
                    if shape.gates == 4 { lstmGates(gates, &h, &c, p) } else { h = gates.map(activation) }
                    for b in 0..<batch {
                        (out + (t * batch + b) * shape.directions * hidden + direction * hidden).update(from: h, count: hidden, offset: b * hidden)
                    }
                }
            }
            if shape.gates == 4 { finalCell.replaceSubrange((direction * batch * hidden)..<((direction + 1) * batch * hidden), with: c) }
        }

        /// i, o, f, c gates (ONNX order), peepholes i, o, f.
        private func lstmGates(_ gates: [Float], _ h: inout [Float], _ c: inout [Float], _ p: [Float]?) {
            let (hidden, width) = (shape.hidden, shape.gateWidth)
            for b in 0..<shape.batch {
                let g = b * width
                for j in 0..<hidden {
                    let previous = c[b * hidden + j]
                    let i = sigmoid(gates[g + j] + (p.map { $0[j] * previous } ?? 0))
                    let f = sigmoid(gates[g + 2 * hidden + j] + (p.map { $0[2 * hidden + j] * previous } ?? 0))
                    let cell = f * previous + i * activation(gates[g + 3 * hidden + j])
                    let o = sigmoid(gates[g + hidden + j] + (p.map { $0[hidden + j] * cell } ?? 0))
                    c[b * hidden + j] = cell
                    h[b * hidden + j] = o * activation(cell)
                }
            }
        }

        /// An initial state of this direction ([D, B, H], or [B, H] for one direction), or zeros.
        private func state(_ tensor: Tensor?) -> [Float] {
            let size = shape.batch * shape.hidden
            guard let tensor else { return [Float](repeating: 0, count: size) }
            let values = tensor.values(Float.self)
            let start = tensor.rank == 3 ? direction * size : 0
            return Array(values[start..<start + size])
        }
    }
}

private extension UnsafeMutablePointer where Pointee == Float {
    /// Copies `count` values of `source` from `offset`.
    func update(from source: [Float], count: Int, offset: Int) {
        source.withUnsafeBufferPointer { update(from: $0.baseAddress! + offset, count: count) }
    }
}
