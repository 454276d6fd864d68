#!/usr/bin/env python3
"""trafilatura over a directory of pages, for the side-by-side in the speed benchmark: each file
read, extracted with its metadata (`extract(..., output_format="json", with_metadata=True)`,
as NewsIngest extracts title, authors and date too) and written to OUT_DIR. Run by
speed_bench.py with the virtual environment `make bench-trafilatura` makes.

    trafilatura_batch.py IN_DIR OUT_DIR
"""
import os
import sys

import trafilatura


def main():
    source, target = sys.argv[1], sys.argv[2]
    os.makedirs(target, exist_ok=True)
    files = 0
    for name in sorted(os.listdir(source)):
        with open(os.path.join(source, name), "rb") as handle:
            data = handle.read()
        result = trafilatura.extract(data, output_format="json", with_metadata=True)
        with open(os.path.join(target, name + ".json"), "w", encoding="utf-8") as out:
            out.write(result or "")
        files += 1
    print(f"files={files} trafilatura={trafilatura.__version__}")


if __name__ == "__main__":
    main()
