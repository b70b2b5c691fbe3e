#!/usr/bin/env python3
"""The pruning table of `make bench`: `liteconv convert --prune` (unstructured, weights stored
sparse) and `--prune-channels` (structured) at 25 / 50 / 75 % on the quantization bench's models:
its CNN trained on a synthetic task, Keras samples and ONNX samples.
Run in the Keras venv (the trained model and Keras's reference outputs need it); the official
runtime and onnxruntime run in the oracle venv, in subprocesses, as in bench_quantization.py:
    .venv-keras/bin/python scripts/bench_pruning.py .build/release/liteconv [--runs 50] [--only NAME ...]
What is measured, per model and pruning share:
  * unstructured (`--prune S`, default `--sparse-weights auto`): the file size with its weights
    stored sparse and the same pruned file stored dense (`--sparse-weights never`), beside the
    unpruned file;
  * structured (`--prune-channels S`): parameters and multiply-accumulates (from `--report`),
    file size;
  * the official runtime's latency at one thread, default XNNPACK delegate and optimized builtin
    kernels alone, the median of --runs invokes (best of two rounds), for the unpruned, the
    sparse and the channel-pruned files;
  * output SQNR and top-1 agreement of each pruned file (official runtime, reference kernels)
    against the unpruned model (Keras's predict or onnxruntime) on the evaluation samples of
    bench_quantization.py (the trained model: its 1000 test images, whose accuracy is shown too).
Pruning is post-training, without fine-tuning: the drift is what a user gets from the flag alone.
The sample models have random weights, where every channel matters about as much as any other,
so their drift overstates a trained model's. Raw numbers: out/bench/prune/results.json.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_quantization as bq  # noqa: E402  (the models, data, references and oracle runner)

OUT = bq.ROOT / "out/bench/prune"
MODELS = [bq.TRAINED, "mobilenet_v2_k3", "resnet_style_k3", "transformer_block_k3", "resnet_block", "mobilenet_block",
          "squeezenet_style", "efficientnet_style", "lenet"]
SHARES = [0.25, 0.5, 0.75]


def convert(liteconv, model, name, *flags):
    """Converts `model` with `flags`; {"path", "bytes", "report"} or {"error"}."""
    path, report = OUT / f"{name}.tflite", OUT / f"{name}.report.json"
    result, _ = bq.liteconv_run(liteconv, "convert", model["path"], "-o", path, "--report", report, *flags)
    if result.returncode != 0:
        return {"error": f"exit {result.returncode}: {bq.last_line(result.stderr)}"}
    return {"path": str(path), "bytes": path.stat().st_size, "report": json.loads(report.read_text())}


def evaluate(model, files, reference):
    """Each file's SQNR and top-1 agreement against the unpruned model (reference kernels), and
    the trained model's accuracy."""
    tasks = [{"id": label, "kind": "run", "tflite": f["path"], "inputs": str(model["evaluation"]), "kernel": "reference",
              "out": str(OUT / f"{label}.out.npz")} for label, f in files.items() if "path" in f]
    labels = np.load(bq.OUT / f"{bq.TRAINED}.test_labels.npy") if model["name"] == bq.TRAINED else None
    for label, result in bq.oracle(tasks).items():
        if "error" in result:
            files[label]["eval_error"] = result["error"]
            continue
        outputs = bq.loaded_outputs(result, OUT / f"{label}.out.npz")
        files[label].update(bq.compare(reference, outputs))
        if labels is not None:
            files[label]["accuracy"] = 100 * float(np.mean(np.argmax(outputs[0][1], 1) == labels))


def time_files(model, files, runs):
    """Official-runtime latency (ms) per file and kernel set: best of two rounds of medians."""
    for _ in range(2):
        tasks = [{"id": label, "kind": "latency", "tflite": f["path"], "inputs": str(model["evaluation"]),
                  "kernels": ["xnnpack", "builtin"], "runs": runs} for label, f in files.items() if "path" in f and f.get("timed")]
        for label, result in bq.oracle(tasks).items():
            for kernel in ["xnnpack", "builtin"]:
                entry = result.get(kernel, result)
                if "seconds" in entry:
                    best = files[label].get(kernel)
                    files[label][kernel] = min(best, 1000 * entry["seconds"]) if isinstance(best, float) else 1000 * entry["seconds"]
                else:
                    files[label][kernel] = entry.get("error", "no result")


def measure(liteconv, model, runs):
    name = model["name"]
    files = {"dense": {**convert(liteconv, model, f"{name}.dense"), "timed": True}}
    for share in SHARES:
        tag = f"{int(share * 100)}"
        files[f"prune{tag}"] = {**convert(liteconv, model, f"{name}.prune{tag}", "--prune", share), "timed": True}
        files[f"prune{tag}.never"] = convert(liteconv, model, f"{name}.prune{tag}.never", "--prune", share, "--sparse-weights", "never")
        files[f"channels{tag}"] = {**convert(liteconv, model, f"{name}.channels{tag}", "--prune-channels", share), "timed": True}
    if model["kind"] == "keras":
        reference = bq.keras_reference(model["path"], model["evaluation"])
    else:
        out = OUT / "reference.npz"
        result = bq.oracle([{"id": "reference", "kind": "onnx", "model": str(model["path"]), "inputs": str(model["evaluation"]), "out": str(out)}])["reference"]
        reference = bq.loaded_outputs(result, out)
    evaluate(model, files, reference)
    time_files(model, files, runs)
    for entry in files.values():  # only the channel report is needed
        if "report" in entry:
            entry["report"] = {"channel_pruning": entry["report"].get("channel_pruning")}
    return files


