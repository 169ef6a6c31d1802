"""Wait for a condition (a row written, a message heard) instead of sleeping a guessed time."""
from __future__ import annotations

import threading
import time


def wait_until(condition, timeout: float = 10, every: float = 0.01) -> bool:
    """Return True as soon as the condition holds, False if it still does not after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() >= deadline:
            return bool(condition())
        pause.wait(every)
    return True
