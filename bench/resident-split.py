#!/usr/bin/env python3
"""Splits a running dino process's resident memory into the Java heap and the rest.

    bench/resident-split.py PID            one line: resident MiB of the heap's mapping, of other
                                           anonymous memory (libtorch's malloc, the JVM's own) and of files
    bench/resident-split.py PID 30         the same every 30 seconds until the process ends

The heap's address range comes from `jcmd PID GC.heap_info`; the sizes from /proc/PID/smaps.
Beside it, `jcmd PID GC.heap_info` gives the heap's committed and used sizes.
"""
import re
import subprocess
import sys
import time


def split(pid):
    info = subprocess.run(["jcmd", pid, "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    low, high = (int(a, 16) for a in re.search(r"\[(0x[0-9a-f]+), (0x[0-9a-f]+)\)", info).groups())
    sizes = {"heap": 0, "other_anonymous": 0, "files": 0}
    start, name = 0, ""
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            mapping = re.match(r"^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$", line)
            if mapping:
                start, name = int(mapping.group(1), 16), mapping.group(2)
            elif line.startswith("Rss:"):
                kib = int(line.split()[1])
                if low <= start < high:
                    sizes["heap"] += kib
                elif name and not name.startswith("["):
                    sizes["files"] += kib
                else:
                    sizes["other_anonymous"] += kib
    return " ".join(f"{key}_mib={value / 1024:.0f}" for key, value in sizes.items())


def main():
    pid = sys.argv[1]
    every = float(sys.argv[2]) if len(sys.argv) > 2 else 0
    while True:
        try:
            print(time.strftime("%H:%M:%S"), split(pid), flush=True)
        except (FileNotFoundError, ProcessLookupError, AttributeError):
            return
        if not every:
            return
        time.sleep(every)


if __name__ == "__main__":
    main()
