"""Reports: a category beside the text, dated by the report, one per person, automatic hides in the audit log."""
import html
import re
from datetime import timedelta

from board.classes.models import AuditEntry
from board.discussions.models import Flag
from board.extensions import db
from board.timeutil import utcnow


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def report(client, post, reason="It names someone.", category="private"):
    return client.post(f"/posts/{post.id}/flag", data={"category": category, "reason": reason})


def test_a_report_carries_its_category_and_the_teacher_reads_both(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Lucia lives on Elm Street", publish=True)
    login_as(school.jonah)
    form = text_of(client.get(f"/posts/{post.id}/flag"))
    for label in ("Unkind or hurtful", "Unsafe or threatening", "Private information", "Off topic", "Something else"):
        assert label in form
    assert report(client, post, "It says where she lives.").status_code == 302
    assert db.session.scalar(db.select(Flag)).category == "private"
    login_as(school.teacher)
    page = text_of(client.get("/queue?tab=reported"))
    assert "Private information" in page and "It says where she lives." in page


def test_an_unknown_category_is_refused_beside_the_field(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Fine words", publish=True)
    login_as(school.jonah)
    response = report(client, post, "Odd", category="spam<script>")
    assert response.status_code == 422
    assert "Choose what kind of problem it is." in text_of(response)
    assert db.session.scalar(db.select(db.func.count(Flag.id))) == 0


def test_a_report_without_a_category_counts_as_something_else(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Fine words", publish=True)
    login_as(school.jonah)
    assert client.post(f"/posts/{post.id}/flag", data={"reason": "Sent from an older page"}).status_code == 302
    assert db.session.scalar(db.select(Flag)).category == "other"


def test_a_second_visit_says_when_you_reported_instead_of_the_form(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Contested", publish=True)
    login_as(school.jonah)
    report(client, post, category="unkind")
    flag = db.session.scalar(db.select(Flag))
    day = flag.created_at.strftime("%b")
    page = text_of(client.get(f"/posts/{post.id}/flag"))
    assert "You reported this on" in page and day in page
    assert 'name="reason"' not in page and "Send report" not in page
    # Posting again (an old tab) changes nothing and shows the same answer.
    again = client.post(f"/posts/{post.id}/flag", data={"category": "other", "reason": "Again"})
    assert again.status_code == 200 and "You reported this on" in text_of(again)
    assert db.session.scalar(db.select(db.func.count(Flag.id))) == 1


def test_the_reported_view_dates_and_orders_by_the_newest_report(client, make, login_as):
    school = make.school()
    old = make.post(school.maya, school.class_prompt, "Written long ago", publish=True)
    new = make.post(school.jonah, school.class_prompt, "Written yesterday", publish=True)
    old.submitted_at = utcnow() - timedelta(days=20)
    new.submitted_at = utcnow() - timedelta(days=1)
    db.session.commit()
    login_as(school.lucia)
    report(client, new, "Reported first")
    flag = db.session.scalar(db.select(Flag))
    flag.created_at = utcnow() - timedelta(hours=3)
    db.session.commit()
    report(client, old, "Reported second")
    # Recount so the stored date follows the moved report.
    from board.discussions.flags import refresh_flag_state
    refresh_flag_state(new.id)
    db.session.commit()
    login_as(school.teacher)
    page = text_of(client.get("/queue?tab=reported"))
    assert page.index("Written yesterday") < page.index("Written long ago")
    assert "reported 3 hours ago" in page and "reported just now" in page
    assert "20d" not in page and "20 days" not in page
    # The header's badge and the page name the same oldest age: three hours, not twenty days.
    assert re.search(r"oldest 3 hours ago", page)
    assert re.search(r'class="count"[^>]*>\s*2 · 3h', page)


def test_an_automatic_hide_is_in_the_audit_log_with_who_reported_it(client, make, login_as, app):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Flag magnet", publish=True)
    ines = make.student(school.classroom, "Ines", "Vale")
    for person in (school.jonah, school.lucia, ines)[: app.config["FLAG_HIDE_THRESHOLD"]]:
        login_as(person)
        report(client, post, "Unkind", category="unkind")
    entries = list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "hid work after reports")))
    assert len(entries) == 1
    entry = entries[0]
    assert entry.actor_id is None and entry.target_user_id == school.maya.id
    assert f"threshold of {app.config['FLAG_HIDE_THRESHOLD']}" in entry.detail
    assert "Jonah Okafor" in entry.detail and "Lucia Morales" in entry.detail
    login_as(school.admin)
    page = text_of(client.get("/admin/audit?kind=accounts"))
    assert "hid work after reports" in page and "threshold of" in page


def test_a_teachers_report_hides_and_the_audit_log_says_a_teacher_reported(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Needs a look", publish=True)
    login_as(school.teacher)
    report(client, post, "Check this", category="unsafe")
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "hid work after reports"))
    assert entry is not None and "reported by a teacher of the class (Dana Rivera)" in entry.detail


def test_reports_that_hide_nothing_leave_no_audit_entry(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Fair words", publish=True)
    login_as(school.reader)
    report(client, post, "Disagree", category="off_topic")
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "hid work after reports")) is None
