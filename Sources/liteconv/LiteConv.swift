import ArgumentParser
import Foundation
import HDF5
import IsolatedHDF5
import LiteConvert

@main
struct LiteConv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liteconv",
        abstract: "Convert ONNX and Keras .h5 models to TFLite, run them, and prove the conversion computes the same thing.",
        discussion: "Exit codes: 0 ok, 1 verification mismatch, 2 bad input or unsupported model.",
        subcommands: [Convert.self, Verify.self, Run.self, Benchmark.self, Inspect.self, ListPasses.self, ReadHDF5Snapshot.self])

    static func main() {
        // Set before any thread starts: Keras files are read in a fork of this process while it runs one.
        IsolatedHDF5Reader.forkedReader = HDF5SnapshotWriter.read
        main(nil)
    }
}

/// Runs a command body, turning any failure into a message on stderr and exit code 2.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
