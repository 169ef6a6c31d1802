"""The sanitizer under gunicorn threads: many requests clean HTML at the same moment."""
from __future__ import annotations

import threading

from board.text import clean_html, render_markdown

SAMPLES = [
    "<p>Plain <em>words</em> and <a href='https://example.org' onclick='x()'>a link</a></p>" * 20,
    "<script>alert(1)</script><div><table><tr><td>cells</td></tr></table></div>" * 20,
    "**Bold** claim with a list:\n\n- one\n- two <img src=x onerror=alert(1)>\n\n> a quote www.example.org\n" * 20,
]


def test_many_threads_clean_at_once_and_agree_with_one_thread():
    expected = [clean_html(render_markdown(sample)) for sample in SAMPLES]
    threads_count, rounds = 16, 40
    start = threading.Barrier(threads_count)
    errors: list[BaseException] = []
    wrong: list[int] = []

    def work(offset: int) -> None:
        start.wait()
        for i in range(rounds):
            which = (offset + i) % len(SAMPLES)
            try:
                got = clean_html(render_markdown(SAMPLES[which]))
            except BaseException as error:  # a shared parser fails with IndexError or AssertionError
                errors.append(error)
                continue
            if got != expected[which]:
                wrong.append(which)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], f"{len(errors)} of {threads_count * rounds} cleanings failed: {errors[:3]!r}"
    assert wrong == [], f"{len(wrong)} cleanings gave a different result under threads"
