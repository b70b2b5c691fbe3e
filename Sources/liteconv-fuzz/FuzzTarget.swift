import Foundation
import IsolatedHDF5
import KerasImport
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
    /// The Keras path after the HDF5 reader process: a snapshot (`liteconv read-hdf5-snapshot`),
    /// model config and weights. libhdf5 itself runs isolated, where its faults end in exit 2.
    case keras
    /// The .npz reader (`--inputs`).
    case npz

    /// Where each file input is written for the reader (one per process and target).
    private var scratch: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("liteconv-fuzz-\(getpid()).\(rawValue)")
    }

    /// Reads `data` as this target's input; returns whether it was accepted.
    @discardableResult
    func run(_ data: Data) -> Bool {
        do {
            switch self {
            case .keras: _ = try KerasImporter.importModel(snapshot: try HDF5Snapshot(SnapshotBytes(data)), of: URL(fileURLWithPath: "fuzz.h5"))
            case .onnx, .tflite, .npz: try readFile(data)
            }
            return true
        } catch {
            return false
        }
    }

    private func readFile(_ data: Data) throws {
        let url = scratch
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        if self == .npz {
            _ = try NumPy.readNPZ(url: url)
        } else {
            _ = try LiteConvert.load(url)
        }
    }
}
