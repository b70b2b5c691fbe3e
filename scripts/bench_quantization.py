#!/usr/bin/env python3
"""The quantization table of `make bench`: `liteconv convert --quantize` against TensorFlow's
TFLiteConverter, on the Keras samples, a Keras CNN trained here on a synthetic task and five ONNX
samples.

Run in the Keras venv (.venv-keras, the only place TensorFlow is installed); the official runtime
(ai-edge-litert) and onnxruntime run in the oracle venv (.venv), in subprocesses:
    .venv-keras/bin/python scripts/bench_quantization.py .build/release/liteconv [--runs 50] [--only NAME ...]

What is measured, per model:
  * the file size of float32, float16, dynamic-range and full-integer int8 (float input and output)
    files, ours and TFLiteConverter's of the same Keras model in the same mode, and their ratio
    (TFLiteConverter: optimizations=[DEFAULT] for dynamic, + supported_types=[float16] for
    float16, + representative_dataset + supported_ops=[TFLITE_BUILTINS_INT8] for int8; where
    from_keras_model fails, the model traced at a fixed batch of 1 with its variables frozen,
    marked *; a mode it fails or crashes in is reported as such);
  * the output SQNR of each quantized file against the float model (Keras's predict, or
    onnxruntime for ONNX), 10·log10(Σref² / Σ(ref − q)²) over every element of every evaluation
    sample, the minimum over the model's outputs; the files run in the official runtime with its
    reference kernels (BUILTIN_REF, deterministic), one sample per invoke; and top-1 agreement
    (% of samples whose float top class is also the quantized output's top class, ties included:
    int8 softmax outputs step by 1/256, and the random-weight samples' nearly uniform outputs
    tie) on classifier outputs ([batch, classes], classes > 1); the float16 and dynamic-range
    files' SQNR too. Our int8 is calibrated three ways where liteconv has `--calibration-method`
    (minmax, percentile, mse; without it only the default, and the other columns say so);
  * conversion + calibration time of int8: ours is the wall time of the whole
    `liteconv convert --quantize int8 --calibration` process (median of five, after one warm-up
    run); TFLiteConverter's is load_model + convert() with the representative dataset in a fresh
    Python process (median of three; one when it takes over 60 s), TensorFlow + Keras import
    time reported apart;
  * int8 latency at one thread: our fast engine (`liteconv benchmark --threads 1`) and the official
    runtime (num_threads=1) with its default XNNPACK delegate and with the optimized builtin kernels
    alone (BUILTIN_WITHOUT_DEFAULT_DELEGATES), on our int8 (minmax) file and on TFLiteConverter's;
    each figure the best of three interleaved rounds of the median of --runs invokes.
Data: every model gets 32 calibration samples and 256 other, disjoint evaluation samples (the
trained model: its 1000 held-out test images; 32 evaluation samples proved too few to rank
calibration methods, whose differences are tenths of a dB), drawn with fixed seeds like its committed Samples/*.inputs.npz (standard normal; MobileNetV2's image
uniform in [0, 255]; token ids uniform in [0, 1000), int32). The same calibration arrays go to
`liteconv convert --calibration` (an .npz, one array per input named as the input) and to
TFLiteConverter's representative_dataset (one sample per yield, batch 1). The sample models have
random weights, so their SQNRs say little about a real model's: `synthetic_cnn` is a small
residual CNN (conv-BN-ReLU, two residual stages, global pooling, dense softmax over 10 classes)
trained here for a few epochs on generated 32×32×3 images of ten noisy patterns of random colour
and placement (disc, square, triangle, ring, plus, x, horizontal / vertical / diagonal stripes,
checkerboard), so its activations have realistic ranges; its calibration samples and test images
are that task's images, and its float and int8 accuracy on the 1000 test images is reported
(int8 in the official runtime's optimized builtin kernels). It is cached with its data under
out/bench/quant/, as are the converted files; out/bench/quant/results.json holds the raw numbers
(results.only.json for a run of --only models).

Targets a reader checks in the last table (Keras models, where TFLiteConverter's files exist):
every file at most 2% larger than TFLiteConverter's of the same mode; int8 SQNR with minmax at
least TFLiteConverter's minus 0.5 dB and with the better of percentile / mse at least
TFLiteConverter's; conversion + calibration at least 10× faster than TFLiteConverter's.
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out/bench/quant"
ORACLE_PYTHON = ROOT / ".venv/bin/python"
KERAS_SAMPLES = ["mobilenet_v2_k3", "resnet_style_k3", "transformer_block_k3", "two_inputs_two_outputs_k3", "text_lstm_gru_k3"]
ONNX_SAMPLES = ["resnet_block", "mobilenet_block", "squeezenet_style", "efficientnet_style", "lenet"]
TRAINED = "synthetic_cnn"
CALIBRATION_SAMPLES = 32
EVALUATION_SAMPLES = 256
TEST_IMAGES = 1000
NOISE, CONTRAST, EPOCHS = 0.25, (0.12, 0.4), 5  # the synthetic task: its difficulty, training epochs
MODES = ["float32", "float16", "dynamic", "int8"]
METHODS = ["minmax", "percentile", "mse"]
# Inputs drawn unlike a standard normal, as the committed samples draw them.
DRAWS = {("mobilenet_v2_k3", "image"): lambda rng, shape: rng.uniform(0, 255, shape).astype(np.float32),
         ("text_lstm_gru_k3", "tokens"): lambda rng, shape: rng.integers(0, 1000, shape).astype(np.int32)}

# Runs in a fresh interpreter of the Keras venv: TFLiteConverter on one Keras model, the modes in
# the order given (int8 first: the timed one), one JSON line per mode as it is done (so a crash
# loses only the mode it happened in). Each mode's time is load_model + its convert(). When
# from_keras_model fails, the model traced at a fixed batch of 1 with its variables frozen to
# constants (from_concrete_functions; unfrozen, the file reads its weights through READ_VARIABLE,
# which the runtime cannot run) is converted instead, as a user would try next, marked "batch1"
# and timed without the failed attempt; "batch1" as the fifth argument goes there directly.
CONVERTER = r"""
import json, os, sys, time
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
model_path, calibration_path, out_stem, modes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
direct = sys.argv[5:] != ["batch1"]
start = time.perf_counter()
import keras
import tensorflow as tf
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2
imported = time.perf_counter()
import numpy as np
calibration = dict(np.load(calibration_path))

