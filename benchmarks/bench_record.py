"""Recording cost relative to the module's own forward pass (issue: at most 2x).

One layer, input 64, hidden 128, 1000 steps, for each of rnn, lstm and gru. Forward and record
runs are interleaved in one process and the medians compared, so machine noise hits both alike.

    .venv/bin/python benchmarks/bench_record.py
"""

from __future__ import annotations

import statistics
import time

import torch

import rnnviz

STEPS, INPUT, HIDDEN, ROUNDS = 1000, 64, 128, 30


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    torch.manual_seed(0)
    x = torch.randn(STEPS, INPUT)
    print(f"record vs forward, 1 layer, input {INPUT}, hidden {HIDDEN}, {STEPS} steps, median of {ROUNDS}")
    print(f"{'arch':<6}{'forward ms':>12}{'record ms':>12}{'ratio':>8}")
    for arch, cls in (("rnn", torch.nn.RNN), ("lstm", torch.nn.LSTM), ("gru", torch.nn.GRU)):
        module = cls(INPUT, HIDDEN)
        with torch.no_grad():
            forward = lambda: module(x)  # noqa: E731
            record = lambda: rnnviz.record(module, x)  # noqa: E731
            forward(), record()  # warm-up
            pairs = [(_seconds(forward), _seconds(record)) for _ in range(ROUNDS)]
        f = statistics.median(p[0] for p in pairs) * 1e3
        r = statistics.median(p[1] for p in pairs) * 1e3
        print(f"{arch:<6}{f:>12.2f}{r:>12.2f}{r / f:>8.2f}")


if __name__ == "__main__":
    main()
