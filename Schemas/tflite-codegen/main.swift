import Foundation

// Writes the Swift declarations of the TFLite schema the writer and reader use.
// Usage: tflite-codegen SCHEMA.bfbs OUTPUT_DIR (Schemas/generate-tflite.sh builds and runs it).
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: tflite-codegen SCHEMA.bfbs OUTPUT_DIR\n".utf8))
    exit(2)
}
do {
    let schema = try Reflection(bfbs: try Data(contentsOf: URL(fileURLWithPath: arguments[1])))
    let selection = try Selection(schema, groups: [
        (file: "TFLiteSchema+OptionsTables.swift", roots: ["BuiltinOptions", "BuiltinOptions2"]),
        (file: "TFLiteSchema+TensorTables.swift", roots: ["QuantizationParameters", "SparsityParameters"]),
    ], enums: ["TensorType"])
    let emitter = Emitter(schema: schema)
    var files = [
        "BuiltinOperator+Schema.swift": try emitter.builtinOperators(),
        "TFLiteSchema+Enums.swift": try emitter.enums(selection.enums),
        "TFLiteSchema+Unions.swift": emitter.unions(selection.unions),
    ]
    for group in selection.tableGroups { files[group.file] = try emitter.tables(group.tables) }
    let output = URL(fileURLWithPath: arguments[2], isDirectory: true)
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: output.appendingPathComponent(name)) }
} catch {
    FileHandle.standardError.write(Data("tflite-codegen: \(error)\n".utf8))
    exit(1)
}