def message(error):
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    fragments = [f.strip() for line in lines for f in line.split("error: ")[1:] if not f.startswith("loc(")]
    return f"{type(error).__name__}: " + (fragments[0] if fragments else lines[0] if lines else "")[:240]

def converter(model, mode, batch1):
    names = [t.name for t in model.inputs]
    if batch1:
        specs = [tf.TensorSpec([1] + list(t.shape[1:]), t.dtype, name=n) for t, n in zip(model.inputs, names)]
        traced = tf.function(lambda *xs: model(list(xs) if len(xs) > 1 else xs[0])).get_concrete_function(*specs)
        result = tf.lite.TFLiteConverter.from_concrete_functions([convert_variables_to_constants_v2(traced)])
    else:
        result = tf.lite.TFLiteConverter.from_keras_model(model)
    if mode == "float32":
        return result
    result.optimizations = [tf.lite.Optimize.DEFAULT]
    if mode == "float16":
        result.target_spec.supported_types = [tf.float16]
    elif mode == "int8":
        def representative():
            # One sample per yield, batch 1: by input name (the signature's), or in argument order.
            for i in range(len(calibration[names[0]])):
                sample = {name: calibration[name][i:i + 1] for name in names}
                yield list(sample.values()) if batch1 else sample
        result.representative_dataset = representative
        result.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    return result

began = time.perf_counter()
model = keras.models.load_model(model_path, compile=False)
loading = time.perf_counter() - began
print(json.dumps({"import": imported - start}), flush=True)
for mode in modes:
    entry = {}
    for batch1 in ([False, True] if direct else [True]):
        began = time.perf_counter()
        try:
            data = converter(model, mode, batch1).convert()
        except Exception as error:
            entry["error" if not batch1 else "batch1_error"] = message(error)
            if not batch1:
                print(json.dumps({"trying": mode, "direct_error": entry["error"]}), flush=True)
            continue
        entry.update(seconds=loading + time.perf_counter() - began, bytes=len(data), batch1=batch1)
        open(f"{out_stem}.{mode}.tflite", "wb").write(data)
        break
    if "bytes" in entry and "error" in entry:
        entry["direct_error"] = entry.pop("error")
    print(json.dumps(dict(entry, mode=mode)), flush=True)
"""

# Runs in the oracle venv: a list of tasks from a JSON file, results as JSON on stdout.
#   run:     a .tflite on an .npz of inputs (matched by name, TFLiteConverter's serving_default_
#            prefix and :0 suffix stripped, else by shape), `chunk` samples per invoke, with one
#            kernel set; outputs saved as arr_0… in the file's output order, their names returned.
#   onnx:    onnxruntime on the same, one sample per run.
#   latency: the median seconds of `runs` invokes (after 3 warm-up ones) on the first sample, one
#            thread, per kernel set ("refused" where the kernel set does not take the file).
ORACLE = r"""
import json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import official_runtime
from ai_edge_litert.interpreter import Interpreter

def message(error):
    return f"{type(error).__name__}: " + next((line for line in str(error).splitlines() if line.strip()), "")[:160]

def plain(name):
    name = name.split(":")[0]
    return name[len("serving_default_"):] if name.startswith("serving_default_") else name

def match(details, arrays):
    matched, left = {}, dict(arrays)
    for d in details:
        key = plain(d["name"]) if plain(d["name"]) in left else \
            next((k for k, v in left.items() if tuple(v.shape[1:]) == tuple(d["shape"][1:])), None)
        if key is None:
            raise ValueError(f"no input array for {d['name']} {list(d['shape'])}")
        matched[d["index"]] = (d, left.pop(key))
    return matched

def interpreter(task, kernel, threads=None):
    return Interpreter(model_path=task["tflite"], num_threads=threads,
                       experimental_op_resolver_type=official_runtime.KERNEL_SETS[kernel])

def run(task):
    arrays = dict(np.load(task["inputs"]))
    model = interpreter(task, task["kernel"])
    feeds = match(model.get_input_details(), arrays)
    fixed = any(d["shape_signature"][0] != -1 for d in model.get_input_details())
    count, chunk = len(next(iter(arrays.values()))), 1 if fixed else task.get("chunk", 1)
    outputs, allocated = [], None
    for start in range(0, count, chunk):
        rows = min(chunk, count - start)
        if rows != allocated:
            for index, (d, value) in feeds.items():
                model.resize_tensor_input(index, (rows,) + value.shape[1:])
            model.allocate_tensors()
            allocated = rows
        for index, (d, value) in feeds.items():
            model.set_tensor(index, value[start:start + rows].astype(d["dtype"]))
        model.invoke()
        outputs.append([model.get_tensor(d["index"]).copy() for d in model.get_output_details()])
    names = [d["name"] for d in model.get_output_details()]
    np.savez(task["out"], *[np.concatenate([o[i] for o in outputs]) for i in range(len(names))])
    return {"names": names}

