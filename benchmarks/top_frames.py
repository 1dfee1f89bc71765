"""Summarise a py-spy profile in collapsed-stack form (`py-spy record --format raw`).

    python benchmarks/top_frames.py profile.txt [--top 25]

Prints the functions with the most samples on top of the stack (self) and
anywhere on it (inclusive), as shares of all samples, and the same grouped by
package (engineio, socketio, gevent, wsproto, simple_websocket, workshop...).
"""

import argparse
import re
from collections import Counter
from pathlib import Path


def frames(line):
    stack, _, count = line.rpartition(" ")
    return stack.split(";"), int(count)


def package(frame):
    """`name (wsproto/extensions.py:289)` -> `wsproto`: py-spy names files by module path."""
    match = re.search(r"\((.*?):\d+\)", frame)
    path = match.group(1) if match else frame
    return path.split("/", 1)[0] if "/" in path else path.removesuffix(".py")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    own, inclusive, own_package, total = Counter(), Counter(), Counter(), 0
    for line in args.profile.read_text().splitlines():
        # A frame whose name spans lines (a proxy's repr) leaves pieces that
        # end in no count: skip them.
        if not line.strip() or not line.rpartition(" ")[2].isdigit():
            continue
        stack, count = frames(line)
        total += count
        own[stack[-1]] += count
        own_package[package(stack[-1])] += count
        for frame in set(stack):
            inclusive[frame] += count
    print(f"{total} samples")
    tables = (("self", own), ("inclusive", inclusive), ("self, by package", own_package))
    for title, counter in tables:
        print(f"\n{title}:")
        for frame, count in counter.most_common(args.top):
            print(f"  {100 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