def cell(entry, key, fmt):
    value = entry.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt.format(value)
    return "—" if value is None else bq.short(str(value), 30)


def db(entry):
    if "error" in entry or "eval_error" in entry:
        return bq.short(entry.get("error") or entry.get("eval_error"), 40)
    return bq.db(entry["sqnr"]) + (f" / {entry['top1']:.1f}%" if entry.get("top1") is not None else "")


def latency_change(before, after):
    """ "XNNPACK / builtin ms before → after"."""
    return " → ".join(f"{cell(e, 'xnnpack', '{:.3f}')} / {cell(e, 'builtin', '{:.3f}')}" for e in (before, after))


def rows(records):
    """(model name, share tag such as "25", the model's files) for every table row."""
    for r in records:
        for share in SHARES:
            yield r["name"], f"{int(share * 100)}", r["files"]


def print_tables(records, runs):
    print(f"\n### Unstructured pruning (`--prune S`), weights stored sparse\n")
    print("File sizes in bytes: dense (unpruned), pruned stored dense (`--sparse-weights never`), pruned stored sparse (`auto`) and its share of "
          f"the dense file. Latency: official runtime, one thread, median of {runs} invokes (best of two rounds), XNNPACK / builtin kernels. "
          "SQNR (dB) / top-1 agreement against the unpruned model (reference kernels).\n")
    print("| model | S | dense bytes | pruned, dense | pruned, sparse | share | ms XNNPACK / builtin (dense → sparse) | SQNR / top-1 |")
    print("|---|---|---|---|---|---|---|---|")
    for name, tag, files in rows(records):
        p, n, d = files[f"prune{tag}"], files[f"prune{tag}.never"], files["dense"]
        share_text = f"{100 * p['bytes'] / d['bytes']:.0f}%" if "bytes" in p and "bytes" in d else "—"
        print(f"| {name} | {tag}% | {cell(d, 'bytes', '{:,}')} | {cell(n, 'bytes', '{:,}')} | {cell(p, 'bytes', '{:,}')} | {share_text} | {latency_change(d, p)} | {db(p)} |")
    print(f"\n### Structured pruning (`--prune-channels S`)\n")
    print("Parameters and MACs (convolutions and dense layers) before → after, file size, latency as above, SQNR / top-1 against the unpruned model.\n")
    print("| model | S | parameters | MACs | bytes | ms XNNPACK / builtin (dense → pruned) | SQNR / top-1 |")
    print("|---|---|---|---|---|---|---|")
    for name, tag, files in rows(records):
        c, d = files[f"channels{tag}"], files["dense"]
        report = (c.get("report") or {}).get("channel_pruning") or {}
        params = f"{report.get('parameters_before', 0):,} → {report.get('parameters_after', 0):,}" if report else "—"
        macs = f"{report.get('macs_before', 0):,} → {report.get('macs_after', 0):,}" if report else "—"
        print(f"| {name} | {tag}% | {params} | {macs} | {cell(c, 'bytes', '{:,}')} | {latency_change(d, c)} | {db(c)} |")
    trained = next((r for r in records if r["name"] == bq.TRAINED), None)
    if trained:
        f = trained["files"]
        print(f"\n{bq.TRAINED} test accuracy (1000 images, unpruned float {trained['training']['float_test_accuracy'] * 100:.1f}%): "
              + ", ".join(f"{label} {f[label]['accuracy']:.1f}%" for label in f if "accuracy" in f[label] and not label.endswith(".never")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("liteconv", nargs="?", default=str(bq.ROOT / ".build/release/liteconv"))
    parser.add_argument("--runs", type=int, default=50, help="timed invokes per latency measurement")
    parser.add_argument("--only", action="append", default=[], help="benchmark only this model (repeatable)")
    args = parser.parse_args()
    liteconv = str(Path(args.liteconv).resolve())
    OUT.mkdir(parents=True, exist_ok=True)
    bq.OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    records = []
    for model in bq.models(set(args.only or MODELS), retrain=False):
        print(f"{model['name']}: pruning", file=sys.stderr, flush=True)
        records.append({"name": model["name"], "kind": model["kind"], "training": model.get("training"),
                        "files": measure(liteconv, model, args.runs)})
    (bq.OUT / "oracle_tasks.json").unlink(missing_ok=True)
    print_tables(records, args.runs)
    print(f"\n(whole run {time.perf_counter() - started:.0f} s)")
    (OUT / ("results.json" if not args.only else "results.only.json")).write_text(json.dumps(bq.finite(records), indent=1))


if __name__ == "__main__":
    main()