def onnx(task):
    import onnxruntime
    arrays = dict(np.load(task["inputs"]))
    session = onnxruntime.InferenceSession(task["model"], providers=["CPUExecutionProvider"])
    count = len(next(iter(arrays.values())))
    outputs = [session.run(None, {i.name: arrays[i.name][n:n + 1] for i in session.get_inputs()}) for n in range(count)]
    names = [o.name for o in session.get_outputs()]
    np.savez(task["out"], *[np.concatenate([o[i] for o in outputs]) for i in range(len(names))])
    return {"names": names}

def latency(task):
    arrays = {k: v[:1] for k, v in np.load(task["inputs"]).items()}
    result = {}
    for kernel in task["kernels"]:
        model = interpreter(task, kernel, threads=1)
        feeds = match(model.get_input_details(), arrays)
        for index, (d, value) in feeds.items():
            model.resize_tensor_input(index, value.shape)
        try:
            model.allocate_tensors()
        except RuntimeError as error:
            result[kernel] = {"error": "refused: " + message(error)}
            continue
        for index, (d, value) in feeds.items():
            model.set_tensor(index, value.astype(d["dtype"]))
        result[kernel] = {"seconds": official_runtime.median_invoke_seconds(model, task["runs"])}
    return result

results = {}
for task in json.load(open(sys.argv[2])):
    try:
        results[task["id"]] = {"run": run, "onnx": onnx, "latency": latency}[task["kind"]](task)
    except Exception as error:
        results[task["id"]] = {"error": message(error)}
print(json.dumps(results))
"""


def last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip()[:200] if lines else "no output"


def json_line(result):
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"exit {result.returncode}: {last_line(result.stderr)}")
    return json.loads(lines[-1])


def oracle(tasks):
    """Runs tasks in the oracle venv; {task id: result}."""
    jobs = OUT / "oracle_tasks.json"
    jobs.write_text(json.dumps(tasks))
    result = subprocess.run([str(ORACLE_PYTHON), "-c", ORACLE, str(ROOT / "Tests/oracle"), str(jobs)], capture_output=True, text=True)
    try:
        return json_line(result)
    except RuntimeError as error:
        return {task["id"]: {"error": f"oracle: {error}"} for task in tasks}


def liteconv_run(liteconv, *args):
    """A liteconv process; retried for a while when the binary is missing (being rebuilt)."""
    for attempt in range(30):
        try:
            start = time.perf_counter()
            result = subprocess.run([liteconv, *map(str, args)], capture_output=True, text=True)
            return result, time.perf_counter() - start
        except OSError:  # ENOENT / ETXTBSY while the other build relinks it
            time.sleep(5)
    raise RuntimeError(f"{liteconv} did not come back")


# ---------------------------------------------------------------- the trained model and its task


def synthetic_images(count, seed):
    """`count` 32×32×3 images in [0, 1] and their labels: one of ten patterns, of random colours,
    position, size and period, with Gaussian noise (σ NOISE)."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, count)
    yy, xx = np.mgrid[0:32, 0:32].astype(np.float32)
    images = np.empty((count, 32, 32, 3), np.float32)
    for i, label in enumerate(labels):
        cy, cx = rng.uniform(11, 21, 2)
        r = rng.uniform(6, 10)
        period, phase = rng.uniform(4, 8), rng.uniform(0, 2 * np.pi)
        dy, dx = yy - cy, xx - cx
        distance = np.sqrt(dy * dy + dx * dx)
        mask = [lambda: distance <= r,
                lambda: (np.abs(dy) <= 0.8 * r) & (np.abs(dx) <= 0.8 * r),
                lambda: (np.abs(dy) <= 0.8 * r) & (np.abs(dx) <= (dy + 0.8 * r) * 0.6),
                lambda: np.abs(distance - 0.8 * r) <= 1.6,
                lambda: ((np.abs(dy) <= 1.6) | (np.abs(dx) <= 1.6)) & (np.abs(dy) <= r) & (np.abs(dx) <= r),
                lambda: (np.abs(np.abs(dy) - np.abs(dx)) <= 1.6) & (distance <= 1.2 * r),
                lambda: np.sin(2 * np.pi * yy / period + phase) > 0,
                lambda: np.sin(2 * np.pi * xx / period + phase) > 0,
                lambda: np.sin(2 * np.pi * (xx + yy) / (1.41 * period) + phase) > 0,
                lambda: (np.floor((yy + phase) * 2 / period) + np.floor((xx + phase) * 2 / period)) % 2 == 0][label]()
        background = rng.uniform(0.2, 0.8, 3)
        foreground = background + rng.choice([-1, 1]) * rng.uniform(CONTRAST[0], CONTRAST[1], 3)
        image = np.where(mask[..., None], foreground, background) + rng.normal(0, NOISE, (32, 32, 3))
        images[i] = np.clip(image, 0, 1)
    return images, labels.astype(np.int64)


