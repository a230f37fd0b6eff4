#!/usr/bin/env python3
"""Times whole processes for scripts/bench.sh and prints its tables (standard library only, Linux).

  bench_table.py measure --n N --files DIR --runs R --warmup W --workdir DIR --json OUT \
      --cmd LABEL RUNS WARMUP 'ARGV (shell words)' [--cmd ...]
  bench_table.py summary RESULT.json ...

measure: the commands run in turn, round after round (A B C A B C ...), after W warm-up rounds that are not
counted. A command whose RUNS is below R takes part in the first RUNS rounds only (pandas at 10,000 files);
WARMUP 0 keeps it out of the warm-up. Each run's figures are the kernel's own accounting of the finished
processes, as `/usr/bin/time -f '%U %S %M'` reads them (wait4's rusage): user and system seconds of the command
and of every process it waited for (thidua's read workers), and the peak resident memory of the largest single
one. This harness is also a child subreaper, so a descendant the command did NOT wait for (an orphaned worker)
is reaped here and counted too, and the run is marked (such CPU would be missing from /usr/bin/time's figure).
Wall seconds: a monotonic clock from the start to the command's exit. Every figure is a median over the
counted runs; the ratios to the floor and to the python-calamine script are the medians of the ratios taken
within each round (pairing keeps a ratio meaningful while the shared machine's speed drifts).
"""
import argparse, ctypes, json, os, shlex, signal, statistics, sys, time

FLOOR, CALAMINE, CONSOLIDATE = "floor", "peer_calamine.py", "thidua consolidate"


def become_subreaper():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
        sys.exit(f"bench_table.py: prctl(PR_SET_CHILD_SUBREAPER) failed: {os.strerror(ctypes.get_errno())}")


def children_of(pid):
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    return out


# The command is started by a small shell that exits at once, leaving the command to this subreaper. Started
# directly, it would inherit this Python's peak memory (on Linux a process's peak includes the memory of the
# process it was exec'd from, and posix_spawn's child shares this one's): a floor of ~15 MiB under every figure.
# The command's process writes its own id before it becomes the command, so the shell never waits for it.
TRAMPOLINE = 'sh -c \'echo $$ >"$PIDFILE"; exec "$@"\' sh "$@" &'


def run_once(argv, log_path, cwd):
    """One run: (user, sys, wall, peak KiB, exit code, orphans reaped)."""
    pidfile = os.path.join(cwd, ".pid")
    if os.path.exists(pidfile):
        os.unlink(pidfile)
    with open(log_path, "ab") as log:
        log.write(f"\n=== {shlex.join(argv)}\n".encode())
        log.flush()
        actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                   (os.POSIX_SPAWN_DUP2, log.fileno(), 1), (os.POSIX_SPAWN_DUP2, log.fileno(), 2)]
        env = dict(os.environ, PIDFILE=pidfile)
        t0 = time.monotonic()
        shell = os.posix_spawn("/bin/sh", ["sh", "-c", TRAMPOLINE, "sh", *argv], env, file_actions=actions)
    reaped = {}  # pid -> (user, sys, peak KiB, exit code, seconds from start)
    pid = None
    deadline = None
    while True:
        if pid is None and os.path.exists(pidfile):
            with open(pidfile) as f:
                written = f.read()
            pid = int(written) if written.endswith("\n") else None
        done = pid is not None and pid in reaped
        try:
            p, status, ru = os.wait4(-1, os.WNOHANG if done else 0)
        except ChildProcessError:
            break
        if p == 0:  # the command has ended; something it left behind has not
            if deadline is None:
                deadline = time.monotonic() + 30
            elif time.monotonic() > deadline:
                for c in children_of(os.getpid()):
                    print(f"  killing pid {c}, left running by {argv[0]} for 30 s", file=sys.stderr)
                    os.kill(c, signal.SIGKILL)
                deadline = time.monotonic() + 30
            time.sleep(0.01)
            continue
        reaped[p] = (ru.ru_utime, ru.ru_stime, ru.ru_maxrss, os.waitstatus_to_exitcode(status), time.monotonic() - t0)
    with open(pidfile) as f:
        pid = int(f.read())
    os.unlink(pidfile)
    counted = [v for p, v in reaped.items() if p != shell]
    user = sum(v[0] for v in counted)
    sys_ = sum(v[1] for v in counted)
    peak = max(v[2] for v in counted)
    return user, sys_, reaped[pid][4], peak, reaped[pid][3], len(counted) - 1


def measure(a):
    become_subreaper()
    os.chdir(a.workdir)
    try:
        measure_in_turn(a)
    except KeyboardInterrupt:  # the command runs as a shell's background job, which ignores ^C
        for c in children_of(os.getpid()):
            os.kill(c, signal.SIGTERM)
        sys.exit(130)


