"""The planted cases of bench/Hotpath.Planted and what the harness looks for in them.

Each case is one endpoint, /case/<name>. A sample belongs to a case when its stack holds the case's root or any of its
planted functions (frame-pointer unwinding through an on-stack-replaced loop can skip the root's frame, so the root
alone would miss samples). A function's share is the fraction of the case's samples whose stack holds it.
"cpu" functions burn CPU: Hotpath's CPU share must match perf's. "wait" functions block: perf gives their (small) true
CPU share — spinning before blocking is real CPU — and Hotpath's CPU share must match it, not count the blocked time;
under Hotpath's Wait measure they should hold the case's waiting time.
"""

import re

CASES = {
    "ratio": {"root": "RatioCase", "cpu": ["Seventy", "Thirty"], "wait": [],
              "what": "two loops of the same body, 1.4M and 0.6M iterations, in one request (true share 0.70/0.30)"},
    "recursion": {"root": "RecursionCase", "cpu": ["Recurse", "Loop"], "wait": [],
                  "what": "call-heavy recursion (naive Fibonacci, ~243k calls) against a loop"},
    "blocking": {"root": "BlockingCase", "cpu": ["BeforeWait", "AfterWait"], "wait": ["BlockingWait"],
                 "what": "CPU work, a 2-ms WaitHandle.WaitOne, more CPU work"},
    "lock": {"root": "LockCase", "cpu": ["Unlocked", "Locked"], "wait": ["WaitForGate"],
             "what": "work, then a Monitor lock every concurrent request contends for, work inside it"},
    "syncasync": {"root": "SyncOverAsyncCase", "cpu": ["BeforeDelay", "AfterDelay"], "wait": ["WaitResult"],
                  "what": "work, Task.Delay(2).Result (sync-over-async), more work"},
    "sleep": {"root": "SleepCase", "cpu": ["SleepWork"], "wait": ["SleepFor"],
              "what": "work, then Thread.Sleep(2)"},
}


def frame_pattern(name):
    """Matches the planted method in perf's map names (Cases::Name(...)) and Hotpath's (Cases.Name(...))."""
    return re.compile(r"Hotpath\.Planted\.Cases(?:::|\.)" + re.escape(name) + r"\(")


class CaseMatcher:
    """Classifies one stack (a list of frame strings) for one case."""

    def __init__(self, case):
        spec = CASES[case]
        self.functions = spec["cpu"] + spec["wait"]
        self._root = frame_pattern(spec["root"])
        self._patterns = {f: frame_pattern(f) for f in self.functions}

    def classify(self, frames):
        """None when the stack is not the case's; else the set of planted functions it holds."""
        found = {f for f, p in self._patterns.items() if any(p.search(x) for x in frames)}
        if found or any(self._root.search(x) for x in frames):
            return found
        return None
