#!/usr/bin/env python3
"""Helpers of bench/realcases.sh: the units, the init units, the review
share, and the table held to its floors. Standard library only."""
import csv
import json
import shlex
import sys
import tomllib


def read_units(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def units(cases):
    """One line per (case, state, kind) of the package: the unit whose
    state gets an init config, and the init unit's name."""
    seen = set()
    for u in read_units(cases):
        key = (u["case"], u["state"], u["kind"])
        if key in seen:
            continue
        seen.add(key)
        name = u["unit"]
        init = f"{name}-init" if "/" in name else f"{name}/init"
        print("\t".join([name, u["kind"], u["case"], u["state"], u["config"], init]))


def words(config):
    with open(config, "rb") as f:
        migration = tomllib.load(f)["migration"]
    print(migration["from"], migration["to"])


def add_unit(cases, unit, init_unit, init_config):
    rows = read_units(cases)
    fields = list(rows[0].keys())
    base = next(r for r in rows if r["unit"] == unit)
    if any(r["unit"] == init_unit for r in rows):
        return
    with open(cases, "a", newline="") as f:
        row = dict(base, unit=init_unit, config=init_config)
        f.write("\t".join(row[k] for k in fields) + "\n")


def review(unit):
    old = needs = 0
    for line in sys.stdin:
        finding = json.loads(line)
        if finding["term"] != "from":
            continue
        old += 1
        needs += finding["category"] == "NEEDS_REVIEW"
    print(f"{unit}\t{old}\t{needs}")


def summaries(log):
    found = {}
    with open(log) as f:
        for line in f:
            if not line.startswith("SUMMARY "):
                continue
            fields = dict(p.split("=", 1) for p in shlex.split(line)[1:] if "=" in p)
            found[fields["case"]] = fields
    return found


def table(tool_log, naive_log, review_tsv, floors_tsv=None):
    tool, naive = summaries(tool_log), summaries(naive_log)
    shares = {}
    with open(review_tsv) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            old, needs = int(r["old"]), int(r["review"])
            shares[r["unit"]] = (needs / old if old else 0.0, needs, old)

    def naive_of(unit):
        # The naive baseline reads no config: an init unit compares with
        # the unit it was made from.
        base = unit.removesuffix("-init").removesuffix("/init")
        return naive.get(base) or naive.get(base.replace("-informed", ""))

    def figures(s, kind):
        if s is None:
            return "-"
        if s.get("status") != "ok":
            return "FAILED: " + s.get("error", "")[:60]
        if kind == "inventory":
            return (f"alias {s['alias_recall']} planner {s['planner_recall']} "
                    f"generated {s['generated_recall']} doc {s['doc_recall']} "
                    f"trap {s['llm_runner_false_alias']}")
        files = ""
        if s.get("files_renamed_human", "0") != "0" or s.get("files_renamed_tool", "0") != "0":
            files = (f" files {s.get('files_renamed_same')}/{s.get('files_renamed_human')}"
                     f" (tool {s.get('files_renamed_tool')})")
        return f"P {s['precision']} R {s['recall']} same {s['new_token_agreement']}{files}"

    print(f"{'unit':38} {'review':>16}  {'termshift':58} naive")
    for unit, s in tool.items():
        kind = "inventory" if "alias_recall" in s or "inventory" in unit else "migration"
        share, needs, old = shares.get(unit, (None, 0, 0))
        review_text = f"{share:.1%} ({needs}/{old})" if share is not None else "-"
        print(f"{unit:38} {review_text:>16}  {figures(s, kind):58} {figures(naive_of(unit), kind)}")

    if not floors_tsv:
        return 0
    failures = []
    with open(floors_tsv) as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
    for unit, metric, op, bound in rows[1:]:
        s = tool.get(unit)
        if s is None or s.get("status") != "ok":
            failures.append(f"{unit}: did not run ({(s or {}).get('error', 'no result')})")
            continue
        if metric == "review_share":
            value = shares.get(unit, (None,))[0]
        else:
            value = float(s[metric]) if metric in s else None
        if value is None:
            failures.append(f"{unit}: no {metric}")
            continue
        ok = value >= float(bound) if op == ">=" else value <= float(bound)
        if not ok:
            failures.append(f"{unit}: {metric} {value:.3f}, floor {op} {bound}")
    if failures:
        print("\nrealcases: below the floors of bench/realcases-floors.tsv:")
        for f in failures:
            print("  " + f)
        return 1
    print(f"\nrealcases: every figure holds its floor ({len(rows) - 1} checked)")
    return 0


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "units":
        units(*args)
    elif command == "words":
        words(*args)
    elif command == "add-unit":
        add_unit(*args)
    elif command == "review":
        review(*args)
    elif command == "table":
        floors = None
        if "--floors" in args:
            at = args.index("--floors")
            floors = args[at + 1]
            args = args[:at] + args[at + 2:]
        sys.exit(table(*args, floors_tsv=floors))
    else:
        sys.exit(f"realcases.py: unknown command {command}")


if __name__ == "__main__":
    main()
