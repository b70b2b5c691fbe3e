/// How schema names become Swift identifiers: one mechanical rule per spelling of the schema.
enum SwiftNames {
    /// SCREAMING_SNAKE enum values: "CONV_2D" → "conv2D", "RELU_N1_TO_1" → "reluN1To1".
    /// A word after the first is capitalized, all of it when it starts with a digit ("2D").
    static func fromScreamingSnake(_ name: String) -> String {
        let words = name.split(separator: "_").map { $0.lowercased() }
        let tail = words.dropFirst().map { word in
            word.first?.isNumber == true ? word.uppercased() : word.prefix(1).uppercased() + word.dropFirst()
        }
        return escaped((words.first ?? "") + tail.joined())
    }

    /// snake_case fields: "stride_w" → "strideW", "fused_activation_function" → "fusedActivationFunction".
    static func fromSnake(_ name: String) -> String {
        let words = name.split(separator: "_")
        return escaped(String(words.first ?? "") + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())
    }

    /// UpperCamel table names: "Conv2DOptions" → "conv2DOptions", "ATan2" → "aTan2", "SVDF" → "svdf".
    /// A leading run of capitals is lowered, but for its last letter when a lowercase one follows.
    static func fromUpperCamel(_ name: String) -> String {
        let run = name.prefix { $0.isUppercase }
        let rest = name.dropFirst(run.count)
        let keep = run.count > 1 && rest.first?.isLowercase == true ? 1 : 0
        return escaped(run.dropLast(keep).lowercased() + run.suffix(keep) + rest)
    }

    /// Backquotes a name Swift reserves ("where", "default").
    static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    private static let keywords: Set<String> = [
        "as", "associatedtype", "break", "case", "catch", "class", "continue", "default", "defer", "deinit", "do", "else",
        "enum", "extension", "fallthrough", "false", "fileprivate", "for", "func", "guard", "if", "import", "in", "init",
        "inout", "internal", "is", "let", "nil", "operator", "private", "protocol", "public", "repeat", "rethrows", "return",
        "self", "Self", "static", "struct", "subscript", "super", "switch", "throw", "throws", "true", "try", "typealias",
        "var", "where", "while",
    ]
}
