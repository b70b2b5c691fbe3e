import Foundation
import LiteIR

/// `x[key]` with NumPy's basic indexing: integers, slices with steps (negative too), `None`
/// (a new axis) and one `...`. Keras 3 saves slices as {"class_name": "__slice__", "config":
/// {start, stop, step}}; tf-keras as {start, stop, step} objects. One Slice (every axis, ONNX
/// semantics: negative bounds count from the end, bounds clamp) and one Reshape (dropping the
/// indexed axes, adding the new ones).
enum SlicingOperation {
    private enum Item {
        case index(Int)
        case range(start: Int?, stop: Int?, step: Int)
        case newAxis
        case ellipsis

        var consumesAxis: Bool {
            switch self {
            case .index, .range: true
            case .newAxis, .ellipsis: false
            }
        }

        var isEllipsis: Bool { if case .ellipsis = self { true } else { false } }
    }

    static func getItem(_ c: inout KerasContext, _ a: OperationArguments) throws -> [String] {
        let x = try a.tensor("x")
        let dims = try c.type(x).shape
        guard let key = a.value("key") else { throw a.error("needs an index") }
        var items: [Item]
        if case .list(let list) = key { items = try list.map { try item($0, a) } } else { items = [try item(key, a)] }
        let consuming = items.filter(\.consumesAxis).count
        guard consuming <= dims.count else { throw a.error("indexes \(consuming) axes of a rank-\(dims.count) tensor") }
        // `...` (or the end of the key) stands for every axis the key does not name.
        let full = Array(repeating: Item.range(start: nil, stop: nil, step: 1), count: dims.count - consuming)
        let ellipses = items.indices.filter { items[$0].isEllipsis }
        guard ellipses.count <= 1 else { throw a.error("has more than one '...'") }
        if let e = ellipses.first { items.replaceSubrange(e...e, with: full) } else { items += full }

        var starts: [Int] = [], ends: [Int] = [], steps: [Int] = []
        var axis = 0
        for item in items {
            switch item {
            case .newAxis, .ellipsis:
                break
            case .index(let i):
                let n = dims[axis].value
                if let n, !(-n..<n).contains(i) { throw a.error("index \(i) is out of range for axis \(axis) of size \(n)") }
                let start = n.map { size in i < 0 ? i + size : i } ?? i
                starts.append(start)
                ends.append(start == -1 ? Int(Int32.max) : start + 1)
                steps.append(1)
                axis += 1
            case .range(let start, let stop, let step):
                starts.append(start ?? (step > 0 ? 0 : Int(Int32.max)))
                ends.append(stop ?? (step > 0 ? Int(Int32.max) : -(dims[axis].value ?? Int(Int32.max)) - 1))
                steps.append(step)
                axis += 1
            }
        }
        let trivial = zip(zip(starts, ends), steps).allSatisfy { $0.0 == 0 && $0.1 == Int(Int32.max) && $1 == 1 }
        let sliced = trivial ? x : try c.emit("Slice", [x], ["starts": .ints(starts), "ends": .ints(ends), "steps": .ints(steps)], for: a.call)
        let slicedDims = try c.type(sliced).shape
        var target: [Dim] = []
        var source = 0
        for item in items {
            switch item {
            case .newAxis: target.append(.fixed(1))
            case .index: source += 1
            case .range:
                target.append(slicedDims[source])
                source += 1
            case .ellipsis: break
            }
        }
        guard target != slicedDims else { return [sliced] }
        return [try ShapeOperations.reshape(&c, a, sliced, to: target)]
    }

    private static func item(_ value: CallValue<String>, _ a: OperationArguments) throws -> Item {
        guard case .constant(let constant) = value else { throw a.error("indexing with a tensor is not supported") }
        if constant is NSNull { return .newAxis }
        if let i = integer(constant) { return .index(i) }
        guard let object = constant as? [String: Any] else { throw a.error("index \(KerasStrictness.describe(constant)) is not understood") }
        let className = object["class_name"] as? String
        if className == "__ellipsis__" { return .ellipsis }
        let bounds = className == "__slice__" ? object["config"] as? [String: Any] ?? [:] : object
        guard className == nil || className == "__slice__", Set(bounds.keys).isSubset(of: ["start", "stop", "step"]) else {
            throw a.error("index \(KerasStrictness.describe(constant)) is not understood")
        }
        func bound(_ key: String) throws -> Int? {
            guard let v = bounds[key], !(v is NSNull) else { return nil }
            guard let i = integer(v) else { throw a.error("slice \(key) \(KerasStrictness.describe(v)) must be an integer") }
            return i
        }
        let step = try bound("step") ?? 1
        guard step != 0 else { throw a.error("slice step 0") }
        return .range(start: try bound("start"), stop: try bound("stop"), step: step)
    }
}
