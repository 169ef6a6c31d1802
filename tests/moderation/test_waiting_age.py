"""The header's badge and the queue page name the oldest item's age from one count."""
import html
import re
from datetime import timedelta

import pytest

from board.extensions import db
from board.moderation.queue import waiting_age
from board.timeutil import utcnow


@pytest.mark.parametrize("waited, short, words", [
    (timedelta(seconds=20), "<1m", "less than a minute"),
    (timedelta(minutes=1), "1m", "1 minute"),
    (timedelta(minutes=59, seconds=59), "59m", "59 minutes"),
    (timedelta(hours=23, minutes=59), "23h", "23 hours"),
    (timedelta(days=8, hours=2), "8d", "8 days"),
    (timedelta(days=30), "30d", "30 days"),
])
def test_the_short_and_the_long_age_come_from_one_count(waited, short, words):
    now = utcnow()
    assert waiting_age(now - waited, now) == (short, words)


def test_a_future_time_from_a_clock_skew_reads_as_new():
    now = utcnow()
    assert waiting_age(now + timedelta(minutes=5), now) == ("<1m", "less than a minute")
    assert waiting_age(None) == ("", "")


def test_badge_and_queue_page_agree_after_a_week(client, make, login_as):
    school = make.school()
    old = make.post(school.maya, school.class_prompt, "Waiting since Monday")
    old.submitted_at = utcnow() - timedelta(days=8, hours=1)
    db.session.commit()
    login_as(school.teacher)
    page = html.unescape(client.get("/queue").get_data(as_text=True))
    assert re.search(r'class="count" aria-label="1 waiting, oldest 8 days ago">1 · 8d<', page)
    assert "oldest 8 days ago" in page.split("<h1>Queue</h1>")[1]
    assert "week" not in page
