#!/usr/bin/env python3
"""Accuracy harness: Hotpath's shares on planted cases against `perf record` in the same run (use bench/accuracy/run.sh).

Per case: publishes bench/Hotpath.Planted once, starts it cold under `perf record -e cpu-clock -g` (1 sample per ms of
CPU, CLOCK_MONOTONIC timestamps; JIT names from DOTNET_PerfMapEnabled=1, W^X off so perf can map JIT code), loads
/case/<name> with wrk, and every WINDOW seconds reads Hotpath's cumulative collapsed stacks from its API
(requests scope; the Wait measure too when the build has one). Windows are cut at the same monotonic instants for
both. Reports, per case and planted function, the share per window from the cold start and pooled at steady state,
Hotpath vs perf, and the error in points. Loopback only; every process it starts is killed on exit.

Windows are cut from 1-s ticks: WINDOW-s windows (per-window table) and 10-s windows (worst error only); every window
also shows Hotpath's sampling noise (two binomial standard deviations of a share measured from its sample count).

Environment: CASES (all), SECONDS (30 of load per case), WINDOW (3), STEADY_FROM (15: pooled windows start here),
CONNECTIONS (4), RATE_MS (unset: the runtime's default; else sets DOTNET_EventPipeThreadSamplingRate, hexadecimal),
HOTPATH_ENV (extra app settings, "Key=Value;Key=Value"), PIN (1: app on the last CPU, wrk and perf on the others),
APP_DIR (an already published planted app), OUT (raw results as JSON).
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

# perf(1) looks for JIT symbol maps only in this fixed folder, where DOTNET_PerfMapEnabled writes them.
PERF_MAP_DIR = "/tmp"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import CASES, CaseMatcher  # noqa: E402
from report import report  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.path.join(REPO, "bench", "Hotpath.Planted", "Hotpath.Planted.csproj")
ALL_CPUS = sorted(os.sched_getaffinity(0))
PIN = os.environ.get("PIN", "1") != "0" and len(ALL_CPUS) >= 2
APP_CPUS = {ALL_CPUS[-1]} if PIN else set(ALL_CPUS)
TOOL_CPUS = set(ALL_CPUS[:-1]) if PIN else set(ALL_CPUS)
_children = []
_temp = []


class HarnessError(Exception):
    pass


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def env_int(name, default):
    raw = os.environ.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) == 0:
        raise HarnessError(f"{name} must be a positive whole number (got '{raw}')")
    return int(raw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=10.0):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode("utf-8", "replace")


def get_status(url):
    try:
        return get(url)[0]
    except urllib.error.HTTPError as e:
        return e.code
    except (urllib.error.URLError, OSError):
        return None


def kill_group(proc, sig=signal.SIGTERM):
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def cleanup():
    for p in _children:
        if p.poll() is None:
            kill_group(p, signal.SIGKILL)
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
    _children.clear()
    for d in _temp:
        shutil.rmtree(d, ignore_errors=True)


def publish(out_dir):
    log(f"publishing bench/Hotpath.Planted (Release) to {out_dir}")
    r = subprocess.run(["dotnet", "publish", PROJECT, "-c", "Release", "-o", out_dir, "--nologo", "-v", "q"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise HarnessError(f"dotnet publish failed:\n{r.stdout[-3000:]}\n{r.stderr[-2000:]}")


def parse_collapsed(text):
    stacks = {}
    for line in text.splitlines():
        head, _, count = line.rpartition(" ")
        if head and count.isdigit():
            stacks[head] = stacks.get(head, 0) + int(count)
    return stacks


class HotpathReader:
    """Cumulative collapsed stacks from Hotpath's API, per measure."""

    def __init__(self, base):
        self.base = base + "/__profile__"
        # A build with measures rejects an unknown one; a build without them ignores the parameter.
        self.has_measure = get_status(self.base + "/export/collapsed?scope=requests&measure=no-such-measure") == 400
        self.measures = ["cpu", "wait"] if self.has_measure else ["cpu"]

    def snapshot(self):
        out = {}
        for m in self.measures:
            q = "scope=requests" + (f"&measure={m}" if self.has_measure else "")
            out[m] = parse_collapsed(get(f"{self.base}/export/collapsed?{q}", timeout=30)[1])
        return out

    def status(self):
        try:
            data = json.loads(get(self.base + "/api/functions?scope=requests&limit=1")[1])
            return {"status": data.get("status"), "totals": data.get("totals"),
                    **{k: v for k, v in data.items() if k not in ("status", "totals", "functions", "matched", "scope")}}
        except (urllib.error.URLError, OSError, ValueError) as e:
            return {"error": str(e)}


