#!/usr/bin/env python3
"""End-to-end overhead benchmark for Hotpath (run it through bench/overhead.sh).

Publishes each target app once (samples/Hotpath.Demo, and bench/Hotpath.BenchApi: EF Core over SQLite behind a
mediator pipeline, logging at Information, as real services look) and starts one process of it per configuration
(without Hotpath, and with it in each setting that changes cost; "on-noenv" is AddHotpath alone, no variable set). Each process is warmed up until it is steady (tiered compilation done, throughput
flat), measured idle, then paused (SIGSTOP). Rounds then resume one configuration at a time, measure every endpoint in
a short wrk window, and pause it again, alternating the order. Reported: throughput ratios against "off" (per round,
median), the same over windows of matching kernel mode, user CPU per request, p99 latency, CPU of the profiler's own
threads, idle CPU, RSS. Only 127.0.0.1 is used; every process started is killed on exit.

Environment: ROUNDS (5), DURATION (4 s per measured window), IDLE (10 s), SOAK (0 s; > 0 adds a soak of on-10ms),
WARMUP (60 s: the most spent warming each process up), TARGETS / CONFIGS / ENDPOINTS (comma-separated subsets), PIN
(1: wrk on the first CPU, the app on the others), QUIET_WAIT (20 s) / QUIET_BUDGET (30 s) (waiting for other processes
to quiet down, per window / in total), OUT (write raw results as JSON to this file), APP_DIR (use an already published
demo; only with TARGETS=demo), SOAK_CONFIG (on-noenv: the configuration the soak runs).
"""

import json
import os
import resource
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RATE_VARIABLE = "DOTNET_EventPipeThreadSamplingRate"

