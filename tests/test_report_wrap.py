"""The text report's lines: the short cut for a message that fits gives textwrap's lines."""

from __future__ import annotations

import random
import string
import textwrap

from siecle_sdk.report.text import _wrapped


def test_wrapped_lines_are_textwrap_s() -> None:
    rng = random.Random(1)
    alphabet = string.ascii_letters + "  \t\n«»éà'-"
    for _ in range(3000):
        message = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 110)))
        for width in (60, 100):
            expected = textwrap.wrap(
                message, width, initial_indent="      ", subsequent_indent="      "
            )
            assert _wrapped(message, width) == expected, (message, width)
