"""What the tests, benchmarks and tools share: the one server launcher
(servers), chromium's path and flags (browser), Socket.IO and HTTP clients,
an attendee's browser steps, and rooms of many people (big_room, report_room).

Importable from a checkout (the editable install puts it on sys.path); not
in the wheel.
"""
