"""Live editing over the socket: convergence, authorship, who may join, and nothing lost."""
from board.extensions import db
from board.pads import document, store
from board.pads.models import PadUpdate
from tests.waiting import wait_until


def test_two_writers_converge_and_each_word_carries_its_author(pad_school, connect):
    maya = connect(pad_school.maya, pad_school.pad)
    jonah = connect(pad_school.jonah, pad_school.pad)
    assert maya.wait_synced() and jonah.wait_synced()
    maya.insert(0, "Parks need shade trees. ")
    assert jonah.wait_for(lambda t: "shade trees" in t)
    jonah.append("And a water fountain.")
    assert maya.wait_for(lambda t: "water fountain" in t)
    assert maya.wait_for(lambda t: t == jonah.value)
    authors = {value: attrs.get("author") for value, attrs in maya.runs() if attrs}
    assert authors["Parks need shade trees. "] == str(pad_school.maya.id)
    assert authors["And a water fountain."] == str(pad_school.jonah.id)


def test_the_server_signs_text_whatever_the_client_claims(pad_school, connect):
    maya = connect(pad_school.maya, pad_school.pad)
    jonah = connect(pad_school.jonah, pad_school.pad)
    maya.wait_synced(), jonah.wait_synced()
    maya.author_id = None
    maya.insert(0, "Pretending to be Jonah", {"author": str(pad_school.jonah.id)})
    assert jonah.wait_for(lambda t: "Pretending" in t)

    def stamped():
        return [attrs.get("author") for value, attrs in jonah.runs() if "Pretending" in value] == [
            str(pad_school.maya.id)]

    assert jonah.wait_for(lambda _: stamped(), timeout=5)


def test_every_update_is_logged_before_it_is_shared(pad_school, connect):
    maya = connect(pad_school.maya, pad_school.pad)
    maya.wait_synced()
    maya.insert(0, "Logged first.")
    other = connect(pad_school.jonah, pad_school.pad)
    assert other.wait_for(lambda t: "Logged first." in t)
    db.session.expire_all()
    senders = db.session.scalars(db.select(PadUpdate.user_id).where(PadUpdate.pad_id == pad_school.pad.id)).all()
    assert pad_school.maya.id in senders
    assert "Logged first." in document.plain(document.runs_of(store.load(pad_school.pad.id).doc))


def test_people_outside_the_class_cannot_join(pad_school, connect, make):
    suspended = make.student(pad_school.classroom, "Rex", "Stone", suspended=True)
    for person in (pad_school.reader, pad_school.outsider, pad_school.other_teacher, suspended):
        client = connect(person, pad_school.pad)
        assert client.closed.wait(5), person
        assert not client.synced.is_set()
        assert client.close_reason == 4403, (person, client.close_reason)
    anonymous = connect(None, pad_school.pad)
    assert anonymous.closed.wait(5) and anonymous.close_reason == 4401


def test_a_socket_from_another_site_is_refused(pad_school, connect):
    client = connect(pad_school.maya, pad_school.pad, origin="https://evil.example")
    assert client.closed.wait(5) and client.close_reason == 4403


def test_a_student_outside_the_group_follows_but_cannot_write(pad_school, connect, make):
    from board.pads.services import add_group

    group = add_group(pad_school.pad_prompt, "Group A", {pad_school.maya.id})
    maya = connect(pad_school.maya, group)
    jonah = connect(pad_school.jonah, group)
    maya.wait_synced(), jonah.wait_synced()
    jonah.insert(0, "Not my group")
    maya.insert(0, "My group's text. ")
    assert jonah.wait_for(lambda t: "My group's text." in t)
    assert "Not my group" not in maya.value
    db.session.expire_all()
    assert "Not my group" not in document.plain(document.runs_of(store.load(group.id).doc))


def test_a_student_gets_reminders_about_their_own_words_only(pad_school, connect, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAD_CHECK_SECONDS", 0)
    jonah = connect(pad_school.jonah, pad_school.pad)
    assert jonah.wait_synced()
    jonah.insert(0, "Shut up, nobody asked you.\n")
    maya = connect(pad_school.maya, pad_school.pad)
    assert maya.wait_synced()
    maya.insert(0, "Trees are good. ")
    assert jonah.wait_for(lambda _: jonah.findings, timeout=5)
    assert {f["category"] for f in jonah.findings} == {"shutdown"}
    # Maya's own slip is what she hears of, and only that: never Jonah's words beside hers.
    maya.insert(0, "You are an idiot, Jonah. ")
    assert maya.wait_for(lambda _: maya.findings, timeout=5)
    assert {f["category"] for f in maya.findings} == {"personal_attack"}
    assert {f["category"] for f in jonah.findings} == {"shutdown"}


def test_nothing_is_lost_when_the_server_restarts(pad_school, make_app, app):
    """Stop the server mid-session, start a fresh app process-state on the same database."""
    import threading

    from werkzeug.serving import make_server

    from board.pads.client import PadClient
    from tests.pads.conftest import sign_in, socket_url

    def serve(flask_app):
        server = make_server("127.0.0.1", 0, flask_app, threaded=True)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_port}"

    first_app = make_app()
    server, url = serve(first_app)
    maya = PadClient(socket_url(url, pad_school.pad.id), cookie=sign_in(url, pad_school.maya),
                     author_id=pad_school.maya.id)
    assert maya.wait_synced()
    maya.insert(0, "Written before the restart.")
    deadline_text = "Written before the restart."

    def logged():
        db.session.expire_all()
        return db.session.scalar(db.select(PadUpdate.id).where(
            PadUpdate.pad_id == pad_school.pad.id, PadUpdate.user_id == pad_school.maya.id).limit(1))

    assert wait_until(logged), "the words were never logged"
    server.shutdown()
    server.server_close()
    maya.close()

    second_app = make_app()  # a new process: nothing in memory
    server, url = serve(second_app)
    try:
        jonah = PadClient(socket_url(url, pad_school.pad.id), cookie=sign_in(url, pad_school.jonah),
                          author_id=pad_school.jonah.id)
        assert jonah.wait_synced()
        assert jonah.wait_for(lambda t: deadline_text in t)
        jonah.close()
    finally:
        server.shutdown()
        server.server_close()
