"""Does sharing e5's weights between two forked workers cut their contention? (issue 18, the forked pool)

Three layouts, alternated for ``--rounds`` rounds, each child running the same e5 forwards (int8 runtime,
one torch thread, random token ids, no text) and reporting its own CPU seconds:

- ``one``: one child alone (the no-contention reference);
- ``shared``: the parent loads the encoder and forks two children (copy-on-write: one copy of the weights);
- ``private``: two children, each loading its own encoder.

    PYTHONPATH=src .venv/bin/python benchmarks/pool_share.py --rounds 3
"""

from __future__ import annotations

import argparse
import os
import time

os.environ["OMP_NUM_THREADS"] = "1"  # before torch is imported

import numpy as np  # noqa: E402
import torch  # noqa: E402

from lagebild.models.e5 import E5Encoder, runtime  # noqa: E402

torch.set_num_threads(1)
IDS = np.random.default_rng(0).integers(5, 200_000, size=(32, 48))
LENGTHS = np.full(32, 48)


def _child(encoder: E5Encoder | None, forwards: int, out: int) -> None:
    encoder = encoder or E5Encoder(runtime=runtime())
    start = time.process_time()
    for _ in range(forwards):
        encoder.forward(IDS, LENGTHS, keep=(8,))
    os.write(out, f"{time.process_time() - start:.3f}\n".encode())
    os._exit(0)


def run(layout: str, forwards: int) -> list[float]:
    """CPU seconds of each child of ``layout``."""
    encoder = None if layout == "private" else E5Encoder(runtime=runtime())
    read, write = os.pipe()
    children = []
    for _ in range(1 if layout == "one" else 2):
        pid = os.fork()
        if pid == 0:
            _child(encoder, forwards, write)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    os.close(write)
    return [float(x) for x in os.read(read, 1000).decode().split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--forwards", type=int, default=40, help="e5 forwards per child (32 x 48 tokens each)")
    args = parser.parse_args()
    for r in range(args.rounds):
        for layout in ("one", "shared", "private"):
            cpu = run(layout, args.forwards)
            print(f"round {r + 1} {layout:8s} CPU-s per child {' '.join(f'{c:.2f}' for c in cpu)}"
                  f"  load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
