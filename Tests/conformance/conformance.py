#!/usr/bin/env python3
"""ONNX backend node conformance for LiteConvert.

Generates every node test case of the installed `onnx` package
(onnx.backend.test.case.node.collect_testcases) and, for each case in scope, checks:
  (a) our interpreter on the imported ONNX graph (`liteconv run model.onnx`) matches the expected outputs;
  (b) `liteconv convert` succeeds and the official TFLite runtime (ai-edge-litert) matches them on the .tflite
      with each of its three kernel sets: the default resolver (XNNPACK), the optimized builtin kernels and the
      reference kernels;
  (c) our interpreter on the converted .tflite matches them.
Floats: rtol 1e-3, atol 1e-5; integers and bools exactly. A case passes a column only when every
output of every data set matches. Cases with inputs or outputs that are not dense tensors of
float32/float16/int8/uint8/int32/int64/bool are out of scope, counted and listed.

The quantization ops' cases run once more with constant parameters (`_constant_parameters`),
as models carry them, so they go through the int8 path.

Writes docs/operators.md. Exits 1 when a case that passes in Tests/conformance/baseline.json
no longer passes (a regression), or when (c) passes a case (b) fails: our interpreter must never
accept what the official runtime computes differently. --update-baseline records the current results.
"""
import argparse
import collections
import dataclasses
import json
import os
import re
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import onnx
import onnx.numpy_helper
from onnx import TensorProto

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests/oracle"))
import conformance_support  # noqa: E402
import official_runtime  # noqa: E402
BASELINE = ROOT / "Tests/conformance/baseline.json"
REPORT = ROOT / "docs/operators.md"
RTOL, ATOL = 1e-3, 1e-5
IN_SCOPE = {TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.INT8, TensorProto.UINT8, TensorProto.INT32,
            TensorProto.INT64, TensorProto.BOOL}
TIMEOUT = 120


def out_of_scope_reason(model):
    graph = model.graph
    for value in list(graph.input) + list(graph.output):
        kind = value.type.WhichOneof("value")
        if kind != "tensor_type":
            return f"{value.name} is a {kind}"
        if value.type.tensor_type.elem_type not in IN_SCOPE:
            return f"{value.name} is {TensorProto.DataType.Name(value.type.tensor_type.elem_type)}"
    return None


def matches(expected, actual):
    expected, actual = np.asarray(expected), np.asarray(actual)
    if expected.shape != actual.shape:
        return False, f"shape {list(actual.shape)} != {list(expected.shape)}"
    if expected.dtype.kind in "biuU" or expected.dtype == bool:
        return bool(np.array_equal(expected, actual)), "values differ"
    e, a = expected.astype(np.float64), actual.astype(np.float64)
    same_nan = np.isnan(e) == np.isnan(a)
    close = np.isclose(a, e, rtol=RTOL, atol=ATOL, equal_nan=True)
    if bool(np.all(close & same_nan)):
        return True, ""
    diff = np.abs(e - a)[~(close & same_nan)]
    finite = diff[np.isfinite(diff)]
    return False, f"max abs err {finite.max():.3e}" if finite.size else "NaN or infinity where a number is expected"


def compare_sets(expected_sets, actual_sets):
    for expected, actual in zip(expected_sets, actual_sets):
        for name, value in expected.items():
            if name not in actual:
                return False, f"missing output {name}"
            ok, why = matches(value, actual[name])
            if not ok:
                return False, f"{name}: {why}"
    return True, ""


def liteconv(*args):
    return conformance_support.run_liteconv(LITECONV, args, TIMEOUT)


def first_line(message):
    message = re.sub(r"/\S+/", "", message)  # drop temp paths
    return message.splitlines()[0][:160] if message else ""


def run_ours(model_path, input_sets, work, tag):
    outputs = []
    for i, inputs in enumerate(input_sets):
        inp, out = work / f"{tag}.{i}.in.npz", work / f"{tag}.{i}.out.npz"
        np.savez(inp, **inputs)
        code, err = liteconv("run", model_path, "--inputs", inp, "--outputs", out)
        if code != 0:
            return None, first_line(err) or f"exit {code}"
        outputs.append(dict(np.load(out)))
    return outputs, ""


def run_litert(tflite, input_sets):
    """{kernel set: outputs per input set, or the refusal's first line}, and the file's operators."""
    by_kernel_set, ops = conformance_support.run_official(tflite, input_sets, TIMEOUT)
    return {k: first_line(v) if isinstance(v, str) else v for k, v in by_kernel_set.items()}, ops


def case_op(case, by_name):
    """The ONNX operator a case tests: the op of its single node, or of the un-expanded twin."""
    if len(case.model.graph.node) == 1:
        return case.model.graph.node[0].op_type
    twin = by_name.get(re.sub(r"_expanded.*$", "", case.name))
    if twin is not None and len(twin.model.graph.node) == 1:
        return twin.model.graph.node[0].op_type
    return collections.Counter(n.op_type for n in case.model.graph.node).most_common(1)[0][0]


