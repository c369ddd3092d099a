"""The processes `make bench` (bench/load.py) drives: the two gunicorn servers and wrk."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from results import Measure, parse_wrk

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
GUNICORN_WORKERS = 2


class Server:
    def __init__(self, name, module, port, env, pythonpath=None):
        self.name, self.port = name, port
        command = [sys.executable, "-m", "gunicorn", module, "--workers",
                   str(GUNICORN_WORKERS), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        if pythonpath:
            command += ["--pythonpath", pythonpath]
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=env)

    def wait(self, path):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5):
                    return
            except OSError:
                if self.process.poll() is not None:
                    sys.exit(f"{self.name} server exited with {self.process.returncode}")
                time.sleep(0.3)
        sys.exit(f"{self.name} server did not answer {path} in 60 s")

    def worker_rss_mb(self) -> float:
        """The largest worker's resident memory (VmRSS), in MB."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        sizes = []
        for child in children:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return max(sizes, default=0.0)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def status_of(url, headers):
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(url, seconds, clients, headers=(), post=False) -> Measure:
    command = ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(BENCH_DIR / "wrk.lua")]
    for header in headers:
        command += ["-H", header]
    env = {name: value for name, value in os.environ.items() if name != "WRK_POST"}
    if post:
        env["WRK_POST"] = "1"
    result = subprocess.run([*command, url], capture_output=True, text=True, env=env,
                            check=True)
    return parse_wrk(result.stdout)
