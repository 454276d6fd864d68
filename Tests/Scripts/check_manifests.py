#!/usr/bin/env python3
"""Reads the Kubernetes manifests of config/deploy/kubernetes with a YAML parser (Debian's
python3-yaml) and checks what a cluster would otherwise find out late: every document has an
apiVersion, kind and name; every Indexed Job (alone or in a CronJob) gives `--shards` the same
number as its completions, never runs more pods than completions, and restarts no pod in place;
every volume a container mounts is declared; a subPathExpr names only JOB_COMPLETION_INDEX.
The ConfigMap's files are written to OUT_DIR, for `newsingest config check` to read.

    check_manifests.py MANIFEST... --out OUT_DIR
Exit 0 and one line per document, or exit 1 with the problems.
"""
import argparse
import os
import re
import sys

import yaml


def jobs(document):
    kind = document.get("kind")
    if kind == "Job":
        yield document["metadata"]["name"], document["spec"]
    elif kind == "CronJob":
        yield document["metadata"]["name"], document["spec"]["jobTemplate"]["spec"]


def check_job(name, spec, problems):
    if spec.get("completionMode") != "Indexed":
        problems.append(f"{name}: completionMode is not Indexed")
        return
    completions, parallelism = spec.get("completions"), spec.get("parallelism", 1)
    if not isinstance(completions, int) or completions < 1:
        problems.append(f"{name}: completions must be a positive number")
        return
    if parallelism > completions:
        problems.append(f"{name}: parallelism {parallelism} above completions {completions}")
    pod = spec["template"]["spec"]
    if pod.get("restartPolicy") != "Never":
        problems.append(f"{name}: restartPolicy must be Never (a restarted index is a new pod)")
    volumes = {v["name"] for v in pod.get("volumes", [])}
    for container in pod["containers"]:
        args = [str(a) for a in container.get("args", [])]
        if not args or args[0] not in ("run", "backfill"):
            problems.append(f"{name}: the container does not run `newsingest run` or `backfill`")
        if "--shards" not in args:
            problems.append(f"{name}: no --shards")
        elif args[args.index("--shards") + 1] != str(completions):
            problems.append(f"{name}: --shards {args[args.index('--shards') + 1]} but completions {completions}")
        if "--config" not in args:
            problems.append(f"{name}: no --config")
        for mount in container.get("volumeMounts", []):
            if mount["name"] not in volumes:
                problems.append(f"{name}: mounts undeclared volume {mount['name']}")
            for variable in re.findall(r"\$\((\w+)\)", mount.get("subPathExpr", "")):
                if variable != "JOB_COMPLETION_INDEX":
                    problems.append(f"{name}: subPathExpr names {variable}")
        names = {e["name"] for e in container.get("env", [])}
        if "PGPASSWORD" not in names:
            problems.append(f"{name}: no PGPASSWORD for the PostgreSQL state")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("manifests", nargs="+")
    parser.add_argument("--out", required=True)
    options = parser.parse_args()
    problems = []
    for path in options.manifests:
        with open(path, encoding="utf-8") as handle:
            documents = [d for d in yaml.safe_load_all(handle) if d is not None]
        if not documents:
            problems.append(f"{path}: no document")
        for document in documents:
            for key in ("apiVersion", "kind"):
                if key not in document:
                    problems.append(f"{path}: a document without {key}")
            name = document.get("metadata", {}).get("name")
            if not name:
                problems.append(f"{path}: a {document.get('kind')} without a name")
            for job_name, spec in jobs(document):
                check_job(job_name, spec, problems)
            if document.get("kind") == "ConfigMap":
                os.makedirs(options.out, exist_ok=True)
                for file_name, text in document.get("data", {}).items():
                    with open(os.path.join(options.out, file_name), "w", encoding="utf-8") as out:
                        out.write(text)
            print(f"{os.path.basename(path)}: {document.get('kind')} {name}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
