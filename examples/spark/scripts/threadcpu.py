#!/usr/bin/env python3
"""CPU seconds per thread name of a command's whole process tree.

usage: threadcpu.py OUT.txt -- COMMAND...

Runs COMMAND, samples every thread of its process tree every 0.1 s (user + system ticks of
/proc/PID/task/TID/stat), and writes to OUT.txt (and prints) the CPU seconds per thread name
(numbered names such as "GC Thread#3" folded together; each thread's last sample), with the
whole tree's user + system from the kernel's accounting of children. Short-lived processes and
threads that end between two samples appear only in that total. CPU time is far less sensitive
than wall time to other work on a shared machine. Used for docs/BENCHMARKS.md (issue 23), e.g.
  threadcpu.py job.txt -- java -jar examples/spark/target/colorize-spark.jar --input IN \\
      --output OUT --master 'local[2]'
"""
import collections
import os
import re
import resource
import subprocess
import sys
import time


def tree(pid):
    """pid and its descendants."""
    pids = [pid]
    try:
        for tid in os.listdir(f'/proc/{pid}/task'):
            with open(f'/proc/{pid}/task/{tid}/children') as f:
                for child in f.read().split():
                    pids += tree(int(child))
    except OSError:
        pass
    return pids


def main():
    if len(sys.argv) < 4 or sys.argv[2] != '--':
        sys.exit(__doc__)
    out, command = sys.argv[1], sys.argv[3:]
    ticks_per_s = os.sysconf('SC_CLK_TCK')
    process = subprocess.Popen(command)
    last = {}  # (pid, tid) -> (name, ticks)
    start = time.time()
    while process.poll() is None:
        for pid in tree(process.pid):
            try:
                tids = os.listdir(f'/proc/{pid}/task')
            except OSError:
                continue
            for tid in tids:
                try:
                    with open(f'/proc/{pid}/task/{tid}/stat') as f:
                        stat = f.read()
                except OSError:
                    continue
                name = stat[stat.index('(') + 1:stat.rindex(')')]
                fields = stat[stat.rindex(')') + 2:].split()
                last[(pid, int(tid))] = (name, int(fields[11]) + int(fields[12]))
        time.sleep(0.1)
    wall = time.time() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    by_name = collections.defaultdict(lambda: [0, 0])
    for name, ticks in last.values():
        folded = re.sub(r'[#-]?\d+$', '#N', name)
        by_name[folded][0] += ticks
        by_name[folded][1] += 1
    lines = [f'command: {" ".join(command)}',
             f'exit {process.returncode}, wall {wall:.1f} s; CPU user {usage.ru_utime:.1f} s'
             f' + sys {usage.ru_stime:.1f} s = {usage.ru_utime + usage.ru_stime:.1f} s;'
             f' peak RSS {usage.ru_maxrss // 1024} MiB',
             f'sampled threads: {sum(v[0] for v in by_name.values()) / ticks_per_s:.1f} s']
    for name, (ticks, count) in sorted(by_name.items(), key=lambda kv: -kv[1][0]):
        if ticks >= ticks_per_s * 0.05:
            lines.append(f'{ticks / ticks_per_s:8.2f} s  {count:4d} threads  {name}')
    with open(out, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
    sys.exit(process.returncode)


if __name__ == '__main__':
    main()
