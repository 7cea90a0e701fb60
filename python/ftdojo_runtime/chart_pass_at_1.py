"""TableBench visualization Pass@1, first step: runs model-written matplotlib code and reads its chart.

Runs inside ftdojo's sandbox (no network, bounded time and memory), never on the host, and never
with the references: what the chart should show reaches only chart_verdict.py, a later process
that runs no model code, so no code can read or fake its own verdict. The scorer
(src/eval/scorers/pass-at-1-visualization.ts) writes the items and reads the observations.

Usage:
  python chart_pass_at_1.py ITEMS_JSON OBSERVATIONS_JSONL

ITEMS_JSON holds {"mode": "official" | "corrected", "timeoutSeconds": 15, "items": [{"key", "code",
"chartType", "table": {"columns", "data"}}]}: the python block read from the model's output, the
chart type asked for and the table.

OBSERVATIONS_JSONL gets {"ready": true} once matplotlib and pandas are imported, then per item:
  key        the item's key
  failure    null, or what stopped the code: crash | exit | timeout | memory | network
  executed   whether the code ran to its end (TableBench's ECR@1: the first run, in official)
  error      the exception that stopped it ("NameError: name 'x' is not defined"), or null
  values     the chart's data read by chart type (chart_data.encode), or null when unreadable
  printed    official: what the code printed while its chart was checked, or null when the
             verdict would not print (the second run raised, or the code replaced print or stdout)

Each item runs in a child process forked after the imports: a fresh pyplot (no figure), its own
folder with table.csv written from the table the way TableBench writes it, no descriptor of the
parent's, a new process group killed with everything it started when the item ends or its time
is up. The code's stdout and stderr go nowhere. An audit hook refuses and records any network use.

`official` reproduces TableBench's parse_tablebench_instruction_response_script.py (Visualization,
DP): the code, wrapped in `if __name__ == '__main__':`, is exec()'d inside a function whose module
also holds np, pd, plt, os, sys, re and ast; then again, on the same pyplot state, with the chart
read where TableBench appends the reference and its comparison, stdout captured (TableBench reads
its printed verdict from there). Each run stops after timeoutSeconds (SIGALRM raising
TimeoutError, as wrapt_timeout_decorator's @timeout(15) does). `corrected` runs the code once, as
the script it is (a module of its own, plt.show a no-op), then reads the chart.
"""

import ast
import builtins
import io
import json
import os
import re
import signal
import sys
import time
import types

from chart_data import chart_values, encode

NETWORK_EVENTS = {
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.sendto",
    "socket.sendmsg",
    "socket.bind",
    "urllib.Request",
}
# A child alive this long past its runs' time is stuck where no alarm reaches: it is killed.
GRACE_SECONDS = 5
# The second run's program: the code, a stand-in where TableBench appends the reference, the chart
# type, and the reading where TableBench compares and prints.
SECOND_RUN = 'from metrics.chart_metric_utils import *\n{code}\ny_references = None\nchart_type="{chart_type}"\nobserve_chart(plt, chart_type, print, sys.stdout)\n'


class Watch:
    """What happened during one item, whatever the code catches."""

    network = False
    timed_out = False


def refuse_network(event, _args):
    if event in NETWORK_EVENTS:
        Watch.network = True
        raise PermissionError("network access is disabled in the sandbox")


def on_alarm(_signum, _frame):
    # A TimeoutError, as the official timeout decorator raises; the flag survives code that catches it.
    Watch.timed_out = True
    raise TimeoutError("the code ran out of time")


def run_with_alarm(seconds, action):
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return action()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def wrap_in_main(code):
    lines = code.strip().split("\n")
    return "\nif __name__ == '__main__':\n" + "".join(f"    {line}\n" for line in lines)


def error_text(error):
    if error is None:
        return None
    text = f"{type(error).__name__}: {error}".strip()
    return text if len(text) <= 300 else text[:297] + "..."


def failure_kind(error):
    if Watch.network:
        return "network"
    if Watch.timed_out:
        return "timeout"
    if isinstance(error, MemoryError):
        return "memory"
    if isinstance(error, SystemExit):
        return "exit"
    return "crash"


def read_chart(pyplot, chart_type):
    try:
        return encode(chart_values(pyplot, chart_type))
    except Exception:
        return None


