#!/usr/bin/env python3
"""Oracle suite: proves converted models against the official tools.

For every sample model (Samples/*.onnx, Samples/keras/*.h5), every per-op fixture
(Tests/Fixtures/ops/*.onnx) and every per-layer Keras fixture (Tests/Fixtures/keras/*.h5):
  * `liteconv convert` writes a .tflite (default layout, and --nhwc-io for samples);
  * flatc decodes it against Schemas/tflite.fbs;
  * the official TFLite interpreter (ai-edge-litert) runs it with each of its three kernel sets (the
    default XNNPACK delegate, the optimized builtin kernels, the reference kernels) and each matches
    the reference outputs
    committed beside the model (<model>.expected.npz, computed by onnxruntime, or by ONNX's
    reference evaluator where onnxruntime has no kernel, or by Keras itself);
  * `liteconv run` (our interpreter) matches on the original model and on the .tflite;
  * `liteconv verify` agrees.
Corrupt files, and Keras models with Lambda or custom layers, must be refused with exit code 2
and a message naming the file (and the layers); so must files that break the kernel table, which
the official runtime refuses too (Tests/oracle/kernel_rules.py).
Prints 'N passed, M failed' last; exits 1 on any failure.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

import official_runtime
from kernel_rules import check_kernel_rules

ROOT = Path(__file__).resolve().parents[2]
RTOL, ATOL = 1e-4, 1e-5
# Fixtures TFLite cannot express: conversion must be refused (exit 2) with this reason; with
# --allow-custom it must write LiteConvert custom operators that the official runtime refuses and
# our interpreter runs.
EXPECTED_REFUSALS = {"det_batched": "no TFLite builtin for this operator"}
# Convolutional samples whose --nhwc-io conversion must contain no TRANSPOSE at all (the
# transformer's attention heads need theirs).
TRANSPOSE_FREE_NHWC = {path.stem for path in (ROOT / "Samples").glob("*.onnx")} - {"pytorch_transformer"}
results = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    results["passed" if ok else "failed"] += 1
    print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""))


def close(expected, actual):
    expected, actual = np.asarray(expected), np.asarray(actual)
    if expected.shape != actual.shape:
        return False, f"shape {actual.shape} != {expected.shape}"
    if expected.dtype.kind in "biu":
        return bool(np.array_equal(expected, actual)), "integers differ"
    err = np.abs(expected.astype(np.float64) - actual.astype(np.float64))
    tol = ATOL + RTOL * np.abs(expected.astype(np.float64))
    return bool(np.all(err <= tol)), f"max abs err {err.max():.3e}"




def to_nhwc(name, value):
    return value.transpose(0, 2, 3, 1) if value.ndim == 4 else value


def to_nchw(name, value):
    return value.transpose(0, 3, 1, 2) if value.ndim == 4 else value


def official_outputs(tflite, inputs, nhwc, invokes=1):
    """{kernel set: outputs by name of each invoke, or the exception the runtime raised} for the
    three kernel sets, one interpreter invoked `invokes` times on the same inputs."""
    layout = {"to_file": to_nhwc, "from_file": to_nchw} if nhwc else {}
    results = official_runtime.run_all(tflite, [inputs] * invokes, **layout)
    return {k: r if isinstance(r, Exception) else r[0] for k, r in results.items()}


def compare_official(label, expected, tflite, inputs, nhwc):
    """Every kernel set of the official runtime must run the file and match the reference, on a
    second invoke of the same interpreter too (a file must not keep state between invokes)."""
    for kernel_set, invokes in official_outputs(tflite, inputs, nhwc, invokes=2).items():
        if isinstance(invokes, Exception):
            check(f"{label}: TFLite {kernel_set} loads and runs it", False, str(invokes).splitlines()[0][:300])
            continue
        for number, outputs in enumerate(invokes, 1):
            compare_all(f"{label}: TFLite {kernel_set} vs reference, invoke {number}", expected, outputs)


def liteconv(*args):
    return subprocess.run([LITECONV, *map(str, args)], capture_output=True, text=True)


def compare_all(label, expected, actual):
    for name, value in expected.items():
        if name not in actual:
            check(f"{label} output {name}", False, f"missing (have {sorted(actual)})")
            continue
        ok, detail = close(value, actual[name])
        check(f"{label} output {name}", ok, detail)


def model_stem(model):
    """The fixture name shared by a model and its arrays: x.onnx, x.h5 and x.weights.h5 are x."""
    return model.name.removesuffix(".weights.h5").removesuffix(model.suffix)


def prove(model, work, nhwc=False):
    base = model_stem(model)
    stem = base + (".nhwc" if nhwc else "")
    arrays = model.with_name(base + ".inputs.npz")
    inputs = dict(np.load(arrays))
    config = model.with_name(base + ".json")
    keras_config = ["--config", config] if config.exists() else []
    tflite = work / f"{stem}.tflite"
    converted = liteconv("convert", model, "-o", tflite, *keras_config, *(["--nhwc-io"] if nhwc else []))
    custom = base in EXPECTED_REFUSALS
    if custom:
        check(f"{stem}: refused with a reason", converted.returncode == 2 and EXPECTED_REFUSALS[base] in converted.stderr
              and not tflite.exists(), f"exit {converted.returncode}: {converted.stderr.strip()}")
        converted = liteconv("convert", model, "-o", tflite, "--allow-custom")
    expected = dict(np.load(model.with_name(base + ".expected.npz")))
    check(f"{stem}: convert", converted.returncode == 0, converted.stderr.strip())
    if converted.returncode != 0:
        return
    decoded = subprocess.run(["flatc", "--json", "--raw-binary", "--strict-json", "-o", str(work),
                              str(ROOT / "Schemas/tflite.fbs"), "--", str(tflite)], capture_output=True, text=True)
    ok = decoded.returncode == 0
    if ok:
        doc = json.loads((work / f"{stem}.json").read_text())
        ok = doc.get("version") == 3 and not doc["buffers"][0].get("data")
    check(f"{stem}: flatc decodes it (version 3, empty buffer 0)", ok, decoded.stderr.strip())
    if nhwc and model.stem in TRANSPOSE_FREE_NHWC:
        ops = [code.get("builtin_code") for code in doc.get("operator_codes", [])] if ok else []
        check(f"{stem}: no TRANSPOSE with --nhwc-io", ok and "TRANSPOSE" not in ops, f"operator codes {ops}")
    if custom:
        for kernel_set, outputs in official_outputs(tflite, inputs, nhwc).items():
            check(f"{stem}: TFLite {kernel_set} refuses its custom operators",
                  isinstance(outputs, Exception) and "custom op" in str(outputs).lower(), str(outputs)[:300])
    else:
        compare_official(stem, expected, tflite, inputs, nhwc)
    if nhwc and any(v.ndim == 4 and v.shape != to_nhwc("", v).shape for v in inputs.values()):
        refused = liteconv("run", tflite, "--inputs", arrays, "--outputs", work / f"{stem}.refused.npz")
        check(f"{stem}: liteconv run refuses NCHW arrays for the file's NHWC inputs",
              refused.returncode == 2 and "NHWC" in refused.stderr and "NCHW" in refused.stderr
              and any(f"'{name}'" in refused.stderr for name in inputs), f"exit {refused.returncode}: {refused.stderr.strip()}")
    nhwc_arrays = work / f"{stem}.inputs.npz"
    np.savez(nhwc_arrays, **{name: to_nhwc(name, value) for name, value in inputs.items()})
    for target in [model, tflite]:
        out = work / f"{stem}.{target.suffix[1:]}.out.npz"
        given = nhwc_arrays if nhwc and target == tflite else arrays
        ran = liteconv("run", target, "--inputs", given, "--outputs", out, *(keras_config if target == model else []))
        check(f"{stem}: liteconv run {target.suffix}", ran.returncode == 0, ran.stderr.strip())
        if ran.returncode == 0:
            ours = dict(np.load(out))
            if nhwc and target == tflite:
                ours = {k: v.transpose(0, 3, 1, 2) if v.ndim == 4 else v for k, v in ours.items()}
            compare_all(f"{stem}: our interpreter on {target.suffix} vs reference", expected, ours)
    verified = liteconv("verify", model, tflite, "--inputs", arrays, *keras_config)
    check(f"{stem}: liteconv verify", verified.returncode == 0, verified.stdout + verified.stderr)


def output_steps(model):
    """For each graph output of an ONNX QDQ model: the quantization step (the scale of the
    DequantizeLinear producing it) and whether a float Softmax computed it."""
    graph = onnx.load(str(model)).graph
    scales = {init.name: float(numpy_helper.to_array(init).reshape(-1)[0]) for init in graph.initializer}
    producers = {out: node for node in graph.node for out in node.output}
    steps = {}
    for o in graph.output:
        dequantize = producers[o.name]
        quantize = producers.get(dequantize.input[0])
        before = producers.get(quantize.input[0]) if quantize is not None else None
        steps[o.name] = (scales[dequantize.input[1]], before is not None and before.op_type == "Softmax")
    return steps


def within_steps(label, expected, actual, steps, pooled):
    """At least 99% of each output's elements within 2 quantization steps of onnxruntime's (the
    share pooled over all models in `pooled`, as one 10-element output cannot show 99%), none
    beyond 3. A float softmax after the last integer layer only has to stay within 4: the two
    runtimes requantize with different rounding (onnxruntime rounds half to even in float,
    TFLite in fixed point), so the logits may differ by one step, which a softmax amplifies."""
    for name, value in expected.items():
        if name not in actual:
            check(f"{label} output {name}", False, f"missing (have {sorted(actual)})")
            continue
        step, after_softmax = steps[name]
        error = np.abs(np.asarray(actual[name], np.float64) - value) / step
        if not after_softmax:
            pooled.extend(error.ravel().tolist())
        share = float(np.mean(error <= 2 + 1e-6))
        check(f"{label} output {name}: {share:.1%} within 2 steps (worst {error.max():.1f})", error.max() <= (4 if after_softmax else 3) + 1e-6)


def quantized_onnx_models(work):
    """onnxruntime's QDQ models and a QLinearConv model convert to int8 TFLite: every
    convolution and fully connected layer computes int8 with int32 biases, the file is smaller than
    the float sample's, and the official runtime (all three kernel sets), our interpreter on the file
    and on the ONNX model agree with onnxruntime within 2 quantization steps of the output."""
    folder = ROOT / "Tests/Fixtures/onnxruntime_quantized"
    pooled = {}
    for model in sorted(folder.glob("*.onnx")):
        sample = model.name.split(".")[0]
        arrays = folder / f"{sample}.inputs.npz" if (folder / f"{sample}.inputs.npz").exists() else ROOT / f"Samples/{sample}.inputs.npz"
        inputs, expected, steps = dict(np.load(arrays)), dict(np.load(model.with_suffix(".expected.npz"))), output_steps(model)
        tflite = work / f"{model.stem}.tflite"
        converted = liteconv("convert", model, "-o", tflite)
        check(f"{model.stem}: convert", converted.returncode == 0, converted.stderr.strip()[-500:])
        if converted.returncode != 0:
            continue
        subprocess.run(["flatc", "--json", "--raw-binary", "--strict-json", "-o", str(work), str(ROOT / "Schemas/tflite.fbs"), "--", str(tflite)],
                       check=True, capture_output=True)
        doc = json.loads((work / f"{model.stem}.json").read_text())
        tensors, codes = doc["subgraphs"][0]["tensors"], doc["operator_codes"]
        layers = [op for op in doc["subgraphs"][0]["operators"]
                  if codes[op.get("opcode_index", 0)].get("builtin_code") in ("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED")]
        integer = all([tensors[i].get("type") for i in op["inputs"][:2]] == ["INT8", "INT8"]
                      and (len(op["inputs"]) < 3 or op["inputs"][2] < 0 or tensors[op["inputs"][2]].get("type") == "INT32") for op in layers)
        check(f"{model.stem}: {len(layers)} convolution/fully connected layers compute int8 with int32 biases", bool(layers) and integer)
        if (ROOT / f"Samples/{sample}.onnx").exists():
            # Weights (buffer bytes) at most half the float file's: int8 weights, int32 biases.
            float_file = work / f"{sample}.float.tflite"
            liteconv("convert", ROOT / f"Samples/{sample}.onnx", "-o", float_file)
            subprocess.run(["flatc", "--json", "--raw-binary", "--strict-json", "-o", str(work), str(ROOT / "Schemas/tflite.fbs"), "--",
                            str(float_file)], check=True, capture_output=True)
            weights = {name: sum(len(b.get("data", [])) for b in json.loads((work / f"{name}.json").read_text())["buffers"])
                       for name in [model.stem, float_file.stem]}
            ratio = weights[model.stem] / weights[float_file.stem]
            check(f"{model.stem}: weights {weights[model.stem]} bytes, {ratio:.2f} of the float file's "
                  f"(file {tflite.stat().st_size} bytes, float {float_file.stat().st_size})", ratio <= 0.5)
        for kernel_set, outputs in official_outputs(tflite, inputs, nhwc=False).items():
            if isinstance(outputs, Exception):
                check(f"{model.stem}: TFLite {kernel_set} loads and runs it", False, str(outputs).splitlines()[0][:300])
            else:
                within_steps(f"{model.stem}: TFLite {kernel_set} vs onnxruntime", expected, outputs[0], steps, pooled.setdefault(kernel_set, []))
        for target in [model, tflite]:
            out = work / f"{model.stem}.{target.suffix[1:]}.out.npz"
            ran = liteconv("run", target, "--inputs", arrays, "--outputs", out)
            check(f"{model.stem}: liteconv run {target.suffix}", ran.returncode == 0, ran.stderr.strip())
            if ran.returncode == 0:
                within_steps(f"{model.stem}: our interpreter on {target.suffix} vs onnxruntime", expected, dict(np.load(out)), steps,
                             pooled.setdefault(f"our interpreter on {target.suffix}", []))
    for runner, errors in pooled.items():
        share = float(np.mean(np.asarray(errors) <= 2 + 1e-6))
        check(f"quantized ONNX models, {runner}: {share:.1%} of {len(errors)} output elements (no softmax after them) within 2 steps of onnxruntime",
              share >= 0.99)


def quantize_modes(work):
    """`convert --quantize float16|dynamic|int8|int16x8` on every sample: the official runtime runs the file
    under all three kernel sets; its reference kernels agree with our interpreter's reference
    engine on it within 1e-5 relative (float16: every kernel set does, the weights being plain
    floats to them; dynamic range and int8: XNNPACK and the optimized kernels quantize and
    requantize in their own way); and the file is no larger than TFLiteConverter's of the same
    Keras model in the same mode (+2%). int8 and int16x8 calibrate on 16 seeded normal samples."""
    tfliteconverter = ROOT / "Tests/Fixtures/tfliteconverter_quantized"
    refused = liteconv("convert", ROOT / "Samples/lenet.onnx", "-o", work / "uncalibrated.tflite", "--quantize", "int8")
    check("--quantize int8 without calibration data: exit 2 saying how to give it",
          refused.returncode == 2 and "--calibration" in refused.stderr, f"exit {refused.returncode}: {refused.stderr.strip()}")
    for mode in ["float16", "dynamic", "int8", "int16x8"]:
        for model in sorted((ROOT / "Samples").glob("*.onnx")) + keras_models(ROOT / "Samples/keras"):
            stem = model_stem(model)
            label = f"{stem} --quantize {mode}"
            arrays = model.with_name(stem + ".inputs.npz")
            tflite = work / f"{stem}.{mode}.tflite"
            extra = []
            if mode in ["int8", "int16x8"]:
                # 16 seeded samples shaped like the inputs (integer inputs: the sample's own values).
                rng = np.random.default_rng(5)
                calibration = work / f"{stem}.calibration.npz"
                np.savez(calibration, **{k: rng.standard_normal((16,) + v.shape[1:]).astype(v.dtype) if v.dtype.kind == "f"
                                         else np.repeat(v, 16, axis=0) for k, v in np.load(arrays).items()})
                extra = ["--calibration", calibration]
            converted = liteconv("convert", model, "-o", tflite, "--quantize", mode, *extra)
            check(f"{label}: convert", converted.returncode == 0, converted.stderr.strip()[-300:])
            if converted.returncode != 0:
                continue
            theirs = tfliteconverter / f"{stem}.{mode}.tflite"
            if theirs.exists():
                ratio = tflite.stat().st_size / theirs.stat().st_size
                check(f"{label}: {tflite.stat().st_size} bytes, {ratio:.2f} of TFLiteConverter's {theirs.stat().st_size}", ratio <= 1.02)
            out = work / f"{stem}.{mode}.out.npz"
            ran = liteconv("run", tflite, "--inputs", arrays, "--outputs", out, "--engine", "reference")
            check(f"{label}: liteconv run", ran.returncode == 0, ran.stderr.strip())
            if ran.returncode != 0:
                continue
            ours = dict(np.load(out))
            for kernel_set, outputs in official_outputs(tflite, dict(np.load(arrays)), nhwc=False).items():
                if isinstance(outputs, Exception):
                    check(f"{label}: TFLite {kernel_set} runs it", False, str(outputs).splitlines()[0][:300])
                    continue
                if mode != "float16" and kernel_set != "reference":
                    check(f"{label}: TFLite {kernel_set} runs it", True)
                    continue
                for name, value in outputs[0].items():
                    error = np.abs(np.asarray(value, np.float64) - ours[name]) / np.maximum(1, np.abs(ours[name]))
                    check(f"{label}: TFLite {kernel_set} vs our interpreter, output {name}", float(error.max()) <= 1e-5,
                          f"max relative error {error.max():.2e}")


def quantize_int8_options(work):
    """`--quantize int8` with `--io-type int8|uint8`, `--calibration-method percentile|mse` and
    `--keep-float` on convolutional samples: the official runtime runs each file under all three
    kernel sets and its reference kernels equal our reference engine bit for bit (integer
    outputs) or within 1e-5 (float outputs); int8/uint8 files take and give the integers with the
    calibrated parameters; a kept-float layer is a float CONV_2D; `verify --min-sqnr` and
    `--per-layer --json` report the file's SQNR against the float model."""
    from ai_edge_litert.interpreter import Interpreter
    models = [ROOT / "Samples/keras/resnet_style_k3.h5", ROOT / "Samples/keras/mobilenet_v2_k3.h5", ROOT / "Samples/resnet_block.onnx"]
    variants = {"io-int8": ["--io-type", "int8"], "io-uint8": ["--io-type", "uint8"], "percentile": ["--calibration-method", "percentile"],
                "mse": ["--calibration-method", "mse"], "keep-float": ["--keep-float", "FULLY_CONNECTED"]}
    for model in models:
        stem = model_stem(model)
        arrays = model.with_name(stem + ".inputs.npz")
        rng = np.random.default_rng(7)
        calibration = work / f"{stem}.options.calibration.npz"
        floats = dict(np.load(arrays))
        scale = max(1.0, float(np.abs(next(iter(floats.values()))).max()) / 4)
        np.savez(calibration, **{k: (scale * rng.standard_normal((8,) + v.shape[1:])).astype(np.float32) for k, v in floats.items()})
        for variant, flags in variants.items():
            label = f"{stem} --quantize int8 {' '.join(flags)}"
            tflite = work / f"{stem}.{variant}.tflite"
            converted = liteconv("convert", model, "-o", tflite, "--quantize", "int8", "--calibration", calibration, *flags)
            check(f"{label}: convert", converted.returncode == 0, converted.stderr.strip()[-300:])
            if converted.returncode != 0:
                continue
            details = Interpreter(model_path=str(tflite)).get_input_details()
            inputs = {}
            for d in details:
                value = floats[d["name"]]
                if variant.startswith("io-"):
                    expected_type = np.int8 if variant == "io-int8" else np.uint8
                    check(f"{label}: input {d['name']} is {expected_type.__name__}", d["dtype"] == expected_type, str(d["dtype"]))
                    scale_q, zero = d["quantization"]
                    info = np.iinfo(d["dtype"])
                    value = np.clip(np.round(value / scale_q) + zero, info.min, info.max)
                inputs[d["name"]] = value.astype(d["dtype"])
            if variant == "keep-float":
                ops = Interpreter(model_path=str(tflite))._get_ops_details()
                kept = [o for o in ops if o["op_name"] == "FULLY_CONNECTED"]
                check(f"{label}: FULLY_CONNECTED stays float", bool(kept) and all(
                    Interpreter(model_path=str(tflite)).get_tensor_details()[o["inputs"][0]]["dtype"] == np.float32 for o in kept), str(kept)[:200])
                check(f"{label}: the summary lists it", "kept float (--keep-float)" in converted.stderr, converted.stderr[-300:])
            quantized_inputs = work / f"{stem}.{variant}.inputs.npz"
            np.savez(quantized_inputs, **inputs)
            out = work / f"{stem}.{variant}.out.npz"
            ran = liteconv("run", tflite, "--inputs", quantized_inputs, "--outputs", out, "--engine", "reference")
            check(f"{label}: liteconv run", ran.returncode == 0, ran.stderr.strip())
            if ran.returncode != 0:
                continue
            ours = dict(np.load(out))
            for kernel_set, outputs in official_outputs(tflite, inputs, nhwc=False).items():
                if isinstance(outputs, Exception):
                    check(f"{label}: TFLite {kernel_set} runs it", False, str(outputs).splitlines()[0][:300])
                    continue
                if kernel_set != "reference":
                    check(f"{label}: TFLite {kernel_set} runs it", True)
                    continue
                for name, value in outputs[0].items():
                    if np.issubdtype(value.dtype, np.integer):
                        check(f"{label}: TFLite reference vs our interpreter, output {name} ({value.dtype})",
                              value.dtype == ours[name].dtype and np.array_equal(value, ours[name]), f"{np.abs(value.astype(np.int64) - ours[name]).max()} steps")
                    else:
                        error = np.abs(np.asarray(value, np.float64) - ours[name]) / np.maximum(1, np.abs(ours[name]))
                        check(f"{label}: TFLite reference vs our interpreter, output {name}", float(error.max()) <= 1e-5,
                              f"max relative error {error.max():.2e}")
        report = liteconv("verify", model, work / f"{stem}.io-int8.tflite", "--inputs", arrays, "--min-sqnr", "15", "--per-layer", "--json")
        try:
            parsed = json.loads(report.stdout)
            layers = parsed["layers"]
            check(f"{stem}: verify --per-layer --json of the int8-I/O file", report.returncode == 0 and layers["tensors"]
                  and all(o["sqnrDB"] >= 15 for o in parsed["outputs"]), report.stdout[-300:] + report.stderr[-300:])
        except (json.JSONDecodeError, KeyError) as error:
            check(f"{stem}: verify --per-layer --json of the int8-I/O file", False, f"{error}: {report.stdout[-300:]} {report.stderr[-300:]}")


