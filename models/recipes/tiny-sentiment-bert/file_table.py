"""Prints the Markdown table (path, bytes, sha256) of every file in a model folder, for models/README.md."""

import hashlib
import os
import sys


def main(folder):
    print("| File | Bytes | SHA-256 |")
    print("| --- | ---: | --- |")
    for root, _, files in sorted(os.walk(folder)):
        for name in sorted(files):
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            rel = os.path.relpath(path, folder)
            print(f"| `{rel}` | {os.path.getsize(path):,} | `{digest}` |")


if __name__ == "__main__":
    main(sys.argv[1])
