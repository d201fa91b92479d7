"""Writes the PyTorch CNN fixture of OnnxPyTorchFixtureTest (run from the repository root with Debian's python3-torch):

    /usr/bin/python3 nn-onnx/src/test/python/export_pytorch_cnn.py

torch-cnn.onnx is torch.onnx.export's own output (opset 17, dynamic batch) of a small CNN over [1, 12, 12] images:
Conv2d with padding, BatchNorm2d (eval), ReLU, MaxPool2d, a strided Conv2d, AvgPool2d with padding,
AdaptiveAvgPool2d(1) + Flatten (GlobalAveragePool), Linear; torch-cnn-io.txt holds the input batch (first line) and
PyTorch's outputs for it (second line), as text.
"""
import pathlib

import torch
import torch.nn as nn

out = pathlib.Path("nn-onnx/src/test/resources/pytorch")
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(4, 6, 3, stride=2, bias=False), nn.Tanh(), nn.AvgPool2d(2, padding=1),
                      nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 3))
with torch.no_grad():  # running statistics other than 0 and 1, so that their use is tested
    model[1].running_mean.uniform_(-0.5, 0.5)
    model[1].running_var.uniform_(0.5, 1.5)
    model[1].weight.uniform_(0.5, 1.5)
    model[1].bias.uniform_(-0.5, 0.5)
model.eval()
x = torch.randn(5, 1, 12, 12)
torch.onnx.export(model, x, str(out / "torch-cnn.onnx"), input_names=["image"], output_names=["logits"],
                  dynamic_axes={"image": {0: "N"}, "logits": {0: "N"}}, opset_version=17)
with torch.no_grad():
    y = model(x)
with open(out / "torch-cnn-io.txt", "w") as f:
    f.write(" ".join(repr(v) for v in x.flatten().tolist()) + "\n")
    f.write(" ".join(repr(v) for v in y.flatten().tolist()) + "\n")
print("wrote", out, "with torch", torch.__version__)