def sparse_fixtures(work):
    """TFLiteConverter's sparse files (Tests/Fixtures/tfliteconverter_sparse: CSR weights behind
    DENSIFY, 1×4-block FULLY_CONNECTED weights): every kernel set of the official runtime and our
    interpreter (which densifies them when reading) compute the same, within 1e-5."""
    folder = ROOT / "Tests/Fixtures/tfliteconverter_sparse"
    for tflite in sorted(folder.glob("*.sparse.tflite")):
        stem = tflite.name.split(".")[0]
        arrays = folder / f"{stem}.inputs.npz"
        out = work / f"{stem}.sparse.out.npz"
        ran = liteconv("run", tflite, "--inputs", arrays, "--outputs", out, "--engine", "reference")
        check(f"{tflite.name}: liteconv run", ran.returncode == 0, ran.stderr.strip())
        if ran.returncode != 0:
            continue
        ours = dict(np.load(out))
        inputs = {f"serving_default_{k}:0": v for k, v in np.load(arrays).items()}
        for kernel_set, outputs in official_outputs(tflite, inputs, nhwc=False).items():
            if isinstance(outputs, Exception):
                check(f"{tflite.name}: TFLite {kernel_set} runs it", False, str(outputs).splitlines()[0][:300])
                continue
            compare_all(f"{tflite.name}: TFLite {kernel_set} vs our interpreter", ours, outputs[0])


