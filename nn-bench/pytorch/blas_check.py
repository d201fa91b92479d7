"""Refuses to measure PyTorch on the reference BLAS, whose figures would be meaningless.

Debian's python3-torch takes its BLAS from the system's libblas.so.3 alternative. With only the reference BLAS
(libblas3) installed there, the MLP's 128x784 . 784x256 product takes 8-50 ms instead of about 0.2, its
training step runs 15 times slower (Zen 5, 2026-12-02: 34.6 ms against 2.34 ms), and nothing says why:
torch.__config__.show() reports BLAS_INFO=generic in both set-ups. So the scripts time that one product first
and stop with the fix when it is that slow.
"""
import statistics
import sys
import time

import torch

# The product takes 0.1-0.3 ms on one core with OpenBLAS and 8-50 ms with the reference BLAS (7.9 ms on a Zen 5).
SLOW_MS = 2.0


def product_ms():
    a = torch.rand(128, 784)
    b = torch.rand(784, 256)
    torch.mm(a, b)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        torch.mm(a, b)
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def require_fast_blas(script, allow_slow):
    """Exits with an explanation when torch's matrix product runs on the reference BLAS (unless allow_slow)."""
    ms = product_ms()
    if ms <= SLOW_MS:
        return ms
    message = (f"{script}: torch multiplies 128x784 by 784x256 in {ms:.1f} ms (OpenBLAS: well under 1 ms), so it is "
               "on the reference BLAS and every figure would be about 15 times too slow. On Debian: "
               "apt-get install libopenblas0-pthread (then check: update-alternatives --display "
               "libblas.so.3-x86_64-linux-gnu). --allow-slow-blas measures anyway.")
    if not allow_slow:
        raise SystemExit(message)
    print("warning: " + message, file=sys.stderr, flush=True)
    return ms
