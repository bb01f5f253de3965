"""Progress of a long run, for a person watching a terminal."""

import sys
from typing import IO


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most every percent."""

    def __init__(self, label: str, stream: IO[str] | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent == self._shown and done != total:
            return
        self._shown = percent
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\r{self.label} [{bar}] {done:,}/{total:,} ({percent}%){end}")
        self.stream.flush()