def as_array(value, dtype):
    """Test data as an array of the declared type (some cases store TensorProtos or objects)."""
    array = onnx.numpy_helper.to_array(value) if isinstance(value, onnx.TensorProto) else np.asarray(value)
    return array if array.dtype == dtype else array.astype(dtype)


# Quantization ops whose parameters models carry as constants: their cases run a second time
# with every input but the first made an initializer, which takes the int8 path (IR Quantize /
# Dequantize, fused integer kernels) instead of float arithmetic.
CONSTANT_PARAMETER_OPS = {"QuantizeLinear", "DequantizeLinear", "QLinearConv", "QLinearMatMul", "ConvInteger", "MatMulInteger"}


def constant_parameter_variant(case):
    """The case with its quantization parameters (and weights) constant, or None."""
    graph = case.model.graph
    initialized = {t.name for t in graph.initializer}
    names = [i.name for i in graph.input if i.name not in initialized]
    if len(graph.node) != 1 or graph.node[0].op_type not in CONSTANT_PARAMETER_OPS or len(case.data_sets) != 1 or len(names) < 2:
        return None
    inputs, outputs = case.data_sets[0]
    declared = {i.name: onnx.helper.tensor_dtype_to_np_dtype(i.type.tensor_type.elem_type) for i in graph.input}
    model = onnx.ModelProto()
    model.CopyFrom(case.model)
    for name, value in zip(names[1:], inputs[1:]):
        model.graph.initializer.append(onnx.numpy_helper.from_array(as_array(value, declared[name]), name))
    kept = [i for i in model.graph.input if i.name == names[0] or i.name in initialized]
    del model.graph.input[:]
    model.graph.input.extend(kept)
    return dataclasses.replace(case, name=case.name + "_constant_parameters", model=model, data_sets=[(inputs[:1], outputs)])


def evaluate(case, work):
    graph = case.model.graph
    input_names = [i.name for i in graph.input if i.name not in {t.name for t in graph.initializer}]
    output_names = [o.name for o in graph.output]
    # Test data may come as Python objects; the graph declares each input's element type.
    declared = {i.name: onnx.helper.tensor_dtype_to_np_dtype(i.type.tensor_type.elem_type) for i in graph.input}
    input_sets = [{name: as_array(value, declared[name]) for name, value in zip(input_names, inputs)}
                  for inputs, _ in case.data_sets]
    declared_out = {o.name: onnx.helper.tensor_dtype_to_np_dtype(o.type.tensor_type.elem_type) for o in graph.output}
    expected_sets = [{name: as_array(value, declared_out[name]) for name, value in zip(output_names, outputs)}
                     for _, outputs in case.data_sets]
    model_path = work / f"{case.name}.onnx"
    onnx.save(case.model, model_path)
    result = {"a": False, "b": False, "c": False, "why": "", "tflite_ops": []}
    ours, why = run_ours(model_path, input_sets, work, case.name + ".a")
    if ours is not None:
        result["a"], why = compare_sets(expected_sets, ours)
    result["why"] = why
    tflite = work / f"{case.name}.tflite"
    code, err = liteconv("convert", model_path, "-o", tflite)
    if code != 0:
        result["why"] = result["why"] or first_line(err)
        result["convert_error"] = first_line(err)
        return result
    # (b) passes only when every kernel set of the official runtime matches.
    try:
        by_kernel_set, result["tflite_ops"] = run_litert(tflite, input_sets)
    except RuntimeError as error:
        by_kernel_set = {k: str(error) for k in official_runtime.KERNEL_SETS}
    failures = []
    for kernel_set, runtime in by_kernel_set.items():
        ok, why = (False, f"refused: {runtime}") if isinstance(runtime, str) else compare_sets(expected_sets, runtime)
        result[f"b_{kernel_set}"] = ok
        if not ok:
            failures.append(f"TFLite {kernel_set}: {why}")
    result["b"], why_b = not failures, "; ".join(failures)
    converted, why_c = run_ours(tflite, input_sets, work, case.name + ".c")
    if converted is not None:
        result["c"], why_c = compare_sets(expected_sets, converted)
    result["why"] = result["why"] or why_b or why_c
    return result


def c_beyond_b(results):
    """Cases our interpreter passes on the converted file while the official runtime fails them."""
    return sorted(name for name, r in results.items() if r["c"] and not r["b"])


