/// The Python-literal dictionary at the start of a `.npy` file, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 224, 224), }`.
struct NPYHeader {
    var descr = ""
    var fortranOrder = false
    var shape: [Int] = []

    init(parsing text: String, fail: (String) -> NumPyError) throws {
        var scanner = LiteralScanner(text)
        try scanner.expect("{", fail)
        var seen = Set<String>()
        while true {
            scanner.skipSpace()
            if scanner.consume("}") { break }
            let key = try scanner.quoted(fail)
            try scanner.expect(":", fail)
            switch key {
            case "descr": descr = try scanner.quoted(fail)
            case "fortran_order": fortranOrder = try scanner.boolean(fail)
            case "shape": shape = try scanner.tuple(fail)
            default: throw fail("unexpected header key '\(key)'")
            }
            seen.insert(key)
            scanner.skipSpace()
            if scanner.consume(",") { continue }
            try scanner.expect("}", fail)
            break
        }
        guard seen == ["descr", "fortran_order", "shape"] else { throw fail("header lacks \(Set(["descr", "fortran_order", "shape"]).subtracting(seen).sorted())") }
    }
}

/// A tiny scanner for the Python literals a `.npy` header uses.
private struct LiteralScanner {
    private let chars: [Character]
    private var i = 0

    init(_ text: String) { chars = Array(text) }

    mutating func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }

    mutating func consume(_ c: Character) -> Bool {
        skipSpace()
        guard i < chars.count, chars[i] == c else { return false }
        i += 1
        return true
    }

    mutating func expect(_ c: Character, _ fail: (String) -> NumPyError) throws {
        guard consume(c) else { throw fail("malformed header: expected '\(c)'") }
    }

    mutating func quoted(_ fail: (String) -> NumPyError) throws -> String {
        skipSpace()
        guard i < chars.count, chars[i] == "'" || chars[i] == "\"" else { throw fail("malformed header: expected a string") }
        let quote = chars[i]
        i += 1
        let start = i
        while i < chars.count, chars[i] != quote { i += 1 }
        guard i < chars.count else { throw fail("malformed header: unterminated string") }
        defer { i += 1 }
        return String(chars[start..<i])
    }

    mutating func boolean(_ fail: (String) -> NumPyError) throws -> Bool {
        skipSpace()
        for (word, value) in [("True", true), ("False", false)] where chars[i...].starts(with: word) {
            i += word.count
            return value
        }
        throw fail("malformed header: expected True or False")
    }

    mutating func tuple(_ fail: (String) -> NumPyError) throws -> [Int] {
        try expect("(", fail)
        var values: [Int] = []
        while true {
            if consume(")") { return values }
            skipSpace()
            let start = i
            while i < chars.count, chars[i].isNumber { i += 1 }
            // Python 2 writers may append 'L' to longs.
            guard i > start, let value = Int(String(chars[start..<i])) else { throw fail("malformed header: bad shape entry") }
            if i < chars.count, chars[i] == "L" { i += 1 }
            values.append(value)
            if consume(",") { continue }
            try expect(")", fail)
            return values
        }
    }
}