def trained_model(retrain):
    """The synthetic task's CNN, trained once and cached: (path, {"epochs", "train_seconds",
    "parameters", "float_test_accuracy"}); its calibration, evaluation and test data saved
    beside it."""
    path, info_path = OUT / f"{TRAINED}.h5", OUT / f"{TRAINED}.json"
    task = {"noise": NOISE, "contrast": list(CONTRAST), "epochs": EPOCHS}
    if path.exists() and info_path.exists() and not retrain:
        info = json.loads(info_path.read_text())
        if info.get("task") == task:
            return path, info
    import keras
    L = keras.layers
    keras.utils.set_random_seed(0)
    train_x, train_y = synthetic_images(6000, seed=1)
    calibration_x, _ = synthetic_images(CALIBRATION_SAMPLES, seed=2)
    test_x, test_y = synthetic_images(TEST_IMAGES, seed=4)

    def conv_bn(y, filters, stride, name, relu=True):
        y = L.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False, name=f"{name}_conv")(y)
        y = L.BatchNormalization(name=f"{name}_bn")(y)
        return L.ReLU(name=f"{name}_relu")(y) if relu else y

    x = keras.Input((32, 32, 3), name="image")
    y = conv_bn(x, 16, 1, "stem")
    for stage, filters in enumerate([32, 48]):
        r = conv_bn(conv_bn(y, filters, 2, f"s{stage}a"), filters, 1, f"s{stage}b", relu=False)
        shortcut = L.BatchNormalization(name=f"s{stage}_proj_bn")(
            L.Conv2D(filters, 1, strides=2, use_bias=False, name=f"s{stage}_proj")(y))
        y = L.ReLU(name=f"s{stage}_out")(L.Add(name=f"s{stage}_add")([r, shortcut]))
    y = L.GlobalAveragePooling2D(name="pool")(y)
    model = keras.Model(x, L.Dense(10, activation="softmax", name="probabilities")(y), name=TRAINED)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    epochs, start = EPOCHS, time.perf_counter()
    model.fit(train_x, train_y, batch_size=64, epochs=epochs, verbose=0)
    seconds = time.perf_counter() - start
    accuracy = float(np.mean(np.argmax(model.predict(test_x, batch_size=250, verbose=0), axis=1) == test_y))
    model.save(path)
    np.savez(OUT / f"{TRAINED}.calibration.npz", image=calibration_x)
    np.savez(OUT / f"{TRAINED}.test.npz", image=test_x)
    np.save(OUT / f"{TRAINED}.test_labels.npy", test_y)
    info = {"task": task, "epochs": epochs, "train_images": len(train_x), "train_seconds": seconds, "parameters": model.count_params(),
            "float_test_accuracy": accuracy}
    info_path.write_text(json.dumps(info))
    return path, info


# ---------------------------------------------------------------- models, data, references


def sample_data(name, stem):
    """Calibration and evaluation arrays by input name, shaped and drawn like the sample's
    committed inputs, from seeds of their own."""
    committed = dict(np.load(stem.with_name(stem.name + ".inputs.npz")))
    seed = zlib.crc32(name.encode())
    sets = []
    for part, count in [(0, CALIBRATION_SAMPLES), (1, EVALUATION_SAMPLES)]:
        rng = np.random.default_rng([seed, part])
        sets.append({key: DRAWS.get((name, key), lambda rng, shape: rng.standard_normal(shape).astype(np.float32))(
            rng, (count,) + value.shape[1:]) for key, value in committed.items()})
    return sets


def models(selected, retrain):
    """Every benchmark model: name, kind, path, calibration and evaluation .npz paths."""
    result = []
    if not selected or TRAINED in selected:
        path, info = trained_model(retrain)
        result.append({"name": TRAINED, "kind": "keras", "path": path, "training": info,
                       "calibration": OUT / f"{TRAINED}.calibration.npz", "evaluation": OUT / f"{TRAINED}.test.npz"})
    for kind, names, folder, suffix in [("keras", KERAS_SAMPLES, ROOT / "Samples/keras", ".h5"), ("onnx", ONNX_SAMPLES, ROOT / "Samples", ".onnx")]:
        for name in names:
            if selected and name not in selected:
                continue
            calibration, evaluation = sample_data(name, folder / name)
            entry = {"name": name, "kind": kind, "path": folder / (name + suffix),
                     "calibration": OUT / f"{name}.calibration.npz", "evaluation": OUT / f"{name}.evaluation.npz"}
            np.savez(entry["calibration"], **calibration)
            np.savez(entry["evaluation"], **evaluation)
            result.append(entry)
    return result


def keras_reference(path, inputs_path):
    """Keras's outputs on the evaluation set: [(name, array)] in the model's output order."""
    import keras
    model = keras.models.load_model(path, compile=False)
    arrays = dict(np.load(inputs_path))
    inputs = [arrays[t.name] for t in model.inputs]
    outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], batch_size=64, verbose=0)
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    names = [model.layers[-1].name] if isinstance(model, keras.Sequential) else list(model.output_names)
    return [(n, np.asarray(o, np.float64)) for n, o in zip(names, outputs)]


def loaded_outputs(result, path):
    arrays = np.load(path)
    return [(name, np.asarray(arrays[f"arr_{i}"], np.float64)) for i, name in enumerate(result["names"])]


def plain(name):
    name = name.split(":")[0]
    return name.removeprefix("serving_default_")


def compare(reference, outputs):
    """{"sqnr": min over outputs, "per_output": {...}, "top1": % for the first classifier output}."""
    left, per_output, top1 = list(outputs), {}, None
    for name, want in reference:
        got = next((o for o in left if plain(o[0]) == name), None) or next((o for o in left if o[1].shape == want.shape), None)
        if got is None:
            raise ValueError(f"no output of the file matches {name} {list(want.shape)}")
        left.remove(got)
        got = got[1]
        noise = float(np.sum((want - got) ** 2))
        sqnr = float("inf") if noise == 0 else 10 * np.log10(float(np.sum(want ** 2)) / noise)
        entry = {"sqnr": sqnr}
        if want.ndim == 2 and want.shape[1] > 1:
            # A quantized output may tie the reference's top class with another (int8 softmax
            # steps are 1/256): that counts as agreement; "top1_strict" is plain argmax equality.
            top = np.argmax(want, 1)
            entry["top1"] = 100 * float(np.mean(got[np.arange(len(got)), top] >= got.max(1)))
            entry["top1_strict"] = 100 * float(np.mean(top == np.argmax(got, 1)))
            top1 = entry["top1"] if top1 is None else top1
        per_output[name] = entry
    return {"sqnr": min(e["sqnr"] for e in per_output.values()), "per_output": per_output, "top1": top1}


