#!/usr/bin/env python3
"""Reads the runs bench/run.sh recorded and prints the benchmark's figures; with --doc,
writes them to docs/benchmarks.md as well. Definitions: bench/README.md.

Usage: analyze.py RESULTS_DIR [--doc PATH]

RESULTS_DIR holds machine.env (KEY=VALUE lines about the machine and the options) and
runs/*/ with, per run: meta.env (tool, shape, size, rep, start, end, exit, load), and
engine.jsonl (`docker events` of the run's containers), and for chora-deploy events.jsonl
(its deployment.jsonl).
"""
import argparse
import json
import os
import statistics
import sys
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workload  # noqa: E402

TOOLS = ("chora-deploy", "docker-compose")
SERVICE_LABELS = ("io.chora-deploy.service", "com.docker.compose.service")


def read_env(path):
    values = {}
    with open(path, encoding="utf-8") as file:
        for line in file:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                values[key] = value
    return values


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    rows = []
    with open(path, encoding="utf-8") as file:
        for line in file:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def rfc3339(text):
    """Seconds since the epoch of chora-deploy's `2026-12-03T13:20:01.123Z`."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def critical_path(deps, weight):
    """The longest path through the graph, each service weighted by weight[service].
    deps lists services in an order where dependencies come first."""
    finish = {}
    for name, before in deps.items():
        finish[name] = weight[name] + max((finish[d] for d in before), default=0.0)
    return max(finish.values())


def engine_times(rows, start):
    """Per service, (create, healthy) from the engine's events: when the container was
    created and when it first reported healthy. Only containers created during the run
    count, so a container of an earlier run with the same labels is never mistaken."""
    created, healthy, names = {}, {}, {}
    for row in sorted(rows, key=lambda r: r.get("timeNano", 0)):
        cid = row.get("id") or row.get("Actor", {}).get("ID")
        action = row.get("Action") or row.get("status", "")
        attrs = row.get("Actor", {}).get("Attributes", {})
        when = row["timeNano"] / 1e9
        if action == "create" and when >= start - 0.001:
            created[cid] = when
            names[cid] = next((attrs[k] for k in SERVICE_LABELS if k in attrs), cid)
        elif action == "health_status: healthy" and cid in created and cid not in healthy:
            healthy[cid] = when
    return {names[c]: (created[c], healthy.get(c)) for c in created}


def chora_times(rows):
    """Per service, (deploy started, gate succeeded) from chora-deploy's events, and the
    release's final status."""
    started, passed, outcome = {}, {}, None
    for row in rows:
        kind, status, when = row["event_type"], row["status"], rfc3339(row["timestamp"])
        if kind == "service.deploy" and status == "started":
            started[row["repository"]] = when
        elif kind == "service.health_gate" and status == "succeeded":
            passed[row["repository"]] = when
        elif kind == "release" and status != "started":
            outcome = status
    return {s: (started[s], passed.get(s)) for s in started}, outcome


def analyze_run(path):
    meta = read_env(os.path.join(path, "meta.env"))
    run = {
        "dir": os.path.basename(path),
        "tool": meta["tool"],
        "shape": meta["shape"],
        "size": int(meta["size"]),
        "rep": int(meta["rep"]),
        "exit": int(meta["exit"]),
        "load": float(meta.get("load", "nan")),
        "problems": [],
    }
    start, end = float(meta["start"]), float(meta["end"])
    deps = workload.dependencies(run["shape"], run["size"])
    run["wall"] = end - start
    if run["exit"] != 0:
        run["problems"].append(f"exit code {run['exit']}")

    # The engine's view, the same for both tools.
    engine = engine_times(read_jsonl(os.path.join(path, "engine.jsonl")), start)
    missing = [s for s in deps if s not in engine or engine[s][1] is None]
    if missing:
        run["problems"].append("no healthy event from the engine for " + ", ".join(missing))
    else:
        weight = {s: engine[s][1] - engine[s][0] for s in deps}
        run["cp_engine"] = critical_path(deps, weight)
        last_healthy = max(engine[s][1] for s in deps)
        run["all_healthy"] = last_healthy - start
        run["done"] = max(end, last_healthy) - start
        run["ratio_engine"] = (run["done"] - run["cp_engine"]) / run["cp_engine"]
        run["startup"] = min(engine[s][0] for s in deps) - start
        # How long a dependent waited, after its dependencies were healthy, to be created.
        run["handoff"] = [engine[s][0] - max(engine[d][1] for d in before)
                          for s, before in deps.items() if before]

    if run["tool"] == "chora-deploy":
        analyze_chora(path, run, deps, start, end, engine)
    return run


