"""Markdown tables for the accuracy harness: per case, per window and pooled, Hotpath against perf.

Results hold 1-s ticks; windows of any length are sums of consecutive ticks (a last, shorter remainder is dropped).
"""

import math

from cases import CASES

LONG_WINDOW = 10
MIN_PERF = 100  # perf samples a window needs before its error counts toward the worst


def share(counts, f):
    return counts[f] / counts["samples"] if counts and counts["samples"] else None


def merge(ticks):
    total = {}
    for t in ticks:
        for k, v in t.items():
            total[k] = total.get(k, 0) + v
    return total


def windows(ticks, size):
    """[(start s, end s, counts)] of consecutive whole windows of `size` ticks."""
    return [(i, i + size, merge(ticks[i:i + size])) for i in range(0, len(ticks) - size + 1, size)]


def pct(x):
    return "n/a" if x is None else f"{x * 100:.1f}"


def err(h, p):
    return None if h is None or p is None else (h - p) * 100


def pts(x):
    return "n/a" if x is None else f"{x:+.1f}"


def noise(p, n):
    """Two standard deviations, in points, of a share p measured from n samples."""
    return None if p is None or not n else 200 * math.sqrt(max(p * (1 - p), 1e-4) / n)


def worst_errors(perf_ticks, cpu_ticks, functions, size, start=0):
    """Worst |error| over whole windows of `size` s starting at or after `start` with enough perf samples, and how
    many of those windows missed ±5 points by more than Hotpath's own sampling noise."""
    worst, beyond, counted = 0.0, 0, 0
    for (a, _, p), (_, _, h) in zip(windows(perf_ticks[start:], size), windows(cpu_ticks[start:], size)):
        if p.get("samples", 0) < MIN_PERF:
            continue
        counted += 1
        missed = False
        for f in functions:
            e = err(share(h, f), share(p, f))
            if e is None:
                continue
            worst = max(worst, abs(e))
            if abs(e) > max(5.0, noise(share(p, f), h["samples"]) or 0):
                missed = True
        beyond += missed
    return worst, beyond, counted


def report(results, settings):
    lines, summary = [], []
    worst = {"steady": 0.0, "window": 0.0, "long_window": 0.0}
    failed = []
    size, steady = settings["window"], settings["steady_from"]
    for r in results:
        spec = CASES[r["case"]]
        functions = spec["cpu"] + spec["wait"]
        perf, cpu, wait = r["perf"], r["hotpath"]["cpu"], r["hotpath"].get("wait")
        status = (r.get("status") or {}).get("status") or {}
        if status.get("state") != "running":
            failed.append(f"{r['case']} ({status.get('state')}: {status.get('message')})")
        # Sampled CPU time per perf millisecond: 1.0 when Hotpath sees all the CPU perf sees.
        interval = status.get("intervalMs")
        hp_total, perf_total = merge(cpu).get("samples", 0), merge(perf).get("samples", 0)
        yield_ = hp_total * interval / perf_total if interval and perf_total else None
        lines += [f"### {r['case']}: {spec['what']}", "",
                  f"{r['rps']:,.0f} req/s. Hotpath status: {status.get('state')}"
                  + (f" — {status.get('message')}" if status.get("message") else "")
                  + "".join(f"; {k} {v}" for k, v in status.items() if k not in ("state", "message"))
                  + (f". Hotpath samples × interval / perf samples × 1 ms over the run: {yield_:.2f}" if yield_ else ""), ""]
        head = ["window (s)", "perf samples", "Hotpath CPU samples"]
        for f in functions:
            head += [f"{f} perf %", f"{f} Hotpath %", "err (pts)"]
        head.append("Hotpath 2σ noise (pts)")
        if wait is not None:
            head += ["Hotpath wait samples"] + [f"{f} wait %" for f in spec["wait"]]
        lines += ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]

        def row(label, p, h, w):
            cells = [label, str(p.get("samples", 0)), str(h.get("samples", 0))]
            for f in functions:
                cells += [pct(share(p, f)), pct(share(h, f)), pts(err(share(h, f), share(p, f)))]
            bound = [noise(share(p, f), h.get("samples")) for f in spec["cpu"]]
            cells.append("n/a" if None in bound else f"{max(bound):.1f}")
            if w is not None:
                cells.append(str(w.get("samples", 0)))
                cells += [pct(share(w, f)) for f in spec["wait"]]
            return "| " + " | ".join(cells) + " |"

        waits = windows(wait, size) if wait else None
        for i, ((a, b, p), (_, _, h)) in enumerate(zip(windows(perf, size), windows(cpu, size))):
            lines.append(row(f"{a}–{b}", p, h, waits[i][2] if waits else None))
        pp, ph = merge(perf[steady:]), merge(cpu[steady:])
        pw = merge(wait[steady:]) if wait else None
        lines += [row(f"**pooled {steady}–{len(perf)}**", pp, ph, pw), ""]
        w_short = worst_errors(perf, cpu, functions, size)
        w_long = worst_errors(perf, cpu, functions, LONG_WINDOW)
        worst["window"] = max(worst["window"], w_short[0])
        worst["long_window"] = max(worst["long_window"], w_long[0])
        for f in functions:
            e = err(share(ph, f), share(pp, f))
            if e is not None:
                worst["steady"] = max(worst["steady"], abs(e))
            fs = worst_errors(perf, cpu, [f], size)
            fl = worst_errors(perf, cpu, [f], LONG_WINDOW)
            summary.append(f"| {r['case']} | {f} | {'wait' if f in spec['wait'] else 'cpu'} | {pct(share(pp, f))} "
                           f"| {pct(share(ph, f))} | {pts(e)} | {ph.get('samples', 0)} | {fs[0]:.1f} ({fs[1]}/{fs[2]}) "
                           f"| {fl[0]:.1f} ({fl[1]}/{fl[2]}) "
                           f"| {pct(share(pw, f)) if pw is not None and f in spec['wait'] else '-'} |")
    top = [f"Settings: {settings['seconds']} s of load per case from a cold start, {size}-s and {LONG_WINDOW}-s windows, "
           f"pooled from {steady} s, wrk -t1 -c{settings['connections']}, {settings['pin']}, "
           f"EventPipe rate {settings['rate_ms']}, commit {settings['commit']}"
           + (f", app settings {settings['hotpath_env']}" if settings["hotpath_env"] else "") + ".", "",
           f"| case | function | kind | perf % (steady) | Hotpath CPU % (steady) | error (pts) | Hotpath samples (steady) "
           f"| worst {size}-s window |error| (windows beyond ±5 and 2σ noise / windows) "
           f"| worst {LONG_WINDOW}-s window |error| (beyond / windows) | Hotpath wait % (steady) |",
           "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"] + summary
    if failed:
        top += ["", "⚠ Hotpath was not running at the end of: " + "; ".join(failed)
                + ". Its shares there cover only the time before it stopped (windows with 0 samples show n/a)."]
    top += ["", f"Worst |error|: {worst['steady']:.1f} pts pooled at steady state; {worst['window']:.1f} pts in any "
            f"{size}-s and {worst['long_window']:.1f} pts in any {LONG_WINDOW}-s window with ≥ {MIN_PERF} perf samples "
            "(the bar: ±5).", ""]
    return "\n".join(top + lines), worst
