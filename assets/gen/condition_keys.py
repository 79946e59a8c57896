#!/usr/bin/env python3
"""Regenerates assets/service_condition_keys.tsv: the IAM and STS condition keys (`iam:...`,
`sts:...`), their type and the actions they apply to, from the normalized Service Authorization
Reference files in ../shared/reference/ (see that folder's README for their source and date).

Usage (from the repository root):
    python3 assets/gen/condition_keys.py [REFERENCE_DIR]

The global `aws:` keys are in assets/global_condition_keys.tsv, written by hand from the IAM User
Guide; this script does not touch it.
"""

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVICES = ["iam", "sts"]
# The reference's list types become a base type and "multi".
TYPES = {"ArrayOfString": ("String", "multi"), "ArrayOfARN": ("ARN", "multi")}


def keys_by_action(reference):
    """Every (key name, action name) pair: keys of the action itself, of its resource-type rows,
    and of the resource types it takes."""
    resource_keys = {r["name"]: r["condition_keys"] for r in reference["resource_types"]}
    pairs = set()
    for action in reference["actions"]:
        keys = set(action["condition_keys"])
        for resource in action["resource_types"]:
            keys.update(resource["condition_keys"])
            keys.update(resource_keys.get(resource["name"], []))
        for key in keys:
            pairs.add((key, action["name"]))
    return pairs


def main():
    reference_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "reference")
    lines = []
    dates = set()
    for service in SERVICES:
        with open(os.path.join(reference_dir, f"{service}-service-reference.json"), encoding="utf-8") as f:
            reference = json.load(f)
        source = reference.get("source", {})
        dates.add(
            f"{source.get('package', '?')} {source.get('package_version', '?')}, "
            f"{source.get('data_updated_at', '?')[:10]}"
        )
        pairs = keys_by_action(reference)
        for key in sorted(reference["condition_keys"], key=lambda k: k["name"].lower()):
            name = key["name"]
            if not name.lower().startswith(service + ":"):
                continue
            base, values = TYPES.get(key["type"], (key["type"], "single"))
            actions = sorted(a for k, a in pairs if k == name)
            lines.append("\t".join([name, base, values, ",".join(actions) or "-"]))
    path = os.path.join(ROOT, "assets", "service_condition_keys.tsv")
    with open(path, "w", encoding="utf-8") as out:
        out.write("# iamself-tui IAM and STS condition keys, from the AWS Service Authorization Reference\n")
        out.write(f"# (normalized copies in ../shared/reference/, data of {', '.join(sorted(dates))}).\n")
        out.write("# Regenerate with: python3 assets/gen/condition_keys.py\n")
        out.write("# Columns (tab-separated): key (${...} stands for any text), type, single or multi(valued),\n")
        out.write("# the actions of the key's service it applies to (comma-separated, '-' for none).\n")
        for line in lines:
            out.write(line + "\n")
    print(f"{len(lines)} keys")


if __name__ == "__main__":
    main()