def run_official(item, timeout, pyplot, numpy, pandas):
    chart_type = item["chartType"]
    seen = {}

    def observe_chart(plot, kind, printer, stdout):
        seen["values"] = encode(chart_values(plot, kind))
        seen["verdict_prints"] = printer is builtins.print and stdout is captured

    # What the official script's module offers the code it exec()s; `metrics` is its helper module.
    helpers = types.ModuleType("metrics.chart_metric_utils")
    helpers.np, helpers.observe_chart = numpy, observe_chart
    sys.modules["metrics"] = types.ModuleType("metrics")
    sys.modules["metrics.chart_metric_utils"] = helpers
    namespace = {"__name__": "__main__", "__builtins__": builtins, "np": numpy, "pd": pandas, "plt": pyplot, "os": os, "sys": sys, "re": re, "ast": ast}

    def execute(program):
        # exec() inside a function: the module's globals and the function's own locals, as TableBench does.
        run_with_alarm(timeout, lambda: exec(program, namespace, {"c": program}))

    first_error = second_error = None
    try:
        execute(wrap_in_main(item["code"]))
    except Exception as error:
        first_error = error
    captured = io.StringIO()
    saved = sys.stdout
    try:
        sys.stdout = captured
        execute(wrap_in_main(SECOND_RUN.format(code=item["code"], chart_type=chart_type)))
    except Exception as error:
        second_error = error
    finally:
        sys.stdout = saved
    if first_error is not None:
        failure, error = failure_kind(first_error), first_error
    elif second_error is not None and failure_kind(second_error) != "crash":
        failure, error = failure_kind(second_error), None
    else:
        failure, error = None, None
    printed = captured.getvalue() if second_error is None and seen.get("verdict_prints") else None
    values = seen.get("values") if second_error is None else read_chart(pyplot, chart_type)
    return {"failure": failure, "executed": first_error is None, "error": error_text(error), "values": values, "printed": printed}


def run_corrected(item, timeout, pyplot):
    pyplot.show = lambda *args, **kwargs: None
    namespace = {"__name__": "__main__", "__builtins__": builtins, "__file__": "chart.py"}
    try:
        run_with_alarm(timeout, lambda: exec(compile(item["code"], "chart.py", "exec"), namespace))
    except SystemExit as stop:
        if stop.code not in (None, 0):
            return {"failure": "exit", "executed": False, "error": error_text(stop), "values": None, "printed": None}
    except Exception as error:
        return {"failure": failure_kind(error), "executed": False, "error": error_text(error), "values": None, "printed": None}
    return {"failure": None, "executed": True, "error": None, "values": read_chart(pyplot, item["chartType"]), "printed": None}


def write_table(table, path, pandas):
    """table.csv as TableBench writes it: one dict per row (a repeated column name keeps its last value)."""
    rows = []
    for data in table["data"]:
        row = {}
        for index in range(len(table["columns"])):
            row[table["columns"][index]] = data[index]
        rows.append(row)
    pandas.DataFrame(rows).to_csv(path, index=False)


def run_child(item, mode, timeout, result_path, modules):
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        os.dup2(null, descriptor)
    os.closerange(3, 65536)
    sys.addaudithook(refuse_network)
    pyplot, numpy, pandas = modules
    try:
        result = run_official(item, timeout, pyplot, numpy, pandas) if mode == "official" else run_corrected(item, timeout, pyplot)
    except BaseException as error:  # noqa: BLE001 - whatever the code raised is the item's outcome
        result = {"failure": failure_kind(error), "executed": False, "error": error_text(error), "values": None, "printed": None}
    if Watch.network:
        result["failure"] = "network"
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    os._exit(0)


def wait_for(pid, seconds):
    """The child's wait status, or None when it outlived its time (then it is killed)."""
    deadline = time.monotonic() + seconds
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() > deadline:
            kill_group(pid)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.02)


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def without_result(status):
    if status is None:
        return {"failure": "timeout", "executed": False, "error": None, "values": None, "printed": None}
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        failure = "memory" if number == signal.SIGKILL else "crash"
        return {"failure": failure, "executed": False, "error": f"killed by {signal.Signals(number).name}", "values": None, "printed": None}
    return {"failure": "exit", "executed": False, "error": f"exited with status {os.WEXITSTATUS(status)}", "values": None, "printed": None}


def main():
    items_path, results_path = sys.argv[1], os.path.abspath(sys.argv[2])
    with open(items_path, encoding="utf-8") as handle:
        request = json.load(handle)
    os.environ["MPLBACKEND"] = "Agg"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot
    import numpy
    import pandas

    pyplot.close(pyplot.figure())  # builds the font cache once, before any fork
    root = os.path.abspath("items")
    os.makedirs(root, exist_ok=True)
    mode, timeout = request["mode"], float(request["timeoutSeconds"])
    runs = 2 if mode == "official" else 1
    with open(results_path, "a", encoding="utf-8") as results:
        results.write(json.dumps({"ready": True}) + "\n")
        results.flush()
        for index, item in enumerate(request["items"]):
            folder = os.path.join(root, str(index))
            os.makedirs(folder)
            result_path = os.path.join(folder, "result.json")
            try:
                write_table(item["table"], os.path.join(folder, "table.csv"), pandas)
            except Exception as error:
                failure = {"failure": "crash", "executed": False, "error": f"table.csv cannot be written: {error_text(error)}", "values": None, "printed": None}
                results.write(json.dumps({**failure, "key": item["key"]}) + "\n")
                continue
            pid = os.fork()
            if pid == 0:
                os.chdir(folder)
                run_child(item, mode, timeout, result_path, (pyplot, numpy, pandas))
            status = wait_for(pid, runs * timeout + GRACE_SECONDS)
            kill_group(pid)
            try:
                with open(result_path, encoding="utf-8") as handle:
                    result = json.load(handle)
            except (OSError, ValueError):
                result = without_result(status)
            results.write(json.dumps({**result, "key": item["key"]}) + "\n")
            results.flush()


if __name__ == "__main__":
    main()