# ---------------------------------------------------------------- conversions


def our_conversions(liteconv, model, has_methods):
    """Our files: {"float32"|…|"int8:<method>": {"path", "bytes", "seconds"} or {"error"}}."""
    files = {}
    jobs = [("float32", []), ("float16", ["--quantize", "float16"]), ("dynamic", ["--quantize", "dynamic"])]
    for method in METHODS if has_methods else ["minmax"]:
        jobs.append((f"int8:{method}", ["--quantize", "int8", "--calibration", model["calibration"]]
                     + (["--calibration-method", method] if has_methods else [])))
    for key, extra in jobs:
        out = OUT / f"{model['name']}.liteconv.{key.replace(':', '.')}.tflite"
        args = ["convert", model["path"], "-o", out, *extra]
        result, seconds = liteconv_run(liteconv, *args)
        if result.returncode != 0:
            files[key] = {"error": f"exit {result.returncode}: {last_line(result.stderr)}"}
            continue
        entry = {"path": str(out), "bytes": out.stat().st_size}
        if key.startswith("int8"):
            times = [liteconv_run(liteconv, *args)[1] for _ in range(5)]  # the first run above warmed the page cache
            entry["seconds"] = statistics.median(times)
        files[key] = entry
    return files


def tensorflow_process(model, stem, modes, batch1):
    """One fresh TFLiteConverter process over `modes`: (import seconds, {mode: entry}); a mode
    the process died in is {"error": "crashed …"} and the modes after it run in a new process."""
    imports, entries, pending, trying = None, {}, list(modes), {}
    while pending:
        command = [sys.executable, "-c", CONVERTER, str(model["path"]), str(model["calibration"]), str(stem), ",".join(pending)]
        result = subprocess.run(command + (["batch1"] if batch1 else []), capture_output=True, text=True)
        for line in result.stdout.splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if "import" in entry:
                    imports = entry["import"] if imports is None else imports
                elif "trying" in entry:
                    trying[entry["trying"]] = entry["direct_error"]
                else:
                    entries[entry.pop("mode")] = entry
        done = [m for m in pending if m in entries]
        pending = [m for m in pending if m not in entries]
        if pending:
            mode = pending.pop(0)
            died = f"crashed ({signal.Signals(-result.returncode).name})" if result.returncode < 0 else f"exit {result.returncode}"
            entries[mode] = {"error": f"traced at batch 1: TFLiteConverter {died}", "direct_error": trying[mode]} if mode in trying \
                else {"error": f"TFLiteConverter {died}: {last_line(result.stderr)}"}
        elif not done:
            break
    return imports, entries


def tensorflow_conversions(model):
    """TFLiteConverter's files: {mode: {"path", "bytes", "batch1"} or {"error"}}, int8 with
    "seconds" (median of fresh processes), and the median import seconds."""
    stem = OUT / f"{model['name']}.tfliteconverter"
    runs = [tensorflow_process(model, stem, ["int8", "float32", "float16", "dynamic"], batch1=False)]
    first = runs[0][1]
    while "bytes" in first["int8"] and len(runs) < 3 and first["int8"]["seconds"] <= 60:
        runs.append(tensorflow_process(model, stem, ["int8"], batch1=first["int8"]["batch1"]))
        if "bytes" not in runs[-1][1]["int8"]:
            break
    files = {mode: dict(entry, path=f"{stem}.{mode}.tflite") if "bytes" in entry else entry for mode, entry in first.items()}
    if "bytes" in files["int8"]:
        times = [r[1]["int8"]["seconds"] for r in runs if "seconds" in r[1]["int8"]]
        files["int8"]["seconds"], files["int8"]["runs"] = statistics.median(times), len(times)
    imports = [r[0] for r in runs if r[0] is not None]
    return files, statistics.median(imports) if imports else None


# ---------------------------------------------------------------- accuracy and latency


def accuracy(model, ours, theirs, reference):
    """SQNR and top-1 agreement of every quantized file (and the float32 files, as a check of the
    comparison itself) on the evaluation set under the reference kernels; the trained model's
    int8 test accuracy too."""
    files = [("liteconv", key, entry["path"]) for key, entry in ours.items() if "path" in entry]
    files += [("tfliteconverter", key, entry["path"]) for key, entry in theirs.items() if "path" in entry]
    tasks = []
    for number, (who, key, path) in enumerate(files):
        tasks.append({"id": f"{who}/{key}", "kind": "run", "tflite": path, "inputs": str(model["evaluation"]), "kernel": "reference",
                      "chunk": 32, "out": str(OUT / f"outputs.{number}.npz")})
        if model["name"] == TRAINED and key.startswith("int8"):
            tasks.append({"id": f"test {who}/{key}", "kind": "run", "tflite": path, "inputs": str(OUT / f"{TRAINED}.test.npz"),
                          "kernel": "builtin", "chunk": 250, "out": str(OUT / f"test_outputs.{number}.npz")})
    results = oracle(tasks)
    comparisons = {"liteconv": {}, "tfliteconverter": {}}
    labels = np.load(OUT / f"{TRAINED}.test_labels.npy") if model["name"] == TRAINED else None
    for task in tasks:
        who, key = task["id"].removeprefix("test ").split("/")
        result = results.get(task["id"], {"error": "no result"})
        target = comparisons[who].setdefault(key, {})
        if "error" in result:
            target["error" if not task["id"].startswith("test ") else "test_error"] = result["error"]
            continue
        outputs = loaded_outputs(result, task["out"])
        Path(task["out"]).unlink()
        if task["id"].startswith("test "):
            target["test_accuracy"] = 100 * float(np.mean(np.argmax(outputs[0][1], 1) == labels))
            continue
        try:
            target.update(compare(reference, outputs))
        except ValueError as error:
            target["error"] = str(error)
    return comparisons


