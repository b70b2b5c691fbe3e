"""The official TFLite runtime (ai-edge-litert), run three ways.

A converted file must mean the same to every kernel set a device may run it with:
  * "xnnpack":   the default resolver, which applies the XNNPACK delegate (it accepts some files the
                 builtin kernels refuse, and may compute them differently);
  * "builtin":   the optimized builtin kernels without delegates (BUILTIN_WITHOUT_DEFAULT_DELEGATES);
  * "reference": the builtin reference kernels (BUILTIN_REF).
"""
import time

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType

KERNEL_SETS = {
    "xnnpack": OpResolverType.AUTO,
    "builtin": OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES,
    "reference": OpResolverType.BUILTIN_REF,
}


def load(tflite, kernel_set):
    """An interpreter with its tensors allocated; raises where the runtime refuses the file."""
    interpreter = Interpreter(model_path=str(tflite), experimental_op_resolver_type=KERNEL_SETS[kernel_set])
    interpreter.allocate_tensors()
    return interpreter


def run(tflite, input_sets, kernel_set, to_file=lambda name, value: value, from_file=lambda name, value: value):
    """Outputs by name for each input set (inputs matched by name), invoking one interpreter in
    turn — so state a file keeps between invokes shows. `to_file` / `from_file` adapt an array to
    and from the file's layout. Raises when the runtime refuses the file."""
    outputs = []
    interpreter = Interpreter(model_path=str(tflite), experimental_op_resolver_type=KERNEL_SETS[kernel_set])
    allocated = None
    for inputs in input_sets:
        values = {d["name"]: np.asarray(to_file(d["name"], inputs[d["name"]])) for d in interpreter.get_input_details()}
        shapes = {d["index"]: values[d["name"]].shape for d in interpreter.get_input_details()}
        if shapes != allocated:
            for d in interpreter.get_input_details():
                if list(d["shape"]) != list(shapes[d["index"]]):
                    interpreter.resize_tensor_input(d["index"], shapes[d["index"]])
            interpreter.allocate_tensors()
            allocated = shapes
        for d in interpreter.get_input_details():
            interpreter.set_tensor(d["index"], values[d["name"]].astype(d["dtype"]))
        interpreter.invoke()
        outputs.append({d["name"]: from_file(d["name"], output(interpreter, d)) for d in interpreter.get_output_details()})
    ops = sorted({d["op_name"] for d in interpreter._get_ops_details() if d["op_name"] != "DELEGATE"})
    return outputs, ops


def output(interpreter, detail):
    """An output tensor. The Python wrapper cannot hand over a tensor with no elements ("Invalid
    tensor size."), whose value its shape alone decides."""
    if int(np.prod(detail["shape"])) == 0:
        return np.zeros(detail["shape"], detail["dtype"])
    return interpreter.get_tensor(detail["index"])


def random_inputs(tflite, rng, dynamic=2):
    """Arrays by input name for every input of a file, by the shapes and types it declares
    (dims known only at run time as `dynamic`)."""
    inputs = {}
    for d in Interpreter(model_path=str(tflite)).get_input_details():
        shape = [s if s > 0 else dynamic for s in d["shape_signature"]]
        integer = np.issubdtype(d["dtype"], np.integer)
        inputs[d["name"]] = rng.integers(0, 5, size=shape).astype(d["dtype"]) if integer else rng.standard_normal(shape).astype(d["dtype"])
    return inputs


def median_invoke_seconds(interpreter, invokes, warmup=3):
    """The median wall time of `invokes` invokes of an allocated interpreter with its inputs
    set, after `warmup` untimed ones."""
    for _ in range(warmup):
        interpreter.invoke()
    times = []
    for _ in range(invokes):
        start = time.perf_counter()
        interpreter.invoke()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def run_all(tflite, input_sets, **layout):
    """{kernel set: (outputs, ops) or the exception it raised} for all three kernel sets."""
    results = {}
    for kernel_set in KERNEL_SETS:
        try:
            results[kernel_set] = run(tflite, input_sets, kernel_set, **layout)
        except Exception as error:  # a refusal is a result to report, not a crash of the caller
            results[kernel_set] = error
    return results
