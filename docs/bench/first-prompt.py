#!/usr/bin/env python3
"""Times cjnb from exec to its first prompt, in a pseudo-terminal as a user sees it.

usage: first-prompt.py CJNB [RUNS]   prints the median and the fastest time in milliseconds
"""
import os
import pty
import select
import statistics
import sys
import tempfile
import time


def once(binary: str, state: str) -> float:
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["XDG_STATE_HOME"] = state
        os.environ["TERM"] = "xterm"
        os.execv(binary, [binary])
    seen = b""
    elapsed = None
    while elapsed is None:
        ready, _, _ = select.select([fd], [], [], 5)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        seen += chunk
        if b"cjnb> " in seen:
            elapsed = time.perf_counter() - start
    # Ctrl-D, again until cjnb ends: libedit flushes input it has not read when it takes the
    # terminal, so a Ctrl-D sent as the prompt appears can be lost (the run then waited forever).
    deadline = time.perf_counter() + 10
    while True:
        try:
            os.write(fd, b"\x04")
        except OSError:
            pass
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            break
        try:
            select.select([fd], [], [], 0.2)
            os.read(fd, 4096)
        except OSError:
            time.sleep(0.05)
    os.close(fd)
    if elapsed is None:
        raise SystemExit("no prompt seen: " + seen.decode(errors="replace"))
    return elapsed * 1000


def main() -> None:
    binary = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory() as state:
        once(binary, state)  # warm the file cache
        times = [once(binary, state) for _ in range(runs)]
    print(f"first prompt: median {statistics.median(times):.1f} ms, fastest {min(times):.1f} ms over {runs} runs")


if __name__ == "__main__":
    main()
