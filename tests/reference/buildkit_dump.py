"""Dump BuildKit's own parse of every Dockerfile under a directory, as JSON lines.

Uses the PyPI package `dockerfile` (bindings of BuildKit's Go parser). One line per
file: {"path": ..., "ok": true, "instructions": [[cmd, start_line, end_line], ...]}
or {"path": ..., "ok": false, "error": "..."}. Paths are relative to the root.

usage: buildkit_dump.py ROOT OUT.jsonl [FILE-LIST]
"""
import json
import os
import sys

import dockerfile


def dump(root, out, files):
    with open(out, "w", encoding="utf-8") as f:
        for rel in files:
            path = os.path.join(root, rel)
            rec = {"path": rel}
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
                # The bindings take a str; surrogateescape keeps undecodable bytes.
                cmds = dockerfile.parse_string(data.decode("utf-8", "surrogateescape"))
                rec["ok"] = True
                rec["instructions"] = [[c.cmd.lower(), c.start_line, c.end_line] for c in cmds]
            except Exception as e:  # the parser's own rejection
                rec["ok"] = False
                rec["error"] = str(e)
            f.write(json.dumps(rec) + "\n")


def walk(root):
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith((".tsv", ".md")):
                continue
            yield os.path.relpath(os.path.join(d, n), root)


if __name__ == "__main__":
    root, out = sys.argv[1], sys.argv[2]
    files = sorted(walk(root))
    dump(root, out, files)