def measure_in_turn(a):
    cmds = [{"label": c[0], "runs": int(c[1]), "warmup": int(c[2]), "argv": shlex.split(c[3])} for c in a.cmd]
    labels = [c["label"] for c in cmds]
    for c in cmds:
        c["samples"] = []
    files = sum(1 for f in os.listdir(a.files) if f.endswith(".xlsx"))
    logdir = os.path.join(a.workdir, "logs")
    os.makedirs(logdir, exist_ok=True)
    logs = {c["label"]: os.path.join(logdir, c["label"].replace(" ", "-").replace("/", "_") + ".log") for c in cmds}
    for p in logs.values():
        open(p, "wb").close()
    for w in range(a.warmup):
        for c in cmds:
            if c["warmup"] > w:
                print(f"  warm-up {w + 1}/{a.warmup}: {c['label']}", flush=True)
                run_once(c["argv"], logs[c["label"]], a.workdir)
    for r in range(a.runs):
        for c in cmds:
            if c["runs"] > r:
                u, s, wall, peak, code, orphans = run_once(c["argv"], logs[c["label"]], a.workdir)
                c["samples"].append({"round": r, "user": u, "sys": s, "cpu": u + s, "wall": wall,
                                     "peak_kib": peak, "exit": code, "orphans": orphans})
                print(f"  run {r + 1}/{a.runs}: {c['label']:<20} cpu {u + s:8.3f} s  wall {wall:8.3f} s  "
                      f"peak {peak / 1024:7.1f} MiB  exit {code}" + (f"  orphans reaped {orphans}" if orphans else ""),
                      flush=True)
    result = {"n": a.n, "files": files, "runs": a.runs, "warmup": a.warmup, "load_after": os.getloadavg(),
              "commands": [{k: c[k] for k in ("label", "argv", "samples")} for c in cmds], "logs": logs}
    with open(a.json, "w") as f:
        json.dump(result, f, indent=1)
    print_table(result)
    for c in cmds:
        bad = {s["exit"] for s in c["samples"]} - {0}
        if bad:
            sys.exit(f"bench_table.py: {c['label']} exited with {sorted(bad)}; see {logs[c['label']]}")


def med(xs):
    return statistics.median(xs) if xs else None


def paired(samples, base, key):
    """Median of this command's figure over the base's, round by round; the base's median when unpaired."""
    by_round = {s["round"]: s[key] for s in base}
    rs = [s[key] / by_round[s["round"]] for s in samples if s["round"] in by_round and by_round[s["round"]] > 0]
    if len(rs) == len(samples) and rs:
        return med(rs)
    b = med([s[key] for s in base])
    return med([s[key] for s in samples]) / b if b else None


def fmt(x, spec, suffix=""):
    return "–" if x is None else format(x, spec) + suffix


def print_table(res):
    cmds = {c["label"]: c["samples"] for c in res["commands"]}
    floor, cal = cmds.get(FLOOR, []), cmds.get(CALAMINE, [])
    print()
    print(f"### {res['n']} submissions ({res['files']} files; {res['runs']} counted rounds after "
          f"{res['warmup']} warm-up, alternating; medians)")
    print()
    print("| command | runs | CPU s | CPU s min–max | wall s | peak MiB | CPU ms/file "
          "| CPU ×floor | wall ×floor | CPU ×calamine | wall ×calamine |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    notes = []
    for c in res["commands"]:
        s = c["samples"]
        if not s:
            print(f"| `{c['label']}` | 0 | skipped | | | | | | | | |")
            notes.append(f"{c['label']}: not run at this size, where it is slow (PANDAS_LARGE_RUNS=0)")
            continue
        cpu = [x["cpu"] for x in s]
        row = [f"`{c['label']}`", str(len(s)), fmt(med(cpu), ".3f"), f"{min(cpu):.3f}–{max(cpu):.3f}",
               fmt(med([x["wall"] for x in s]), ".3f"), fmt(max(x["peak_kib"] for x in s) / 1024, ".1f"),
               fmt(med(cpu) * 1000 / res["files"], ".2f")]
        for base in (floor, cal):
            for key in ("cpu", "wall"):
                row.append(fmt(paired(s, base, key), ".2f", "×") if base else "–")
        print("| " + " | ".join(row) + " |")
        if sum(x["orphans"] for x in s):
            notes.append(f"{c['label']}: processes it did not wait for were reaped and counted "
                         f"({sum(x['orphans'] for x in s)} over {len(s)} runs)")
        if len(s) < res["runs"]:
            notes.append(f"{c['label']}: {len(s)} run(s) only, in the first round(s), as it is slow at "
                         f"this size; its ratios are to the same rounds' floor and calamine runs")
    print()
    print("CPU = user + sys of the process and every process it waited for (thidua's read workers included); "
          "peak = the largest single process, the highest over the runs.")
    for n in notes:
        print("note: " + n)
    print(f"load average after the runs: {' '.join(f'{x:.2f}' for x in res['load_after'])}")


def summary(paths):
    res = sorted((json.load(open(p)) for p in paths), key=lambda r: r["n"])
    labels = [CONSOLIDATE, "thidua check", FLOOR, CALAMINE]
    print()
    print("### CPU per file (ms, median), against the smallest size")
    print()
    print("| submissions | " + " | ".join(f"`{l}`" for l in labels) + " |")
    print("|---|" + "---|" * len(labels))
    first = {}
    for r in res:
        cells = []
        for l in labels:
            s = next((c["samples"] for c in r["commands"] if c["label"] == l), [])
            if not s:
                cells.append("–")
                continue
            v = med([x["cpu"] for x in s]) * 1000 / r["files"]
            first.setdefault(l, v)
            cells.append(f"{v:.2f} ({v / first[l]:.2f}×)")
        print(f"| {r['n']} | " + " | ".join(cells) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--n", type=int, required=True)
    m.add_argument("--files", required=True)
    m.add_argument("--runs", type=int, required=True)
    m.add_argument("--warmup", type=int, default=1)
    m.add_argument("--workdir", required=True)
    m.add_argument("--json", required=True)
    m.add_argument("--cmd", nargs=4, action="append", required=True, metavar=("LABEL", "RUNS", "WARMUP", "ARGV"))
    s = sub.add_parser("summary")
    s.add_argument("json", nargs="+")
    a = ap.parse_args()
    if a.what == "measure":
        measure(a)
    else:
        summary(a.json)


if __name__ == "__main__":
    main()
