"""Concurrent users on the app server, measured on 127.0.0.1 without browsers.

Each simulated user is one Streamlit session driven over the app's own websocket protocol
(`/_stcore/stream`, the protobuf `BackMsg`/`ForwardMsg` messages the browser exchanges): it
opens a page, then changes the distance threshold `--reruns` times, as a coordinator moving the
slider would. A rerun's time is from sending the change to the server's `script_finished`
(what a user waits for, less the browser's drawing). All sessions of a round run at once.

Printed per round: sessions, p50/p95 of the first page load and of the reruns, and the app
processes' resident memory (peak during the round and at its end, summed over processes).

    python tests/benchmarks/bench_load.py                         # 1 process, N = 1 5 10 20
    python tests/benchmarks/bench_load.py --processes 2 --proxy   # 2 processes behind nginx

With `--proxy`, nginx (Debian package `nginx`) listens on `--port` and spreads sessions over
the processes with `ip_hash` (the recipe of docs/deployment.md); every simulated user then
connects from its own loopback address (127.0.<i>.1), since ip_hash keys on the first three
octets of the client's address. The client runs on the same cores as the server: say how busy
the machine was (`uptime`) next to any figure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[2]
THRESHOLDS_KM = ("5 km", "8 km", "10 km", "12 km", "15 km", "20 km")
"""Slider values as the app formats them (`components._km`); a small set, as real users share."""
PAGE = "aukot"
SLIDER_KEY = "sc_threshold_km"


@dataclass
class Round:
    """The timings of one round, seconds."""

    first: list[float] = field(default_factory=list)
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def _run(ws: websockets.ClientConnection, widgets: dict[str, str]) -> tuple[float, dict]:
    """Send one rerun; return its time and the widget ids (by key) of the page."""
    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_name = PAGE
    for wid, value in widgets.items():
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = wid
        state.string_array_value.data.extend([value])
    start = time.perf_counter()
    await ws.send(msg.SerializeToString())
    ids: dict[str, str] = {}
    kinds: set[str] = set()
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await ws.recv())
        kind = fwd.WhichOneof("type")
        kinds.add(str(kind))
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            sub = getattr(element, element.WhichOneof("type"))
            wid = getattr(sub, "id", "")
            if wid:
                ids[wid.rsplit("-", 1)[-1]] = wid
        if kind == "script_finished":
            if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                msg = f"script finished with status {fwd.script_finished}"
                raise RuntimeError(msg)
            if not widgets and SLIDER_KEY not in ids:
                msg = f"the page had no threshold slider (messages: {sorted(kinds)})"
                raise RuntimeError(msg)
            return time.perf_counter() - start, ids


async def _session(url: str, user: int, reruns: int, result: Round, *, own_address: bool) -> None:
    """One user: open the page, then move the threshold `reruns` times."""
    kwargs = {"local_addr": (f"127.0.{user + 1}.1", 0)} if own_address else {}
    try:
        async with websockets.connect(url, max_size=None, open_timeout=120, **kwargs) as ws:
            elapsed, ids = await _run(ws, {})
            result.first.append(elapsed)
            slider = ids[SLIDER_KEY]
            for i in range(reruns):
                value = THRESHOLDS_KM[(user + i) % len(THRESHOLDS_KM)]
                elapsed, _ = await _run(ws, {slider: value})
                result.reruns.append(elapsed)
    except Exception as exc:  # a failed session is reported, not fatal
        result.errors.append(f"user {user}: {type(exc).__name__}: {exc}")


def _rss_mb(pids: list[int]) -> float:
    """Resident memory of the processes, MB (from /proc)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError), Path(f"/proc/{pid}/status").open() as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


async def _round(url: str, n: int, reruns: int, pids: list[int], *, own_address: bool
                 ) -> tuple[Round, float, float]:
    result = Round()
    peak = 0.0
    done = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss_mb(pids))
            await asyncio.sleep(0.2)

    sampler = asyncio.create_task(sample())
    await asyncio.gather(*(_session(url, u, reruns, result, own_address=own_address)
                           for u in range(n)))
    done.set()
    await sampler
    return result, peak, _rss_mb(pids)