def pruned_files(work):
    """`convert --prune` (unstructured and 1×4 blocks, per layer and global; float32, float16,
    dynamic and int8), `--prune-channels` (float32, and int8 with --prune) and the pre-pruned sample, each with its weights stored sparse (`auto`:
    FULLY_CONNECTED's sparse kernels, DENSIFY elsewhere): the official runtime runs each file
    under all three kernel sets; its reference kernels (float32 and float16 files: every kernel
    set) agree with our interpreter within 1e-5, for int8 files within two output steps
    (TFLite's int8 sparse FULLY_CONNECTED rounds as its optimized kernel does in every kernel set). The pruned model is consistent everywhere, though it differs
    from the original."""
    models = [ROOT / "Samples/keras/resnet_style_k3.h5", ROOT / "Samples/keras/mobilenet_v2_k3.h5", ROOT / "Samples/resnet_block.onnx",
              ROOT / "Samples/keras/transformer_block_k3.h5", ROOT / "Samples/pruned_cnn.onnx"]
    variants = [["--prune", "0.8"], ["--prune", "0.7", "--prune-block", "1x4", "--prune-scope", "global"],
                ["--prune", "0.8", "--quantize", "float16"], ["--prune", "0.8", "--quantize", "dynamic"],
                ["--prune", "0.8", "--prune-block", "1x16", "--quantize", "int8"],
                ["--prune-channels", "0.5"], ["--prune-channels", "0.25", "--prune", "0.8", "--quantize", "int8"]]
    for model in models:
        stem = model_stem(model)
        arrays = model.with_name(stem + ".inputs.npz")
        for flags in ([[]] if stem == "pruned_cnn" else []) + variants:
            label = f"{stem} {' '.join(flags) or '(pre-pruned)'}"
            integer = "int8" in flags
            if integer:
                flags = flags + ["--calibration", arrays]
            tflite, out = work / f"{stem}.pruned.tflite", work / f"{stem}.pruned.out.npz"
            converted = liteconv("convert", model, "-o", tflite, *flags)
            # Hybrid (dynamic) int8 weights stay dense, so do int8 dense layers pruned at random
            # after channel pruning (their only sparse kernel reads 1×16 blocks); the others are
            # sparse where they were pruned.
            stored_sparse = "sparse weights" in converted.stderr or "dynamic" in flags or "--prune" not in flags or "--prune-channels" in flags
            channels = "channel pruning:" in converted.stderr and "model: parameters" in converted.stderr or "--prune-channels" not in flags
            check(f"{label}: convert, stores weights sparse / reports channels", converted.returncode == 0 and stored_sparse and channels,
                  converted.stderr.strip()[-300:])
            ran = liteconv("run", tflite, "--inputs", arrays, "--outputs", out, "--engine", "reference")
            check(f"{label}: liteconv run", ran.returncode == 0, ran.stderr.strip())
            if converted.returncode or ran.returncode:
                continue
            ours = dict(np.load(out))
            steps = {}
            if integer:
                from ai_edge_litert.interpreter import Interpreter
                interpreter = Interpreter(model_path=str(tflite))
                scales = {t["index"]: t["quantization"][0] for t in interpreter.get_tensor_details()}
                # A float output's step: the scale of the int8 tensor its DEQUANTIZE reads.
                for op in interpreter._get_ops_details():
                    if op["op_name"] == "DEQUANTIZE":
                        scales[op["outputs"][0]] = scales[op["inputs"][0]]
                steps = {d["name"]: scales[d["index"]] for d in interpreter.get_output_details()}
            for kernel_set, outputs in official_outputs(tflite, dict(np.load(arrays)), nhwc=False).items():
                if isinstance(outputs, Exception):
                    check(f"{label}: TFLite {kernel_set} runs it", False, str(outputs).splitlines()[0][:300])
                    continue
                if "dynamic" in flags and kernel_set != "reference" or integer and kernel_set != "reference":
                    check(f"{label}: TFLite {kernel_set} runs it", True)  # they quantize and requantize in their own way
                    continue
                if not integer:
                    compare_all(f"{label}: TFLite {kernel_set} vs our interpreter", ours, outputs[0])
                    continue
                for name, value in ours.items():
                    error = float(np.abs(np.asarray(outputs[0][name], np.float64) - value).max())
                    check(f"{label}: TFLite {kernel_set} vs our interpreter, output {name}", error <= 2 * steps.get(name, 0) + 1e-6,
                          f"max error {error:.3e}, {error / max(steps.get(name, 0), 1e-12):.1f} steps")


