#!/usr/bin/env python3
"""The PyTorch side of bench/compare-torch.sh: a CIFAR ResNet built the way Tailor builds it
(docs/method.md, standard topology), timed on this CPU step by step.

Run it with Debian's python (/usr/bin/python3) and its python3-torch package.
Output, one line per batch size, in the same key=value form as `tailor bench --suite train`:
    peer=torch-<version> depth=8 batch=32 train_ms=... kd_ms=... infer_img_s=...
"""
import argparse
import statistics
import time

import torch
from torch import nn
from torch.nn import functional as F


def conv_bn(cin, cout, kernel, stride):
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False), nn.BatchNorm2d(cout))


class BasicBlock(nn.Module):
    """Entry ReLU, conv-BN-ReLU-conv-BN, plus the (projected) input."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.first = conv_bn(cin, cout, 3, stride)
        self.second = conv_bn(cout, cout, 3, 1)
        self.proj = conv_bn(cin, cout, 1, stride) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        a = F.relu(x)
        return self.second(F.relu(self.first(a))) + self.proj(a)


def cifar_resnet(depth, classes=10):
    per_stage = (depth - 2) // 6
    layers = [conv_bn(3, 16, 3, 1), nn.ReLU()]
    cin = 16
    for stage, width in enumerate((16, 32, 64)):
        for i in range(per_stage):
            layers.append(BasicBlock(cin, width, 2 if stage > 0 and i == 0 else 1))
            cin = width
    layers += [nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def median_ms(fn, steps, warmup):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(steps):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples)


def measure(depth, batch, args):
    fmt = torch.channels_last if args.channels_last else torch.contiguous_format
    student = cifar_resnet(depth).to(memory_format=fmt)
    teacher = cifar_resnet(depth).to(memory_format=fmt).eval().requires_grad_(False)
    sgd = torch.optim.SGD(student.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4, nesterov=True)
    images = torch.randn(batch, 3, 32, 32).to(memory_format=fmt)
    labels = torch.randint(0, 10, (batch,))

    def step(distil):
        logits = student(images)
        loss = F.cross_entropy(logits, labels)
        if distil:
            with torch.no_grad():
                target = teacher(images)
            loss = 0.35 * F.mse_loss(logits, target) + 0.65 * loss
        sgd.zero_grad(set_to_none=True)
        loss.backward()
        sgd.step()

    fields = [f"peer=torch-{torch.__version__}", f"depth={depth}", f"batch={batch}",
              f"train_ms={median_ms(lambda: step(False), args.steps, args.warmup):.1f}"]
    if args.kd:
        fields.append(f"kd_ms={median_ms(lambda: step(True), args.steps, args.warmup):.1f}")
    student.eval()
    big = torch.randn(256, 3, 32, 32).to(memory_format=fmt)
    with torch.no_grad():
        ms = median_ms(lambda: student(big), 5, 2)
    fields.append(f"infer_img_s={256e3 / ms:.0f}")
    return " ".join(fields)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=8)
    parser.add_argument("--batch", default="32,128", help="comma-separated batch sizes")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--kd", action="store_true", help="also time a distillation step")
    parser.add_argument("--channels-last", action="store_true", help="run PyTorch channels-last too (as Tailor does)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    for batch in (int(b) for b in args.batch.split(",")):
        print(measure(args.depth, batch, args), flush=True)


if __name__ == "__main__":
    main()
