#!/usr/bin/env python3
"""Generate the history benchmark's repository: a git repository of made-up
commits over the benchmark corpus, deterministic (fixed seed, fixed dates),
written with `git fast-import`. Standard library only.

    python3 bench/gen_history.py CORPUS OUT_REPO [--commits 500] [--seed N]

CORPUS is a corpus of bench/gen_corpus.py (its root folders become folders
of the one repository). The first commit adds every file; each later commit
changes three: one file that still holds a `run` alias gets one of them
renamed to its `session` form (the migration going on), and two files drawn
at random get a line appended (the work around it). A termshift.toml with a
root per folder is committed beside them.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys

DEFAULT_SEED = 20240611
START = 1_704_067_200  # 2024-01-01T00:00:00Z
STEP = 3 * 3600

IGNORED_FOLDERS = {"node_modules", "dist", "coverage"}

# Aliases the migration renames, and their new forms.
RENAMES = [
    (re.compile(rb"\bRunID\b"), b"SessionID"),
    (re.compile(rb"\brun_id\b"), b"session_id"),
    (re.compile(rb"\brunId\b"), b"sessionId"),
    (re.compile(rb"\bRUN_ID\b"), b"SESSION_ID"),
]

APPENDED = {
    ".go": b"// reviewed\n", ".ts": b"// reviewed\n", ".tsx": b"// reviewed\n", ".rs": b"// reviewed\n",
    ".proto": b"// reviewed\n", ".py": b"# reviewed\n", ".sql": b"-- reviewed\n", ".md": b"\nReviewed.\n",
    ".yaml": b"# reviewed\n", ".yml": b"# reviewed\n", ".sh": b"# reviewed\n",
}


def files_of(corpus):
    """Every file under the corpus's roots, as (path in the repository, bytes)."""
    out = {}
    for root in sorted(os.listdir(corpus)):
        top = os.path.join(corpus, root)
        if not os.path.isdir(top):
            continue
        for folder, dirs, names in os.walk(top):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(folder, name)
                if os.path.islink(path) or not os.path.isfile(path):
                    continue
                # What the corpus's .gitignore ignores is not committed.
                parts = os.path.relpath(path, top).split(os.sep)
                if IGNORED_FOLDERS & set(parts[:-1]) or name.endswith(".log") or name == ".env.local":
                    continue
                with open(path, "rb") as f:
                    out[os.path.relpath(path, corpus).replace(os.sep, "/")] = f.read()
    return out


def config(roots):
    text = "[migration]\nfrom = \"run\"\nto = \"session\"\n"
    for root in roots:
        text += f"\n[[roots]]\nname = \"{root}\"\npath = \"{root}\"\n"
    return text.encode()


def blob(data):
    return b"data %d\n%s\n" % (len(data), data)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--commits", type=int, default=500)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    files = files_of(args.corpus)
    roots = sorted({p.split("/")[0] for p in files})
    files["termshift.toml"] = config(roots)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True)
    importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=args.out, stdin=subprocess.PIPE)
    stream = importer.stdin
    paths = sorted(files)
    editable = [p for p in paths if os.path.splitext(p)[1] in APPENDED]
    renamed = 0
    holds_alias = lambda p: any(r.search(files[p]) for r, _ in RENAMES)
    candidates = sorted(p for p in editable if holds_alias(p))
    for n in range(args.commits):
        if n == 0:
            changed = paths
            message = b"import the corpus"
        else:
            changed = []
            if candidates:
                path = rng.choice(candidates)
                pattern, new = rng.choice([(r, s) for r, s in RENAMES if r.search(files[path])])
                files[path] = pattern.sub(new, files[path], count=1)
                changed.append(path)
                renamed += 1
                if not holds_alias(path):
                    candidates.remove(path)
            for path in rng.sample(editable, 2):
                files[path] += APPENDED[os.path.splitext(path)[1]]
                changed.append(path)
            message = b"commit %d: rename an alias, touch two files" % n
        when = START + n * STEP
        stream.write(b"commit refs/heads/main\n")
        stream.write(b"committer Bench <bench@example.com> %d +0000\n" % when)
        stream.write(blob(message))
        for path in changed:
            stream.write(b"M 100644 inline %s\n" % path.encode())
            stream.write(blob(files[path]))
    stream.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=args.out, check=True)
    print(f"generated {args.out}: {args.commits} commits, {len(paths)} files, {renamed} aliases renamed")


if __name__ == "__main__":
    main()
