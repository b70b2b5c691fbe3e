#!/usr/bin/env python3
"""Keras conformance for LiteConvert, in the spirit of Tests/conformance/conformance.py.

Runs every case of Tests/keras_conformance/cases.json (written by make_cases.py: one tiny Keras
model per layer-class or operation configuration, saved by tf-keras (k2) and by Keras 3 (k3), with
Keras's own outputs) and checks:
  (a) our interpreter on the .h5 (`liteconv run case.h5`) matches Keras's outputs;
  (b) `liteconv convert case.h5` succeeds and the official TFLite runtime (ai-edge-litert) matches them on
      the .tflite with each of its three kernel sets — the default resolver (XNNPACK), the optimized builtin
      kernels and the reference kernels —, on two invokes of one interpreter (no state kept between invokes);
  (c) our interpreter on the converted .tflite matches them.
Floats: rtol 1e-3, atol 1e-5 (the largest absolute error is recorded too); integers and bools exactly, and
an output must keep its kind (bool, integer, float). A case passes a column only when every output matches.

Rewrites the generated section of docs/keras.md. Exits 1 when a case that passes a column in
Tests/keras_conformance/baseline.json no longer passes it (a regression), or when (c) passes a case (b)
fails: our interpreter must never accept what the official runtime computes differently (or refuses).
--update-baseline records the current results. Needs no TensorFlow (run with the oracle venv, .venv).

    .venv/bin/python Tests/keras_conformance/keras_conformance.py --liteconv .build/release/liteconv
"""
import argparse
import collections
import concurrent.futures
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests/oracle"))
import conformance_support  # noqa: E402
import official_runtime  # noqa: E402

HERE = ROOT / "Tests/keras_conformance"
CASES = HERE / "cases"
MANIFEST = HERE / "cases.json"
BASELINE = HERE / "baseline.json"
REPORT = ROOT / "docs/keras.md"
LAYER_TABLES = ROOT / "Sources/KerasImport/Layers"
BEGIN = "<!-- BEGIN keras-conformance: written by Tests/keras_conformance/keras_conformance.py -->"
END = "<!-- END keras-conformance -->"
RTOL, ATOL = 1e-3, 1e-5
TIMEOUT = 120
INVOKES = 2
LITECONV = None


# ----------------------------------------------------------------------------------------------
# Comparing

def kind_of(dtype):
    return "bool" if dtype == bool else "integer" if dtype.kind in "iu" else "float" if dtype.kind == "f" else dtype.kind


def matches(expected, actual):
    """(ok, why, max abs error or None)."""
    expected, actual = np.asarray(expected), np.asarray(actual)
    if expected.shape != actual.shape:
        return False, f"shape {list(actual.shape)} != {list(expected.shape)}", None
    if kind_of(expected.dtype) != kind_of(actual.dtype):
        return False, f"{actual.dtype} output, Keras gives {expected.dtype}", None
    if expected.dtype.kind in "biu":
        same = bool(np.array_equal(expected, actual))
        return same, "" if same else "values differ", 0.0 if same else None
    e, a = expected.astype(np.float64), actual.astype(np.float64)
    same_nan = np.isnan(e) == np.isnan(a)
    close = np.isclose(a, e, rtol=RTOL, atol=ATOL, equal_nan=True)
    diff = np.abs(e - a)
    finite = diff[np.isfinite(diff)]
    err = float(finite.max()) if finite.size else 0.0
    if bool(np.all(close & same_nan)):
        return True, "", err
    bad = diff[~(close & same_nan)]
    bad = bad[np.isfinite(bad)]
    return False, f"max abs err {bad.max():.3e}" if bad.size else "NaN or infinity where a number is expected", err


def compare(expected, actual):
    """Every expected output (by name) against the actual ones: (ok, why, max abs error)."""
    worst = 0.0
    for name, value in expected.items():
        if name not in actual:
            return False, f"missing output {name} (have {sorted(actual)})", None
        ok, why, err = matches(value, actual[name])
        if err is not None:
            worst = max(worst, err)
        if not ok:
            return False, f"{name}: {why}", err
    return True, "", worst


