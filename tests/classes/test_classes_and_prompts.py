"""Classes, join codes, rosters, consent, trust, suspension; prompts and their dates."""
import html

from board.classes.models import AuditEntry, Classroom, Membership
from board.extensions import db
from board.prompts.models import Prompt, PromptTrust


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def membership_of(classroom, user):
    return db.session.scalar(db.select(Membership).where(
        Membership.classroom_id == classroom.id, Membership.user_id == user.id))


def test_teacher_creates_a_class_and_sees_its_code(client, make, login_as):
    teacher = make.user("teacher", "Dana", "Rivera")
    login_as(teacher)
    empty = client.post("/classes/new", data={"name": "  "})
    assert "Give the class a name." in text_of(empty)
    response = client.post("/classes/new", data={"name": "Civics 8B"})
    classroom = db.session.scalar(db.select(Classroom))
    assert response.headers["Location"] == f"/classes/{classroom.id}"
    page = text_of(client.get(response.headers["Location"]))
    assert classroom.join_code in page and "No students yet" in page
    assert membership_of(classroom, teacher).role == "teacher"


def test_students_cannot_create_classes(client, make, login_as):
    login_as(make.user("student"))
    assert client.get("/classes/new").status_code == 403


def test_new_code_replaces_the_old_and_joining_can_close(client, make, login_as):
    school = make.school()
    old = school.classroom.join_code
    login_as(school.teacher)
    asked = client.post(f"/classes/{school.classroom.id}/code", data={"action": "regenerate"})
    assert asked.status_code == 200 and "Make a new join code?" in text_of(asked) and old in text_of(asked)
    db.session.refresh(school.classroom)
    assert school.classroom.join_code == old
    client.post(f"/classes/{school.classroom.id}/code", data={"action": "regenerate", "confirmed": "yes"})
    db.session.refresh(school.classroom)
    assert school.classroom.join_code != old
    client.post(f"/classes/{school.classroom.id}/code", data={"action": "close"})
    db.session.refresh(school.classroom)
    assert not school.classroom.joining_open
    assert "Joining is closed" in text_of(client.get(f"/classes/{school.classroom.id}"))


def test_consent_is_recorded_with_a_note_and_audited(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    lucia = membership_of(school.classroom, school.lucia)
    client.post(f"/classes/{school.classroom.id}/members/{lucia.id}",
                data={"action": "consent_on", "note": "Form returned 9/12"})
    db.session.refresh(lucia)
    assert lucia.has_consent and lucia.consent_note == "Form returned 9/12"
    assert lucia.consent_by_id == school.teacher.id
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "recorded consent"))
    assert entry.target_user_id == school.lucia.id and entry.actor_id == school.teacher.id
    page = text_of(client.get(f"/classes/{school.classroom.id}"))
    assert "Consent on record" in page


