"""Markdown tables for the accuracy harness: per case, per window and pooled, Hotpath against perf."""

from cases import CASES


def share(counts, f):
    return counts[f] / counts["samples"] if counts["samples"] else None


def pool(windows, marks, start):
    total = {}
    for w, t in zip(windows, marks):
        if t >= start - 1e-6:
            for k, v in w.items():
                total[k] = total.get(k, 0) + v
    return total


def pct(x):
    return "n/a" if x is None else f"{x * 100:.1f}"


def err(h, p):
    return None if h is None or p is None else (h - p) * 100


def pts(x):
    return "n/a" if x is None else f"{x:+.1f}"


def report(results, settings):
    lines, summary, worst = [], [], {"window": 0.0, "steady": 0.0}
    for r in results:
        spec = CASES[r["case"]]
        functions = spec["cpu"] + spec["wait"]
        marks = r["marks"][:-1]  # window start times
        cpu, perf = r["hotpath"]["cpu"], r["perf"]
        wait = r["hotpath"].get("wait")
        status = (r.get("status") or {}).get("status") or {}
        lines += [f"### {r['case']}: {spec['what']}", "",
                  f"{r['rps']:,.0f} req/s. Hotpath status: {status.get('state')}"
                  + (f" — {status.get('message')}" if status.get("message") else ""), ""]
        head = "| window (s) | perf samples | Hotpath CPU samples | " + " | ".join(
            f"{f} perf % | {f} Hotpath % | err (pts)" for f in functions)
        if wait is not None:
            head += " | Hotpath wait samples | " + " | ".join(f"{f} wait %" for f in spec["wait"] or ["-"])
        lines += [head + " |", "|" + "---:|" * head.count("|")]

        def row(label, p, h, w):
            cells = [label, str(p["samples"]), str(h["samples"])]
            for f in functions:
                cells += [pct(share(p, f)), pct(share(h, f)), pts(err(share(h, f), share(p, f)))]
            if w is not None:
                cells.append(str(w["samples"]))
                cells += [pct(share(w, f)) for f in spec["wait"]] or ["-"]
            return "| " + " | ".join(cells) + " |"

        for i, t in enumerate(marks):
            lines.append(row(f"{t:.0f}–{r['marks'][i + 1]:.0f}", perf[i], cpu[i], wait[i] if wait else None))
            for f in functions:
                e = err(share(cpu[i], f), share(perf[i], f))
                if e is not None and perf[i]["samples"] >= 100:
                    worst["window"] = max(worst["window"], abs(e))
        s = settings["steady_from"]
        pp, ph = pool(perf, marks, s), pool(cpu, marks, s)
        pw = pool(wait, marks, s) if wait else None
        lines += [row(f"**pooled {s}–{r['marks'][-1]:.0f}**", pp, ph, pw), ""]
        for f in functions:
            window_errors = [abs(e) for i in range(len(marks))
                             if (e := err(share(cpu[i], f), share(perf[i], f))) is not None]
            e = err(share(ph, f), share(pp, f))
            if e is not None:
                worst["steady"] = max(worst["steady"], abs(e))
            summary.append(f"| {r['case']} | {f} | {'wait' if f in spec['wait'] else 'cpu'} | {pct(share(pp, f))} "
                           f"| {pct(share(ph, f))} | {pts(e)} | {max(window_errors) if window_errors else 0:.1f} "
                           f"| {pct(share(pw, f)) if pw is not None and f in spec['wait'] else '-'} |")
    top = [f"Settings: {settings['seconds']} s of load per case from a cold start, {settings['window']}-s windows, "
           f"pooled from {settings['steady_from']} s, wrk -t1 -c{settings['connections']}, {settings['pin']}, "
           f"EventPipe rate {settings['rate_ms']}, commit {settings['commit']}"
           + (f", app settings {settings['hotpath_env']}" if settings["hotpath_env"] else "") + ".", "",
           "| case | function | kind | perf % (steady) | Hotpath CPU % (steady) | error (pts) | worst 3-s window "
           "|error| (pts) | Hotpath wait % (steady) |", "|---|---|---|---:|---:|---:|---:|---:|"] + summary
    top += ["", f"Worst |error|: {worst['steady']:.1f} pts pooled at steady state, {worst['window']:.1f} pts in any "
            "window with ≥ 100 perf samples (the bar: ±5).", ""]
    return "\n".join(top + lines), worst
