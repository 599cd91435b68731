"""Writes the PyTorch fixtures of colorize-api's TorchImporter tests with real PyTorch (Debian's
python3-torch): the authors' colorizers ECCVGenerator layout (the same nn.Sequential indices,
hence the same state dict keys) at a small width, random weights, saved by torch.save in both
formats, with and without BatchNorm's num_batches_tracked, plus PyTorch's own logits on a fixed
input, and broken files for the error tests.

Regenerate (from the repository root):
    /usr/bin/python3 colorize-api/src/test/python/make_torch_fixtures.py
A full-width file for manual checks (129 MB, not committed):
    /usr/bin/python3 colorize-api/src/test/python/make_torch_fixtures.py --width 1 \
        --out /tmp/eccv16-full --only-zip --input-size 224 224
"""
import argparse
import collections
import os

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(ROOT, "..", "resources", "io", "github", "colorize", "model", "torch",
                           "testing")
HULL = os.path.join(ROOT, "..", "..", "main", "resources", "io", "github", "colorize", "quant",
                    "pts_in_hull.tsv")


class ECCVGenerator(nn.Module):
    """colorizers/eccv16.py's ECCVGenerator with a width multiplier (1.0 is the authors')."""

    def __init__(self, width=1.0, norm_layer=nn.BatchNorm2d):
        super().__init__()
        c = lambda n: max(1, int(round(n * width)))
        c64, c128, c256, c512 = c(64), c(128), c(256), c(512)
        self.model1 = nn.Sequential(
            nn.Conv2d(1, c64, 3, 1, 1, bias=True), nn.ReLU(True),
            nn.Conv2d(c64, c64, 3, 2, 1, bias=True), nn.ReLU(True), norm_layer(c64))
        self.model2 = nn.Sequential(
            nn.Conv2d(c64, c128, 3, 1, 1, bias=True), nn.ReLU(True),
            nn.Conv2d(c128, c128, 3, 2, 1, bias=True), nn.ReLU(True), norm_layer(c128))
        self.model3 = nn.Sequential(
            nn.Conv2d(c128, c256, 3, 1, 1, bias=True), nn.ReLU(True),
            nn.Conv2d(c256, c256, 3, 1, 1, bias=True), nn.ReLU(True),
            nn.Conv2d(c256, c256, 3, 2, 1, bias=True), nn.ReLU(True), norm_layer(c256))
        self.model4 = nn.Sequential(*self._block(c256, c512, 1, 1), norm_layer(c512))
        self.model5 = nn.Sequential(*self._block(c512, c512, 2, 2), norm_layer(c512))
        self.model6 = nn.Sequential(*self._block(c512, c512, 2, 2), norm_layer(c512))
        self.model7 = nn.Sequential(*self._block(c512, c512, 1, 1), norm_layer(c512))
        self.model8 = nn.Sequential(
            nn.ConvTranspose2d(c512, c256, 4, 2, 1, bias=True), nn.ReLU(True),
            nn.Conv2d(c256, c256, 3, 1, 1, bias=True), nn.ReLU(True),
            nn.Conv2d(c256, c256, 3, 1, 1, bias=True), nn.ReLU(True),
            nn.Conv2d(c256, 313, 1, 1, 0, bias=True))
        self.softmax = nn.Softmax(dim=1)
        self.model_out = nn.Conv2d(313, 2, 1, 1, 0, dilation=1, bias=False)

    @staticmethod
    def _block(cin, cout, dilation, pad):
        layers = []
        for i in range(3):
            layers += [nn.Conv2d(cin if i == 0 else cout, cout, 3, 1, pad, dilation=dilation,
                                 bias=True), nn.ReLU(True)]
        return layers

    def logits(self, input_l):
        x = (input_l - 50.0) / 100.0  # colorizers' normalize_l
        for block in (self.model1, self.model2, self.model3, self.model4, self.model5,
                      self.model6, self.model7, self.model8):
            x = block(x)
        return x