def test_trust_and_suspension_toggle(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    maya = membership_of(school.classroom, school.maya)
    client.post(f"/classes/{school.classroom.id}/members/{maya.id}", data={"action": "trust_on"})
    asked = client.post(f"/classes/{school.classroom.id}/members/{maya.id}", data={"action": "suspend"})
    assert asked.status_code == 200 and "Suspend Maya Chen?" in text_of(asked)
    db.session.refresh(maya)
    assert not maya.suspended
    client.post(f"/classes/{school.classroom.id}/members/{maya.id}", data={"action": "suspend", "confirmed": "yes"})
    db.session.refresh(maya)
    assert maya.trusted and maya.suspended
    assert client.post(f"/classes/{school.classroom.id}/members/{maya.id}",
                       data={"action": "promote"}).status_code == 400


def test_roster_changes_stay_inside_the_class(client, make, login_as):
    school = make.school()
    outsider = membership_of(school.other_classroom, school.outsider)
    login_as(school.teacher)
    assert client.post(f"/classes/{school.classroom.id}/members/{outsider.id}",
                       data={"action": "consent_on"}).status_code == 404
    assert client.post(f"/classes/{school.other_classroom.id}/members/{outsider.id}",
                       data={"action": "consent_on"}).status_code == 404
    login_as(school.maya)
    lucia = membership_of(school.classroom, school.lucia)
    assert client.post(f"/classes/{school.classroom.id}/members/{lucia.id}",
                       data={"action": "consent_on"}).status_code == 403


def test_co_teacher_is_added_by_username(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    client.post(f"/classes/{school.classroom.id}/teachers", data={"login": school.maya.login})
    assert "No teacher account has that username" in text_of(client.get(f"/classes/{school.classroom.id}"))
    client.post(f"/classes/{school.classroom.id}/teachers", data={"login": school.other_teacher.login})
    assert membership_of(school.classroom, school.other_teacher).role == "teacher"


def test_teacher_class_page_counts_work_by_prompt(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.class_prompt, "Published one", publish=True)
    make.post(school.jonah, school.class_prompt, "Waiting one")
    login_as(school.teacher)
    page = text_of(client.get(f"/classes/{school.classroom.id}"))
    assert "1 post published" in page and "1 awaiting review" in page


def test_student_class_page_lists_open_prompts_and_their_own_work(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.class_prompt, "Mine")
    login_as(school.maya)
    page = text_of(client.get(f"/classes/{school.classroom.id}"))
    assert "What makes a rule fair?" in page and "1 awaiting review" in page
    assert school.classroom.join_code not in page and "Roster" not in page


def prompt_form(**fields):
    data = {"question": "Is social media good for democracy?", "context_md": "Read *both* articles.",
            "norms": "Critique the idea, not the person.\nCite your sources.", "visibility": "public",
            "opens_at": "2026-01-10T08:00", "closes_at": "2026-01-20T15:00"}
    data.update(fields)
    return data


def test_teacher_creates_a_prompt(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    form = client.get(f"/classes/{school.classroom.id}/prompts/new")
    assert "Critique the idea, not the person." in text_of(form)  # school norms prefilled
    response = client.post(f"/classes/{school.classroom.id}/prompts/new", data=prompt_form())
    assert response.status_code == 302
    prompt = db.session.scalar(db.select(Prompt).where(Prompt.question.like("Is social media%")))
    assert prompt.context_html == "<p>Read <em>both</em> articles.</p>"
    assert prompt.norm_list == ["Critique the idea, not the person.", "Cite your sources."]
    assert prompt.is_public


def test_prompt_form_errors_keep_everything_typed(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    response = client.post(f"/classes/{school.classroom.id}/prompts/new",
                           data=prompt_form(question="", closes_at="2026-01-05T08:00"))
    page = text_of(response)
    assert "Write the question students will answer." in page
    assert "The closing time must be after the opening time." in page
    assert "Read *both* articles." in page and "Cite your sources." in page
    assert 'value="2026-01-05T08:00"' in page


def test_prompt_edit_and_trust_for_one_prompt(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    client.post(f"/prompts/{school.class_prompt.id}/edit",
                data=prompt_form(question="What makes a rule fair, and who decides?", visibility="class",
                                 closes_at=""))
    db.session.refresh(school.class_prompt)
    assert school.class_prompt.question == "What makes a rule fair, and who decides?"
    client.post(f"/prompts/{school.class_prompt.id}/trust",
                data={"student": [str(school.maya.id), str(school.outsider.id)]})
    trusted = db.session.scalars(db.select(PromptTrust.user_id)).all()
    assert trusted == [school.maya.id]  # the other class's student is ignored
    login_as(school.maya)
    client.post(f"/prompts/{school.class_prompt.id}/respond", data={"body": "Fair rules have reasons."})
    from board.discussions.models import Post

    assert db.session.scalar(db.select(Post)).status == "published"


def test_students_cannot_edit_prompts(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    assert client.post(f"/prompts/{school.class_prompt.id}/edit", data=prompt_form()).status_code == 403
