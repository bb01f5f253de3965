"""Where benchmarks put their figures: bench/results/NAME.json, also printed."""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def write_results(name: str, results: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    text = json.dumps(results, indent=2)
    path.write_text(text + "\n")
    print(text)
    print(f"written to bench/results/{path.name}")
    return path