def run_time_sequence_lengths(work):
    """The sequence fixtures (TFLite's sequence builtins) declare their time and batch sizes
    unknown: one converted file must match onnxruntime at other lengths and batches too, in every
    kernel set and in our interpreter, invoked in turn."""
    import onnxruntime
    rng = np.random.default_rng(5)
    for model in sorted((ROOT / "Tests/Fixtures/ops").glob("*_sequence_*.onnx")):
        session = onnxruntime.InferenceSession(str(model), providers=["CPUExecutionProvider"])
        if isinstance(session.get_inputs()[0].shape[0], int):
            continue  # a fixed-length fixture
        tflite = work / f"{model.stem}.lengths.tflite"
        converted = liteconv("convert", model, "-o", tflite)
        check(f"{model.stem}: converts for run-time lengths", converted.returncode == 0, converted.stderr)
        if converted.returncode:
            continue
        features = session.get_inputs()[0].shape[-1]
        sets = [{"x": rng.standard_normal((steps, batch, features)).astype(np.float32)} for steps, batch in [(2, 1), (7, 3), (2, 1)]]
        expected = [dict(zip([o.name for o in session.get_outputs()], session.run(None, inputs))) for inputs in sets]
        for kernel_set, result in official_runtime.run_all(tflite, sets).items():
            if isinstance(result, Exception):
                check(f"{model.stem}: TFLite {kernel_set} runs it at other lengths", False, str(result)[:300])
                continue
            for number, (want, got) in enumerate(zip(expected, result[0]), 1):
                compare_all(f"{model.stem}: TFLite {kernel_set} at lengths {sets[number - 1]['x'].shape[:2]}, invoke {number}", want, got)
        for number, (inputs, want) in enumerate(zip(sets, expected), 1):
            arrays, out = work / "lengths.inputs.npz", work / "lengths.out.npz"
            np.savez(arrays, **inputs)
            ran = liteconv("run", tflite, "--inputs", arrays, "--outputs", out)
            check(f"{model.stem}: liteconv run at lengths {inputs['x'].shape[:2]}", ran.returncode == 0, ran.stderr)
            if ran.returncode == 0:
                compare_all(f"{model.stem}: our interpreter at lengths {inputs['x'].shape[:2]}", want, dict(np.load(out)))