def latencies(liteconv, model, ours, theirs, runs):
    """{file label: {"fast": ms, "xnnpack": ms, "builtin": ms}}, each the best of three
    interleaved rounds of the median of `runs` invokes, or {"…_error": message}."""
    files = {}
    if "path" in ours.get("int8:minmax", {}):
        files["liteconv int8"] = ours["int8:minmax"]["path"]
    if "path" in theirs.get("int8", {}):
        files["TFLiteConverter int8"] = theirs["int8"]["path"]
    timings = {label: {"fast": [], "xnnpack": [], "builtin": []} for label in files}
    errors = {label: {} for label in files}
    for _ in range(3):
        for label, path in files.items():
            result, _ = liteconv_run(liteconv, "benchmark", path, "--threads", "1", "--runs", runs, "--warmup", 3, "--json")
            if result.returncode == 0:
                timings[label]["fast"].append(json.loads(result.stdout)["latency_ms"]["median"])
            else:
                errors[label]["fast"] = f"exit {result.returncode}: {last_line(result.stderr)}"
        tasks = [{"id": label, "kind": "latency", "tflite": path, "inputs": str(model["evaluation"]), "kernels": ["xnnpack", "builtin"],
                  "runs": runs} for label, path in files.items()]
        for label, result in oracle(tasks).items():
            for kernel in ["xnnpack", "builtin"]:
                entry = result.get(kernel, result)
                if "seconds" in entry:
                    timings[label][kernel].append(1000 * entry["seconds"])
                else:
                    errors[label][kernel] = entry.get("error", "no result")
    return {label: {kernel: (min(values) if values and kernel not in errors[label] else {"error": errors[label].get(kernel, "no result")})
                    for kernel, values in timings[label].items()} for label in files}


# ---------------------------------------------------------------- the tables


def short(message, length=110):
    return message if len(message) <= length else message[:length - 1] + "…"


def fails(entry):
    if "batch1_error" in entry:  # TFLiteConverter, both ways
        return f"fails: {short(entry['error'], 60)}; at batch 1: {short(entry['batch1_error'], 60)}"
    if "direct_error" in entry:  # TFLiteConverter, crashed at batch 1
        return f"fails: {short(entry['direct_error'], 60)}; {entry['error']}"
    return f"fails: {short(entry['error'])}"


def cell_bytes(ours, theirs):
    if "error" in ours:
        return fails(ours)
    if theirs is None:
        return f"{ours['bytes']:,} / —"
    if "bytes" not in theirs:
        return f"{ours['bytes']:,} / fails"
    mark = "*" if theirs.get("batch1") else ""
    return f"{ours['bytes']:,} / {theirs['bytes']:,}{mark} ({ours['bytes'] / theirs['bytes']:.3f})"


def db(value):
    return "∞" if value == float("inf") else f"{value:.2f}"


def cell_sqnr(entry):
    if entry is None:
        return "—"
    if entry.get("absent"):
        return "n/a"
    if "error" in entry:
        return fails(entry)
    if "sqnr" not in entry:
        return "—"
    return db(entry["sqnr"])


def cell_top1(entry):
    if entry is None or entry.get("top1") is None:
        return "—"
    return f"{entry['top1']:.0f}"


def cell_ms(value):
    if value is None:
        return "—"
    if isinstance(value, dict):
        return short(value["error"], 60)
    return f"{value:.3f}"


def best_method(comparison, has_methods):
    """(method, SQNR) of the better non-minmax calibration, or None."""
    if not has_methods:
        return None
    scored = [(m, comparison.get(f"int8:{m}", {}).get("sqnr")) for m in METHODS[1:]]
    scored = [(m, s) for m, s in scored if s is not None]
    return max(scored, key=lambda item: item[1]) if scored else None


