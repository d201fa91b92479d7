#!/usr/bin/env python3
"""The whole job of `bin/neurite fashion-mnist`, in PyTorch, for a wall-time and memory comparison.

Same work as Neurite's defaults: load Fashion-MNIST from the IDX files, hold out 10 % of the training set
for validation, standardise with the training part's global mean and deviation, train 784-256-128-10
(ReLU; He-normal hidden weights, Xavier-uniform output, zero biases) with Adam 1e-3 and cosine decay to 0
over all steps, batch 128 (the last partial batch kept), shuffled every epoch, 15 epochs, validation loss and
accuracy after each epoch, then test accuracy. Times the whole process from start to the last line.

    /usr/bin/time -v /usr/bin/python3 nn-bench/pytorch/fashion_mnist.py                 # defaults
    /usr/bin/python3 nn-bench/pytorch/fashion_mnist.py --epochs 3 --threads 2

Data: /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist) or --data DIR, plain or .gz.
"""
import argparse
import gzip
import math
import os
import struct
import time

START = time.perf_counter()

import numpy as np  # noqa: E402  (imports are part of the measured start-up)
import torch  # noqa: E402
from torch import nn  # noqa: E402

from blas_check import require_fast_blas  # noqa: E402


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def find(data_dir, name):
    for candidate in (name, name + ".gz"):
        p = os.path.join(data_dir, candidate)
        if os.path.exists(p):
            return p
    raise SystemExit(f"fashion_mnist.py: {name}(.gz) not found in {data_dir}; install dataset-fashion-mnist"
                     " or pass --data DIR")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--threads", type=int, default=0, help="intra-op threads (default: PyTorch's own choice)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--allow-slow-blas", action="store_true",
                   help="measure even when torch runs on the reference BLAS (figures about 15x too slow)")
    a = p.parse_args()
    require_fast_blas("fashion_mnist.py", a.allow_slow_blas)
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)

    x = idx(find(a.data, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32)
    y = idx(find(a.data, "train-labels-idx1-ubyte")).astype(np.int64)
    xt = idx(find(a.data, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32)
    yt = idx(find(a.data, "t10k-labels-idx1-ubyte")).astype(np.int64)
    order = rng.permutation(len(x))
    n_val = int(round(0.1 * len(x)))
    val, tr = order[:n_val], order[n_val:]
    mean, std = x[tr].mean(), x[tr].std()
    norm = lambda v: torch.from_numpy((v - mean) / std)  # noqa: E731
    x_tr, y_tr = norm(x[tr]), torch.from_numpy(y[tr])
    x_val, y_val = norm(x[val]), torch.from_numpy(y[val])
    x_te, y_te = norm(xt), torch.from_numpy(yt)
    print(f"data: {len(x_tr)} training, {len(x_val)} validation, {len(x_te)} test samples; "
          f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)", flush=True)

    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    for i, layer in enumerate(m for m in model if isinstance(m, nn.Linear)):
        if i < 2:
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
        else:
            nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = math.ceil(len(x_tr) / a.batch_size)
    total = batches * a.epochs
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * min(s, total) / total)))
    loss_fn = nn.CrossEntropyLoss()

    train_seconds = 0.0
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        model.train()
        perm = torch.from_numpy(rng.permutation(len(x_tr)))
        total_loss, correct = 0.0, 0
        for b in range(batches):
            idx_b = perm[b * a.batch_size:(b + 1) * a.batch_size]
            xb, yb = x_tr[idx_b], y_tr[idx_b]
            opt.zero_grad()
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            opt.step()
            sched.step()
            total_loss += loss.item() * len(idx_b)
            correct += (logits.argmax(1) == yb).sum().item()
        model.eval()
        with torch.no_grad():
            vl = model(x_val)
            val_loss = loss_fn(vl, y_val).item()
            val_acc = (vl.argmax(1) == y_val).float().mean().item()
        seconds = time.perf_counter() - t0
        train_seconds += seconds
        print(f"epoch {epoch:2d}/{a.epochs}  loss {total_loss / len(x_tr):.4f}  acc {correct / len(x_tr):.4f}  "
              f"val_loss {val_loss:.4f}  val_acc {val_acc:.4f}  {seconds:.1f} s  {len(x_tr) / seconds:.0f} samples/s",
              flush=True)
    with torch.no_grad():
        test_acc = (model(x_te).argmax(1) == y_te).float().mean().item()
    print(f"\ntest accuracy: {test_acc:.4f}")
    print(f"time: {time.perf_counter() - START:.1f} s in total (from interpreter start-up of this script), "
          f"{train_seconds:.1f} s training")


if __name__ == "__main__":
    main()