def _wait_healthy(port: int, proc: subprocess.Popen | None, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            msg = f"process on port {port} exited with {proc.returncode}"
            raise RuntimeError(msg)
        health = f"http://127.0.0.1:{port}/_stcore/health"
        with contextlib.suppress(OSError), urllib.request.urlopen(health, timeout=2) as reply:  # noqa: S310
            if reply.status == 200:
                return
        time.sleep(0.5)
    msg = f"nothing healthy on port {port} after {timeout_s:.0f} s"
    raise RuntimeError(msg)


def stop_processes(procs: list[subprocess.Popen], timeout_s: float = 15) -> None:
    """Terminate the processes together; kill any that has not ended after `timeout_s`."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _start_apps(ports: list[int], log_dir: Path) -> list[subprocess.Popen]:
    procs = []
    for port in ports:
        log = (log_dir / f"app-{port}.log").open("w")
        procs.append(subprocess.Popen(  # noqa: S603 - fixed command
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))
    for port, proc in zip(ports, procs, strict=True):
        _wait_healthy(port, proc)
    return procs


NGINX_CONF = """\
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format upstream '$upstream_addr';
    access_log {tmp}/access.log upstream;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream digituki {{
        ip_hash;
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 50m;
        location / {{
            proxy_pass http://digituki;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 86400;
        }}
    }}
}}
"""


def _start_nginx(port: int, app_ports: list[int], tmp: Path) -> subprocess.Popen:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        msg = "nginx is not installed (apt-get install -y nginx)"
        raise RuntimeError(msg)
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in app_ports)
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, servers=servers, port=port), encoding="utf-8")
    proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"])  # noqa: S603
    _wait_healthy(port, proc)
    return proc


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def main() -> None:
    """Run the rounds and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", default="1,5,10,20", help="comma list of concurrent users")
    ap.add_argument("--reruns", type=int, default=5, help="threshold changes per user")
    ap.add_argument("--processes", type=int, default=1, help="app processes to start")
    ap.add_argument("--proxy", action="store_true", help="put nginx (ip_hash) in front")
    ap.add_argument("--port", type=int, default=8620, help="first port (proxy, then apps)")
    args = ap.parse_args()
    sessions = [int(s) for s in args.sessions.split(",")]
    use_proxy = args.proxy or args.processes > 1
    app_ports = [args.port + 1 + i for i in range(args.processes)]
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp_dir:
        tmp = Path(tmp_dir)
        procs = _start_apps(app_ports, tmp)
        nginx = None
        try:
            if use_proxy:
                nginx = _start_nginx(args.port, app_ports, tmp)
            front = args.port if use_proxy else app_ports[0]
            url = f"ws://127.0.0.1:{front}/_stcore/stream"
            pids = [p.pid for p in procs]
            for port in app_ports:  # warm every process (ip_hash: one address per process)
                warm = f"ws://127.0.0.1:{port}/_stcore/stream"
                asyncio.run(_round(warm, 1, len(THRESHOLDS_KM), pids, own_address=False))
            load = os.getloadavg()
            proxy = " behind nginx ip_hash" if use_proxy else ""
            print(f"# {args.processes} app process(es){proxy}, {args.reruns} reruns per user, "
                  f"page {PAGE}; "
                  f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
                  f"{os.cpu_count()} cores")
            print(f"{'users':>5} {'first p50':>10} {'first p95':>10} {'rerun p50':>10} "
                  f"{'rerun p95':>10} {'RSS peak MB':>12} {'RSS end MB':>11} {'errors':>6}")
            for n in sessions:
                result, peak, end = asyncio.run(
                    _round(url, n, args.reruns, pids, own_address=use_proxy))
                print(f"{n:>5} {_pct(result.first, 50):>10.2f} {_pct(result.first, 95):>10.2f} "
                      f"{_pct(result.reruns, 50):>10.2f} {_pct(result.reruns, 95):>10.2f} "
                      f"{peak:>12.0f} {end:>11.0f} {len(result.errors):>6}", flush=True)
                for error in result.errors[:3]:
                    print(f"  {error}")
            load = os.getloadavg()
            print(f"# load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
            if use_proxy:
                log = (tmp / "access.log").read_text(encoding="utf-8").split()
                spread = {addr: log.count(addr) for addr in sorted(set(log))}
                print(f"# requests per app process (nginx log, incl. warm-up): {spread}")
        finally:
            if nginx is not None:
                nginx.terminate()
                nginx.wait(timeout=10)
            stop_processes(procs)


if __name__ == "__main__":
    main()