# name -> (Hotpath enabled, sampling interval in ms or None for the runtime default, extra environment).
# The interval variable is HEXADECIMAL ms.
CONFIGS = {
    "off": (False, None, {}),
    "on-20ms": (True, 20, {}),
    "on-10ms": (True, 10, {}),
    "on-10ms-noreq": (True, 10, {"Hotpath__TrackRequests": "false"}),
    # What the pipeline view costs: compare with on-10ms (CONFIGS=off,on-10ms,on-10ms-nopipeline).
    "on-10ms-nopipeline": (True, 10, {"Hotpath__PipelineView": "false"}),
    "on-5ms": (True, 5, {}),
    "on-2ms": (True, 2, {}),
    "on-1ms": (True, None, {}),
    # AddHotpath alone: no runtime variable, no interval setting (what a user gets from the README's quick start).
    # Only AllowRemoteAccess is set, so the harness can read the profile API in Production; it changes no cost.
    "on-noenv": (True, None, {}),
    # What each part of the default costs (no variable set either): the kernel sampler without its Waiting measure, and
    # the EventPipe fallback forced.
    "on-nowaits": (True, None, {"Hotpath__Waits": "false"}),
    "on-eventpipe": (True, None, {"Hotpath__Sampler": "EventPipe"}),
}
# No variable at all for these, not even Hotpath__SamplingIntervalMs (the label the other configurations set).
NO_ENV_CONFIGS = {"on-noenv", "on-nowaits", "on-eventpipe"}
# The default run: Hotpath's defaults, the same without the requests scope, and what an app gets when nobody sets the
# runtime's interval (1 ms). The other intervals are available on request (CONFIGS=off,on-5ms,on-2ms,on-20ms).
DEFAULT_CONFIGS = ["off", "on-noenv", "on-10ms", "on-10ms-noreq"]
# An endpoint is a path, or (method, path, body): "{p}" in either becomes a product id (1-1000) and "{c}" a customer id
# (1-200), rotating per request through a wrk script.
ORDER_BODY = '{"customerId":{c},"items":[{"productId":{p},"quantity":1},{"productId":{p},"quantity":2}]}'
TARGETS = {
    "demo": {
        "project": os.path.join("samples", "Hotpath.Demo", "Hotpath.Demo.csproj"),
        "assembly": "Hotpath.Demo",
        "ready": "/hello",
        "endpoints": {
            "realistic": "/api/products?category=books&page=1",
            "trivial": "/hello",
        },
        # The soak mixes endpoints so the profile keeps meeting new stacks, as a real app would.
        "soak": [
            "/api/products?category=books&page=1", "/api/products?category=games&page=3", "/api/products?page=2",
            "/api/search?q=profile+sampling", "/api/search?q=fast+cpu", "/api/compute?n=20000", "/api/async-report",
            "/orders/summary", "/orders/7", "/hello", "/",
        ],
        "env": {"Logging__LogLevel__Default": "Warning"},
    },
    "benchapi": {
        "project": os.path.join("bench", "Hotpath.BenchApi", "Hotpath.BenchApi.csproj"),
        "assembly": "Hotpath.BenchApi",
        "ready": "/health",
        "endpoints": {
            "list": "/api/products?category=books&maxPrice=150&page=2",
            "detail": "/api/products/{p}",
            "write": ("POST", "/api/orders", ORDER_BODY),
        },
        "soak": [
            "/api/products?category=books&maxPrice=150&page=2", "/api/products?category=games&page=3",
            "/api/products?page=5&pageSize=50", "/api/products/{p}", "/api/products/{p}",
            ("POST", "/api/orders", ORDER_BODY),
        ],
        "env": {},  # console logging at Information, as shipped in its appsettings.json
    },
}
ENDPOINT_NAMES = [name for t in TARGETS.values() for name in t["endpoints"]]
PROFILE_API = "/__profile__/api/functions?scope=process&limit=1"
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Threads named by the runtime and by Hotpath (Linux shows the first 15 bytes of a thread's name). "profiler" is the
# cost Hotpath adds on threads of its own: the runtime's EventPipe threads (sampler, streaming) and Hotpath's reader.
THREAD_GROUPS = {
    "profiler": (".NET EventPipe", "Hotpath"),
    "tiering": (".NET Tiered Com",),
}
# Warm-up: load in chunks until the JIT's tiering thread goes quiet and throughput stops moving. On one core the demo
# runs at about a quarter of its final throughput for the first ~25 s under load while tiered compilation (with
# dynamic PGO) catches up; measuring inside that window compares warm-up phases, not steady states.
WARM_CHUNK = 3
WARM_MIN = 30  # the demo needed 25-45 s under load here; a flat but still-slow tier-up phase must not pass as steady
WARM_TIERING_QUIET = 0.01  # cores
WARM_STABLE = 0.05  # relative change of throughput between chunks
STARTUP_TIMEOUT = 30.0
QUIET_LIMIT = 0.15  # cores other processes may use when a measured run starts
QUIET_WAIT = 20.0  # at most this long, in seconds, per run (env QUIET_WAIT; 3 in smoke mode)
NOISY = 0.10  # runs during which other processes averaged more cores than this are flagged
QUIET_BUDGET = 30.0  # total seconds the whole run may spend waiting for quiet (env QUIET_BUDGET)
_quiet_spent = 0.0

# Load generator and app on separate cores (PIN=0 turns it off). Unpinned on a 2-core machine, throughput of identical
# runs varied by up to 1.9x depending on how the scheduler placed wrk and the app's threads; pinned, realistic-endpoint
# runs stay within about +-12% (the trivial endpoint still varies more from process to process: use more rounds).
# It also charges Hotpath's own threads to the app's cores instead of letting them hide in wrk's idle time.
ALL_CPUS = sorted(os.sched_getaffinity(0))
PIN = os.environ.get("PIN", "1") != "0" and len(ALL_CPUS) >= 2
WRK_CPUS = {ALL_CPUS[0]} if PIN else set(ALL_CPUS)
APP_CPUS = set(ALL_CPUS[1:]) if PIN else set(ALL_CPUS)


def _pin(cpus):
    return lambda: os.sched_setaffinity(0, cpus)

_children = []  # Popen objects to kill on exit
_temp_dirs = []


class BenchError(Exception):
    """A step failed; the run stops and exits non-zero."""


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def env_int(name, default):
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BenchError(f"{name} must be a whole number (got '{raw}')")
    if value < 0:
        raise BenchError(f"{name} must not be negative (got {value})")
    return value


def env_list(name, known, default):
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    items = [x.strip() for x in raw.split(",") if x.strip()]
    unknown = [x for x in items if x not in known]
    if unknown:
        raise BenchError(f"{name}: unknown {', '.join(unknown)}; choose from {', '.join(known)}")
    return items


# ---------------------------------------------------------------- processes


def cleanup():
    for proc in _children:
        stop_process(proc)
    _children.clear()
    for d in _temp_dirs:
        shutil.rmtree(d, ignore_errors=True)
    _temp_dirs.clear()


def on_signal(signum, _frame):
    cleanup()
    sys.exit(128 + signum)


def stop_process(proc, grace=5.0):
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # own process group: the app and anything it started
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_cpu_ticks(stat_path):
    """(name, user ticks, system ticks) from a /proc/.../stat file (the name may hold spaces and parentheses)."""
    with open(stat_path) as f:
        text = f.read()
    fields = text[text.rindex(")") + 2:].split()
    return text[text.index("(") + 1:text.rindex(")")], int(fields[11]), int(fields[12])


def proc_cpu_split(pid):
    """(user, system) CPU seconds of the process."""
    _, user, system = read_cpu_ticks(f"/proc/{pid}/stat")
    return user / CLK_TCK, system / CLK_TCK


def proc_cpu_seconds(pid):
    return sum(proc_cpu_split(pid))


def proc_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise BenchError(f"no VmRSS in /proc/{pid}/status")


def thread_cpu_ticks(pid):
    """Per-thread CPU (utime + stime, clock ticks) by thread name, from /proc/<pid>/task; threads that exited are gone."""
    ticks = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return ticks
    for tid in tids:
        try:
            name, user, system = read_cpu_ticks(f"/proc/{pid}/task/{tid}/stat")
        except OSError:
            continue  # exited meanwhile
        ticks[tid] = (name, user + system)
    return ticks


def thread_groups_cores(before, after, wall):
    """Cores used per thread group between two thread_cpu_ticks() readings."""
    groups = {}
    for tid, (name, ticks) in after.items():
        used = ticks - before.get(tid, (name, 0))[1]
        group = next((g for g, prefixes in THREAD_GROUPS.items() if name.startswith(prefixes)), "app")
        groups[group] = groups.get(group, 0.0) + used / CLK_TCK / wall
    return groups


def system_busy_seconds():
    """CPU seconds all cores spent busy since boot (everything but idle and iowait), from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / CLK_TCK


def own_and_children_cpu():
    """CPU seconds of this script plus its waited-for children (wrk runs that finished)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class LoadMeter:
    """CPU used by processes other than the app, wrk and this script: the noise a measurement ran under."""

    def __init__(self, app):
        self._app = app
        self._start = (time.monotonic(), system_busy_seconds(), app.cpu(), own_and_children_cpu())

    def other_cores(self):
        wall, busy, app, ours = self._start
        now = (time.monotonic(), system_busy_seconds(), self._app.cpu(), own_and_children_cpu())
        other = (now[1] - busy) - (now[2] - app) - (now[3] - ours)
        return max(0.0, other / (now[0] - wall))


def wait_for_quiet(app, limit, max_wait):
    """Waits until other processes use less than `limit` cores (over 0.5 s windows), at most `max_wait` s per call and
    QUIET_BUDGET s per run, so a busy machine cannot stretch the run past its time budget."""
    global _quiet_spent
    started = time.monotonic()
    deadline = started + max(0.0, min(max_wait, QUIET_BUDGET - _quiet_spent))
    try:
        while True:
            meter = LoadMeter(app)
            time.sleep(0.5)
            other = meter.other_cores()
            if other < limit or time.monotonic() >= deadline:
                return other
    finally:
        _quiet_spent += max(0.0, time.monotonic() - started - 0.5)


def http_get(url, timeout=2.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


class App:
    """One process of a published target app in one configuration."""

    def __init__(self, app_dir, config, target):
        self.config = config
        self.target = target
        self.ready_path = TARGETS[target]["ready"]
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        enabled, interval, extra = CONFIGS[config]
        env = {k: v for k, v in os.environ.items()
               if k not in (RATE_VARIABLE, "COMPlus_EventPipeThreadSamplingRate", "ASPNETCORE_URLS",
                            "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS")}
        env.update({
            "ASPNETCORE_ENVIRONMENT": "Production",
            "ASPNETCORE_URLS": self.base,
            "Hotpath__Enabled": "true" if enabled else "false",
        })
        env.update(TARGETS[target]["env"])
        if config in NO_ENV_CONFIGS:
            env.pop("Hotpath__Enabled")  # the app's default: on
            env["Hotpath__AllowRemoteAccess"] = "true"
        elif enabled:
            if interval is not None:
                env[RATE_VARIABLE] = format(interval, "X")  # hexadecimal, as the runtime reads it
            # Tell Hotpath the interval in use (it only labels the profile and silences the mismatch warning), and let
            # the harness read the profile API from loopback in Production to check that sampling really runs.
            env["Hotpath__SamplingIntervalMs"] = str(interval or 1)
            env["Hotpath__AllowRemoteAccess"] = "true"
            env.update(extra)
        assembly = TARGETS[target]["assembly"]
        apphost = os.path.join(app_dir, assembly)
        command = [apphost] if os.access(apphost, os.X_OK) else ["dotnet", os.path.join(app_dir, assembly + ".dll")]
        self.log_path = os.path.join(app_dir, f"app-{config}-{self.port}.log")
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(command, cwd=app_dir, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_pin(APP_CPUS))
        _children.append(self.proc)
        self.pid = self.proc.pid

    def wait_ready(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"{self.config}: the app exited with code {self.proc.returncode} before answering; "
                                 f"log:\n{self.tail_log()}")
            try:
                status, _ = http_get(self.base + self.ready_path, timeout=1.0)
                if status == 200:
                    return
            except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
                pass
            time.sleep(0.1)
        raise BenchError(f"{self.config}: the app did not answer {self.base}{self.ready_path} within {STARTUP_TIMEOUT:.0f} s; "
                         f"log:\n{self.tail_log()}")

    def profiler_status(self):
        """Hotpath's own view (state, measured interval, samples), or None when its API is not reachable."""
        try:
            status, body = http_get(self.base + PROFILE_API, timeout=5.0)
            if status != 200:
                return None
            data = json.loads(body)
            totals = data.get("totals", {})
            return {
                "state": (data.get("status") or {}).get("state"),
                "message": (data.get("status") or {}).get("message"),
                "effective_interval_ms": totals.get("effectiveIntervalMs"),
                "process_samples": totals.get("processSamples"),
                "request_samples": totals.get("requestSamples"),
                "stacks": totals.get("stacks"),
            }
        except (urllib.error.URLError, ConnectionError, socket.timeout, OSError, ValueError, AttributeError):
            return None

    def cpu(self):
        return proc_cpu_seconds(self.pid)

    def cpu_split(self):
        return proc_cpu_split(self.pid)

    def pause(self):
        """SIGSTOP: a waiting configuration must not take CPU (its sampler would) from the one being measured."""
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.pid, signal.SIGCONT)

    def rss(self):
        return proc_rss_mb(self.pid)

    def alive(self):
        return self.proc.poll() is None

    def error_lines(self, limit=40):
        """The first error/critical entries of the app's log with the lines that follow them (stack traces)."""
        out = []
        try:
            with open(self.log_path, errors="replace") as f:
                lines = f.read().splitlines()
        except OSError:
            return out
        for i, line in enumerate(lines):
            if line.startswith(("fail:", "crit:")) or "Exception:" in line:
                out += lines[i:i + 12]
                if len(out) >= limit:
                    break
        return out[:limit]

    def tail_log(self, lines=30):
        try:
            with open(self.log_path) as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self):
        if self.alive():
            try:
                os.kill(self.pid, signal.SIGCONT)  # a paused process would not act on SIGTERM
            except ProcessLookupError:
                pass
        stop_process(self.proc)
        if self.proc in _children:
            _children.remove(self.proc)
        self._log.close()


