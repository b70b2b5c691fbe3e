"""The regression rule both conformance suites share: a case keeps every column (a, b, c) it
passed in the committed baseline; `update` records the current results instead."""
import json


def regressions(path, current, update):
    """Lines naming each case that lost a column of the baseline at `path`; writes `current`
    ({case: "abc" columns passed}) there when updating or when there is no baseline yet."""
    lost = []
    if path.exists() and not update:
        baseline = json.loads(path.read_text())
        lost = [f"{name}: was {was}, now {current.get(name, '')}" for name, was in baseline.items()
                if not set(was) <= set(current.get(name, ""))]
    if update or not path.exists():
        path.write_text(json.dumps(current, indent=0, sort_keys=True) + "\n")
    return lost
