#!/usr/bin/env python3
"""The benchmark's workloads: a dependency graph per shape and size, and the files that
describe it to each tool (a chora-deploy manifest, a docker-compose file).

Shapes, for N services s1..sN:
  chain  s1 <- s2 <- ... <- sN: each service depends on the one before it.
  wide   s1 <- s2, s1 <- s3, ..., s1 <- sN: one root, N-1 dependents of it that may all
         start together once the root is healthy.
Size 1 is the same single service in both shapes.

Usage:
  workload.py manifest SHAPE SIZE [--suffix S] [--interval DUR] [--timeout DUR]  (to stdout)
  workload.py compose SHAPE SIZE                                                 (to stdout)
  workload.py names SHAPE SIZE [--suffix S]  (the environment, network and compose project)

The network and the compose project take a suffix that bench/run.sh makes new for every
run, so that no run meets a network an earlier one could not remove.
"""
import argparse
import sys

IMAGE = "chora-bench/svc"
TAG = "1"
LABEL = "io.chora-deploy.bench"
SHAPES = ("chain", "wide")


def dependencies(shape, size):
    """Maps each service name, in rollout order, to the list of services it depends on."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape '{shape}' (known: {', '.join(SHAPES)})")
    if size < 1:
        raise ValueError(f"size must be at least 1, not {size}")
    names = [f"s{i}" for i in range(1, size + 1)]
    deps = {names[0]: []}
    for i, name in enumerate(names[1:], start=1):
        deps[name] = [names[i - 1]] if shape == "chain" else [names[0]]
    return deps


def environment(shape, size):
    return f"bench-{shape}-{size}"


def _suffixed(name, suffix):
    return f"{name}-{suffix}" if suffix else name


def network(shape, size, suffix=""):
    return _suffixed(f"chora-bench-{shape}-{size}", suffix)


def compose_project(shape, size, suffix=""):
    return _suffixed(f"chorabench-{shape}-{size}", suffix)


def manifest(shape, size, interval=None, timeout="120s", suffix=""):
    """A chora-deploy release manifest. The health section holds only the timeout (and the
    interval when one is asked for), so the gate is: running, then the image's HEALTHCHECK.

    The manifest carries no `labels`: io.chora-deploy.* keys are reserved by the loader
    (only io.chora-deploy.test is free), so io.chora-deploy.bench would be refused. The
    containers carry that label all the same, from the image."""
    env = environment(shape, size)
    lines = [
        f"release: bench-{shape}-{size}",
        f"environment: {env}",
        f"network: {network(shape, size, suffix)}",
        "services:",
    ]
    for name, deps in dependencies(shape, size).items():
        lines += [f"  {name}:", f"    image: {IMAGE}", f'    version: "{TAG}"']
        if deps:
            lines.append(f"    depends_on: [{', '.join(deps)}]")
        health = f"timeout: {timeout}"
        if interval:
            health += f", interval: {interval}"
        lines.append(f"    health: {{ {health} }}")
    return "\n".join(lines) + "\n"


def compose(shape, size):
    """A docker-compose file (format 2.4, which docker-compose 1.29 reads with
    `condition: service_healthy`) with the same services and dependencies."""
    lines = ['version: "2.4"', "services:"]
    for name, deps in dependencies(shape, size).items():
        lines += [f"  {name}:", f"    image: {IMAGE}:{TAG}",
                  "    labels:", f'      {LABEL}: "true"']
        if deps:
            lines.append("    depends_on:")
            for dep in deps:
                lines += [f"      {dep}:", "        condition: service_healthy"]
    lines += ["networks:", "  default:", "    labels:", f'      {LABEL}: "true"']
    return "\n".join(lines) + "\n"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["manifest", "compose", "names"])
    parser.add_argument("shape", choices=SHAPES)
    parser.add_argument("size", type=int)
    parser.add_argument("--suffix", default="", help="appended to network and project names")
    parser.add_argument("--interval", help="chora-deploy's gate interval (default: its own)")
    parser.add_argument("--timeout", default="120s", help="chora-deploy's gate timeout")
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error("size must be at least 1")

    if args.what == "manifest":
        sys.stdout.write(manifest(args.shape, args.size, args.interval, args.timeout,
                                  args.suffix))
    elif args.what == "compose":
        sys.stdout.write(compose(args.shape, args.size))
    else:
        print(environment(args.shape, args.size), network(args.shape, args.size, args.suffix),
              compose_project(args.shape, args.size, args.suffix))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