# ---------------------------------------------------------------- wrk

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def parse_wrk(output):
    rps = re.search(r"^Requests/sec:\s+([0-9.]+)", output, re.M)
    p99 = re.search(r"^\s+99(?:\.000)?%\s+([0-9.]+)(us|ms|s|m)\s*$", output, re.M)
    total = re.search(r"^\s+(\d+) requests in ", output, re.M)
    if not rps or not p99 or not total:
        raise BenchError(f"could not parse wrk output:\n{output}")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non2xx:
        raise BenchError(f"wrk saw {non2xx.group(1)} non-2xx/3xx responses:\n{output}")
    if int(total.group(1)) == 0:
        raise BenchError(f"wrk completed no requests:\n{output}")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(rps.group(1)),
        "p99_ms": float(p99.group(1)) * _UNITS[p99.group(2)],
        "requests": int(total.group(1)),
        "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
    }


def wrk_command(url, seconds, latency=True, script=None):
    command = ["wrk", "-t1", "-c8", f"-d{seconds}s"]
    if latency:
        command.append("--latency")
    if script:
        command += ["-s", script]
    return command + [url]


def run_wrk(url, seconds, script=None):
    result = subprocess.run(wrk_command(url, seconds, script=script), capture_output=True, text=True,
                            timeout=seconds + 60, preexec_fn=_pin(WRK_CPUS))
    if result.returncode != 0:
        raise BenchError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    return result.stdout


