import LiteOps

/// TFLite's two padding schemes for windowed ops, and how they relate to explicit pads.
enum TFLitePadding: Equatable {
    case same, valid

    /// Explicit (begin, end) pads TFLite applies along one axis for `size` inputs.
    func pads(size: Int, effectiveKernel: Int, stride: Int) -> (Int, Int) {
        self == .same ? SpatialWindow.samePads(size: size, stride: stride, effectiveKernel: effectiveKernel) : (0, 0)
    }

    /// The scheme that produces exactly `pads` (all begins, then all ends) for the spatial input
    /// sizes `input` ([h, w] or [d, h, w]), if any.
    static func matching(pads: [Int], input: [Int?], effectiveKernel: [Int], strides: [Int]) -> TFLitePadding? {
        if pads.allSatisfy({ $0 == 0 }) { return .valid }
        let n = input.count
        for axis in 0..<n {
            guard let size = input[axis] else { return nil }
            let (begin, end) = TFLitePadding.same.pads(size: size, effectiveKernel: effectiveKernel[axis], stride: strides[axis])
            if pads[axis] != begin || pads[axis + n] != end { return nil }
        }
        return .same
    }
}
