import Foundation
import LiteIR

/// Type-agnostic data movement on tensors' raw bytes (transpose, gather, concat), so shape ops
/// work for every element type without converting values.
enum ByteMoves {
    /// Transposes `t` so that output dim i is input dim perm[i].
    static func transpose(_ t: Tensor, perm: [Int]) -> Tensor {
        let shape = perm.map { t.shape[$0] }
        let size = t.dtype.byteSize
        let inStrides = ShapeMath.strides(t.shape)
        let permStrides = perm.map { inStrides[$0] }
        let count = t.count
        var out = Data(count: count * size)
        if count == 0 { return Tensor(dtype: t.dtype, shape: shape, validatedData: out) }
        t.data.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                switch size {
                case 1: permute(src.bindMemory(to: UInt8.self), dst.bindMemory(to: UInt8.self), shape: shape, strides: permStrides)
                case 2: permute(src.bindMemory(to: UInt16.self), dst.bindMemory(to: UInt16.self), shape: shape, strides: permStrides)
                case 4: permute(src.bindMemory(to: UInt32.self), dst.bindMemory(to: UInt32.self), shape: shape, strides: permStrides)
                default: permute(src.bindMemory(to: UInt64.self), dst.bindMemory(to: UInt64.self), shape: shape, strides: permStrides)
                }
            }
        }
        return Tensor(dtype: t.dtype, shape: shape, validatedData: out)
    }

    /// Writes the elements of `src` to `dst` in the order of an odometer over `shape` whose dims
    /// step through `src` by `strides`; the innermost dim runs in a tight loop.
    private static func permute<Element>(_ src: UnsafeBufferPointer<Element>, _ dst: UnsafeMutableBufferPointer<Element>,
                                         shape: [Int], strides: [Int]) {
        let rank = shape.count
        guard rank > 0 else {
            dst[0] = src[0]
            return
        }
        let inner = shape[rank - 1], innerStride = strides[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var offset = 0, o = 0
        while o < dst.count {
            for k in 0..<inner { dst[o + k] = src[offset + k * innerStride] }
            o += inner
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                offset += strides[d]
                if index[d] < shape[d] { break }
                offset -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
            if d < 0 { break }
        }
    }

    /// Gathers slices along `axis`: output block (outer, j, inner) = input block (outer, indices[j], inner).
    static func gather(_ t: Tensor, axis: Int, indices: [Int], indicesShape: [Int]) -> Tensor {
        let (outer, size, inner) = splitAround(t.shape, axis: axis)
        let block = inner * t.dtype.byteSize
        var out = Data(count: outer * indices.count * block)
        if out.isEmpty || block == 0 {
            return Tensor(dtype: t.dtype, shape: Array(t.shape[..<axis]) + indicesShape + Array(t.shape[(axis + 1)...]), validatedData: out)
        }
        t.data.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                var o = 0
                for i in 0..<outer {
                    for j in indices {
                        (dst.baseAddress! + o).copyMemory(from: src.baseAddress! + (i * size + j) * block, byteCount: block)
                        o += block
                    }
                }
            }
        }
        return Tensor(dtype: t.dtype, shape: Array(t.shape[..<axis]) + indicesShape + Array(t.shape[(axis + 1)...]), validatedData: out)
    }

    /// Concatenates tensors of one type along `axis`.
    static func concat(_ parts: [Tensor], axis: Int, shape: [Int]) -> Tensor {
        let dtype = parts[0].dtype
        let outer = shape[..<axis].reduce(1, *)
        var out = Data()
        out.reserveCapacity(shape.reduce(1, *) * dtype.byteSize)
        let blocks = parts.map { $0.shape[axis...].reduce(1, *) * dtype.byteSize }
        for i in 0..<outer {
            for (p, part) in parts.enumerated() where blocks[p] > 0 {
                let start = part.data.startIndex + i * blocks[p]
                out.append(part.data[start..<start + blocks[p]])
            }
        }
        return Tensor(dtype: dtype, shape: shape, validatedData: out)
    }
}