def write_report(results, out_of_scope, ops_of):
    in_scope = len(results)
    count = {k: sum(r[k] for r in results.values()) for k in "abc"}
    pct = {k: 100.0 * count[k] / max(in_scope, 1) for k in "abc"}
    per_set = {k: sum(r.get(f"b_{k}", False) for r in results.values()) for k in official_runtime.KERNEL_SETS}
    beyond = c_beyond_b(results)
    lines = [
        "# ONNX operator coverage",
        "",
        f"**{in_scope} node test cases in scope** (onnx {onnx.__version__} backend node tests): "
        f"(a) interpreter on ONNX {count['a']} ({pct['a']:.1f}%), "
        f"(b) TFLite runtime on the converted file, all three kernel sets {count['b']} ({pct['b']:.1f}%), "
        f"(c) interpreter on the converted file {count['c']} ({pct['c']:.1f}%). "
        f"{len(out_of_scope)} cases out of scope (listed below).",
        "",
        "(b) by kernel set: " + ", ".join(f"{k} {n}" for k, n in per_set.items())
        + f". Cases (c) passes and (b) fails: {len(beyond)}" + (" — " + ", ".join(beyond) if beyond else "") + ".",
        "",
        "The importer reads default-domain opsets 7–28; the table lists the opsets the test cases use.",
        "",
        "Written by `make conformance` (Tests/conformance/conformance.py): (a) `liteconv run` on the ONNX model,",
        "(b) `liteconv convert` then the official TFLite interpreter (ai-edge-litert) with each of its kernel sets —",
        "the default resolver (XNNPACK), the optimized builtin kernels (`BUILTIN_WITHOUT_DEFAULT_DELEGATES`) and the",
        "reference kernels (`BUILTIN_REF`) —, (c) `liteconv run` on the converted .tflite; each against the test's",
        "expected outputs (rtol 1e-3, atol 1e-5; integers exact). A case counts only when every output of every",
        "data set matches, for (b) in all three kernel sets.",
        "",
        "| ONNX op | opsets in tests | cases | (a) | (b) | (c) | TFLite ops | known limits |",
        "|---|---|---|---|---|---|---|---|",
    ]
    by_op = collections.defaultdict(list)
    for name, r in results.items():
        by_op[ops_of[name]].append((name, r))
    for op in sorted(by_op):
        rows = by_op[op]
        opsets = sorted({r["opset"] for _, r in rows})
        tflite_ops = sorted({o for _, r in rows for o in r["tflite_ops"]})
        reasons = collections.Counter(r["why"] for _, r in rows if not (r["a"] and r["b"] and r["c"]) and r["why"])
        limit = "; ".join(f"{why} ({n})" for why, n in reasons.most_common(2)).replace("|", "\\|")
        lines.append(f"| {op} | {', '.join(map(str, opsets))} | {len(rows)} | {sum(r['a'] for _, r in rows)} | "
                     f"{sum(r['b'] for _, r in rows)} | {sum(r['c'] for _, r in rows)} | {', '.join(tflite_ops)} | {limit} |")
    lines += ["", "## Out of scope", "", "| case | reason |", "|---|---|"]
    lines += [f"| {name} | {why} |" for name, why in sorted(out_of_scope.items())]
    REPORT.write_text("\n".join(lines) + "\n")
    return count, pct


def main():
    global LITECONV
    parser = argparse.ArgumentParser()
    parser.add_argument("--liteconv", required=True)
    parser.add_argument("--update-baseline", action="store_true")
    parser.add_argument("--filter", default="", help="only cases whose name matches this regular expression")
    parser.add_argument("--results", type=Path, help="also write every case's result as JSON here")
    args = parser.parse_args()
    LITECONV = str(Path(args.liteconv).resolve())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from onnx.backend.test.case.node import collect_testcases
        cases = collect_testcases(None)
    cases += [v for v in map(constant_parameter_variant, cases) if v is not None]
    by_name = {c.name: c for c in cases}
    results, out_of_scope, ops_of = {}, {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for case in sorted(cases, key=lambda c: c.name):
            if not re.search(args.filter, case.name):
                continue
            reason = out_of_scope_reason(case.model)
            if reason:
                out_of_scope[case.name] = reason
                continue
            ops_of[case.name] = case_op(case, by_name)
            result = evaluate(case, work)
            result["opset"] = next((o.version for o in case.model.opset_import if o.domain in ("", "ai.onnx")), 0)
            results[case.name] = result
            for f in work.glob(f"{case.name}*"):
                f.unlink()
    if args.results:
        args.results.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    if args.filter:
        for name, r in results.items():
            print(f"{name}: a={r['a']} b={r['b']} c={r['c']} {r['why']}")
        return
    count, pct = write_report(results, out_of_scope, ops_of)
    current = {name: "".join(k for k in "abc" if r[k]) for name, r in results.items()}
    regressions = conformance_support.regressions(BASELINE, current, args.update_baseline)
    print(f"conformance: {len(results)} in scope, (a) {count['a']} {pct['a']:.1f}%, (b) {count['b']} {pct['b']:.1f}%, "
          f"(c) {count['c']} {pct['c']:.1f}%, {len(out_of_scope)} out of scope; report in docs/operators.md")
    for line in regressions:
        print("REGRESSION", line)
    beyond = c_beyond_b(results)
    for name in beyond:
        print(f"(c) BEYOND (b) {name}: {results[name]['why']}")
    # Cases that fail without a baseline entry are coverage still to build, not a failing run.
    sys.exit(1 if regressions or beyond else 0)


if __name__ == "__main__":
    main()