# ----------------------------------------------------------------------------------------------
# Running

def liteconv(*args):
    return conformance_support.run_liteconv(LITECONV, args, TIMEOUT)


def first_line(message):
    """A failure's first line (with the next when it only announces a list), without paths."""
    lines = [line.strip() for line in re.sub(r"/\S+/", "", message).splitlines() if line.strip()]
    if not lines:
        return ""
    text = lines[0] + (" " + lines[1] if lines[0].endswith(":") and len(lines) > 1 else "")
    return text[:240]


def run_ours(model, inputs_file, out, messages):
    code, err = liteconv("run", model, "--inputs", inputs_file, "--outputs", out)
    if code != 0:
        messages.append(err[:4000])
        return None, first_line(err) or f"exit {code}"
    return dict(np.load(out)), ""


def run_litert(tflite, input_sets):
    """{kernel set: outputs per input set, or the refusal's first line}, and the file's operators."""
    by_kernel_set, ops = conformance_support.run_official(tflite, input_sets, TIMEOUT)
    return {k: first_line(v) if isinstance(v, str) else v for k, v in by_kernel_set.items()}, ops


def evaluate(stem, work):
    h5, inputs_file, expected_file = CASES / f"{stem}.h5", CASES / f"{stem}.inputs.npz", CASES / f"{stem}.expected.npz"
    inputs, expected = dict(np.load(inputs_file)), dict(np.load(expected_file))
    result = {"a": False, "b": False, "c": False, "why": "", "why_a": "", "why_b": "", "why_c": "", "convert_error": "",
              "err_a": None, "err_b": None, "err_c": None, "tflite_ops": [], "messages": []}
    ours, why = run_ours(h5, inputs_file, work / f"{stem}.a.npz", result["messages"])
    if ours is not None:
        result["a"], why, result["err_a"] = compare(expected, ours)
    result["why_a"] = why
    tflite = work / f"{stem}.tflite"
    code, err = liteconv("convert", h5, "-o", tflite)
    if code != 0:
        result["messages"].append(err[:4000])
        result["convert_error"] = first_line(err) or f"exit {code}"
        result["why_b"] = result["why_c"] = "convert: " + result["convert_error"]
        result["why"] = result["why_a"] or result["why_b"]
        return result
    # (b) passes only when every kernel set matches, on every invoke.
    try:
        by_kernel_set, result["tflite_ops"] = run_litert(tflite, [inputs] * INVOKES)
    except RuntimeError as error:
        by_kernel_set = {k: str(error) for k in official_runtime.KERNEL_SETS}
    failures, worst = [], 0.0
    for kernel_set, runtime in by_kernel_set.items():
        ok, why = True, ""
        if isinstance(runtime, str):
            ok, why = False, f"refused: {runtime}"
        else:
            for number, outputs in enumerate(runtime, 1):
                ok, why, e = compare(expected, outputs)
                worst = max(worst, e or 0.0) if e is not None else worst
                if not ok:
                    why = f"invoke {number}: {why}" if number > 1 else why
                    break
        result[f"b_{kernel_set}"] = ok
        if not ok:
            failures.append(f"TFLite {kernel_set}: {why}")
    result["b"], result["why_b"], result["err_b"] = not failures, "; ".join(failures), worst
    converted, why_c = run_ours(tflite, inputs_file, work / f"{stem}.c.npz", result["messages"])
    if converted is not None:
        result["c"], why_c, result["err_c"] = compare(expected, converted)
    result["why_c"] = why_c
    result["why"] = result["why_a"] or result["why_b"] or result["why_c"]
    return result


# ----------------------------------------------------------------------------------------------
# Reporting

