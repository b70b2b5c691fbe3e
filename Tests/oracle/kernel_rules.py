"""The kernel table against the official runtime.

Files that break a rule of the table (written by liteconv, then edited through flatc's JSON) must
be refused by the official runtime's builtin kernels and by `liteconv run` (exit 2, naming the
rule); files inside the table that TFLite computes in its own way must be computed that way by
`liteconv run` too (the same values as the builtin and the reference kernels); and files another
converter wrote (TFLiteConverter, Tests/Fixtures/tfliteconverter) are either read and computed as
the official runtime computes them, or refused with exit 2 and a reason.
"""
import json
import subprocess
from pathlib import Path

import numpy as np
import onnx
import onnx.numpy_helper
from onnx import TensorProto, helper

import official_runtime

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "Schemas/tflite.fbs"
FLT_MAX = float(np.finfo(np.float32).max)


def one_node_model(path, op, inputs, output_shape, constants=None, **attributes):
    """A float32 ONNX model of one node over the given {name: shape} inputs and {name: array}
    initializers."""
    constants = constants or {}
    node = helper.make_node(op, list(inputs) + list(constants), ["y"], **attributes)
    graph = helper.make_graph([node], op, [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs.items()],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, output_shape)],
                              [onnx.numpy_helper.from_array(v, n) for n, v in constants.items()])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)


def edited(tflite, work, name, edit):
    """A copy of `tflite` with `edit` applied to its flatc JSON."""
    subprocess.run(["flatc", "--json", "--raw-binary", "--strict-json", "--defaults-json", "-o", str(work), str(SCHEMA), "--", str(tflite)],
                   check=True, capture_output=True)
    doc = json.loads((work / f"{Path(tflite).stem}.json").read_text())
    edit(doc)
    (work / f"{name}.json").write_text(json.dumps(doc))
    subprocess.run(["flatc", "--binary", "-o", str(work), str(SCHEMA), str(work / f"{name}.json")], check=True, capture_output=True)
    return work / f"{name}.tflite"


def operators(doc, builtin):
    codes = [i for i, c in enumerate(doc["operator_codes"]) if c.get("builtin_code") == builtin]
    return [op for op in doc["subgraphs"][0]["operators"] if op.get("opcode_index", 0) in codes]


def code_of(doc, builtin):
    return next(c for c in doc["operator_codes"] if c.get("builtin_code") == builtin)