def warm_up(app, max_seconds, script):
    """Loads the app (every measured endpoint, mixed) until it reaches steady state; returns the seconds it took and
    whether it got there within max_seconds."""
    started = time.monotonic()
    previous = None
    steady_chunks = 0
    while True:
        elapsed = time.monotonic() - started
        if elapsed >= max_seconds:
            return elapsed, False
        chunk = max(1, min(WARM_CHUNK, round(max_seconds - elapsed)))
        before, t0 = thread_cpu_ticks(app.pid), time.monotonic()
        result = subprocess.run(wrk_command(app.base, chunk, latency=False, script=script), capture_output=True,
                                text=True, timeout=chunk + 60, preexec_fn=_pin(WRK_CPUS))
        if result.returncode != 0:
            raise BenchError(f"wrk failed during warm-up ({result.returncode}): {result.stderr or result.stdout}")
        if not app.alive():
            raise BenchError(f"{app.config}: the app died during warm-up; log:\n{app.tail_log()}")
        groups = thread_groups_cores(before, thread_cpu_ticks(app.pid), time.monotonic() - t0)
        rps = re.search(r"^Requests/sec:\s+([0-9.]+)", result.stdout, re.M)
        rps = float(rps.group(1)) if rps else 0.0
        quiet = groups.get("tiering", 0.0) < WARM_TIERING_QUIET
        stable = previous is not None and previous > 0 and abs(rps - previous) / previous < WARM_STABLE
        steady_chunks = steady_chunks + 1 if quiet and stable else 0
        previous = rps
        if steady_chunks >= 2 and time.monotonic() - started >= WARM_MIN:
            return time.monotonic() - started, True


def _spec(endpoint):
    return endpoint if isinstance(endpoint, tuple) else ("GET", endpoint, None)


def plain_get(endpoint):
    """The path when wrk can request it as is (a fixed GET), else None."""
    method, path, body = _spec(endpoint)
    return path if method == "GET" and body is None and "{" not in path else None


def lua_string(text):
    return "[==[" + text + "]==]"


def mix_script(app_dir, endpoints):
    """A wrk script that cycles through endpoints (wrk's own URL supplies host and port), filling in "{p}" (a product
    id, 1-1000) and "{c}" (a customer id, 1-200) anew for every request."""
    specs = [_spec(e) for e in endpoints]
    script = os.path.join(app_dir, f"mix-{abs(hash(tuple(specs)))}.lua")
    entries = ", ".join("{m=%s, p=%s, b=%s}" % (lua_string(m), lua_string(p), lua_string(b) if b else "nil")
                        for m, p, b in specs)
    with open(script, "w") as f:
        f.write("local specs = {" + entries + "}\n"
                "local i = 0\n"
                "local function fill(text)\n"
                "  text = string.gsub(text, \"{p}\", function() i = i + 1; return tostring((i * 7919) % 1000 + 1) end)\n"
                "  return (string.gsub(text, \"{c}\", function() i = i + 1; return tostring((i * 31) % 200 + 1) end))\n"
                "end\n"
                "request = function()\n"
                "  i = i + 1\n"
                "  local s = specs[(i % #specs) + 1]\n"
                "  local headers = nil\n"
                "  if s.b then headers = {[\"Content-Type\"] = \"application/json\"} end\n"
                "  return wrk.format(s.m, fill(s.p), headers, s.b and fill(s.b) or nil)\n"
                "end\n")
    return script


def measure_load(app, endpoint, seconds, script=None):
    """Runs wrk against the app while sampling its CPU and RSS from /proc (script: for endpoints that need one)."""
    url = app.base + (plain_get(endpoint) or "/")
    rss_start = app.rss()
    meter = LoadMeter(app)
    threads_start = thread_cpu_ticks(app.pid)
    split_start = app.cpu_split()
    cpu_start, wall_start = app.cpu(), time.monotonic()
    proc = subprocess.Popen(wrk_command(url, seconds, script=script), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, preexec_fn=_pin(WRK_CPUS))
    _children.append(proc)
    rss_peak = rss_start
    while proc.poll() is None:
        if not app.alive():
            raise BenchError(f"{app.config}: the app died under load; log:\n{app.tail_log()}")
        rss_peak = max(rss_peak, app.rss())
        time.sleep(0.5)
    cpu_end, wall_end = app.cpu(), time.monotonic()
    groups = thread_groups_cores(threads_start, thread_cpu_ticks(app.pid), wall_end - wall_start)
    split_end = app.cpu_split()
    rss_end = app.rss()
    out, err = proc.communicate()
    _children.remove(proc)
    other = meter.other_cores()
    if proc.returncode != 0:
        raise BenchError(f"wrk failed ({proc.returncode}): {err or out}")
    result = parse_wrk(out)
    result.update({
        "other_cores": other,
        "cpu_cores": (cpu_end - cpu_start) / (wall_end - wall_start),
        "user_us": (split_end[0] - split_start[0]) * 1e6 / result["requests"],
        "sys_us": (split_end[1] - split_start[1]) * 1e6 / result["requests"],
        "profiler_cores": groups.get("profiler", 0.0),
        "tiering_cores": groups.get("tiering", 0.0),
        "rss_start_mb": rss_start,
        "rss_end_mb": rss_end,
        "rss_peak_mb": rss_peak,
    })
    return result


