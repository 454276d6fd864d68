#!/usr/bin/python3
"""Parses a Prometheus text-format file with the reference client's parser (Debian's
python3-prometheus-client) and prints it as JSON: {"family": {"type": T, "samples": [[name,
{labels}, value], ...]}}. Exits 1 with the parser's message when the file does not parse.

    /usr/bin/python3 Tests/Scripts/parse_metrics.py FILE
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    out = {}
    try:
        for family in text_string_to_metric_families(text):
            out[family.name] = {
                "type": family.type,
                "help": family.documentation,
                "samples": [[s.name, s.labels, s.value] for s in family.samples],
            }
    except Exception as error:  # the parser raises ValueError and others on bad input
        print(f"not Prometheus text format: {error}", file=sys.stderr)
        return 1
    json.dump(out, sys.stdout, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
