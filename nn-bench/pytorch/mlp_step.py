#!/usr/bin/env python3
"""PyTorch's time for the training step that nn-bench's TrainingStepBenchmark measures.

One step of the MLP 784-256-128-10 (ReLU, softmax cross-entropy, Adam 1e-3) on a fixed random batch,
float32 on the CPU: forward, loss, backward, optimizer step. Prints samples per second (median over the
timed rounds) for each batch size and thread count, and with --json writes them for nn-bench's report
(io.neurite.bench.Report --pytorch FILE).

    /usr/bin/python3 nn-bench/pytorch/mlp_step.py                       # batch 128, 1 and 2 threads
    /usr/bin/python3 nn-bench/pytorch/mlp_step.py --batch 32,128,512 --threads 1,2 --json torch.json

Needs torch with a real BLAS: on Debian `apt-get install python3-torch libopenblas0-pthread`. Without the
second package Debian links torch against the reference BLAS (libblas3) and a 128x784x256 product takes
50 ms instead of well under 1 ms (torch.__config__.show() says BLAS_INFO=generic either way).
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn

from blas_check import require_fast_blas


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


def measure(batch, threads, warmup_s, rounds, round_s):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = mlp()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, 784)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    end = time.perf_counter() + warmup_s
    while time.perf_counter() < end:
        step()
    per_step = []
    for _ in range(rounds):
        n = 0
        t0 = time.perf_counter()
        while True:
            step()
            n += 1
            t = time.perf_counter() - t0
            if t >= round_s:
                break
        per_step.append(t / n)
    median = statistics.median(per_step)
    return {"batch": batch, "threads": threads, "samples_per_second": batch / median, "median_ms": median * 1e3,
            "rounds": rounds}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--batch", default="128", help="comma-separated batch sizes (default 128)")
    p.add_argument("--threads", default="1,2", help="comma-separated intra-op thread counts (default 1,2)")
    p.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per configuration")
    p.add_argument("--rounds", type=int, default=5, help="timed rounds per configuration (median reported)")
    p.add_argument("--round-seconds", type=float, default=1.0)
    p.add_argument("--json", help="also write the results here, for io.neurite.bench.Report --pytorch")
    p.add_argument("--allow-slow-blas", action="store_true",
                   help="measure even when torch runs on the reference BLAS (figures about 15x too slow)")
    a = p.parse_args()
    require_fast_blas("mlp_step.py", a.allow_slow_blas)
    results = []
    for batch in (int(b) for b in a.batch.split(",")):
        for threads in (int(t) for t in a.threads.split(",")):
            r = measure(batch, threads, a.warmup, a.rounds, a.round_seconds)
            results.append(r)
            print(f"batch {batch:4d}  threads {threads}  {r['samples_per_second']:10,.0f} samples/s"
                  f"  ({r['median_ms']:.3f} ms per step, median of {a.rounds})", flush=True)
    framework = f"PyTorch {torch.__version__}, {torch.backends.mkldnn.is_available() and 'oneDNN available' or 'no oneDNN'}"
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"framework": framework, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
