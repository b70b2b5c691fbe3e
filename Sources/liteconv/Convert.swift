import ArgumentParser
import Foundation
import LiteConvert

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Convert a model to a .tflite file.")

    @Argument(help: "The model to convert (.onnx or Keras .h5).") var input: String
    @Option(name: .shortAndLong, help: "The .tflite file to write.") var output: String
    @Flag(help: "Make 4-D image inputs and outputs NHWC (default: keep the model's layout).") var nhwcIO = false
    @Flag(help: ArgumentHelp("Write nodes TFLite has no builtin for as LiteConvert custom operators instead of refusing the model.",
                             discussion: "liteconv run and verify can run such a file; the official TFLite runtime refuses it."))
    var allowCustom = false
    @OptionGroup var keras: KerasConfigOption

    func run() throws {
        try reportingErrors {
            let report = try LiteConvert.convert(URL(fileURLWithPath: input), to: URL(fileURLWithPath: output),
                                                 options: ConversionOptions(nhwcIO: nhwcIO, allowCustom: allowCustom,
                                                                            kerasConfig: keras.url))
            if !report.customNodes.isEmpty {
                let lines = report.customNodes.map { "  node '\($0.node)' (\($0.op)): \($0.reason)" }.joined(separator: "\n")
                FileHandle.standardError.write(Data(("warning: \(report.customNodes.count) node(s) written as LiteConvert custom operators; "
                    + "liteconv run/verify can run \(output), the official TFLite runtime will refuse it:\n\(lines)\n").utf8))
            }
            let ops = report.outputOps.values.reduce(0, +)
            FileHandle.standardError.write(Data(String(
                format: "converted %@ → %@: %d ops → %d TFLite ops, %d bytes, %.3f s\n",
                input, output, report.inputOps, ops, report.outputBytes, report.seconds).utf8))
        }
    }
}
