import Foundation
import LiteConvert
import NumPyIO

/// What a fuzz input is fed to: each target reads untrusted bytes as a user's file would be
/// read, and must end in a value or an error — never a trap, a signal, a hang or an exhausting
/// allocation.
enum FuzzTarget: String, CaseIterable {
    /// The ONNX reader and importer, with type inference (`liteconv inspect model.onnx`).
    case onnx
    /// The TFLite flatbuffer reader.
    case tflite
    /// The Keras .h5 path: HDF5 file, model config and weights.
    case keras
    /// The .npz reader (`--inputs`).
    case npz

    private var fileExtension: String { rawValue == "keras" ? "h5" : rawValue }

    /// Where each input is written for the reader (one per process and target).
    private var scratch: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("liteconv-fuzz-\(getpid()).\(fileExtension)")
    }

    /// Reads `data` as this target's file; returns whether it was accepted.
    @discardableResult
    func run(_ data: Data) -> Bool {
        let url = scratch
        guard (try? data.write(to: url)) != nil else { return false }
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            switch self {
            case .onnx, .tflite, .keras: _ = try LiteConvert.load(url)
            case .npz: _ = try NumPy.readNPZ(url: url)
            }
            return true
        } catch {
            return false
        }
    }
}