def refuses(label, path, needle):
    result = liteconv("inspect", path)
    check(f"corrupt input refused: {label}", result.returncode == 2 and str(path) in result.stderr and needle in result.stderr,
          f"exit {result.returncode}: {result.stderr.strip()}")


def corrupt_inputs(work):
    sample = sorted((ROOT / "Samples").glob("*.onnx"))[0]
    truncated = work / "truncated.onnx"
    truncated.write_bytes(sample.read_bytes()[: len(sample.read_bytes()) // 2])
    refuses("truncated .onnx", truncated, "onnx")
    garbage = work / "garbage.tflite"
    garbage.write_bytes(os.urandom(4096))
    refuses("garbage .tflite", garbage, "tflite")
    # A valid file whose first operator input points past the tensor table.
    tflite = work / "valid.tflite"
    liteconv("convert", sample, "-o", tflite)
    subprocess.run(["flatc", "--json", "--raw-binary", "--strict-json", "-o", str(work), str(ROOT / "Schemas/tflite.fbs"), "--", str(tflite)], check=True)
    doc = json.loads((work / "valid.json").read_text())
    doc["subgraphs"][0]["operators"][0]["inputs"][0] = 1_000_000
    (work / "bad_index.json").write_text(json.dumps(doc))
    subprocess.run(["flatc", "--binary", "-o", str(work), str(ROOT / "Schemas/tflite.fbs"), str(work / "bad_index.json")], check=True)
    refuses("tensor index out of range", work / "bad_index.tflite", "1000000")


def keras_code_refused(work):
    """Lambda layers (Python bytecode) and custom classes: exit 2, every such layer named."""
    for model in sorted((ROOT / "Tests/Fixtures/keras").glob("refused_*.h5")) + sorted((ROOT / "Samples/keras").glob("*lambda*.h5")):
        tflite = work / f"{model.stem}.tflite"
        result = liteconv("convert", model, "-o", tflite)
        check(f"{model.stem}: refused, naming its Lambda layers", result.returncode == 2 and str(model) in result.stderr
              and "(Lambda): runs Python code" in result.stderr and not tflite.exists(),
              f"exit {result.returncode}: {result.stderr.strip()}")


def keras_models(folder):
    """Keras models with committed inputs (refusal samples have none)."""
    models = sorted(folder.glob("*.h5"))
    return [m for m in models if m.with_name(model_stem(m) + ".inputs.npz").exists()]


def mismatch_is_exit_1(work):
    """A converted model whose weights were changed must fail verification with exit code 1."""
    sample = ROOT / "Samples/lenet.onnx"
    model = onnx.load(sample)
    weights = next(i for i in model.graph.initializer if i.name == "fc3.bias")
    values = numpy_helper.to_array(weights).copy()
    values[0] += 0.5
    weights.CopyFrom(numpy_helper.from_array(values, "fc3.bias"))
    changed = work / "lenet_changed.onnx"
    onnx.save(model, changed)
    liteconv("convert", changed, "-o", work / "lenet_changed.tflite")
    result = liteconv("verify", sample, work / "lenet_changed.tflite", "--samples", "2")
    check("verify reports a changed model with exit 1", result.returncode == 1 and "FAIL" in result.stdout,
          f"exit {result.returncode}: {result.stdout}{result.stderr}")


def tflite_ops(tflite, work):
    subprocess.run(["flatc", "--json", "--raw-binary", "--strict-json", "-o", str(work), str(ROOT / "Schemas/tflite.fbs"), "--", str(tflite)],
                   check=True, capture_output=True)
    doc = json.loads((work / f"{tflite.stem}.json").read_text())
    return sum(len(s.get("operators", [])) for s in doc["subgraphs"])


def pass_options(work):
    """`liteconv passes`, --passes, --no-optimize and --report: an unoptimized conversion still
    matches the reference in the TFLite runtime, the optimized one has no more operators, and the
    report lists every pass run with its op counts."""
    listed = liteconv("passes")
    check("liteconv passes lists the default pipeline", listed.returncode == 0 and "default: fold-constants," in listed.stdout
          and "fold-affine" in listed.stdout, listed.stdout + listed.stderr)
    unknown = liteconv("convert", ROOT / "Samples/lenet.onnx", "-o", work / "x.tflite", "--passes", "fold-constants,no-such-pass")
    check("convert --passes with an unknown id: exit 2 naming it", unknown.returncode == 2 and "no-such-pass" in unknown.stderr,
          unknown.stderr)
    for model in sorted((ROOT / "Samples").glob("*.onnx")) + keras_models(ROOT / "Samples/keras"):
        stem = model_stem(model)
        plain, lean, report = work / f"{stem}.plain.tflite", work / f"{stem}.lean.tflite", work / f"{stem}.report.json"
        first = liteconv("convert", model, "-o", plain, "--no-optimize")
        second = liteconv("convert", model, "-o", lean, "--report", report)
        check(f"{stem}: converts with --no-optimize and with --report", first.returncode == 0 and second.returncode == 0,
              first.stderr + second.stderr)
        if first.returncode or second.returncode:
            continue
        inputs = dict(np.load(model.with_name(stem + ".inputs.npz")))
        compare_official(f"{stem} --no-optimize", dict(np.load(model.with_name(stem + ".expected.npz"))), plain, inputs, False)
        check(f"{stem}: optimized has no more ops than unoptimized", tflite_ops(lean, work) <= tflite_ops(plain, work))
        passes = json.loads(report.read_text())["passes"]
        listed_ids = [line.split()[0] for line in listed.stdout.splitlines() if line and not line.startswith("default")]
        check(f"{stem}: report lists the default passes with op counts",
              [p["id"] for p in passes] == listed.stdout.split("default: ")[1].strip().split(",")
              and all(p["id"] in listed_ids and p["nodes_after"] >= 0 and p["seconds"] >= 0 for p in passes), json.dumps(passes)[:300])


BENCHMARK_KEYS = {"model", "engine", "threads", "runs", "load_ms", "first_run_ms", "latency_ms", "peak_rss_bytes"}


def benchmark_command(work):
    """`liteconv benchmark` on .onnx, .h5 and .tflite: the JSON keys of TFLite's benchmark_model
    spirit with consistent values, symbolic dims at 1 or as --shape sets them, both engines, the
    op profile; bad shapes and counts refused with their exit codes."""
    tflite = work / "bench_lenet.tflite"
    liteconv("convert", ROOT / "Samples/lenet.onnx", "-o", tflite)
    for model, engine in [(ROOT / "Samples/lenet.onnx", "fast"), (ROOT / "Samples/keras/resnet_style_k3.h5", "reference"), (tflite, "fast")]:
        result = liteconv("benchmark", model, "--json", "--runs", 3, "--warmup", 1, "--threads", 2, "--engine", engine, "--op-profile")
        ok = result.returncode == 0
        report = json.loads(result.stdout) if ok else {}
        latency = report.get("latency_ms", {})
        # Declared shapes with symbolic dims at 1.
        declared = {i["name"]: [int(d) if d.isdigit() else 1 for d in i["shape"]]
                    for i in json.loads(liteconv("inspect", model, "--json").stdout)["inputs"]}
        ok = ok and BENCHMARK_KEYS <= set(report) and report["runs"] == 3 and report["threads"] == 2 and report["engine"] == engine
        ok = ok and 0 < latency["min"] <= latency["median"] <= latency["max"] and report["load_ms"] > 0 and report["peak_rss_bytes"] > 1e6
        ok = ok and report["input_shapes"] == declared
        ok = ok and sum(entry["nodes"] for entry in report["op_profile"]) > 0
        check(f"benchmark {model.name} --engine {engine}: the report's keys and values", ok, (result.stdout + result.stderr)[:400])
    model = ROOT / "Samples/dynamic_flatten.onnx"
    for args, shape in [((), [1, 3, 8, 8]), (("--shape", "input=5x3x8x8"), [5, 3, 8, 8])]:
        result = liteconv("benchmark", model, "--json", "--runs", 1, *args)
        shapes = json.loads(result.stdout)["input_shapes"] if result.returncode == 0 else None
        check(f"benchmark {model.name} {' '.join(args)}: input shape {shape}", shapes == {"input": shape}, result.stdout + result.stderr)
    for args, code, needle in [(("--shape", "nosuch=1x3"), 2, "nosuch"), (("--shape", "input=2x4x8x8"), 2, "does not fit"),
                               (("--shape", "input=1xax8"), 64, "--shape"), (("--runs", 0), 64, "--runs"), (("--threads", 0), 64, "--threads")]:
        result = liteconv("benchmark", model, *args)
        check(f"benchmark {' '.join(map(str, args))}: exit {code} naming the problem", result.returncode == code and needle in result.stderr,
              f"exit {result.returncode}: {result.stderr}")
    verified = liteconv("verify", ROOT / "Samples/lenet.onnx", tflite, "--engine", "reference", "--threads", 1)
    check("verify --engine reference --threads 1", verified.returncode == 0, verified.stdout + verified.stderr)


def main():
    global LITECONV
    parser = argparse.ArgumentParser()
    parser.add_argument("--liteconv", required=True)
    LITECONV = str(Path(parser.parse_args().liteconv).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for model in sorted((ROOT / "Samples").glob("*.onnx")):
            prove(model, work)
            prove(model, work, nhwc=True)
        for model in keras_models(ROOT / "Samples/keras"):
            prove(model, work)
        for model in sorted((ROOT / "Tests/Fixtures/ops").glob("*.onnx")):
            prove(model, work)
        for model in keras_models(ROOT / "Tests/Fixtures/keras"):
            prove(model, work)
        keras_code_refused(work)
        quantized_onnx_models(work)
        quantize_modes(work)
        quantize_int8_options(work)
        sparse_fixtures(work)
        pruned_files(work)
        check_kernel_rules(work, liteconv, check)
        run_time_sequence_lengths(work)
        pass_options(work)
        benchmark_command(work)
        corrupt_inputs(work)
        mismatch_is_exit_1(work)
    print(f"{results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)


if __name__ == "__main__":
    main()
