import Foundation
import LiteIR

/// HannWindow, HammingWindow and BlackmanWindow: a0 − a1·cos(2πn/N) + a2·cos(4πn/N) for
/// n in 0..<size, N = size (periodic) or size − 1 (symmetric), with size possibly a run-time value.
enum SignalOperators {
    static let table: [String: ONNXTranslator] = [
        "HannWindow": { try window(&$0, a0: 0.5, a1: 0.5, a2: 0) },
        "HammingWindow": { try window(&$0, a0: 25.0 / 46.0, a1: 21.0 / 46.0, a2: 0) },
        "BlackmanWindow": { try window(&$0, a0: 0.42, a1: 0.5, a2: 0.08) },
    ]

    static func window(_ n: inout ONNXNode, a0: Float, a1: Float, a2: Float) throws {
        let code = try n.int("output_datatype", 1)
        guard let dtype = ONNXDataType.dtype(Int32(truncatingIfNeeded: code)) else {
            throw n.error("output_datatype \(ONNXDataType.name(Int32(truncatingIfNeeded: code))) is not supported")
        }
        let size = try n.emit("Cast", [try n.requiredInput(0)], ["to": .string("int64")])
        let positions = try n.emit("Cast", [try n.emit("Range", [n.constant(Tensor(scalar: Int64(0)), "zero"), size,
                                                                 n.constant(Tensor(scalar: Int64(1)), "one")])], ["to": .string("float32")])
        var length = try n.emit("Cast", [size], ["to": .string("float32")])
        if try n.int("periodic", 1) == 0 { length = try n.emit("Sub", [length, n.constant(Tensor(scalar: Float(1)), "one_float")]) }
        let angle = try n.emit("Div", [try n.emit("Mul", [positions, n.constant(Tensor(scalar: Float(2 * Double.pi)), "two_pi")]), length])
        var value = try n.emit("Sub", [n.constant(Tensor(scalar: a0), "a0"),
                                       try n.emit("Mul", [try n.emit("Cos", [angle]), n.constant(Tensor(scalar: a1), "a1")])])
        if a2 != 0 {
            let doubled = try n.emit("Cos", [try n.emit("Add", [angle, angle])])
            value = try n.emit("Add", [value, try n.emit("Mul", [doubled, n.constant(Tensor(scalar: a2), "a2")])])
        }
        try n.emitOutput("Cast", [value], ["to": .string(dtype.rawValue)])
    }
}
