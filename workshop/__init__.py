"""Live co-production workshops for Social Value commissioning.

Kept import-free so `python -m workshop serve` can monkey-patch for gevent
before Flask or the standard library's networking are imported.
"""
