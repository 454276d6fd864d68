#!/usr/bin/env python3
"""Lists Swift lines over 120 columns (characters, not bytes) under the paths given; exits 1
when there is one. swift-format's LineLength rule skips lines it cannot break (long string
literals, comments), so `make lint` runs this too."""
import sys,pathlib
n=0
for root in sys.argv[1:]:
    p=pathlib.Path(root)
    files=[p] if p.is_file() else sorted(p.rglob('*.swift'))
    for f in files:
        for i,l in enumerate(f.read_text().split('\n'),1):
            if len(l)>120:
                n+=1; print(f"{f}:{i}: {len(l)} columns")
print(n, "lines over 120 columns", file=sys.stderr)
sys.exit(1 if n else 0)
