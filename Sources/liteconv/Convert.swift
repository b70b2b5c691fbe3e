import ArgumentParser
import Foundation
import LiteConvert

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Convert a model to a .tflite file.")

    @Argument(help: "The model to convert (.onnx).") var input: String
    @Option(name: .shortAndLong, help: "The .tflite file to write.") var output: String
    @Flag(help: "Make 4-D image inputs and outputs NHWC (default: keep the model's layout).") var nhwcIO = false

    func run() throws {
        try reportingErrors {
            let report = try LiteConvert.convert(URL(fileURLWithPath: input), to: URL(fileURLWithPath: output),
                                                 options: ConversionOptions(nhwcIO: nhwcIO))
            let ops = report.outputOps.values.reduce(0, +)
            FileHandle.standardError.write(Data(String(
                format: "converted %@ → %@: %d ops → %d TFLite ops, %d bytes, %.3f s\n",
                input, output, report.inputOps, ops, report.outputBytes, report.seconds).utf8))
        }
    }
}