def importer_classes():
    """The layer classes the importer translates: the keys of the `[String: …]` dictionaries in
    Sources/KerasImport/Layers/*.swift (the `table` of each family, and the dictionaries a table is
    built from), and the identity layers CoreLayers lists in a loop."""
    names = set()
    for source in sorted(LAYER_TABLES.glob("*.swift")):
        text = source.read_text()
        for match in re.finditer(r"static let \w+: \[String: \w+\] = ", text):
            rest = text[match.start():]
            line = rest.split("\n", 1)[0]
            if re.search(r"=\s*\[.*\]\s*$", line):  # the whole dictionary on one line
                block = line
            else:
                ends = [i for i in (rest.find("\n    ]"), rest.find("\n    }()")) if i >= 0]
                block = rest[:min(ends)] if ends else line
            names.update(re.findall(r'"([A-Z][A-Za-z0-9>]*)"\s*:', block))
            for listing in re.findall(r"for \w+ in \[(.*?)\]", block, re.S):
                names.update(re.findall(r'"([A-Z][A-Za-z0-9]*)"', listing))
    return names


REFUSAL = re.compile(r"\((?P<cls>[\w>. ]+)\): (?P<why>no translation[^;\n]*|runs Python code[^;\n]*|a custom layer class[^;\n]*)")


def normalized(message):
    """A failure's first line with what varies per case removed, so equal reasons count once."""
    message = re.sub(r"^error: ", "", message)
    message = re.sub(r"\S+\.(h5|tflite): ", "", message)
    message = re.sub(r"(layer|node|operation|input|output) '[^']*'", r"\1 '…'", message)
    message = re.sub(r"\b\d+ layer\(s\) cannot be imported:\s*", "", message)
    message = re.sub(r"\d+\.\d+e[-+]\d+", "…", message)
    message = re.sub(r"' = .*? is not understood by the importer.*", "' is not understood by the importer (refused, not dropped)", message)
    message = re.sub(r"^\w+(_\d+)?: max abs err", "max abs err", message)
    return message[:130]


def limits(rows):
    reasons = collections.Counter()
    for _, r in rows:
        if not (r["a"] and r["b"] and r["c"]) and r["why"]:
            reasons[normalized(r["why"])] += 1
    top = reasons.most_common(3)
    more = len(reasons) - len(top)
    return ("; ".join(f"{why} ({n})" for why, n in top) + (f"; {more} other reason(s)" if more > 0 else "")).replace("|", "\\|")


def fmt_err(values):
    values = [v for v in values if v is not None]
    return f"{max(values):.1e}" if values else "–"


SAVING_NOTES = """### How the files record operations

- **k3** (Keras 3, legacy .h5): an operation is a node `{"class_name": <operation class>, "config": {"name", …the
  operation's constructor arguments}, "inbound_nodes": [{"args": […], "kwargs": {…}}]}`, with no `module`, no
  `registered_name` and no `trainable` / `dtype` policy: that absence is all that tells the operations Add, Subtract,
  Multiply, Maximum, Minimum, Concatenate, Reshape and Softmax from the layers of the same class names. Constructor
  arguments (axis, keepdims, newshape, indices_or_sections, subscripts, x_min / x_max, approximate, negative_slope, Cast's
  target `dtype`) are in `config`; operands are `args` in call order, Python scalars inline (`3.0 - x`:
  `[3.0, tensor]`), numpy constants as `{"class_name": "__numpy__", "config": {"value", "dtype"}}`, tensor lists nested
  (`[[t0, t1]]`), GetItem's key as a list of `__slice__` / `__ellipsis__` objects, ints and null (newaxis). `x / 4.0` is
  TrueDivide, `x @ y` Matmul, `-x` Negative, ops.abs Absolute, ops.swish Silu, ops.hard_swish HardSilu. Keras 3 cannot load
  such files back itself (`Unknown layer: 'Power'`; Add, Reshape, … resolve to the layers and fail).
- **k2** (tf-keras): every tf function call is a TFOpLambda layer (`__getitem__`: SlicingOpLambda) named `tf.<function>`
  (`_1`, `_2`, … when repeated), `config.function` the tf path it was called by (`math.add`; `__operators__.add` for `+`;
  `math.truediv` for `/`; `compat.v1.transpose` / `compat.v1.squeeze` for tf.transpose / tf.squeeze) and `config.dtype`
  the layer's policy (float32 even for integer ops; tf.cast's target is the `dtype` kwarg). The inbound node is
  `[[layer, node, tensor, kwargs]]`: the first argument is the tensor reference, every other argument, positional ones
  too, is in kwargs by parameter name (tensors as `[layer, node, tensor]`, numpy arrays as nested lists, operators add
  `"name": null`). A first argument that is no tensor is `["_CONSTANT_VALUE", -1, value, kwargs]` (`3.0 - x`,
  `2.0 ** x`, `tf.subtract(const, x)`); a list first argument (tf.concat, tf.stack) is one entry per tensor, each with
  the same kwargs. tf.einsum(equation, *operands) keeps only its equation, `["_CONSTANT_VALUE", -1, "bij,bjk->bik", {}]`:
  its operands are lost (tf-keras fails to reload it). tf_keras.activations.hard_sigmoid is saved as the three ops it
  calls. tf-keras registers CustomScaleLayer, saved as `Custom>CustomScaleLayer`.
"""