def print_tables(records, has_methods, runs):
    def keras(record):
        return record["kind"] == "keras"

    print("### Quantization: file sizes\n")
    print("Bytes, ours / TFLiteConverter's of the same Keras model in the same mode (ratio); — for ONNX models, "
          "which TFLiteConverter does not read. int8: full integer with float input and output, minmax calibration.\n")
    print("| model | float32 | float16 | dynamic | int8 |")
    print("|---|---|---|---|---|")
    for r in records:
        cells = [cell_bytes(r["ours"].get("int8:minmax" if m == "int8" else m, {"error": "not converted"}),
                            r["theirs"].get(m) if keras(r) else None) for m in MODES]
        print(f"| {r['name']} | " + " | ".join(cells) + " |")
    fallbacks = {}
    for r in records:
        for mode, entry in r["theirs"].items():
            if entry.get("batch1"):
                fallbacks.setdefault(r["name"], entry.get("direct_error", ""))
    for name, error in fallbacks.items():
        print(f"\n\\* {name}: TFLiteConverter.from_keras_model fails ({short(error, 200)}); its files are of the model traced "
              "at a fixed batch of 1 (from_concrete_functions), as a user would try next.")

    print("\n### Quantization: accuracy against the float model\n")
    print(f"Output SQNR (dB; the minimum over the model's outputs) on {EVALUATION_SAMPLES} evaluation samples ({TRAINED}: "
          f"its {TEST_IMAGES} test images) not used for "
          f"calibration, official runtime reference kernels vs Keras / onnxruntime; top-1 agreement (%) on the first classifier "
          f"output (a tie of the float top class with another in the quantized output counts as agreement; strict argmax "
          f"agreement is in results.json). The samples other than {TRAINED} have random weights: their outputs barely depend on "
          f"the input, which makes their SQNR and top-1 weak evidence. int8 calibrated on the same {CALIBRATION_SAMPLES} samples "
          f"by both converters. Δ: ours − TFLiteConverter's."
          + ("" if has_methods else " percentile / mse: this liteconv has no --calibration-method.") + "\n")
    print("| model | int8 minmax | int8 percentile | int8 mse | TFLiteConverter int8 | Δ minmax | Δ best of percentile/mse "
          "| top-1 minmax / percentile / mse / TFLiteConverter | float16 ours / TFLiteConverter | dynamic ours / TFLiteConverter |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in records:
        ours, theirs = r["accuracy"]["liteconv"], r["accuracy"]["tfliteconverter"] if keras(r) else {}
        mine = [ours.get(f"int8:{m}") if has_methods or m == "minmax" else None for m in METHODS]
        if not has_methods:
            mine[1] = mine[2] = {"absent": True}
        theirs_int8 = theirs.get("int8") if keras(r) else None
        if keras(r) and theirs_int8 is None and "bytes" not in r["theirs"].get("int8", {}):
            theirs_int8 = {"error": "TFLiteConverter cannot convert it (see the time table)"}
        delta_minmax = delta_best = "—"
        if theirs_int8 and "sqnr" in theirs_int8:
            if mine[0] and "sqnr" in mine[0]:
                delta_minmax = f"{mine[0]['sqnr'] - theirs_int8['sqnr']:+.2f}"
            best = best_method(ours, has_methods)
            if best:
                delta_best = f"{best[1] - theirs_int8['sqnr']:+.2f} ({best[0]})"
        top1 = " / ".join(cell_top1(e) for e in mine + [theirs_int8])
        other = [f"{cell_sqnr(ours.get(m))} / {cell_sqnr(theirs.get(m)) if keras(r) else '—'}" for m in ["float16", "dynamic"]]
        mark = "*" if r["theirs"].get("int8", {}).get("batch1") else ""
        print(f"| {r['name']} | " + " | ".join(cell_sqnr(e) for e in mine) + f" | {cell_sqnr(theirs_int8) if keras(r) else '—'}{mark} "
              f"| {delta_minmax} | {delta_best} | {top1} | " + " | ".join(other) + " |")
    trained = next((r for r in records if r["name"] == TRAINED), None)
    if trained:
        t = trained["training"]
        tests = [(f"liteconv {m}", trained["accuracy"]["liteconv"].get(f"int8:{m}", {})) for m in METHODS]
        tests.append(("TFLiteConverter", trained["accuracy"]["tfliteconverter"].get("int8", {})))
        shown = ", ".join(f"{label} {e['test_accuracy']:.1f}%" for label, e in tests if "test_accuracy" in e)
        print(f"\n{TRAINED}: {t['parameters']:,} parameters, trained {t['epochs']} epochs on {t['train_images']} synthetic images "
              f"in {t['train_seconds']:.0f} s; accuracy on {TEST_IMAGES} held-out images: float (Keras) "
              f"{100 * t['float_test_accuracy']:.1f}%; int8 (official runtime, builtin kernels): {shown or 'n/a'}.")

    print("\n### Quantization: conversion + calibration time\n")
    print(f"int8 with {CALIBRATION_SAMPLES} calibration samples. Ours: the whole `liteconv convert --quantize int8 --calibration` "
          "process, median of 5. TFLiteConverter: load_model + convert() with the representative dataset in a fresh process, "
          "median of 3 (runs in brackets when fewer); the TensorFlow + Keras import apart. Ratio: TFLiteConverter ÷ ours (minmax).\n")
    print("| model | liteconv minmax | liteconv percentile | liteconv mse | TFLiteConverter | TF + Keras import | ratio |")
    print("|---|---|---|---|---|---|---|")
    for r in records:
        cells = []
        for m in METHODS:
            entry = r["ours"].get(f"int8:{m}")
            cells.append("n/a" if entry is None else fails(entry) if "error" in entry else f"{entry['seconds']:.2f} s")
        theirs, imports, ratio = "—", "—", "—"
        if keras(r):
            entry = r["theirs"].get("int8", {"error": "not run"})
            if "bytes" not in entry:
                theirs = fails(entry)
            else:
                theirs = f"{entry['seconds']:.2f} s" + ("*" if entry.get("batch1") else "") + ("" if entry["runs"] == 3 else f" ({entry['runs']})")
                if "seconds" in r["ours"].get("int8:minmax", {}):
                    ratio = f"{entry['seconds'] / r['ours']['int8:minmax']['seconds']:.0f}×"
            imports = f"{r['tf_import']:.2f} s" if r.get("tf_import") is not None else "—"
        print(f"| {r['name']} | " + " | ".join(cells) + f" | {theirs} | {imports} | {ratio} |")

    print("\n### Quantization: int8 latency, one thread\n")
    print(f"Milliseconds per invoke: the best of three interleaved rounds of the median of {runs} invokes (after 3 warm-up ones), "
          "batch 1. Ours: `liteconv benchmark --threads 1` (fast engine, seeded random inputs); official runtime: ai-edge-litert, "
          "num_threads=1, on an evaluation sample.\n")
    print("| model | file | liteconv fast engine | official XNNPACK | official builtin kernels |")
    print("|---|---|---|---|---|")
    for r in records:
        if not r["latency"]:
            print(f"| {r['name']} | no int8 file | | | |")
        for label, values in r["latency"].items():
            print(f"| {r['name']} | {label} | " + " | ".join(cell_ms(values.get(k)) for k in ["fast", "xnnpack", "builtin"]) + " |")

    print("\n### Quantization: targets (Keras models)\n")
    print("Sizes: every mode at most 2% larger than TFLiteConverter's (the largest ratio shown). SQNR: int8 minmax at least "
          "TFLiteConverter's − 0.5 dB; the better of percentile / mse at least TFLiteConverter's. Time: at least 10× faster "
          "(minmax).\n")
    print("| model | sizes ≤ 1.02× | minmax SQNR ≥ TFLiteConverter − 0.5 dB | best-method SQNR ≥ TFLiteConverter "
          "| conversion ≥ 10× faster |")
    print("|---|---|---|---|---|")
    for r in records:
        if not keras(r):
            continue
        verdict = r["targets"]

        def show(item):
            return "n/a" if item is None else f"{'yes' if item[0] else 'NO'} ({item[1]})"
        print(f"| {r['name']} | " + " | ".join(show(verdict[k]) for k in ["sizes", "minmax", "best", "speed"]) + " |")


def targets(record, has_methods):
    """(met, shown value) per target, None where it cannot be checked."""
    ratios = []
    for mode in MODES:
        ours, theirs = record["ours"].get("int8:minmax" if mode == "int8" else mode, {}), record["theirs"].get(mode, {})
        if "bytes" in ours and "bytes" in theirs:
            ratios.append(ours["bytes"] / theirs["bytes"])
    result = {"sizes": (max(ratios) <= 1.02, f"{max(ratios):.3f}") if ratios else None, "minmax": None, "best": None, "speed": None}
    theirs = record["accuracy"]["tfliteconverter"].get("int8", {}).get("sqnr")
    ours = record["accuracy"]["liteconv"]
    if theirs is not None:
        minmax = ours.get("int8:minmax", {}).get("sqnr")
        if minmax is not None:
            result["minmax"] = (minmax >= theirs - 0.5, f"{minmax - theirs:+.2f} dB")
        best = best_method(ours, has_methods)
        if best:
            result["best"] = (best[1] >= theirs, f"{best[1] - theirs:+.2f} dB, {best[0]}")
    if "seconds" in record["theirs"].get("int8", {}) and "seconds" in record["ours"].get("int8:minmax", {}):
        ratio = record["theirs"]["int8"]["seconds"] / record["ours"]["int8:minmax"]["seconds"]
        result["speed"] = (ratio >= 10, f"{ratio:.0f}×")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("liteconv", nargs="?", default=str(ROOT / ".build/release/liteconv"))
    parser.add_argument("--runs", type=int, default=50, help="timed invokes per latency measurement")
    parser.add_argument("--only", action="append", default=[], help="benchmark only this model (repeatable)")
    parser.add_argument("--retrain", action="store_true", help=f"train {TRAINED} again instead of using the cached one")
    args = parser.parse_args()
    liteconv = str(Path(args.liteconv).resolve())
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    has_methods = "--calibration-method" in liteconv_run(liteconv, "convert", "--help")[0].stdout
    records = []
    for model in models(set(args.only), args.retrain):
        print(f"{model['name']}: converting", file=sys.stderr, flush=True)
        record = {k: (str(v) if isinstance(v, Path) else v) for k, v in model.items()}
        record["ours"] = our_conversions(liteconv, model, has_methods)
        record["theirs"], record["tf_import"] = tensorflow_conversions(model) if model["kind"] == "keras" else ({}, None)
        if model["kind"] == "keras":
            reference = keras_reference(model["path"], model["evaluation"])
        else:
            out = OUT / "reference.npz"
            result = oracle([{"id": "reference", "kind": "onnx", "model": str(model["path"]), "inputs": str(model["evaluation"]),
                              "out": str(out)}])["reference"]
            reference = result if "error" in result else loaded_outputs(result, out)
            out.unlink(missing_ok=True)
        print(f"{model['name']}: accuracy", file=sys.stderr, flush=True)
        if isinstance(reference, dict):  # onnxruntime failed: nothing to compare with
            failed = {"error": f"onnxruntime: {reference['error']}"}
            record["accuracy"] = {"liteconv": {key: failed for key in record["ours"]}, "tfliteconverter": {}}
        else:
            record["accuracy"] = accuracy(model, record["ours"], record["theirs"], reference)
        print(f"{model['name']}: latency", file=sys.stderr, flush=True)
        record["latency"] = latencies(liteconv, model, record["ours"], record["theirs"], args.runs)
        record["targets"] = targets(record, has_methods) if model["kind"] == "keras" else None
        records.append(record)
    (OUT / "oracle_tasks.json").unlink(missing_ok=True)
    print_tables(records, has_methods, args.runs)
    seconds = time.perf_counter() - started
    print(f"\n(liteconv {'has' if has_methods else 'lacks'} --calibration-method; whole run {seconds:.0f} s)")
    summary = {"liteconv": liteconv, "calibration_methods": has_methods, "runs": args.runs, "seconds": seconds,
               "calibration_samples": CALIBRATION_SAMPLES, "evaluation_samples": EVALUATION_SAMPLES, "models": records}
    # A run of some models only (--only) leaves the full run's results.json alone.
    (OUT / ("results.json" if not args.only else "results.only.json")).write_text(json.dumps(finite(summary), indent=1))


def finite(value):
    """JSON-safe: infinite SQNRs (no noise at all) as the string "inf", tuples as lists."""
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return str(value)
    return value


if __name__ == "__main__":
    main()
