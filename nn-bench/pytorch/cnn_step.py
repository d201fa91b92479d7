#!/usr/bin/env python3
"""Times one training step of Neurite's Fashion-MNIST CNN in PyTorch, for comparison with
TrainingStepBenchmark.Cnn (nn-bench): the same network, loss, optimizer and batch sizes.

  Conv(1->32, 3x3, same) BN ReLU MaxPool(2) -> Conv(32->64, 3x3, same) BN ReLU MaxPool(2) -> Flatten
  -> Linear(3136->128) ReLU Dropout(0.3) -> Linear(128->10); softmax cross-entropy; Adam(lr=1e-3)

The batch is fixed (random pixels, random labels), as in the Java benchmark: the data pipeline is not timed.
Usage (Debian: apt-get install python3-torch):

  python3 nn-bench/pytorch/cnn_step.py --threads 2 --batch 128
  python3 nn-bench/pytorch/cnn_step.py --threads 1,2 --batch 32,128 --json results.json

Prints one line per case with milliseconds per step and samples per second, the PyTorch version and the
convolution back end it used (oneDNN/mkldnn or PyTorch's own kernels).
"""
import argparse
import json
import platform
import sys
import time

import torch
import torch.nn as nn

from blas_check import require_fast_blas


def model():
    # Convolutions without bias: the BatchNorm after each has its own shift (as in Neurite's CnnModel).
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))


def time_step(threads, batch, warmup_s, measure_s):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    net = model()
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    end = time.perf_counter() + warmup_s
    while time.perf_counter() < end:
        step()
    times = []
    end = time.perf_counter() + measure_s
    while time.perf_counter() < end or len(times) < 5:
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2], len(times)


def conv_backend():
    mkldnn = torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled
    return "oneDNN (mkldnn) available and enabled" if mkldnn else "PyTorch's native (THNN/im2col) kernels"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    p.add_argument("--batch", default="32,128", help="comma-separated batch sizes (default 32,128)")
    p.add_argument("--warmup", type=float, default=5.0, help="seconds of warm-up per case (default 5)")
    p.add_argument("--time", type=float, default=10.0, help="seconds of measurement per case (default 10)")
    p.add_argument("--json", help="also write the results to this JSON file")
    p.add_argument("--allow-slow-blas", action="store_true",
                   help="measure even when torch runs on the reference BLAS (figures about 15x too slow)")
    a = p.parse_args()
    require_fast_blas("cnn_step.py", a.allow_slow_blas)
    info = {"torch": torch.__version__, "python": platform.python_version(), "machine": platform.machine(),
            "conv": conv_backend(), "config": torch.__config__.parallel_info().splitlines()[:3]}
    print(f"# PyTorch {info['torch']} on Python {info['python']} ({info['machine']}); convolutions: {info['conv']}")
    results = []
    for threads in [int(t) for t in a.threads.split(",")]:
        for batch in [int(b) for b in a.batch.split(",")]:
            median, n = time_step(threads, batch, a.warmup, a.time)
            r = {"threads": threads, "batch": batch, "ms_per_step": median * 1e3, "samples_per_s": batch / median,
                 "steps_timed": n}
            results.append(r)
            print(f"threads {threads}  batch {batch:4d}  {median * 1e3:8.2f} ms/step (median of {n})  "
                  f"{batch / median:9.0f} samples/s", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"info": info, "results": results}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