def write_report(results, manifest):
    cases = manifest["cases"]
    total = len(results)
    count = {k: sum(r[k] for r in results.values()) for k in "abc"}
    pct = {k: 100.0 * count[k] / max(total, 1) for k in "abc"}
    per_set = {k: sum(r.get(f"b_{k}", False) for r in results.values()) for k in official_runtime.KERNEL_SETS}
    flavors = sorted({cases[s]["flavor"] for s in results})
    beyond = sorted(s for s, r in results.items() if r["c"] and not r["b"])
    by_flavor = {f: {k: sum(r[k] for s, r in results.items() if cases[s]["flavor"] == f) for k in "abc"} for f in flavors}
    n_flavor = {f: sum(cases[s]["flavor"] == f for s in results) for f in flavors}
    kinds = {k: [s for s in results if cases[s]["kind"] == k] for k in ("layer", "operation")}
    lines = [
        BEGIN,
        "## Conformance suite",
        "",
        "Every layer class the importer translates and the operations Keras saves as nodes of a functional model",
        "(arithmetic with scalars and broadcasting, comparisons, slicing, shape ops, reductions, matmul/einsum, clip,",
        "where, cast, activations as ops, keras.applications patterns and their own layers LayerScale and",
        "CustomScaleLayer), each in several configurations (defaults, every option that changes the computation, odd",
        "shapes), saved by tf-keras (k2: operations are tf functions, saved as TFOpLambda / SlicingOpLambda layers) and",
        "by Keras 3 (k3: keras.ops, saved as nodes named by the operation's class). Each case is a tiny functional model",
        "with random weights and inputs from fixed seeds and Keras's own outputs. (a) `liteconv run` on the .h5,",
        "(b) `liteconv convert` then the official TFLite runtime with all three kernel sets (XNNPACK, builtin, reference),",
        f"two invokes each, (c) `liteconv run` on the .tflite; floats within rtol {RTOL:g}, atol {ATOL:g}, integers and",
        "bools exactly. Many operation cases fail until the importer reads them: the suite measures.",
        "",
        "```sh",
        "flock /tmp/liteconv-build.lock .venv-keras/bin/python Tests/keras_conformance/make_cases.py k2   # regenerate (TensorFlow)",
        "flock /tmp/liteconv-build.lock .venv-keras/bin/python Tests/keras_conformance/make_cases.py k3",
        "flock /tmp/liteconv-build.lock .venv/bin/python Tests/keras_conformance/keras_conformance.py --liteconv .build/release/liteconv",
        "```",
        "",
        f"**{total} cases** ({', '.join(f'{f} {n_flavor[f]}' for f in flavors)}; {len(kinds['layer'])} layer, "
        f"{len(kinds['operation'])} operation): (a) interpreter on the .h5 {count['a']} ({pct['a']:.1f}%), "
        f"(b) TFLite runtime on the converted file, all three kernel sets {count['b']} ({pct['b']:.1f}%), "
        f"(c) interpreter on the converted file {count['c']} ({pct['c']:.1f}%).",
        "",
        "By flavor: " + "; ".join(f"{f}: (a) {by_flavor[f]['a']}, (b) {by_flavor[f]['b']}, (c) {by_flavor[f]['c']} of {n_flavor[f]}" for f in flavors)
        + ". By kind: " + "; ".join(f"{k}: (a) {sum(results[s]['a'] for s in v)}, (b) {sum(results[s]['b'] for s in v)} of {len(v)}" for k, v in kinds.items())
        + ". (b) by kernel set: " + ", ".join(f"{k} {n}" for k, n in per_set.items())
        + f". Cases (c) passes and (b) fails: {len(beyond)}" + (" — " + ", ".join(beyond) if beyond else "") + ".",
        "",
        "Max err: the largest absolute error of a passing case, (a) / (b).",
        "",
        "| group | kind | flavors | cases | (a) | (b) | (c) | max err | saved as | known limits |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    by_group = collections.defaultdict(list)
    for stem, r in results.items():
        by_group[cases[stem]["group"]].append((stem, r))
    for group in sorted(by_group, key=lambda g: (g.startswith("op:"), g.lower())):
        rows = by_group[group]
        entries = [cases[s] for s, _ in rows]
        saved = sorted({c for e in entries for c in e.get("saved_as", [])})
        saved_text = ", ".join(saved[:5]) + (", …" if len(saved) > 5 else "")
        errors = f"{fmt_err([r['err_a'] for _, r in rows if r['a']])} / {fmt_err([r['err_b'] for _, r in rows if r['b']])}"
        lines.append(f"| {group} | {entries[0]['kind']} | {', '.join(sorted({e['flavor'] for e in entries}))} | {len(rows)} | "
                     f"{sum(r['a'] for _, r in rows)} | {sum(r['b'] for _, r in rows)} | {sum(r['c'] for _, r in rows)} | {errors} | "
                     f"{saved_text} | {limits(rows)} |".replace("`", "'"))

    # What the importer refuses by name, from the failures' messages.
    refused = collections.defaultdict(lambda: {"why": "", "cases": set(), "functions": set()})
    for stem, r in results.items():
        for message in r["messages"]:
            for m in REFUSAL.finditer(message):
                entry = refused[m.group("cls")]
                entry["why"] = re.sub(r" from module '[^']*'", "", m.group("why"))[:120]
                entry["cases"].add(stem)
                entry["functions"].update(re.sub(r"^\w+\((.*)\)$", r"\1", c) for c in cases[stem].get("saved_as", [])
                                          if c.startswith(m.group("cls") + "("))
    lines += ["", "### Refused by name", "",
              "Layer classes the importer refuses (the first failure message names only some of a file's nodes: "
              "a class is listed once it is named in a case).", "",
              "| class | reason | cases | tf functions |", "|---|---|---|---|"]
    if not refused:
        lines.append("| none | | | |")
    for cls in sorted(refused):
        entry = refused[cls]
        functions = ", ".join(sorted(entry["functions"]))
        lines.append(f"| {cls} | {entry['why']} | {len(entry['cases'])} | {functions} |")

    # What the generator could not produce.
    lines += ["", "### Not generated", "", "Configurations a flavor cannot build (make_cases.py lists them as it skips them).", "",
              "| flavor | case | group | reason |", "|---|---|---|---|"]
    for flavor, skipped in sorted(manifest.get("skipped", {}).items()):
        for s in skipped:
            lines.append(f"| {flavor} | {s['case']} | {s['group']} | {s['reason']} |".replace("`", "'"))
    missing = sorted({re.sub(r"^Custom>", "", c) for c in importer_classes()} - {cases[s]["group"] for s in cases} - {"InputLayer"})
    lines += ["", "Importer layer classes with no case: " + (", ".join(missing) if missing else "none") + "."]

    # Files Keras itself cannot reload to the same outputs: no converter can do better than the file.
    unreloadable = collections.defaultdict(list)
    for stem in results:
        if cases[stem].get("reload", "ok") != "ok":
            unreloadable[cases[stem]["flavor"]].append(stem)
    lines += ["", "### Files Keras does not reload", "",
              "make_cases.py loads every file back with `keras.models.load_model`: "
              + "; ".join(f"{f}: {len(v)} of {n_flavor[f]} do not reproduce their outputs" for f, v in sorted(unreloadable.items()))
              + ". Reasons, by how often:", ""]
    reasons, examples = collections.Counter(), {}
    for stems in unreloadable.values():
        for stem in stems:
            reason = re.sub(r"'[A-Za-z0-9_.]+'", "'…'", cases[stem]["reload"])
            reason = re.sub(r" using config=.*| Please ensure.*| ?\(named \w+\)|: [-0-9.e]+ \(of type.*| Received saved weight.*|\(max abs err .*\)", "", reason)
            reason = re.sub(r"layer #\d+|for weight \S+/", lambda m: "a layer " if m.group(0).startswith("layer") else "for weight …/", reason)
            reason = re.sub(r"\s+", " ", reason).strip()[:140]
            reasons[(cases[stem]["flavor"], reason)] += 1
            examples.setdefault((cases[stem]["flavor"], reason), []).append(cases[stem]["group"])
    for (flavor, reason), n in sorted(reasons.items(), key=lambda kv: -kv[1]):
        groups = sorted(set(examples[(flavor, reason)]))
        lines.append(f"- {flavor}, {n}: {reason} — {', '.join(groups[:6])}{', …' if len(groups) > 6 else ''}".replace("`", "'"))
    lines += ["", SAVING_NOTES.rstrip("\n"), END]

    section = "\n".join(lines) + "\n"
    text = REPORT.read_text() if REPORT.exists() else "# Keras import\n\n"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.write_text(text)
    return count, pct


def main():
    global LITECONV
    parser = argparse.ArgumentParser()
    parser.add_argument("--liteconv", required=True)
    parser.add_argument("--update-baseline", action="store_true")
    parser.add_argument("--filter", default="", help="only cases whose file stem matches this regular expression")
    parser.add_argument("--results", type=Path, help="also write every case's result as JSON here")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    LITECONV = str(Path(args.liteconv).resolve())
    manifest = json.loads(MANIFEST.read_text())
    stems = [s for s in sorted(manifest["cases"]) if re.search(args.filter, s)]
    started = time.time()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)

        def one(stem):
            try:
                return stem, evaluate(stem, work)
            finally:
                for f in work.glob(f"{stem}.*"):
                    f.unlink()

        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as threads:
            for stem, result in threads.map(one, stems):
                results[stem] = result
    elapsed = time.time() - started
    if args.results:
        args.results.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    if args.filter:
        for stem, r in results.items():
            print(f"{stem}: a={r['a']} b={r['b']} c={r['c']} {r['why']}")
        print(f"{len(results)} cases in {elapsed:.0f} s")
        return
    count, pct = write_report(results, manifest)
    current = {stem: "".join(k for k in "abc" if r[k]) for stem, r in results.items()}
    regressions = conformance_support.regressions(BASELINE, current, args.update_baseline)
    print(f"keras conformance: {len(results)} cases, (a) {count['a']} {pct['a']:.1f}%, (b) {count['b']} {pct['b']:.1f}%, "
          f"(c) {count['c']} {pct['c']:.1f}% in {elapsed:.0f} s; report in docs/keras.md")
    for line in regressions:
        print("REGRESSION", line)
    beyond = sorted(s for s, r in results.items() if r["c"] and not r["b"])
    for stem in beyond:
        print(f"(c) BEYOND (b) {stem}: {results[stem]['why_b']}")
    # Cases that fail without a baseline entry are coverage still to build, not a failing run.
    sys.exit(1 if regressions or beyond else 0)


if __name__ == "__main__":
    main()
