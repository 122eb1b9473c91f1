#!/usr/bin/env python3
"""Summarises bench/run.sh's results.tsv: medians per dataset, operation and tool, and RRBackup's ratios.

    report.py RESULTS_TSV

Columns of the TSV: dataset, op, tool, run, seconds, rss_kb, bytes, files, rc (0 = success).
A ratio is a time ratio, t(RRBackup) / t(other): below 1 means RRBackup took less time.
"""
import statistics
import sys
from collections import OrderedDict

OPS = OrderedDict([
    ("init", "initial backup"),
    ("nochange", "no-change backup"),
    ("incr", "incremental backup (after the mutation)"),
    ("restore", "full restore"),
    ("single", "single-file restore"),
    ("list_versions", "list_versions, no cache"),
    ("download", "download latest, no cache"),
])

# The floor each operation is compared with.
FLOOR = {
    "init": "floor-cp",
    "nochange": "floor-stat",
    "incr": "floor-stat",
    "restore": "floor-cp",
    "single": "floor-cp1",
}

FLOOR_TEXT = {
    "floor-stat": "stat-only walk (find -printf '%s %T@')",
    "floor-read": "read every byte (tar cf - | cat)",
    "floor-cp": "cp -a, then sync",
    "floor-cp1": "cp -a of the one file, then sync",
}

TOOLS = ["rrb-local", "rrb-crypt", "rrb-s3", "restic", "rclone-local", "rclone-s3", "rclone-s3v",
         "floor-stat", "floor-read", "floor-cp", "floor-cp1", "rrbackup"]


def rclone_for(tool):
    return "rclone-s3" if tool == "rrb-s3" else "rclone-local"


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    rows = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("dataset\t"):
                continue
            ds, op, tool, run, sec, rss, nbytes, files, rc = line.rstrip("\n").split("\t")
            rows.append(dict(ds=ds, op=op, tool=tool, run=int(run), sec=float(sec), rss=int(rss or 0),
                             bytes=int(nbytes), files=int(files), rc=int(rc)))

    datasets = list(OrderedDict.fromkeys(r["ds"] for r in rows))
    for ds in datasets:
        mine = [r for r in rows if r["ds"] == ds]
        runs = max(r["run"] for r in mine)
        print(f"\n=== {ds} ({runs} run{'s' if runs != 1 else ''}; medians; ratios are time ratios t(RRBackup)/t(other), below 1 = RRBackup faster)")
        for op in [o for o in OPS if any(r["op"] == o for r in mine)]:
            at = [r for r in mine if r["op"] == op]
            ok = [r for r in at if r["rc"] == 0]
            sample = ok[0] if ok else at[0]
            size = f": {sample['files']:,} files, {sample['bytes'] / 1e6:,.1f} MB" if sample["files"] else ""
            print(f"\n--- {OPS[op]}{size}")
            print(f"{'tool':<13} {'median s':>9} {'MB/s':>9} {'files/s':>10} {'RSS MB':>7}  {'vs restic':>9} {'vs rclone':>9} {'vs floor':>9} {'vs rcl-v':>9}")
            medians = {}
            for tool in sorted({r["tool"] for r in at}, key=lambda t: TOOLS.index(t) if t in TOOLS else 99):
                good = [r for r in at if r["tool"] == tool and r["rc"] == 0]
                bad = [r for r in at if r["tool"] == tool and r["rc"] != 0]
                if good:
                    medians[tool] = statistics.median(r["sec"] for r in good)
            for tool in sorted({r["tool"] for r in at}, key=lambda t: TOOLS.index(t) if t in TOOLS else 99):
                good = [r for r in at if r["tool"] == tool and r["rc"] == 0]
                bad = [r for r in at if r["tool"] == tool and r["rc"] != 0]
                note = f"  ({len(bad)} failed run{'s' if len(bad) != 1 else ''}, exit {bad[0]['rc']})" if bad else ""
                if not good:
                    print(f"{tool:<13} {'FAILED':>9}{note}")
                    continue
                t = medians[tool]
                nbytes, files = good[0]["bytes"], good[0]["files"]
                rss = max(r["rss"] for r in good) / 1024
                mbs = f"{nbytes / 1e6 / t:.1f}" if t > 0 and nbytes > 0 else "-"
                fps = f"{files / t:,.0f}" if t > 0 and files > 0 else "-"
                ratios = ""
                if tool.startswith("rrb-"):
                    def ratio(other):
                        return f"{t / medians[other]:.2f}x" if other in medians and medians[other] > 0 else "-"
                    ratios = f"  {ratio('restic'):>9} {ratio(rclone_for(tool)):>9} {ratio(FLOOR.get(op, '')):>9}"
                    if tool == "rrb-s3":
                        ratios += f" {ratio('rclone-s3v'):>9}"
                print(f"{tool:<13} {t:>9.3f} {mbs:>9} {fps:>10} {rss:>7.1f}{ratios}{note}")
            floor = FLOOR.get(op)
            if floor in medians:
                print(f"(floor: {FLOOR_TEXT[floor]}; RSS is the largest peak of the runs)")


if __name__ == "__main__":
    main()
