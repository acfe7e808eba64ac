"""One progress display for a build, honest about time: each step (extracting, embedding) has
its own total, known before the build starts (a step with nothing to do shows nothing), and the
time left is computed from the throughput the step has measured, shown once it has run a few
seconds; a step is never timed with another's speed. On a terminal one line is redrawn;
elsewhere (logs, CI) a line is printed every 30 seconds and at each step's end."""

from __future__ import annotations

import sys
import time


def _clock(seconds: float) -> str:
    s = int(seconds)
    return (
        f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


class Progress:
    def __init__(self, phases: list[tuple[str, int]], out=None, every: float = 30.0) -> None:
        self.phases = [(name, total) for name, total in phases if total > 0]
        self.done = {name: 0 for name, _ in self.phases}
        self.started: dict[str, float] = {}
        self.out = out or sys.stderr
        self.tty = self.out.isatty()
        self.every = every
        self.last = 0.0

    def callback(self, phase: str):
        """A function that counts items done in ``phase`` (what the build stages call)."""
        return lambda n=1: self.update(phase, n)

    def update(self, phase: str, n: int = 1) -> None:
        if phase not in self.done:
            return
        now = time.monotonic()
        self.started.setdefault(phase, now)
        self.done[phase] += n
        total = dict(self.phases)[phase]
        finished = self.done[phase] >= total
        if self.tty or finished or now - self.last >= self.every:
            self.last = now
            self._draw(phase, now, finished)

    def _draw(self, phase: str, now: float, finished: bool) -> None:
        total = dict(self.phases)[phase]
        done = min(self.done[phase], total)
        elapsed = now - self.started[phase]
        line = f"{phase} {done}/{total}"
        if elapsed >= 3 and done:
            rate = done / elapsed
            line += f", {rate:.1f}/s"
            if not finished:
                line += f", {_clock((total - done) / rate)} left in this step"
        end = "\n" if finished or not self.tty else ""
        self.out.write(("\r\x1b[K" if self.tty else "") + line + end)
        self.out.flush()

    def close(self) -> None:
        if self.tty:
            self.out.write("\n")
