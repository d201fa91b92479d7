"""Writes the PyTorch fixtures of OnnxPyTorchFixtureTest (run from the repository root with Debian's python3-torch):

    /usr/bin/python3 nn-onnx/src/test/python/export_pytorch_mlp.py

torch-mlp.onnx is torch.onnx.export's own output (opset 17, dynamic batch) of an MLP with every activation Neurite
imports; torch-mlp-io.txt holds the input batch (first line) and PyTorch's outputs for it (second line), as text.
"""
import pathlib

import torch
import torch.nn as nn

out = pathlib.Path("nn-onnx/src/test/resources/pytorch")
torch.manual_seed(0)
model = nn.Sequential(nn.Flatten(), nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, 6), nn.LeakyReLU(0.1),
                      nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 5), nn.SiLU(), nn.Linear(5, 5), nn.Softplus(),
                      nn.Linear(5, 4), nn.Sigmoid(), nn.Dropout(0.2), nn.Linear(4, 3), nn.Softmax(dim=1)).eval()
x = torch.randn(7, 12)
torch.onnx.export(model, x, str(out / "torch-mlp.onnx"), input_names=["x"], output_names=["probs"],
                  dynamic_axes={"x": {0: "N"}, "probs": {0: "N"}}, opset_version=17)
with torch.no_grad():
    y = model(x)
with open(out / "torch-mlp-io.txt", "w") as f:
    f.write(" ".join(repr(v) for v in x.flatten().tolist()) + "\n")
    f.write(" ".join(repr(v) for v in y.flatten().tolist()) + "\n")
print("wrote", out, "with torch", torch.__version__)