def randomize(net, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in net.named_parameters():
            if name == "model_out.weight":
                continue
            if name.endswith("weight") and p.dim() == 4:
                fan_in = p.shape[1] * p.shape[2] * p.shape[3]
                if isinstance(dict(net.named_modules())[name[:-7]], nn.ConvTranspose2d):
                    fan_in = p.shape[0] * p.shape[2] * p.shape[3] // 4
                p.copy_(torch.randn(p.shape, generator=g) * (2.0 / fan_in) ** 0.5)
            elif name.endswith("weight"):  # BatchNorm scale
                p.copy_(1 + 0.2 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
        for name, b in net.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(0.1 * torch.randn(b.shape, generator=g))
            elif name.endswith("running_var"):
                b.copy_(0.5 + torch.rand(b.shape, generator=g))
            elif name.endswith("num_batches_tracked"):
                b.fill_(1234)
        hull = np.loadtxt(HULL, dtype=np.float32)  # (313, 2)
        net.model_out.weight.copy_(torch.from_numpy(hull.T.copy() / 110.0).reshape(2, 313, 1, 1))
    net.eval()
    return net


def fixed_input(h, w):
    """A structured L plane (ramp, stripes, a bright disc), float32, shape (1, 1, h, w)."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    l = 15 + 60.0 * x / w + 12 * np.sin(y / 3.0)
    l[(x - w * 0.3) ** 2 + (y - h * 0.5) ** 2 < 40] = 92
    return torch.from_numpy(l.astype(np.float32)).reshape(1, 1, h, w)


def without_tracked(state):
    return collections.OrderedDict(
        (k, v) for k, v in state.items() if not k.endswith("num_batches_tracked"))


class Payload:
    """What a malicious pickle holds: a call of os.system on load. Never loaded by the tests."""

    def __reduce__(self):
        return (os.system, ("echo this must never run",))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=float, default=1 / 64)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--only-zip", action="store_true")
    ap.add_argument("--input-size", type=int, nargs=2, default=[32, 24], metavar=("H", "W"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    out = lambda name: os.path.join(args.out, name)

    net = randomize(ECCVGenerator(args.width), 2016)
    state = net.state_dict()
    stem = "eccv16-small" if args.width != 1 else "eccv16-full"
    torch.save(state, out(stem + "-zip.pth"))
    if not args.only_zip:
        torch.save(without_tracked(state), out(stem + "-zip-no-tracked.pth"))
        torch.save(state, out(stem + "-legacy.pth"), _use_new_zipfile_serialization=False)
        torch.save(without_tracked(state), out(stem + "-legacy-no-tracked.pth"),
                   _use_new_zipfile_serialization=False)

    l = fixed_input(*args.input_size)
    with torch.no_grad():
        logits = net.logits(l)
    l.numpy().astype("<f4").tofile(out(stem + "-input-l.f32"))
    logits.numpy().astype("<f4").tofile(out(stem + "-logits.f32"))
    print("logits", tuple(logits.shape), "max |logit|", float(logits.abs().max()))

    if args.only_zip:
        return
    missing = collections.OrderedDict(state)
    del missing["model3.6.running_var"]
    torch.save(missing, out("eccv16-small-missing-key.pth"))
    misshaped = collections.OrderedDict(state)
    w = misshaped["model4.2.weight"]
    misshaped["model4.2.weight"] = torch.zeros(w.shape[0], w.shape[1] + 1, 3, 3)
    torch.save(misshaped, out("eccv16-small-misshaped-key.pth"))
    forbidden = collections.OrderedDict([("model1.0.weight", state["model1.0.weight"]),
                                         ("payload", Payload())])
    torch.save(forbidden, out("eccv16-forbidden-class.pth"))
    print("torch", torch.__version__, "wrote", sorted(os.listdir(args.out)))


if __name__ == "__main__":
    main()
