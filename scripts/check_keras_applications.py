#!/usr/bin/env python3
"""Models from keras.applications (random weights, fixed seeds) against Keras itself: each is saved
as a legacy .h5 by Keras 3, then `liteconv run` on the .h5, `liteconv convert` and the official
TFLite runtime (all three kernel sets) on the .tflite are compared with Keras's predict. Prints one
line per model and path: the largest absolute error relative to the output's scale. Too large to
commit as fixtures, so run by hand (needs TensorFlow and ai-edge-litert in one venv, or pass
--runtime-python for the oracle venv):

    .venv-keras/bin/python scripts/check_keras_applications.py --liteconv .build/release/liteconv \\
        --runtime-python .venv/bin/python [MobileNetV3Small ConvNeXtTiny InceptionResNetV2 …]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = """
import json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import official_runtime
inputs = dict(np.load(sys.argv[3]))
results = {}
for kernel_set, result in official_runtime.run_all(sys.argv[2], [inputs]).items():
    results[kernel_set] = str(result) if isinstance(result, Exception) else [v.tolist() for v in result[0][0].values()]
print(json.dumps(results))
"""


def relative_error(expected, actual):
    scale = float(np.abs(expected).max()) or 1.0
    return float(np.abs(expected.astype(np.float64) - np.asarray(actual, np.float64).reshape(expected.shape)).max()) / scale


def check(name, liteconv, runtime_python, work):
    # Logits, not a saturated softmax of random weights, so that differences show.
    model = getattr(keras.applications, name)(weights=None, input_shape=(224, 224, 3), classifier_activation=None)
    rng = np.random.default_rng(0)
    model.set_weights([(rng.standard_normal(w.shape) * 0.1).astype(np.float32) if "variance" not in w.path
                       else rng.uniform(0.5, 1.5, w.shape).astype(np.float32) for w in model.weights])
    h5, tflite = work / f"{name}.h5", work / f"{name}.tflite"
    model.save(h5)
    x = rng.uniform(0, 255, [1, *model.inputs[0].shape[1:]]).astype(np.float32)
    expected = np.asarray(model.predict(x, verbose=0))
    inputs, outputs = work / f"{name}.inputs.npz", work / f"{name}.out.npz"
    np.savez(inputs, **{model.inputs[0]._keras_history[0].name: x})
    ran = subprocess.run([liteconv, "run", h5, "--inputs", inputs, "--outputs", outputs], capture_output=True, text=True)
    print(f"{name}: liteconv run .h5: " + (f"relative error {relative_error(expected, next(iter(np.load(outputs).values()))):.2e}"
                                          if ran.returncode == 0 else f"exit {ran.returncode}: {ran.stderr.strip()[:300]}"))
    converted = subprocess.run([liteconv, "convert", h5, "-o", tflite], capture_output=True, text=True)
    if converted.returncode:
        print(f"{name}: convert: exit {converted.returncode}: {converted.stderr.strip()[:300]}")
        return
    official = subprocess.run([runtime_python, "-c", RUNTIME, str(ROOT / "Tests/oracle"), str(tflite), str(inputs)],
                              capture_output=True, text=True)
    if official.returncode:
        print(f"{name}: official runtime failed: {official.stderr.strip()[-300:]}")
        return
    for kernel_set, result in json.loads(official.stdout.strip().splitlines()[-1]).items():
        detail = f"relative error {relative_error(expected, result[0]):.2e}" if isinstance(result, list) else result[:300]
        print(f"{name}: TFLite {kernel_set}: {detail}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--liteconv", required=True)
    parser.add_argument("--runtime-python", default=sys.executable)
    parser.add_argument("models", nargs="*", default=["MobileNetV3Small"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models:
            check(name, str(Path(args.liteconv).resolve()), args.runtime_python, Path(tmp))


if __name__ == "__main__":
    main()