def measure_idle(app, seconds):
    meter = LoadMeter(app)
    cpu_start, wall_start = app.cpu(), time.monotonic()
    time.sleep(seconds)
    cpu_end, wall_end = app.cpu(), time.monotonic()
    return (cpu_end - cpu_start) / (wall_end - wall_start), meter.other_cores()


# ---------------------------------------------------------------- phases


def publish(target, out_dir):
    project = TARGETS[target]["project"]
    log(f"publishing {project} (Release) to {out_dir}")
    started = time.monotonic()
    result = subprocess.run(["dotnet", "publish", os.path.join(REPO, project), "-c", "Release", "-o", out_dir,
                             "--nologo", "-v", "q"], capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"dotnet publish failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")
    log(f"published in {time.monotonic() - started:.0f} s")


def newest_source(*roots):
    newest = 0.0
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ("bin", "obj")]
            for name in files:
                if name.endswith((".cs", ".csproj", ".json", ".props", ".html", ".js", ".css")):
                    newest = max(newest, os.path.getmtime(os.path.join(folder, name)))
    return newest


def built_output(target):
    """The Release build's output folder (smoke runs: test.sh has just built the solution, a publish would take a
    minute on a busy machine); builds the project if it is missing or out of date."""
    project = os.path.join(REPO, TARGETS[target]["project"])
    out_dir = os.path.join(os.path.dirname(project), "bin", "Release", "net10.0")
    dll = os.path.join(out_dir, TARGETS[target]["assembly"] + ".dll")
    if os.path.exists(dll) and newest_source(os.path.dirname(project), os.path.join(REPO, "src")) < os.path.getmtime(dll):
        return out_dir  # up to date (a no-op dotnet build still costs 5-30 s here)
    started = time.monotonic()
    result = subprocess.run(["dotnet", "build", project, "-c", "Release", "--nologo", "-v", "q"], capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise BenchError(f"dotnet build failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")
    log(f"{TARGETS[target]['project']}: build output up to date in {time.monotonic() - started:.0f} s")
    return out_dir


def prepare(app_dir, work_dir, config, target, endpoints, warmup, idle, settle):
    """Starts one configuration, warms it up to steady state, measures it idle, and leaves it paused."""
    app = App(app_dir, config, target)
    try:
        app.wait_ready()
        record = {"config": config, "target": target, "warmup_s": 0.0, "warmup_steady": None}
        if warmup > 0:
            script = mix_script(work_dir, [TARGETS[target]["endpoints"][name] for name in endpoints])
            record["warmup_s"], record["warmup_steady"] = warm_up(app, warmup, script)
            if not record["warmup_steady"]:
                log(f"  not steady after {warmup} s of warm-up (tiering still busy or throughput still moving)")
        if idle > 0:
            # Idle after serving traffic, as a real app idles between bursts; the settle time lets the last
            # requests' background work (GC, timers) finish.
            time.sleep(settle)
            record["idle_rss_mb"] = app.rss()
            record["idle_cpu_cores"], record["idle_other_cores"] = measure_idle(app, idle)
        if CONFIGS[config][0]:
            # Read now: once rounds pause the process, the measured interval also spans the pauses.
            record["profiler_warm"] = app.profiler_status()
        app.pause()
        return app, record
    except BaseException:
        app.stop()
        raise


def measure_round(app, endpoints, scripts, duration, round_no):
    """Resumes a prepared configuration, measures every endpoint once, and pauses it again."""
    app.resume()
    try:
        record = {"config": app.config, "target": app.target, "round": round_no, "endpoints": {}}
        for name in endpoints:
            endpoint = TARGETS[app.target]["endpoints"][name]
            # A 2-core machine shared with builds and tests: give a burst of foreign work a moment to pass.
            waited = time.monotonic()
            noise = wait_for_quiet(app, QUIET_LIMIT, QUIET_WAIT)
            waited = time.monotonic() - waited
            if waited > 2:
                log(f"  waited {waited:.0f} s for other processes to quiet down (last {noise:.2f} cores)")
            run_wrk(app.base + (plain_get(endpoint) or "/"), 1, scripts[name])  # caches, connections back after the pause
            record["endpoints"][name] = measure_load(app, endpoint, duration, scripts[name])
        return record
    finally:
        if app.alive():
            app.pause()


_failures = []  # configurations whose profiler stopped: reported, and the run exits non-zero after the report


def finish(app):
    """Resumes a configuration for the last time: Hotpath's own view (a profiler that stopped is recorded, with the
    app's error lines, so the report still prints), then stop."""
    try:
        app.resume()
        status = app.profiler_status() if CONFIGS[app.config][0] else None
        if status and status.get("state") == "failed":
            errors = app.error_lines()
            _failures.append(f"{app.target}/{app.config}: Hotpath reports it could not run: {status.get('message')}"
                             + ("\n  " + "\n  ".join(errors) if errors else ""))
            log(_failures[-1])
        return status
    finally:
        app.stop()


def soak(app_dir, work_dir, target, config, seconds, warmup):
    app = App(app_dir, config, target)
    script = mix_script(work_dir, TARGETS[target]["soak"])
    try:
        app.wait_ready()
        if warmup > 0:
            warm_up(app, warmup, script)
        proc = subprocess.Popen(wrk_command(app.base, seconds, latency=False, script=script), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=_pin(WRK_CPUS))
        _children.append(proc)
        started = time.monotonic()
        points = [(0, app.rss())]
        log(f"soak {target}/{config}: t=0 s RSS {points[0][1]:.1f} MB")
        next_mark = 30
        while proc.poll() is None:
            if not app.alive():
                raise BenchError(f"soak: the app died; log:\n{app.tail_log()}")
            elapsed = time.monotonic() - started
            if elapsed >= next_mark:
                points.append((next_mark, app.rss()))
                log(f"soak {target}/{config}: t={next_mark} s RSS {points[-1][1]:.1f} MB")
                next_mark += 30
            time.sleep(0.5)
        points.append((round(time.monotonic() - started), app.rss()))
        out, err = proc.communicate()
        _children.remove(proc)
        if proc.returncode != 0:
            raise BenchError(f"wrk failed ({proc.returncode}): {err or out}")
        rps = re.search(r"^Requests/sec:\s+([0-9.]+)", out, re.M)
        non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        return {"target": target, "config": config, "seconds": seconds, "rss_mb": points, "rps": float(rps.group(1)) if rps else None,
                "non2xx": int(non2xx.group(1)) if non2xx else 0, "profiler": app.profiler_status()}
    finally:
        app.stop()


# ---------------------------------------------------------------- report


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, pattern):
    return "n/a" if value is None else pattern.format(value)


