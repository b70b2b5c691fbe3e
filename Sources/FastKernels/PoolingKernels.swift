import LiteIR
import LiteOps

/// NHWC max and average pools, one loop over channels per tap, split over output positions.
enum PoolingKernels {
    static let table: [String: FastKernel] = ["MaxPool2D": { try pool($0, $1, $2, isMax: true) },
                                              "AvgPool2D": { try pool($0, $1, $2, isMax: false) }]

    static func pool(_ node: Node, _ inputs: [Tensor?], _ context: KernelContext, isMax: Bool) throws -> [Tensor]? {
        guard node.outputs.count == 1, let x = inputs.float(0), x.rank == 4 else { return nil }
        let win = try SpatialWindow(node: node, kernel: try node.ints("kernel_shape", []))
        guard win.rank == 2 else { return nil }
        let ceilMode = try node.int("ceil_mode", 0) != 0, includePad = try node.int("count_include_pad", 0) != 0
        let (batch, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let oh = win.outputSize(h, axis: 0, ceilMode: ceilMode), ow = win.outputSize(w, axis: 1, ceilMode: ceilMode)
        let clamp = try OutputClamp(node)
        return [FloatStorage.make([batch, oh, ow, c], context) { out in
            FloatStorage.read(x) { xp in
                parallelChunks(batch * oh * ow, threads: context.threads, minimumChunk: 8) { range in
                    for position in range {
                        let n = position / (oh * ow), y = position % (oh * ow) / ow, xo = position % ow
                        let row = out + position * c
                        row.update(repeating: isMax ? -.infinity : 0, count: c)
                        var counted = 0
                        for ky in 0..<win.kernel[0] {
                            let iy = y * win.strides[0] - win.pads[0] + ky * win.dilations[0]
                            guard iy >= 0, iy < h else { continue }
                            for kx in 0..<win.kernel[1] {
                                let ix = xo * win.strides[1] - win.pads[1] + kx * win.dilations[1]
                                guard ix >= 0, ix < w else { continue }
                                counted += 1
                                let input = xp + ((n * h + iy) * w + ix) * c
                                if isMax {
                                    for i in 0..<c { row[i] = max(row[i], input[i]) }
                                } else {
                                    for i in 0..<c { row[i] += input[i] }
                                }
                            }
                        }
                        if !isMax {
                            let divisor = includePad ? paddedTaps(win, y: y, x: xo, height: h, width: w) : counted
                            for i in 0..<c { row[i] = divisor > 0 ? row[i] / Float(divisor) : 0 }
                        }
                        clamp.apply(row, count: c)
                    }
                }
            }
        }]
    }
}
