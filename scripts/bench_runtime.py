#!/usr/bin/env python3
"""What converted files cost on a device: for each model and each liteconv build given, the
TFLite operator count, the file size and the official runtime's latency (one thread; the median
of repeated invokes after warm-up) with the default XNNPACK delegate and with the optimized
builtin kernels alone. Several builds side by side (e.g. before and after a change) are timed in
one run, interleaved, so machine noise affects them alike.

    .venv/bin/python scripts/bench_runtime.py --liteconv now=.build/release/liteconv [--liteconv before=/path/liteconv] MODEL...

Prints a markdown table (the ratios are of the first build to each other one).
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests/oracle"))
import official_runtime  # noqa: E402
from ai_edge_litert.interpreter import Interpreter  # noqa: E402

KERNEL_SETS = ["xnnpack", "builtin"]


def convert(liteconv, model, output, extra):
    config = model.with_name(model.name.removesuffix(".h5") + ".json")
    args = [liteconv, "convert", str(model), "-o", str(output), *extra] + (["--config", str(config)] if config.exists() else [])
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])


def latency(tflite, kernel_set, invokes, rng):
    """Seconds per invoke; None when the kernel set refuses the file."""
    interpreter = Interpreter(model_path=str(tflite), num_threads=1,
                              experimental_op_resolver_type=official_runtime.KERNEL_SETS[kernel_set])
    by_name = official_runtime.random_inputs(tflite, rng)
    inputs = {d["index"]: by_name[d["name"]] for d in interpreter.get_input_details()}
    for index, value in inputs.items():
        interpreter.resize_tensor_input(index, value.shape)
    try:
        interpreter.allocate_tensors()
    except RuntimeError:
        return None
    for index, value in inputs.items():
        interpreter.set_tensor(index, value)
    return official_runtime.median_invoke_seconds(interpreter, invokes)


def operator_count(tflite):
    interpreter = Interpreter(model_path=str(tflite), experimental_op_resolver_type=official_runtime.KERNEL_SETS["builtin"])
    return len(interpreter._get_ops_details())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--liteconv", action="append", required=True, help="name=path of a liteconv build")
    parser.add_argument("--invokes", type=int, default=20)
    parser.add_argument("--convert-arg", action="append", default=[], help="extra convert argument (e.g. --nhwc-io)")
    parser.add_argument("models", nargs="+", type=Path)
    args = parser.parse_args()
    builds = [tuple(item.split("=", 1)) for item in args.liteconv]
    rng = np.random.default_rng(0)
    print("| model | build | TFLite ops | bytes | " + " | ".join(f"{k} ms" for k in KERNEL_SETS) + " |")
    print("|---|---|---|---|" + "---|" * len(KERNEL_SETS))
    with tempfile.TemporaryDirectory() as tmp:
        for model in args.models:
            files = {}
            for name, path in builds:
                files[name] = Path(tmp) / f"{model.stem}.{name}.tflite"
                try:
                    convert(path, model, files[name], args.convert_arg)
                except RuntimeError as error:
                    print(f"| {model.name} | {name} | refused: {error} | | " + " | ".join("" for _ in KERNEL_SETS) + " |")
                    files.pop(name)
            # Interleaved rounds, so both builds see the same machine.
            timings = {name: {k: [] for k in KERNEL_SETS} for name in files}
            for _ in range(3):
                for name, tflite in files.items():
                    for kernel_set in KERNEL_SETS:
                        timings[name][kernel_set].append(latency(tflite, kernel_set, args.invokes, rng))
            first = next(iter(files), None)
            for name, tflite in files.items():
                cells = []
                for kernel_set in KERNEL_SETS:
                    mine, base = timings[name][kernel_set], timings[first][kernel_set]
                    if None in mine:
                        cells.append("refused")
                        continue
                    ratio = "" if name == first or None in base else f" ({min(mine) / min(base):.2f}×)"
                    cells.append(f"{1000 * min(mine):.2f}{ratio}")
                print(f"| {model.name} | {name} | {operator_count(tflite)} | {tflite.stat().st_size} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
