import Foundation

/// The top-level fields of a protobuf message, found without decoding them: enough to hand
/// each ONNX initializer to libprotobuf-c on its own, so a large model's weights are decoded
/// one tensor at a time instead of doubling memory.
struct ProtobufField {
    let number: Int
    let wireType: Int
    /// The whole field: tag, length prefix and payload.
    let range: Range<Int>
    /// The payload of a length-delimited field.
    let payload: Range<Int>
}

enum ProtobufFraming {
    struct Malformed: Error {}

    /// Fields of the message in `range` of `bytes`; throws on malformed or truncated input.
    static func fields(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws -> [ProtobufField] {
        var fields: [ProtobufField] = []
        var at = range.lowerBound
        while at < range.upperBound {
            let start = at
            let tag = try varint(bytes, &at, limit: range.upperBound)
            let wireType = Int(tag & 7)
            let payloadStart: Int
            switch wireType {
            case 0:
                _ = try varint(bytes, &at, limit: range.upperBound)
                payloadStart = at
            case 1, 5:
                payloadStart = at
                at += wireType == 1 ? 8 : 4
            case 2:
                let length = try varint(bytes, &at, limit: range.upperBound)
                guard length <= UInt64(range.upperBound - at) else { throw Malformed() }
                payloadStart = at
                at += Int(length)
            default:
                throw Malformed()  // groups are not used by ONNX
            }
            guard at <= range.upperBound, tag >> 3 > 0, tag >> 3 <= UInt64(Int32.max) else { throw Malformed() }
            fields.append(ProtobufField(number: Int(tag >> 3), wireType: wireType, range: start..<at, payload: payloadStart..<at))
        }
        return fields
    }

    static func varint(_ bytes: UnsafeRawBufferPointer, _ at: inout Int, limit: Int) throws -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            guard at < limit else { throw Malformed() }
            let byte = bytes[at]
            at += 1
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return value }
        }
        throw Malformed()
    }

    static func encodeVarint(_ value: Int) -> [UInt8] {
        var v = UInt64(value)
        var out: [UInt8] = []
        repeat {
            out.append(UInt8(v & 0x7F) | (v > 0x7F ? 0x80 : 0))
            v >>= 7
        } while v > 0
        return out
    }
}