def children_of(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def run_case(app_dir, work, case, seconds, window, connections):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOTNET_", "COMPlus_", "ASPNETCORE_", "Hotpath__"))}
    env.update({"ASPNETCORE_ENVIRONMENT": "Development", "ASPNETCORE_URLS": base,
                "Logging__LogLevel__Default": "Warning",
                # For perf only: JIT names in /tmp/perf-<pid>.map, and JIT code mapped once (not through W^X's
                # double mapping, which perf cannot name).
                "DOTNET_PerfMapEnabled": "1", "DOTNET_EnableWriteXorExecute": "0"})
    if os.environ.get("RATE_MS"):
        env["DOTNET_EventPipeThreadSamplingRate"] = format(int(os.environ["RATE_MS"]), "X")
    for pair in filter(None, os.environ.get("HOTPATH_ENV", "").split(";")):
        key, _, value = pair.partition("=")
        env[key.strip()] = value.strip()
    data = os.path.join(work, f"perf-{case}.data")
    app_log = open(os.path.join(work, f"app-{case}.log"), "w")
    apphost = os.path.join(app_dir, "Hotpath.Planted")
    perf = subprocess.Popen(["perf", "record", "-q", "-e", "cpu-clock", "-c", "1000000", "-g", "-k", "CLOCK_MONOTONIC",
                             "-o", data, "--", apphost], cwd=app_dir, env=env, stdout=app_log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True,
                            preexec_fn=lambda: os.sched_setaffinity(0, APP_CPUS))
    _children.append(perf)
    app_pid = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and app_pid is None:
        kids = children_of(perf.pid)
        if kids:
            app_pid = kids[0]
            os.sched_setaffinity(perf.pid, TOOL_CPUS)  # perf's own thread off the app's core; the app keeps its CPU
        elif perf.poll() is not None:
            raise HarnessError(f"perf record exited ({perf.returncode}); see {app_log.name}")
        else:
            time.sleep(0.01)
    started = time.monotonic()
    while get_status(base + "/ping") != 200:
        if perf.poll() is not None or time.monotonic() - started > 30:
            raise HarnessError(f"{case}: the planted app did not answer within 30 s; see {app_log.name}")
        time.sleep(0.05)
    log(f"{case}: ready {time.monotonic() - started:.1f} s after start (pid {app_pid}); loading /case/{case} for {seconds} s")
    reader = HotpathReader(base)
    # Snapshots every second; the report assembles its windows (WINDOW and 10 s) from these ticks.
    marks = [time.monotonic()]
    snaps = [reader.snapshot()]
    wrk = subprocess.Popen(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", f"{base}/case/{case}"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                           preexec_fn=lambda: os.sched_setaffinity(0, TOOL_CPUS))
    _children.append(wrk)
    load_start = marks[0]
    n = 1
    while True:
        target = load_start + n
        if target > load_start + seconds + 0.01:
            break
        time.sleep(max(0.0, target - time.monotonic()))
        marks.append(time.monotonic())
        snaps.append(reader.snapshot())
        n += 1
    wrk_out = wrk.communicate(timeout=seconds + 60)[0]
    status = reader.status()
    os.kill(app_pid, signal.SIGTERM)
    try:
        perf.wait(timeout=60)
    except subprocess.TimeoutExpired:
        kill_group(perf, signal.SIGKILL)
        raise HarnessError(f"{case}: perf did not finish after the app stopped")
    app_log.close()
    rps = re.search(r"Requests/sec:\s+([0-9.]+)", wrk_out)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", wrk_out)
    if errors or not rps:
        raise HarnessError(f"{case}: wrk failed or saw errors:\n{wrk_out}")
    perf_windows = perf_by_window(data, app_pid, marks, CaseMatcher(case))
    for f in (os.path.join(PERF_MAP_DIR, n) for n in (f"perf-{app_pid}.map", f"perfinfo-{app_pid}.map", f"jit-{app_pid}.dump")):
        try:
            os.remove(f)
        except OSError:
            pass
    os.remove(data)
    hot_windows = hotpath_by_window(snaps, CaseMatcher(case), reader.measures)
    app_errors = None
    if ((status.get("status") or {}).get("state")) != "running":
        # Keep what the app said about it: the work folder (and the app's log) is deleted on exit.
        with open(app_log.name, errors="replace") as f:
            lines = f.read().splitlines()
        app_errors = "\n".join([line for line in lines if "fail" in line or "rror" in line or "xception" in line
                                or line.startswith("   at ")][:60])
        log(f"{case}: Hotpath is not running at the end ({(status.get('status') or {}).get('message')}); app log:\n"
            + app_errors)
    return {"app_errors": app_errors,"case": case, "rps": float(rps.group(1)), "marks": [m - load_start for m in marks],
            "perf": perf_windows, "hotpath": hot_windows, "status": status}


def empty_counts(matcher):
    return {"samples": 0, **{f: 0 for f in matcher.functions}}


def add(counts, found, weight=1):
    counts["samples"] += weight
    for f in found:
        counts[f] += weight


def perf_by_window(data, pid, marks, matcher):
    """Per window: the case's perf samples and how many hold each planted function (all threads of the app)."""
    windows = [empty_counts(matcher) for _ in marks[1:]]
    proc = subprocess.Popen(["perf", "script", "-i", data, "-F", "pid,time,ip,sym"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, errors="replace")
    header = re.compile(r"^\s*(\d+)\s+([0-9.]+):")
    frames, when, owner = [], None, None

    def flush():
        if when is None or owner != pid:
            return
        i = next((k for k in range(len(marks) - 1) if marks[k] <= when < marks[k + 1]), None)
        if i is not None:
            found = matcher.classify(frames)
            if found is not None:
                add(windows[i], found)

    for line in proc.stdout:
        if line.startswith(("\t", " ")) and not header.match(line):
            if line.strip():
                frames.append(line.strip())
            continue
        m = header.match(line)
        if m:
            flush()
            owner, when, frames = int(m.group(1)), float(m.group(2)), []
    flush()
    if proc.wait() != 0:
        raise HarnessError("perf script failed")
    return windows


def hotpath_by_window(snaps, matcher, measures):
    out = {}
    for m in measures:
        windows = []
        for before, after in zip(snaps, snaps[1:]):
            counts = empty_counts(matcher)
            for stack, total in after[m].items():
                delta = total - before[m].get(stack, 0)
                if delta > 0:
                    found = matcher.classify(stack.split(";"))
                    if found is not None:
                        add(counts, found, delta)
            windows.append(counts)
        out[m] = windows
    return out


def main(argv):
    if argv:
        raise HarnessError(f"unknown argument(s) {' '.join(argv)}; settings are environment variables (see the header)")
    for tool in ("perf", "wrk", "dotnet"):
        if shutil.which(tool) is None:
            raise HarnessError(f"{tool} is not installed (Debian: linux-perf, wrk; the .NET 10 SDK)")
    names = [c.strip() for c in os.environ.get("CASES", ",".join(CASES)).split(",") if c.strip()]
    unknown = [c for c in names if c not in CASES]
    if unknown:
        raise HarnessError(f"CASES: unknown {', '.join(unknown)}; choose from {', '.join(CASES)}")
    seconds, window = env_int("SECONDS", 30), env_int("WINDOW", 3)
    steady_from, connections = int(os.environ.get("STEADY_FROM", "15")), env_int("CONNECTIONS", 4)
    if seconds < window or steady_from >= seconds:
        raise HarnessError("need WINDOW <= SECONDS and STEADY_FROM < SECONDS")
    work = tempfile.mkdtemp(prefix="hotpath-accuracy-")
    _temp.append(work)
    app_dir = os.environ.get("APP_DIR") or os.path.join(work, "app")
    if not os.environ.get("APP_DIR"):
        publish(app_dir)
    results = [run_case(app_dir, work, c, seconds, window, connections) for c in names]
    settings = {"seconds": seconds, "window": window, "steady_from": steady_from, "connections": connections,
                "rate_ms": os.environ.get("RATE_MS") or "runtime default", "hotpath_env": os.environ.get("HOTPATH_ENV", ""),
                "pin": f"app on CPU {sorted(APP_CPUS)}, wrk and perf on CPU {sorted(TOOL_CPUS)}" if PIN else "unpinned",
                "commit": subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                                         text=True).stdout.strip()}
    text, worst = report(results, settings)
    print(text)
    if os.environ.get("OUT"):
        with open(os.environ["OUT"], "w") as f:
            json.dump({"settings": settings, "results": results, "worst": worst}, f, indent=1)
    return 0


if __name__ == "__main__":
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, lambda n, _f: (cleanup(), sys.exit(128 + n)))
    try:
        code = main(sys.argv[1:])
    except HarnessError as e:
        log(f"FAILED: {e}")
        code = 1
    finally:
        cleanup()
    sys.exit(code)
