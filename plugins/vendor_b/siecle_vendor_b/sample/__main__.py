"""``python -m siecle_vendor_b.sample PATH [--overwrite]``: build the sample school's database."""

from __future__ import annotations

import sys

from . import build


def main(argv: list[str]) -> int:
    """Build the database named on the command line; returns the exit status."""
    args = [a for a in argv if a != "--overwrite"]
    if len(args) != 1:
        print("usage : python -m siecle_vendor_b.sample FICHIER.sqlite [--overwrite]")
        return 2
    try:
        path = build(args[0], overwrite="--overwrite" in argv)
    except FileExistsError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Base exemple créée : {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
