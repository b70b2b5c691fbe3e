#!/usr/bin/env python3
"""NumPy-written files for the NumPyIO tests. Regenerate: .venv/bin/python Tests/NumPyIOTests/Fixtures/make_fixtures.py"""
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
np.savez(HERE / "mixed.npz", **{
    "input.1": np.arange(24, dtype=np.float32).reshape(1, 2, 3, 4) / 8,
    "a/b:0": np.array([-3, 0, 7], dtype=np.int64),
    "mask": np.array([[True, False], [False, True]]),
    "bytes": np.array([0, 255, 17], dtype=np.uint8),
    "half": np.array([0.5, -2.0, 65504.0], dtype=np.float16),
    "scalar": np.float32(3.25),
    "empty": np.zeros((0, 3), dtype=np.float32),
})
np.savez_compressed(HERE / "compressed.npz", x=np.linspace(0, 1, 1000, dtype=np.float32))
np.save(HERE / "fortran.npy", np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)))
np.save(HERE / "bigendian.npy", np.array([1.5, -2.25], dtype=">f4"))
with open(HERE / "version2.npy", "wb") as f:
    np.lib.format.write_array(f, np.array([[1, 2], [3, 4]], dtype=np.int16), version=(2, 0))