def analyze_chora(path, run, deps, start, end, engine):
    times, outcome = chora_times(read_jsonl(os.path.join(path, "events.jsonl")))
    if outcome != "succeeded":
        run["problems"].append(f"release ended {outcome}")
    missing = [s for s in deps if s not in times or times[s][1] is None]
    if missing:
        run["problems"].append("no gate success for " + ", ".join(missing))
        return
    weight = {s: times[s][1] - times[s][0] for s in deps}
    run["cp_tool"] = critical_path(deps, weight)
    run["overhead"] = run["wall"] - run["cp_tool"]
    run["ratio_tool"] = run["overhead"] / run["cp_tool"]
    run["tail"] = end - max(times[s][1] for s in deps)
    # How long the gate took to see what the engine already said: healthy event -> gate
    # success. This time lies inside the start-to-healthy weights, so inside cp_tool.
    if all(s in engine and engine[s][1] is not None for s in deps):
        run["notice"] = [times[s][1] - engine[s][1] for s in deps]
        run["deploy_to_create"] = [engine[s][0] - times[s][0] for s in deps]


def med(runs, key):
    values = [r[key] for r in runs if key in r]
    return statistics.median(values) if values else None


def med_of_lists(runs, key):
    values = [v for r in runs for v in r.get(key, [])]
    return statistics.median(values) if values else None


def fmt(value, unit="s", digits=2):
    if value is None:
        return "–"
    if unit == "%":
        return f"{value * 100:.1f}%"
    if unit == "ms":
        return f"{value * 1000:.0f}"
    return f"{value:.{digits}f}"


def span(runs, key):
    values = [r[key] for r in runs if key in r]
    if not values:
        return "–"
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def groups(runs):
    """Runs by (shape, size, tool), in the order of the table."""
    keyed = {}
    for run in runs:
        keyed.setdefault((run["shape"], run["size"], run["tool"]), []).append(run)
    order = sorted(keyed, key=lambda k: (workload.SHAPES.index(k[0]), k[1], TOOLS.index(k[2])))
    return [(key, keyed[key]) for key in order]


def good(runs):
    return [r for r in runs if not r["problems"]]


def print_table(runs):
    head = (f"{'tool':<15} {'shape':<6} {'size':>4} {'ok':>5} {'wall s':>8} "
            f"{'healthy s':>9} {'cp s':>7} {'overhead':>8} {'cp-eng s':>8} {'ovh-eng':>8}")
    print(head)
    print("-" * len(head))
    for (shape, size, tool), all_runs in groups(runs):
        ok = good(all_runs)
        print(f"{tool:<15} {shape:<6} {size:>4} {len(ok):>2}/{len(all_runs):<2} "
              f"{fmt(med(ok, 'wall')):>8} {fmt(med(ok, 'all_healthy')):>9} "
              f"{fmt(med(ok, 'cp_tool')):>7} {fmt(med(ok, 'ratio_tool'), '%'):>8} "
              f"{fmt(med(ok, 'cp_engine')):>8} {fmt(med(ok, 'ratio_engine'), '%'):>8}")
    for run in runs:
        for problem in run["problems"]:
            print(f"problem: {run['dir']}: {problem}", file=sys.stderr)


