"""What both conformance suites (ONNX backend node tests, Keras cases) share: running liteconv,
running the official runtime isolated in a child process, and the baseline's regression rule."""
import concurrent.futures
import json
import multiprocessing
import subprocess
import threading

import official_runtime


def run_liteconv(binary, args, timeout):
    """(exit code, stderr) of one liteconv command; -1 when it outlives `timeout` seconds."""
    try:
        result = subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=timeout)
        return result.returncode, result.stderr.strip()
    except subprocess.TimeoutExpired:
        return -1, f"timed out after {timeout}s"


def _official_worker(tflite, input_sets):
    """In the child: {kernel set: outputs per input set, or the refusal's text}, and the operators."""
    results = official_runtime.run_all(tflite, input_sets)
    ops = next((r[1] for r in results.values() if not isinstance(r, Exception)), [])
    return {k: (str(r) if isinstance(r, Exception) else r[0]) for k, r in results.items()}, ops


_POOLS = threading.local()  # one single-process pool per calling thread: a crash breaks only its own


def run_official(tflite, input_sets, timeout):
    """_official_worker's result from a child process, so that a file that makes the runtime
    abort or hang cannot end the suite; RuntimeError when it did."""
    pool = getattr(_POOLS, "pool", None)
    if pool is None:
        pool = _POOLS.pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        return pool.submit(_official_worker, str(tflite), input_sets).result(timeout=timeout)
    except (concurrent.futures.process.BrokenProcessPool, concurrent.futures.TimeoutError):
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        _POOLS.pool = None
        raise RuntimeError("the TFLite runtime crashed or hung on this model")


def regressions(path, current, update):
    """A case keeps every column (a, b, c) it passed in the baseline at `path`: lines naming each
    case that lost one. Writes `current` ({case: columns passed}) there when updating or when
    there is no baseline yet."""
    lost = []
    if path.exists() and not update:
        baseline = json.loads(path.read_text())
        lost = [f"{name}: was {was}, now {current.get(name, '')}" for name, was in baseline.items()
                if not set(was) <= set(current.get(name, ""))]
    if update or not path.exists():
        path.write_text(json.dumps(current, indent=0, sort_keys=True) + "\n")
    return lost
