"""`python -m workshop` and the `workshop` console script.

`workshop serve` runs under gevent, whose monkey-patching must happen before
anything else imports the standard library's sockets and threads (the Redis
message queue needs it); every other command runs plain.
"""

import sys


def main():
    """Patch for gevent when serving, then hand over to the click group."""
    args = sys.argv[1:]
    if args[:1] == ["serve"]:
        from gevent import monkey

        monkey.patch_all()
    from .cli import cli

    cli(prog_name="workshop")


if __name__ == "__main__":
    main()