def kernel_modes(rounds, endpoint):
    """The system CPU per request above which a window counts as the slow kernel mode (None: one mode only).

    On this VM the kernel's loopback TCP path flips, per process and for tens of seconds at a time, between two modes
    whose system + softirq time per request differ by ~2x (trivial endpoint: ~2.7 vs ~5.3 µs); user time per request
    is the same in both. It flips with and without Hotpath, so it is noise, not cost: the mode-matched ratio compares
    only windows of the faster mode."""
    sys_us = sorted(r["endpoints"][endpoint]["sys_us"] for r in rounds)
    if not sys_us or sys_us[-1] < 1.4 * sys_us[0]:
        return None
    return 1.4 * sys_us[0]


def report(target, rounds, prepared, configs, endpoints, soak_result):
    compact = ["| config | endpoint | throughput ratio | CPU/request ratio (user) | CPU/request ratio (user+sys) "
               "| idle CPU % of a core (added vs off) | RSS idle MB (vs off) | RSS growth over the rounds MB |",
               "|---|---|---:|---:|---:|---:|---:|---:|"]
    lines = ["| config | endpoint | req/s (median) | throughput ratio (rounds) | mode-matched ratio (n) | user CPU µs/req "
             "| user CPU ratio | p99 ms | p99 ratio | profiler threads % of a core | warm-up s | idle CPU % of a core "
             "| idle added vs off | RSS MB (idle → end) | other load (cores, max) |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    by_round = {}
    for rec in rounds:
        by_round.setdefault(rec["round"], {})[rec["config"]] = rec
    idle = {c: prepared[c].get("idle_cpu_cores") for c in configs}
    summary = {}
    for endpoint in endpoints:
        slow_above = kernel_modes(rounds, endpoint)
        fast = {c: [r["endpoints"][endpoint]["rps"] for r in rounds if r["config"] == c
                    and (slow_above is None or r["endpoints"][endpoint]["sys_us"] < slow_above)] for c in configs}
        for config in configs:
            runs = [by_round[n][config]["endpoints"][endpoint] for n in sorted(by_round)]
            ratios = [by_round[n][config]["endpoints"][endpoint]["rps"] / by_round[n]["off"]["endpoints"][endpoint]["rps"]
                      for n in sorted(by_round)]
            p99_ratios = [by_round[n][config]["endpoints"][endpoint]["p99_ms"]
                          / by_round[n]["off"]["endpoints"][endpoint]["p99_ms"] for n in sorted(by_round)]
            off_runs = [by_round[n]["off"]["endpoints"][endpoint] for n in sorted(by_round)]
            user = median([r["user_us"] for r in runs])
            off_user = median([r["user_us"] for r in off_runs])
            matched = (median(fast[config]) / median(fast["off"])) if fast[config] and fast["off"] else None
            row = {
                "rps": median([r["rps"] for r in runs]),
                "ratio": median(ratios),
                "ratios": ratios,
                "matched_ratio": matched,
                "matched_windows": (len(fast[config]), len(fast["off"])),
                "user_us": user,
                "user_ratio": user / off_user if user and off_user else None,
                "sys_us": median([r["sys_us"] for r in runs]),
                "p99_ms": median([r["p99_ms"] for r in runs]),
                "p99_ratio": median(p99_ratios),
                "profiler_pct": median([r.get("profiler_cores", 0.0) * 100 for r in runs]),
                "warmup_s": prepared[config].get("warmup_s"),
                "idle_cpu_pct": None if idle[config] is None else idle[config] * 100,
                "idle_added_pct": None if idle[config] is None or idle.get("off") is None
                else (idle[config] - idle["off"]) * 100,
                "rss_idle_mb": prepared[config].get("idle_rss_mb"),
                "rss_end_mb": runs[-1]["rss_end_mb"],
                "other_cores_max": max(r["other_cores"] for r in runs),
            }
            total_us = median([r["user_us"] + r["sys_us"] for r in runs])
            off_total = median([r["user_us"] + r["sys_us"] for r in off_runs])
            row["cpu_us"] = total_us
            row["cpu_ratio"] = total_us / off_total if total_us and off_total else None
            rss_idle, off_idle = row["rss_idle_mb"], prepared["off"].get("idle_rss_mb")
            row["rss_vs_off_mb"] = rss_idle - off_idle if rss_idle is not None and off_idle is not None else None
            row["rss_growth_mb"] = row["rss_end_mb"] - rss_idle if rss_idle is not None else None
            summary[f"{target}/{config}/{endpoint}"] = row
            if config != "off":
                compact.append(
                    f"| {config} | {endpoint} | {fmt(row['ratio'], '{:.3f}')} | {fmt(row['user_ratio'], '{:.3f}')} "
                    f"| {fmt(row['cpu_ratio'], '{:.3f}')} | {fmt(row['idle_cpu_pct'], '{:.2f}')} "
                    f"({fmt(row['idle_added_pct'], '{:+.2f}')}) | {fmt(rss_idle, '{:.0f}')} "
                    f"({fmt(row['rss_vs_off_mb'], '{:+.0f}')}) | {fmt(row['rss_growth_mb'], '{:+.1f}')} |")
            spread = "" if len(ratios) < 2 else f" ({min(ratios):.3f}–{max(ratios):.3f})"
            lines.append(
                f"| {config} | {endpoint} | {fmt(row['rps'], '{:,.0f}')} | {fmt(row['ratio'], '{:.3f}')}{spread} "
                f"| {fmt(row['matched_ratio'], '{:.3f}')} ({len(fast[config])}/{len(fast['off'])}) "
                f"| {fmt(row['user_us'], '{:.2f}')} | {fmt(row['user_ratio'], '{:.3f}')} "
                f"| {fmt(row['p99_ms'], '{:.2f}')} | {fmt(row['p99_ratio'], '{:.2f}')} "
                f"| {fmt(row['profiler_pct'], '{:.2f}')} | {fmt(row['warmup_s'], '{:.0f}')} "
                f"| {fmt(row['idle_cpu_pct'], '{:.2f}')} | {fmt(row['idle_added_pct'], '{:+.2f}')} "
                f"| {fmt(row['rss_idle_mb'], '{:.0f}')}→{fmt(row['rss_end_mb'], '{:.0f}')} "
                f"| {row['other_cores_max']:.2f}{' ⚠' if row['other_cores_max'] > NOISY else ''} |")
    checks = []
    for config in configs:
        prof, warm = prepared[config].get("profiler"), prepared[config].get("profiler_warm")
        if prof:
            checks.append(f"{config}: state {prof['state']}, measured interval during warm-up and idle "
                          f"{fmt((warm or {}).get('effective_interval_ms'), '{:.2f}')} ms; at the end "
                          f"{prof['process_samples']} process / {prof['request_samples']} request samples, "
                          f"{prof['stacks']} stacks")
        elif CONFIGS[config][0]:
            checks.append(f"{config}: profile API not reachable (check skipped)")
    noisy = [f"{r['config']}/{e} round {r['round']} ({m['other_cores']:.2f})" for r in rounds
             for e, m in r["endpoints"].items() if m["other_cores"] > NOISY]
    noisy += [f"{c} idle ({prepared[c]['idle_other_cores']:.2f})" for c in configs
              if prepared[c].get("idle_other_cores", 0) > NOISY]
    text = "\n".join(compact) + "\n\nAll measures:\n\n" + "\n".join(lines)
    if noisy:
        text += (f"\n\n⚠ Other processes used more than {NOISY} cores during: " + ", ".join(noisy)
                 + ". Ratios from those runs are less trustworthy; rerun on a quiet machine.")
    unsteady = [c for c in configs if prepared[c].get("warmup_steady") is False]
    if unsteady:
        text += "\n\n⚠ Not steady when measurement began (warm-up limit reached): " + ", ".join(unsteady)
    if checks:
        text += "\n\nHotpath's own view at the end of the run:\n" + "\n".join(f"- {c}" for c in checks)
    if soak_result:
        points = soak_result["rss_mb"]
        text += (f"\n\nSoak, {soak_result['config']}, mixed endpoints, {soak_result['seconds']} s after warm-up: RSS (MB) by time: "
                 + ", ".join(f"{t}s {m:.0f}" for t, m in points)
                 + f"\nRSS growth after warm-up: {points[-1][1] - points[0][1]:+.1f} MB (max {max(m for _, m in points):.0f} MB);"
                 + f" throughput {fmt(soak_result['rps'], '{:,.0f}')} req/s; non-2xx {soak_result['non2xx']}")
        if soak_result.get("profiler"):
            p = soak_result["profiler"]
            text += f"; profile: {p['stacks']} stacks, {p['process_samples']} samples"
    return text, summary


# ---------------------------------------------------------------- main


def run_target(target, endpoints, configs, rounds, duration, idle, warmup, settle, soak_s, smoke):
    """Every configuration of one target app: prepare each, alternate rounds, then the soak. Returns the report."""
    work_dir = tempfile.mkdtemp(prefix=f"hotpath-overhead-{target}-")
    _temp_dirs.append(work_dir)
    app_dir = os.environ.get("APP_DIR") if target == "demo" else None
    if not app_dir:
        if smoke:
            app_dir = built_output(target)
        else:
            app_dir = os.path.join(work_dir, "app")
            publish(target, app_dir)
    scripts = {name: None if plain_get(TARGETS[target]["endpoints"][name]) else
               mix_script(work_dir, [TARGETS[target]["endpoints"][name]]) for name in endpoints}

    # One process per configuration, warmed up once; then rounds alternate between them (order reversed every other
    # round so slow drift favours no one), each paused with SIGSTOP while another is measured.
    apps, prepared, records = {}, {}, []
    try:
        for config in configs:
            log(f"{target}: starting {config}: warm-up to steady state" + (", then idle" if idle else ""))
            apps[config], prepared[config] = prepare(app_dir, work_dir, config, target, endpoints, warmup, idle, settle)
            rec = prepared[config]
            log(f"  steady after {rec['warmup_s']:.0f} s" + (f", idle {rec['idle_cpu_cores'] * 100:.2f}% of a core"
                                                             if "idle_cpu_cores" in rec else ""))
        for round_no in range(1, rounds + 1):
            order = configs if round_no % 2 == 1 else list(reversed(configs))
            for config in order:
                records.append(measure_round(apps[config], endpoints, scripts, duration, round_no))
                last = records[-1]
                log(f"{target} round {round_no}/{rounds} {config}: " + ", ".join(
                    f"{e} {r['rps']:,.0f} req/s user {r['user_us']:.2f} µs/req sys {r['sys_us']:.2f} µs/req "
                    f"(other load {r['other_cores']:.2f})" for e, r in last["endpoints"].items()))
        for config in configs:
            prepared[config]["profiler"] = finish(apps.pop(config))
    finally:
        for app in apps.values():
            app.stop()

    soak_result = None
    if soak_s > 0:
        soak_config = os.environ.get("SOAK_CONFIG") or "on-noenv"
        if soak_config not in CONFIGS:
            raise BenchError(f"SOAK_CONFIG: unknown {soak_config}; choose from {', '.join(CONFIGS)}")
        log(f"{target}: soak, {soak_config} under mixed load for {soak_s} s")
        soak_result = soak(app_dir, work_dir, target, soak_config, soak_s, warmup)
    text, summary = report(target, records, prepared, configs, endpoints, soak_result)
    return text, {"rounds": records, "prepared": prepared, "summary": summary, "soak": soak_result}


def main(argv):
    global QUIET_WAIT, QUIET_BUDGET
    smoke = "--smoke" in argv
    unknown = [a for a in argv if a != "--smoke"]
    if unknown:
        raise BenchError(f"unknown argument(s): {' '.join(unknown)}; usage: overhead.sh [--smoke]")
    if smoke:
        # Both targets, AddHotpath alone against off, one tiny round each: proves every step works, measures nothing.
        rounds, duration, idle, soak_s, warmup, settle = 1, 1, 1, 0, 1, 0.3
        targets, configs, selected = ["demo", "benchapi"], ["off", "on-noenv"], ["trivial", "list"]
        QUIET_WAIT, QUIET_BUDGET = 2.0, 4.0
    else:
        rounds = max(1, env_int("ROUNDS", 5))
        duration = max(1, env_int("DURATION", 4))
        idle = env_int("IDLE", 10)
        soak_s = env_int("SOAK", 0)
        warmup = env_int("WARMUP", 60)  # at most; warm-up ends once the app is steady (see warm_up)
        settle = 5.0
        QUIET_WAIT = float(env_int("QUIET_WAIT", 20))
        QUIET_BUDGET = float(env_int("QUIET_BUDGET", 30))
        targets = env_list("TARGETS", list(TARGETS), list(TARGETS))
        configs = env_list("CONFIGS", list(CONFIGS), DEFAULT_CONFIGS)
        selected = env_list("ENDPOINTS", ENDPOINT_NAMES, ENDPOINT_NAMES)
    if "off" not in configs:
        configs = ["off"] + configs  # ratios need the baseline
    if shutil.which("wrk") is None:
        raise BenchError("wrk is not installed (bench/overhead.sh installs it with apt-get)")
    if os.environ.get("APP_DIR") and targets != ["demo"]:
        raise BenchError("APP_DIR is an already published demo: use it with TARGETS=demo")
    plan = {t: [e for e in TARGETS[t]["endpoints"] if e in selected] for t in targets}
    plan = {t: e for t, e in plan.items() if e}
    if not plan:
        raise BenchError("ENDPOINTS selects no endpoint of the chosen TARGETS")

    # Plan: per configuration ~1.5 s to start and stop (the bench API seeds its database: ~5 s), warm-up (the demo is
    # steady after ~30-45 s under load on one core), settle + idle; per round and endpoint the quiet check, a 1 s
    # re-warm after the pause and the window.
    estimate = QUIET_BUDGET
    for target, endpoints in plan.items():
        per_config = (1.5 if target == "demo" else 6) + min(warmup, 45) + (settle + idle if idle else 0)
        per_round = len(configs) * len(endpoints) * (duration + 1 + 0.8)
        # Publish (~30 s cold, seconds when up to date) + the above + soak.
        estimate += 30 + len(configs) * per_config + rounds * per_round + (min(warmup, 45) + soak_s if soak_s else 0)
    log(f"plan: {', '.join(f'{t} ({len(e)} endpoint(s))' for t, e in plan.items())} × {len(configs)} config(s), "
        f"{rounds} round(s) of {duration} s windows, idle {idle} s, soak {soak_s} s; estimated at most "
        f"{estimate / 60:.1f} min")

    started = time.monotonic()
    texts, raw = [], {}
    for target, endpoints in plan.items():
        text, raw[target] = run_target(target, endpoints, configs, rounds, duration, idle, warmup, settle, soak_s, smoke)
        texts.append(f"### {target}\n\n{text}")
    elapsed = time.monotonic() - started
    machine = (f"{len(ALL_CPUS)} cores, wrk pinned to CPU {sorted(WRK_CPUS)}, app to CPU {sorted(APP_CPUS)}" if PIN
               else f"{len(ALL_CPUS)} cores, unpinned")
    print(f"\n## Hotpath overhead ({'smoke, ' if smoke else ''}{rounds} round(s) of {duration} s windows, wrk -t1 -c8, "
          f"{machine}; one warmed-up process per configuration, paused while another is measured; ratios are "
          f"on/off, median over rounds)\n")
    print("\n\n".join(texts))
    if _failures:
        print("\n⚠ The profiler stopped during the run (numbers after that point measure an app without sampling):\n"
              + "\n".join(f"- {f}" for f in _failures))
    print(f"\nTotal run time: {elapsed:.0f} s (estimated {estimate:.0f} s)")
    if os.environ.get("OUT"):
        with open(os.environ["OUT"], "w") as f:
            json.dump({"targets": raw, "elapsed_s": elapsed,
                       "params": {"rounds": rounds, "duration": duration, "idle": idle, "soak": soak_s,
                                  "warmup": warmup, "smoke": smoke, "configs": configs, "plan": plan},
                       "failures": _failures}, f, indent=1)
    return 1 if _failures else 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        code = main(sys.argv[1:])
    except BenchError as e:
        log(f"FAILED: {e}")
        code = 1
    except subprocess.TimeoutExpired as e:
        log(f"FAILED: timed out: {e}")
        code = 1
    finally:
        cleanup()
    sys.exit(code)
