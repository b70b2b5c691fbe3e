import LiteIR
import LiteOps

/// NCHW (ONNX) ↔ NHWC (IR convolutions and pools) plumbing shared by the spatial operators.
extension ONNXNode {
    static let toNHWC = [0, 2, 3, 1]
    static let toNCHW = [0, 3, 1, 2]
    static let toNDHWC = [0, 2, 3, 4, 1]
    static let toNCDHW = [0, 4, 1, 2, 3]

    /// Spatial attributes resolved to explicit IR values for 2-D and 3-D windows (pads: all
    /// begins, then all ends). 1-D windows are lifted to 2-D with a unit height.
    struct Window {
        var kernel: [Int]
        var strides: [Int]
        var dilations: [Int]
        var pads: [Int]
    }

    /// Reads kernel_shape/strides/dilations/pads/auto_pad for an input with `spatial` dims, of
    /// which the operator supports up to `maxSpatial`.
    func window(kernel: [Int], spatial: [Dim], transposed: Bool = false, maxSpatial: Int = 2) throws -> Window {
        let n = spatial.count
        guard (1...maxSpatial).contains(n) else {
            throw error("only 1-D \(maxSpatial == 2 ? "and" : "to") \(maxSpatial)-D spatial inputs are supported, got \(n)-D")
        }
        guard kernel.count == n else { throw error("kernel_shape \(kernel) does not match \(n) spatial dims") }
        _ = try NumberRange.check(kernel, in: NumberRange.window, "kernel_shape", error: error)
        let strides = try NumberRange.check(try ints("strides", Array(repeating: 1, count: n)), in: NumberRange.window, "strides", error: error)
        let dilations = try NumberRange.check(try ints("dilations", Array(repeating: 1, count: n)), in: NumberRange.window, "dilations", error: error)
        var pads = try NumberRange.check(try ints("pads", Array(repeating: 0, count: 2 * n)), in: NumberRange.pad, "pads", error: error)
        guard strides.count == n, dilations.count == n, pads.count == 2 * n else {
            throw error("strides \(strides), dilations \(dilations) or pads \(pads) do not match \(n) spatial dims")
        }
        let autoPad = try string("auto_pad", "NOTSET")
        switch autoPad {
        case "NOTSET": break
        case "VALID": pads = Array(repeating: 0, count: 2 * n)
        case "SAME_UPPER", "SAME_LOWER":
            if transposed { break }  // ConvTranspose resolves SAME from its output shape
            for i in 0..<n {
                guard let size = spatial[i].value else { throw error("auto_pad \(autoPad) needs static spatial dims, got \(spatial)") }
                (pads[i], pads[i + n]) = SpatialWindow.samePads(size: size, stride: strides[i], effectiveKernel: SpatialWindow.effectiveKernel(kernel[i], dilation: dilations[i]),
                                                                oddPadAtEnd: autoPad == "SAME_UPPER")
            }
        default: throw error("unknown auto_pad '\(autoPad)'")
        }
        if n == 1 {
            return Window(kernel: [1] + kernel, strides: [1] + strides, dilations: [1] + dilations, pads: [0, pads[0], 0, pads[1]])
        }
        return Window(kernel: kernel, strides: strides, dilations: dilations, pads: pads)
    }

    /// The IR attributes of a window.
    func attributes(_ w: Window) -> [String: Attribute] {
        ["strides": .ints(w.strides), "dilations": .ints(w.dilations), "pads": .ints(w.pads)]
    }

    /// Input `value` (NCHW or NCW) as an NHWC 4-D value; NCDHW as NDHWC.
    mutating func toNHWC(_ value: String) throws -> String {
        let t = try builder.type(of: value)
        if t.rank == 5 { return try emit("Transpose", [value], ["perm": .ints(Self.toNDHWC)]) }
        var v = value
        if t.rank == 3 {
            v = try emit("Reshape", [v], ["shape": .ints(try reshapeTarget([t.shape[0], t.shape[1], .fixed(1), t.shape[2]]))])
        }
        guard t.rank == 3 || t.rank == 4 else { throw error("expects a 3-D or 4-D input, got \(t)") }
        return try emit("Transpose", [v], ["perm": .ints(Self.toNHWC)])
    }

    /// Writes an NHWC result back to ONNX output `index` in the layout of an input of `rank`.
    mutating func outputFromNHWC(_ value: String, rank: Int, index: Int = 0) throws {
        guard rank == 3 else {
            try emitOutput("Transpose", [value], ["perm": .ints(rank == 5 ? Self.toNCDHW : Self.toNCHW)], index: index)
            return
        }
        let nchw = try emit("Transpose", [value], ["perm": .ints(Self.toNCHW)])
        let t = try builder.type(of: nchw)
        try emitOutput("Reshape", [nchw], ["shape": .ints(try reshapeTarget([t.shape[0], t.shape[1], t.shape[3]]))], index: index)
    }
}
