#!/usr/bin/env python3
"""Runs the malformed-input corpus (cases.json and keras_cases.json beside this file): each case's
liteconv command must exit 2 — never by a signal, never after the timeout — with an error on
stderr holding every word the case lists. Then the HDF5 reader process is made to hang and is
killed, and conversions are interrupted. Exits 1 when any check fails.
    python3 Tests/malformed/run_cases.py --liteconv .build/release/liteconv"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TIMEOUT_SECONDS = 30
MODEL = HERE.parents[1] / "Samples/keras/mobilenet_v2_k3.h5"
HANGS_LIBHDF5 = HERE.parents[1] / "Tests/fuzz/known-hangs/keras/timeout-04f1f579391608581ff385d7ca3d0481cbae26d3"


def hdf5_reader_faults(liteconv, tmp):
    """The HDF5 reader process hangs (on a file that makes libhdf5 spin) and is killed: either
    way the parent exits 2 naming the file as malformed HDF5. Returns the failures."""
    model = Path(tmp) / "spins-libhdf5.h5"
    model.write_bytes(HANGS_LIBHDF5.read_bytes())
    command = [liteconv, "convert", str(model), "-o", str(Path(tmp) / "spin.tflite")]
    checks = []
    hung = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                          env={**os.environ, "LITECONV_HDF5_TIMEOUT": "2"})
    checks.append(("reader hangs", hung.returncode, hung.stderr, ["malformed HDF5 file", "did not finish reading it in 2.0 s", model.name]))
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not children.read_text().split():
        time.sleep(0.01)
    for child in children.read_text().split():
        os.kill(int(child), signal.SIGKILL)
    _, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    checks.append(("reader killed", process.returncode, stderr, ["malformed HDF5 file", "crashed reading it (signal 9", model.name]))
    failures = 0
    for name, code, stderr, words in checks:
        missing = [w for w in words if w not in stderr]
        if code != 2 or missing:
            print(f"FAIL {name}: exit {code}, missing {missing}: {stderr.strip()[-300:]}")
            failures += 1
        else:
            print(f"PASS {name}: {stderr.strip()}")
    return failures


def interrupted_conversions(liteconv, tmp):
    """Conversions killed (SIGKILL, SIGINT, SIGTERM) at several moments leave nothing in the
    output folder but complete files: the .tflite byte for byte an uninterrupted conversion's,
    the report whole JSON. Returns the failures."""
    def convert(folder):
        return [liteconv, "convert", str(MODEL), "-o", str(folder / "out.tflite"), "--report", str(folder / "report.json")]
    reference = Path(tmp) / "interrupted-reference"
    reference.mkdir()
    subprocess.run(convert(reference), capture_output=True, check=True)
    expected = (reference / "out.tflite").read_bytes()
    failures, runs = 0, 0
    for number in [signal.SIGKILL, signal.SIGINT, signal.SIGTERM]:
        for delay in [0.02, 0.05, 0.1, 0.15, 0.2, 0.3]:
            folder = Path(tmp) / f"interrupted-{number.name}-{delay}"
            folder.mkdir()
            process = subprocess.Popen(convert(folder), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                process.send_signal(number)
                process.wait()
            runs += 1
            left = sorted(p.name for p in folder.iterdir())
            problems = [name for name in left if name not in ("out.tflite", "report.json")]
            if "out.tflite" in left and (folder / "out.tflite").read_bytes() != expected:
                problems.append("out.tflite differs from an uninterrupted conversion's")
            if "report.json" in left:
                try:
                    json.loads((folder / "report.json").read_text())
                except ValueError:
                    problems.append("report.json is not whole")
            if "report.json" in left and "out.tflite" not in left:
                problems.append("a report without its file")
            if process.returncode == 0 and left != ["out.tflite", "report.json"]:
                problems.append("a finished conversion without its files")
            if problems:
                print(f"FAIL convert killed by {number.name} after {delay} s: left {left}: {problems}")
                failures += 1
    print(f"interrupted conversions: {runs - failures} of {runs} leave nothing behind but complete files")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--liteconv", required=True)
    liteconv = str(Path(parser.parse_args().liteconv).resolve())
    cases = [case for manifest in sorted(HERE.glob("*cases.json")) for case in json.loads(manifest.read_text())]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            names = {"file": str(HERE / "cases" / case["file"]), "out": str(Path(tmp) / "out.tflite"), "dir": str(HERE / "cases"),
                     "inputs": str(HERE / "cases" / case.get("inputs", ""))}
            command = [liteconv] + [part.format(**names) for part in case["command"]]
            try:
                result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                print(f"FAIL {case['file']}: no answer within {TIMEOUT_SECONDS} s")
                failed += 1
                continue
            missing = [w for w in case["words"] if w.lower() not in result.stderr.lower()]
            if result.returncode != 2 or missing or "error" not in result.stderr:
                how = f"signal {-result.returncode}" if result.returncode < 0 else f"exit {result.returncode}"
                print(f"FAIL {case['file']} ({' '.join(case['command'][:1])}): {how}, missing {missing}: {result.stderr.strip()[-300:]}")
                failed += 1
            else:
                print(f"PASS {case['file']}: {result.stderr.strip().splitlines()[0][:160]}")
        print(f"malformed corpus: {len(cases) - failed} of {len(cases)} cases exit 2 with their message")
        failed += hdf5_reader_faults(liteconv, tmp)
        failed += interrupted_conversions(liteconv, tmp)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
