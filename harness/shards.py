"""A site sharded by workshop code on one machine: Debian's nginx, run as any
user, in front of two nodes, each its own `workshop serve` processes,
SQLite file and redis-server, with the configuration docs/DEPLOY.md gives.
"""

import os
import re
import shutil
import socket
import subprocess
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from .servers import ROOT, Serve, free_port, redis_server, workshop_cli

DEPLOY = ROOT / "docs" / "DEPLOY.md"
# The ports the documented configuration gives each node's processes.
DOC_PORTS = {"B": ("5101", "5102"), "C": ("5201", "5202")}


def documented_config():
    """The two nginx blocks of DEPLOY.md's shards section: the http-level maps
    and upstreams, and the `location /` of its server."""
    text = DEPLOY.read_text()
    blocks = re.findall(r"```nginx\n(.*?)```", text, re.S)
    maps = next(b for b in blocks if b.startswith("# /etc/nginx/conf.d/workshop-shards.conf"))
    site = next(b for b in blocks if b.startswith("# /etc/nginx/sites-available/workshop-shards"))
    location = re.search(r"\n(    location / \{\n.*?\n    \})\n", site, re.S).group(1)
    return maps, location


def nginx_config(prefix, port, ports):
    """A whole nginx.conf: the documented blocks with this machine's ports, on
    plain HTTP (so the route cookie loses `Secure`), every path in `prefix`."""
    maps, location = documented_config()
    for node, documented in DOC_PORTS.items():
        for doc_port, real in zip(documented, ports[node], strict=True):
            maps = maps.replace(f"127.0.0.1:{doc_port};", f"127.0.0.1:{real};")
            maps = maps.replace(f"127.0.0.1:{doc_port} backup;", f"127.0.0.1:{real} backup;")
    location = location.replace(" Secure;", "")
    # As root nginx hands its workers to `nobody`, who cannot enter pytest's folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{maps}
    server {{
        listen 127.0.0.1:{port};
{location}
    }}
}}
"""


@contextmanager
def nginx(prefix, port, ports, timeout=10):
    """Debian's nginx in the foreground on `port`, everything it writes in `prefix`."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    prefix = Path(prefix)
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(prefix, port, ports))
    command = [binary, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=timeout)
    if checked.returncode:
        raise RuntimeError(f"nginx refused its configuration: {checked.stderr}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    log = (prefix / "error.log").read_text()
                    raise RuntimeError(f"nginx did not start: {log}") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


@dataclass
class Node:
    letter: str
    db: Path
    processes: list = field(default_factory=list)

    @property
    def bases(self):
        return [p.base for p in self.processes]


@dataclass
class Site:
    base: str
    nodes: dict
    organiser_key: str
    instance: Path


@contextmanager
def site(tmp_path, letters=("B", "C"), per_node=2):
    """nginx in front of a node per letter, each with its processes, database and
    Redis; one instance folder (the secret key) and one organiser key for all."""
    instance = tmp_path / "instance"
    env = {"WORKSHOP_INSTANCE": str(instance), "WORKSHOP_NODES": ",".join(letters)}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    nodes = {}
    key = None
    for letter in letters:
        folder = tmp_path / f"node-{letter.lower()}"
        folder.mkdir()
        node = Node(letter, folder / f"node-{letter.lower()}.db")
        node_env = {**env, "WORKSHOP_NODE": letter}
        # Each database's first workshop before its processes start (`serve` makes one otherwise).
        workshop_cli("new", f"First workshop on node {letter}", db=node.db, env=node_env)
        if key is None:
            link = workshop_cli("organiser", db=node.db, env=node_env).stdout
            key = link.strip().split("#key=")[1]
        else:
            workshop_cli("organiser", "--share-key", db=node.db, env=node_env, input=key + "\n")
        nodes[letter] = node
    with ExitStack() as stack:
        for letter, node in nodes.items():
            queue = stack.enter_context(redis_server(node.db.parent))
            node_env = {**env, "WORKSHOP_NODE": letter}
            for _ in range(per_node):
                serve = Serve(node.db, "--message-queue", queue, env=node_env, public_url=base)
                stack.callback(serve.stop)
                node.processes.append(serve)
        ports = {letter: [p.port for p in n.processes] for letter, n in nodes.items()}
        stack.enter_context(nginx(tmp_path / "nginx", port, ports))
        yield Site(base, nodes, key, instance)


def organiser_session(site):
    """A requests session signed in as the organiser, through nginx."""
    session = requests.Session()
    reply = session.post(
        f"{site.base}/api/organiser/session", json={"key": site.organiser_key}, timeout=10
    )
    assert reply.ok, reply.text
    return session


def links_of(reply):
    """(code, facilitator key) from a created workshop's reply."""
    workshop = reply["workshop"]
    return workshop["code"], workshop["console_url"].split("#key=")[1]