def check_foreign_files(work, liteconv, check):
    rng = np.random.default_rng(11)
    files = sorted((ROOT / "Tests/Fixtures/tfliteconverter").glob("*.tflite"))
    read = 0
    for tflite in files:
        inspected = liteconv("inspect", tflite)
        if inspected.returncode != 0:
            check(f"{tflite.stem} (TFLiteConverter): refused with exit 2 naming the file", inspected.returncode == 2 and str(tflite) in inspected.stderr,
                  f"exit {inspected.returncode}: {inspected.stderr.strip()[:300]}")
            continue
        read += 1
        inputs = official_runtime.random_inputs(tflite, rng)
        arrays, out = work / "foreign.inputs.npz", work / "foreign.out.npz"
        np.savez(arrays, **inputs)
        ran = liteconv("run", tflite, "--inputs", arrays, "--outputs", out)
        check(f"{tflite.stem} (TFLiteConverter): liteconv run", ran.returncode == 0, ran.stderr.strip()[:300])
        if ran.returncode != 0:
            continue
        ours = dict(np.load(out))
        for kernel_set in ["builtin", "reference"]:
            try:
                theirs = official_runtime.run(tflite, [inputs], kernel_set)[0][0]
            except Exception:  # noqa: BLE001 — TFLiteConverter writes ops some kernel sets lack (ELU)
                continue
            same = all(name in ours and ours[name].shape == value.shape and np.allclose(ours[name], value, rtol=1e-4, atol=1e-4)
                       for name, value in theirs.items())
            check(f"{tflite.stem} (TFLiteConverter): our interpreter equals TFLite {kernel_set}", same,
                  "; ".join(f"{n}: {np.abs(ours[n].astype(float) - v.astype(float)).max():.2e}" if n in ours and ours[n].shape == v.shape else f"{n}: missing"
                            for n, v in theirs.items()))
    check(f"TFLiteConverter files: most are read ({read} of {len(files)})", len(files) > 0 and read >= len(files) * 3 // 4)


def check_kernel_rules(work, liteconv, check):
    rng = np.random.default_rng(3)
    concat, conv, fc = work / "rule_concat.onnx", work / "rule_conv.onnx", work / "rule_fc.onnx"
    one_node_model(concat, "Concat", {"a": [1, 4], "b": [1, 4]}, [1, 8], axis=1)
    one_node_model(conv, "Conv", {"x": [1, 2, 4, 4]}, [1, 3, 4, 4], {"w": rng.standard_normal((3, 2, 1, 1)).astype(np.float32)})
    one_node_model(fc, "MatMul", {"x": [2, 4]}, [2, 3], {"w": rng.standard_normal((4, 3)).astype(np.float32)})
    files = {}
    for model in [concat, conv, fc]:
        files[model.stem] = work / f"{model.stem}.tflite"
        converted = liteconv("convert", model, "-o", files[model.stem])
        check(f"kernel rules: {model.stem} converts", converted.returncode == 0, converted.stderr)

    def activation(builtin, code):
        def edit(doc):
            for op in operators(doc, builtin):
                op["builtin_options"]["fused_activation_function"] = code
        return edit

    def version(builtin, v):
        return lambda doc: code_of(doc, builtin).update(version=v)

    def drop_bias(doc):
        for op in operators(doc, "CONV_2D"):
            op["inputs"] = op["inputs"][:2]

    broken = [
        ("CONCATENATION with RELU", files["rule_concat"], activation("CONCATENATION", "RELU"), "refuses any fused activation"),
        ("FULLY_CONNECTED with TANH", files["rule_fc"], activation("FULLY_CONNECTED", "TANH"), "refuses the fused activation TANH"),
        ("CONV_2D without bias", files["rule_conv"], drop_bias, "a bias (input 2) is required"),
        ("CONV_2D version 9", files["rule_conv"], version("CONV_2D", 9), "register versions 1–8, not 9"),
        ("CONCATENATION version 8", files["rule_concat"], version("CONCATENATION", 8), "register versions 1–7, not 8"),
    ]
    for label, source, edit, rule in broken:
        if not source.exists():
            continue
        path = edited(source, work, "broken_" + label.replace(" ", "_"), edit)
        np.savez(work / "rule_inputs.npz", unused=np.zeros(1, np.float32))
        ours = liteconv("run", path, "--inputs", work / "rule_inputs.npz", "--outputs", work / "rule_out.npz")
        check(f"kernel rules: liteconv refuses {label}", ours.returncode == 2 and rule in ours.stderr and str(path) in ours.stderr,
              f"exit {ours.returncode}: {ours.stderr.strip()}")
        try:
            official_runtime.load(path, "builtin")
            refused = False
        except Exception:  # noqa: BLE001 — any refusal is what the rule predicts
            refused = True
        check(f"kernel rules: the builtin kernels refuse {label}", refused, "the official runtime loaded it")
    check_semantics(work, liteconv, check)
    check_foreign_files(work, liteconv, check)


def check_semantics(work, liteconv, check):
    """Files inside the table whose kernels compute something specific: infinities a clamping
    kernel turns into ±FLT_MAX, a fused TANH it ignores, the maximum of −∞ the reference kernel
    starts at −FLT_MAX, the integers CAST saturates to. `liteconv run` must give what the builtin kernels (and the reference
    ones) give; XNNPACK keeps ±inf, a divergence of the runtime itself."""
    add = work / "sem_add.onnx"
    one_node_model(add, "Add", {"a": [4], "b": [4]}, [4])
    tflite = work / "sem_add.tflite"
    liteconv("convert", add, "-o", tflite)
    inputs = {"a": np.array([np.inf, -np.inf, 1, FLT_MAX], np.float32), "b": np.array([1, -np.inf, 2, FLT_MAX], np.float32)}
    tanh = edited(tflite, work, "sem_add_tanh", lambda doc: [op["builtin_options"].update(fused_activation_function="TANH")
                                                              for op in operators(doc, "ADD")])
    for label, path in [("ADD clamps infinities to ±FLT_MAX", tflite), ("ADD ignores a fused TANH", tanh)]:
        expect_same(work, liteconv, check, label, path, inputs, ["builtin", "reference"])
    maximum = work / "sem_max.onnx"
    node = helper.make_node("ReduceMax", ["x"], ["y"], axes=[1], keepdims=0)
    graph = helper.make_graph([node], "max", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), maximum)
    liteconv("convert", maximum, "-o", work / "sem_max.tflite")
    x = np.array([[-np.inf, -np.inf, -np.inf], [1, -np.inf, 2]], np.float32)
    expect_same(work, liteconv, check, "REDUCE_MAX of −∞ starts from −FLT_MAX", work / "sem_max.tflite", {"x": x}, ["reference"])
    cast = work / "sem_cast.onnx"
    node = helper.make_node("Cast", ["x"], ["y"], to=TensorProto.INT32)
    graph = helper.make_graph([node], "cast", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [6])],
                              [helper.make_tensor_value_info("y", TensorProto.INT32, [6])])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), cast)
    liteconv("convert", cast, "-o", work / "sem_cast.tflite")
    x = np.array([np.nan, np.inf, -np.inf, 3e9, -2.7, 2.7], np.float32)
    expect_same(work, liteconv, check, "CAST saturates floats out of range and NaN", work / "sem_cast.tflite", {"x": x}, ["builtin", "reference"])


def expect_same(work, liteconv, check, label, tflite, inputs, kernel_sets):
    arrays, out = work / "sem_inputs.npz", work / "sem_out.npz"
    np.savez(arrays, **inputs)
    ran = liteconv("run", tflite, "--inputs", arrays, "--outputs", out)
    if ran.returncode != 0:
        check(f"semantics: {label}: liteconv run", False, ran.stderr)
        return
    ours = dict(np.load(out))["y"]
    for kernel_set in kernel_sets:
        theirs = official_runtime.run(tflite, [inputs], kernel_set)[0][0]["y"]
        check(f"semantics: {label}: ours equals TFLite {kernel_set}", np.array_equal(ours, theirs, equal_nan=True), f"ours {ours}, {kernel_set} {theirs}")
