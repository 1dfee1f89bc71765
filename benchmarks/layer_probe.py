"""A profiler the vote-path benchmark loads into `workshop serve` (as `sitecustomize`).

    SIGUSR1  start yappi (CPU clock, one context per greenlet)
    SIGUSR2  stop it and write every function's calls and CPU to $WORKSHOP_LAYER_PROBE (JSON)

yappi is the `profile` extra (`pip install -e '.[profile]'`), not needed to
serve or test: `python -m benchmarks.vote_path --yappi`.
"""

import json
import os
import signal

import yappi


def _start(signum, frame):
    yappi.set_clock_type("cpu")
    yappi.set_context_backend("greenlet")
    yappi.start(builtins=False, profile_threads=True)


def _stop(signum, frame):
    yappi.stop()
    rows = [
        {"module": f.module, "name": f.name, "calls": f.ncall, "total": f.ttot, "own": f.tsub}
        for f in yappi.get_func_stats()
    ]
    with open(os.environ["WORKSHOP_LAYER_PROBE"], "w") as out:
        json.dump(rows, out)
    yappi.clear_stats()


def install():
    signal.signal(signal.SIGUSR1, _start)
    signal.signal(signal.SIGUSR2, _stop)
