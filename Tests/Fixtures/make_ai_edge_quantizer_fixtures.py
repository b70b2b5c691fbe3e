#!/usr/bin/env python3
"""Quantized files ai-edge-quantizer writes, from TFLiteConverter's float32 files of the Keras samples
(make_quantized_fixtures.py), as Tests/Fixtures/tfliteconverter_quantized/<sample>.aiq_<recipe>.tflite,
with the official runtime's outputs under its reference kernels (BUILTIN_REF) for seeded inputs and,
for the integer recipes, every intermediate tensor (dump_quantized_tensors.py). Recipes: dynamic
(int8 weights per channel, float activations), weight-only int8, static int8 activations with int8
weights, static int16 activations with int8 weights (the static ones with integer inputs and
outputs); calibration on 8 seeded normal samples.

Regenerate in the oracle venv, after make_quantized_fixtures.py (`make samples` runs both):
    .venv/bin/python Tests/Fixtures/make_ai_edge_quantizer_fixtures.py
"""
import subprocess
import sys
from pathlib import Path

import numpy as np
from ai_edge_litert.interpreter import Interpreter
from ai_edge_quantizer import quantizer, recipe

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/Fixtures/tfliteconverter_quantized"
SAMPLES = ["mobilenet_v2_k3", "resnet_style_k3"]
RECIPES = {"dynamic": recipe.dynamic_wi8_afp32, "weight_only": recipe.weight_only_wi8_afp32,
           "static_a8": recipe.static_wi8_ai8, "static_a16": recipe.static_wi8_ai16}
sys.path.insert(0, str(ROOT / "Tests/oracle"))
import official_runtime  # noqa: E402


def main():
    for sample in SAMPLES:
        source = OUT / f"{sample}.float32.tflite"
        inputs = Interpreter(model_path=str(source)).get_signature_list()
        signature = next(iter(inputs))
        rng = np.random.default_rng(6)
        details = Interpreter(model_path=str(source)).get_input_details()
        calibration = {signature: [{d["name"].split(":")[0].removeprefix("serving_default_"): rng.standard_normal(d["shape"]).astype(np.float32)
                                    for d in details} for _ in range(8)]}
        for name, make in RECIPES.items():
            target = OUT / f"{sample}.aiq_{name}.tflite"
            q = quantizer.Quantizer(str(source))
            q.load_quantization_recipe(make())
            result = q.quantize(q.calibrate(calibration) if q.need_calibration else None)
            target.write_bytes(result.quantized_model)
            draw = np.random.default_rng(7)
            run_inputs = {d["name"]: draw.integers(-100, 100, d["shape"]).astype(d["dtype"]) if np.issubdtype(d["dtype"], np.integer)
                          else draw.standard_normal(d["shape"]).astype(d["dtype"]) for d in Interpreter(model_path=str(target)).get_input_details()}
            outputs = official_runtime.run(target, [run_inputs], "reference")[0][0]
            np.savez(target.with_suffix(".inputs.npz"), **run_inputs)
            np.savez(target.with_suffix(".expected.npz"), **outputs)
            if name.startswith("static"):
                subprocess.run([sys.executable, str(ROOT / "Tests/Fixtures/dump_quantized_tensors.py"), str(target)], check=True)
            print(f"{target.name}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
