#!/usr/bin/env python3
"""Made-up inputs of the shapes that cost the square of their size when a
stage reads them badly, one folder each, with a termshift.toml:

  minified   one 7 MB line of JavaScript holding the word 375,000 times
  one_name   a Go file in which one name is used 200,000 times
  same_field 10,000 Go files that all declare the same struct field
  chains     member accesses, sums of strings and kebab-case walls that
             go on 5,000 times on one line, in every language

Usage: bench/gen_stress.py OUT_DIR
"""
import os
import sys

CONFIG = '[migration]\nfrom = "run"\nto = "session"\n\n[[roots]]\nname = "{name}"\npath = "."\n'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def minified(out):
    parts, size, i = [], 0, 0
    while size < 7_000_000:
        s = (f"function a{i}(e,t){{var n=e.runId||t.runId;return n&&(t.run=e.run,"
             f"fetch('/api/runs/'+n)),{{runId:n,sessionId:t.sessionId,x{i}:e.x}}}}")
        parts.append(s)
        size += len(s)
        i += 1
    write(f"{out}/app.min.js", "".join(parts) + "\n")


def one_name(out):
    lines = ["package main", "", 'var runID = "x"', "", "func f() {"]
    lines += ["\tuse(runID)"] * 200_000
    lines += ["}", "", "func use(s string) {}", ""]
    write(f"{out}/main.go", "\n".join(lines))


def same_field(out):
    for k in range(10_000):
        write(f"{out}/p{k % 100}/f{k}.go",
              f"package p{k % 100}\n\ntype T{k} struct {{\n\tRunID string `json:\"run_id\"`\n"
              f"\tSessionID string\n}}\n\nfunc (t T{k}) Get() string {{ return t.RunID }}\n")


HEADS = {"go": "package p\n\nvar x = ", "ts": "const x = ", "js": "const x = ", "py": "x = ",
         "rs": "fn f() { let x = ", "sql": "SELECT ", "md": "# T\n\n", "yaml": "k: ", "json": "["}


def chains(out):
    for k, link in enumerate(["run.", '"run" + ', "run-"]):
        for ext, head in HEADS.items():
            write(f"{out}/chain{k}.{ext}", head + link * 5_000 + "run\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    for name, make in [("minified", minified), ("one_name", one_name),
                       ("same_field", same_field), ("chains", chains)]:
        out = os.path.join(root, name)
        make(out)
        write(f"{out}/termshift.toml", CONFIG.format(name=name))


if __name__ == "__main__":
    main()