def markdown_tables(runs):
    lines = [
        "### Per tool",
        "",
        "| shape | size | tool | runs ok | wall s, median (min–max) | all healthy s | "
        "critical path s (chora events) | overhead ratio | critical path s (engine) | "
        "overhead ratio (engine) |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (shape, size, tool), all_runs in groups(runs):
        ok = good(all_runs)
        lines.append(
            f"| {shape} | {size} | {tool} | {len(ok)}/{len(all_runs)} | {span(ok, 'wall')} | "
            f"{fmt(med(ok, 'all_healthy'))} | {fmt(med(ok, 'cp_tool'))} | "
            f"{fmt(med(ok, 'ratio_tool'), '%')} | {fmt(med(ok, 'cp_engine'))} | "
            f"{fmt(med(ok, 'ratio_engine'), '%')} |")

    lines += [
        "",
        "### Side by side",
        "",
        "Medians, in seconds. *Done* is when the tool has exited **and** every service is "
        "healthy; for chora-deploy that is its wall time, since it waits for every gate. "
        "`docker-compose up -d` returns once the last containers are *started*, without "
        "waiting for the health of services nothing depends on, so its wall time and its "
        "done time differ.",
        "",
        "| shape | size | chora-deploy wall | compose `up -d` wall | compose done | "
        "chora ÷ compose wall | chora ÷ compose done |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    by_key = {key: good(rs) for key, rs in groups(runs)}
    for shape, size in sorted({(k[0], k[1]) for k in by_key},
                              key=lambda k: (workload.SHAPES.index(k[0]), k[1])):
        chora = by_key.get((shape, size, "chora-deploy"), [])
        compose = by_key.get((shape, size, "docker-compose"), [])
        c_wall, d_wall, d_done = med(chora, "wall"), med(compose, "wall"), med(compose, "done")
        ratio_wall = c_wall / d_wall if c_wall and d_wall else None
        ratio_done = c_wall / d_done if c_wall and d_done else None
        lines.append(f"| {shape} | {size} | {fmt(c_wall)} | {fmt(d_wall)} | {fmt(d_done)} | "
                     f"{fmt(ratio_wall)} | {fmt(ratio_done)} |")

    lines += goal_table(by_key)
    lines += [
        "",
        "### Where chora-deploy's time goes",
        "",
        "Medians over the good runs, in milliseconds: *startup* from the command to the engine's "
        "first `create` event (process start, manifest, plan, preflight, network, the first "
        "create call); *deploy → created* from a service's `service.deploy started` event to "
        "the engine's `create` event of its container; "
        "*gate notice* from the engine's `health_status: healthy` to the gate's `succeeded` "
        "event (the gate follows the engine's events; this lies *inside* the critical path of "
        "chora's events); "
        "*hand-off* from a dependency's healthy event to the dependent's container created "
        "(the same figure is given for docker-compose); *tail* from the last gate to the "
        "exit.",
        "",
        "| shape | size | tool | startup | deploy → created | gate notice | hand-off | tail |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (shape, size, tool), all_runs in groups(runs):
        ok = good(all_runs)
        lines.append(
            f"| {shape} | {size} | {tool} | {fmt(med(ok, 'startup'), 'ms')} | "
            f"{fmt(med_of_lists(ok, 'deploy_to_create'), 'ms')} | "
            f"{fmt(med_of_lists(ok, 'notice'), 'ms')} | "
            f"{fmt(med_of_lists(ok, 'handoff'), 'ms')} | {fmt(med(ok, 'tail'), 'ms')} |")
    return lines


def verdict(ok, figure):
    return "–" if ok is None else f"{'yes' if ok else 'no'} ({figure})"


def goal_table(by_key):
    """The goal, point by point: overhead under 10% of the critical path (by either
    definition), and chora-deploy faster than docker-compose."""
    lines = [
        "",
        "### Against the goal",
        "",
        "| shape | size | overhead < 10% (chora events) | overhead < 10% (engine) | "
        "faster than compose `up -d` | faster than compose done |",
        "| --- | ---: | --- | --- | --- | --- |",
    ]
    points = sorted({(k[0], k[1]) for k in by_key},
                    key=lambda k: (workload.SHAPES.index(k[0]), k[1]))
    for shape, size in points:
        chora = by_key.get((shape, size, "chora-deploy"), [])
        compose = by_key.get((shape, size, "docker-compose"), [])
        ratio, ratio_engine = med(chora, "ratio_tool"), med(chora, "ratio_engine")
        wall, c_wall, c_done = med(chora, "wall"), med(compose, "wall"), med(compose, "done")
        cells = [
            verdict(None if ratio is None else ratio < 0.10, fmt(ratio, "%")),
            verdict(None if ratio_engine is None else ratio_engine < 0.10,
                    fmt(ratio_engine, "%")),
            verdict(None if not (wall and c_wall) else wall < c_wall,
                    f"{fmt(wall)} vs {fmt(c_wall)} s"),
            verdict(None if not (wall and c_done) else wall < c_done,
                    f"{fmt(wall)} vs {fmt(c_done)} s"),
        ]
        lines.append(f"| {shape} | {size} | " + " | ".join(cells) + " |")
    return lines


def write_doc(path, runs, machine):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "method.md"), encoding="utf-8") as file:
        method = file.read().rstrip("\n")
    problems = [f"- `{r['dir']}`: {p}" for r in runs for p in r["problems"]]
    loads = [r["load"] for r in runs if r["load"] == r["load"]]
    lines = [
        "# Benchmarks",
        "",
        "<!-- Generated by bench/run.sh (bench/analyze.py); run it again rather than "
        "editing. -->",
        "",
        "How long chora-deploy takes to roll a release onto a real Docker engine, against "
        "the critical path of the release and against docker-compose doing the same. "
        "Goal: overhead under 10% of the critical path, and faster than docker-compose at "
        "every size. How to run it and the definitions: [bench/README.md](../bench/README.md).",
        "",
        "## Run",
        "",
        f"- Date: {machine.get('date', '?')}",
        f"- Machine: {machine.get('nproc', '?')} CPUs ({machine.get('cpu', '?')}), "
        f"{machine.get('memory', '?')} memory, kernel {machine.get('kernel', '?')}",
        f"- Engine: dockerd {machine.get('dockerd', '?')}, storage driver "
        f"{machine.get('storage', '?')}",
        f"- chora-deploy: {machine.get('chora', '?')}",
        f"- docker-compose: {machine.get('compose', '?')}",
        f"- Options: sizes `{machine.get('sizes', '?')}`, shapes `{machine.get('shapes', '?')}`, "
        f"runs per figure: {machine.get('repeat', '?')}, chora-deploy gate interval "
        f"{machine.get('chora_interval') or 'its default (500ms)'}",
        f"- Load average (1 min) before the runs: median "
        f"{statistics.median(loads):.2f}, max {max(loads):.2f}" if loads else "- Load: ?",
        f"- Other containers running on the engine at the start: "
        f"{machine.get('foreign_containers', '?')}",
        "",
        "## Results",
        "",
    ]
    lines += markdown_tables(runs)
    if problems:
        lines += ["", "Runs left out of the medians:", ""] + problems
    lines += ["", method, ""]
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(lines))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results")
    parser.add_argument("--doc", help="write the figures as Markdown to this file")
    parser.add_argument("--csv", help="write one line per run to this file")
    args = parser.parse_args(argv)

    # A run interrupted before it ended has no meta.env; it is left out.
    run_dirs = sorted(d for d in os.listdir(os.path.join(args.results, "runs"))
                      if os.path.exists(os.path.join(args.results, "runs", d, "meta.env")))
    runs = [analyze_run(os.path.join(args.results, "runs", d)) for d in run_dirs]
    if not runs:
        print("no runs recorded", file=sys.stderr)
        return 1
    print_table(runs)
    if args.csv:
        write_csv(args.csv, runs)
    if args.doc:
        write_doc(args.doc, runs, read_env(os.path.join(args.results, "machine.env")))
    return 0


def write_csv(path, runs):
    keys = ["dir", "tool", "shape", "size", "rep", "exit", "load", "wall", "all_healthy",
            "done", "cp_tool", "ratio_tool", "cp_engine", "ratio_engine", "startup", "tail"]
    with open(path, "w", encoding="utf-8") as file:
        file.write(",".join(keys + ["problems"]) + "\n")
        for run in runs:
            cells = [f"{run[k]:.4f}" if isinstance(run.get(k), float) else str(run.get(k, ""))
                     for k in keys]
            file.write(",".join(cells + ['"' + "; ".join(run["problems"]) + '"']) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
