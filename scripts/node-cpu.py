#!/usr/bin/env python3
"""The CPU that each of some processes, and the whole machine, used over a window of a load run.

Usage: node-cpu.py DELAY SECONDS NAME=PID_OR_PIDFILE...
Waits DELAY seconds, reads each process's user and system time and the machine's busy time from /proc, waits
SECONDS, reads them again, and prints one JSON object, in milliseconds of CPU per second of wall time:
  {"seconds": 7.0, "machine": 1990.0, "processes": {"silo-1": 330.0, ...}}
A pid file's first field is the pid (scripts/cluster.sh writes pid and start time). A process that is gone at
either read counts as 0, so a node that died mid-run shows as idle rather than failing the report.
Linux only: it reads /proc.
"""
import json
import os
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def pid_of(spec):
    if spec.isdigit():
        return int(spec)
    with open(spec) as f:
        return int(f.read().split()[0])


def process_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            # Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except FileNotFoundError:
        return None


def machine_busy_ticks():
    with open("/proc/stat") as f:
        user, nice, system, idle, iowait, irq, softirq, steal = map(int, f.readline().split()[1:9])
    return user + nice + system + irq + softirq + steal


def read(pids):
    return time.monotonic(), machine_busy_ticks(), {name: process_ticks(pid) for name, pid in pids.items()}


def main(args):
    if len(args) < 3:
        sys.exit(__doc__)
    delay, seconds = float(args[0]), float(args[1])
    specs = dict(arg.split("=", 1) for arg in args[2:])
    time.sleep(delay)
    pids = {name: pid_of(spec) for name, spec in specs.items()}
    t0, busy0, before = read(pids)
    time.sleep(seconds)
    t1, busy1, after = read(pids)
    wall = t1 - t0

    def rate(ticks):
        return round(ticks * 1000 / TICKS / wall, 1)

    processes = {
        name: rate(after[name] - before[name]) if before[name] is not None and after[name] is not None else 0.0
        for name in pids
    }
    print(json.dumps({"seconds": round(wall, 2), "machine": rate(busy1 - busy0), "processes": processes}))


if __name__ == "__main__":
    main(sys.argv[1:])
