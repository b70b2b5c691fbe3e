import LiteIR

/// Bilinear Resize2D on int8 and int16 values, as TFLite's reference_ops::ResizeBilinearInteger
/// (reference/resize_bilinear.h): source positions in Q10 fixed point — the scale
/// ((2¹⁰ · in + out / 2) / out, or with align_corners over in − 1 and out − 1), half-pixel
/// centers shifting by half a scale less half a pixel — the four neighbours weighted in Q20 and
/// the sum divided by 2²⁰, halves away from zero. The output keeps the input's parameters;
/// nearest-neighbour resizing only moves values (``QuantizedMoves``).
enum QuantizedResize {
    static let kernel = QuantizedKernel(.sameAsInput, check: { q in
        let x = try q.input(0)
        guard [.int8, .int16].contains(x.dtype), x.quantization == q.output.quantization else {
            throw q.node.error("resizes int8 or int16 values keeping their parameters, got \(x) to \(q.output)")
        }
        let sampling = try ResizeSampling(q.node)
        guard sampling.mode == "nearest" || (sampling.mode == "linear" && ["align_corners", "half_pixel", "asymmetric"].contains(sampling.transform)) else {
            throw q.node.error("resizes quantized values by nearest neighbour, or bilinearly as TFLite (align_corners, half-pixel centers or neither)")
        }
    }, prepare: prepare)

    private static func prepare(_ q: QuantizedOperands) throws -> @Sendable ([Tensor?]) throws -> [Tensor] {
        let sampling = try ResizeSampling(q.node)
        let nearest = try OpRegistry.kernel(for: q.node)
        guard sampling.mode == "linear" else { return nearest }
        let node = q.node, dtype = q.output.dtype
        let alignCorners = sampling.transform == "align_corners", halfPixel = sampling.transform == "half_pixel"
        return { inputs in
            let x = try inputs.required(0, node)
            let sizes = try ResizeTaps(node, inputs).sizes
            let (batch, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
            let (oh, ow) = (sizes[0], sizes[1])
            func scale(_ input: Int, _ output: Int) -> Int64 {
                alignCorners && output > 1 ? (Int64(1 << 10) * Int64(input - 1) + Int64((output - 1) / 2)) / Int64(output - 1)
                    : (Int64(1 << 10) * Int64(input) + Int64(output / 2)) / Int64(output)
            }
            func positions(_ count: Int, size: Int, scale: Int64) -> [(scaled: Int64, lower: Int, upper: Int)] {
                (0..<count).map { v in
                    let scaled = halfPixel ? Int64(v) * scale + scale / 2 - (1 << 9) : Int64(v) * scale
                    return (scaled, Int(max(scaled / 1024, 0)), Int(min((scaled + 1023) / 1024, Int64(size - 1))))
                }
            }
            let ys = positions(oh, size: h, scale: scale(h, oh)), xs = positions(ow, size: w, scale: scale(w, ow))
            let xv = x.int64s()
            var out = [Int64](repeating: 0, count: batch * oh * ow * c)
            for n in 0..<batch {
                for (oy, py) in ys.enumerated() {
                    let dy = py.scaled - 1024 * Int64(py.lower)
                    for (ox, px) in xs.enumerated() {
                        let dx = px.scaled - 1024 * Int64(px.lower)
                        func at(_ y: Int, _ xx: Int, _ ch: Int) -> Int64 { xv[((n * h + y) * w + xx) * c + ch] }
                        for ch in 0..<c {
                            let sum = at(py.lower, px.lower, ch) * (1024 - dy) * (1024 - dx) + at(py.upper, px.lower, ch) * dy * (1024 - dx)
                                + at(py.lower, px.upper, ch) * (1024 - dy) * dx + at(py.upper, px.upper, ch) * dy * dx
                            out[((n * oh + oy) * ow + ox) * c + ch] = (sum + (sum > 0 ? 1 << 19 : -(1 << 19))) / (1 << 20)
                        }
                    }
                }
            }
            return [Tensor.fromInt64s(out, shape: [batch, oh, ow, c], dtype: dtype)]
        }
    }
}
