"""Threads at once on large pads: reviews rendered while updates apply, rooms open and close, garbage is collected."""
from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_many_threads_render_large_pad_reviews_while_others_write_without_a_crash():
    # In a process of its own, with faulthandler on: a crash there fails this test, not the whole run.
    env = {**os.environ, "PYTHONFAULTHANDLER": "1"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "tests.pads.thread_stress", "6"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    report = done.stdout + done.stderr
    assert "Fatal Python error" not in report, report[-4000:]
    assert done.returncode == 0, report[-4000:]
    assert done.stdout.startswith("ok:"), report[-4000:]
