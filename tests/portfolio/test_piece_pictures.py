"""A picture straight onto a portfolio piece: moderated with its reflection, seen with the piece, everywhere."""
from __future__ import annotations

import html
import io
import zipfile

import pytest
from sqlalchemy import select

from board.extensions import db
from board.media.models import Image
from board.media.services import clean_alt
from board.moderation import states
from tests.families.conftest import login_family
from tests.media import images
from tests.media.images import upload
from tests.media.test_xss import BATCH, BATCHES, VECTORS, _require, shape
from tests.portfolio.conftest import approve, only_piece, piece_form
from tests.portfolio.test_public import decide, entries

ALT = "My poster: a map of the town's polling stations"


def add_with_picture(client, post, data=None, alt=ALT, **overrides):
    fields = {**piece_form(**overrides), "picture-1": upload(data or images.jpeg_with_gps(), "poster.jpg"),
              "picture-alt-1": alt}
    return client.post(f"/portfolio/add/post/{post.id}", data=fields, content_type="multipart/form-data")


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def the_picture() -> Image:
    return db.session.scalar(select(Image).where(Image.item_type == "piece"))


def test_a_picture_added_with_a_piece_waits_with_its_reflection(folio, client, login_as, make_client, family_of):
    family = family_of(folio, folio.maya)
    login_as(folio.maya)
    response = add_with_picture(client, folio.work)
    assert response.status_code == 302, page(response)[:2000]
    piece, image = only_piece(folio.maya), the_picture()
    assert piece.status == states.PENDING and (image.item_id, image.alt) == (piece.id, ALT)
    assert f'src="/images/{image.id}/thumb"' in client.get(f"/portfolio/pieces/{piece.id}").get_data(as_text=True)

    teacher = login_as(folio.teacher, on=make_client())
    queue = page(teacher.get("/queue"))
    assert f"/images/{image.id}/thumb" in queue and f"Description:</span> {ALT}" in queue
    assert teacher.get(f"/images/{image.id}").status_code == 200
    # Before the teacher approves: nobody else, not the class, not the family, not the public.
    family_client = login_family(make_client(), family)
    others = [login_as(folio.jonah, on=make_client()), login_as(folio.other_teacher, on=make_client()),
              login_as(folio.reader, on=make_client()), family_client, make_client()]
    for other in others:
        assert other.get(f"/images/{image.id}").status_code == 404
        assert other.get(f"/images/{image.id}/thumb").status_code == 404
        assert f"/images/{image.id}" not in other.get(f"/portfolio/{folio.maya.id}").get_data(as_text=True)
    assert f"/images/{image.id}" not in page(make_client().get(f"/portfolio/{folio.maya.id}/feed.atom"))

    assert decide(teacher, "piece", piece, "approve").status_code == 302
    for other in others:
        if other is not others[1]:  # another class's teacher still knows nothing of it
            assert other.get(f"/images/{image.id}").status_code == 200
            assert f"/images/{image.id}/thumb" in other.get(f"/portfolio/{folio.maya.id}").get_data(as_text=True)
            assert f"/images/{image.id}/thumb" in other.get(f"/portfolio/pieces/{piece.id}").get_data(as_text=True)
    assert others[1].get(f"/images/{image.id}").status_code == 200  # public: consent and a public prompt
    [entry] = entries(make_client().get(f"/portfolio/{folio.maya.id}/feed.atom"))
    assert f'<img src="http://localhost/images/{image.id}" alt="My poster: a map of the town' in entry["content"]


def test_a_picture_on_class_only_work_stays_with_the_class(folio, client, login_as, make_client):
    login_as(folio.maya)
    assert add_with_picture(client, folio.class_work).status_code == 302
    piece, image = only_piece(folio.maya), the_picture()
    approve(piece, folio.teacher)
    assert login_as(folio.jonah, on=make_client()).get(f"/images/{image.id}").status_code == 200
    visitor = make_client()
    assert visitor.get(f"/images/{image.id}").status_code == 404
    assert entries(visitor.get(f"/portfolio/{folio.maya.id}/feed.atom")) == []
    assert f"/images/{image.id}" not in visitor.get(f"/portfolio/{folio.maya.id}").get_data(as_text=True)


def test_a_refused_file_keeps_every_word_typed(folio, client, login_as):
    login_as(folio.maya)
    response = add_with_picture(client, folio.work, data=images.SVG, alt="The drawing of our park",
                                why="Why: the poster took three drafts.")
    assert response.status_code == 422
    text = page(response)
    assert "“poster.jpg” was not added." in text
    assert 'value="The drawing of our park"' in text and "Why: the poster took three drafts." in text
    assert only_piece(folio.maya) is None and the_picture() is None
    # A picture with no description is asked for one, the reflection still there.
    response = add_with_picture(client, folio.work, alt="", why="Why: the poster took three drafts.")
    assert response.status_code == 422 and "Describe this picture" in page(response)
    assert "Why: the poster took three drafts." in page(response) and only_piece(folio.maya) is None
    staged = db.session.scalar(select(Image))
    # Described on the next send, it comes along without being chosen again.
    response = client.post(f"/portfolio/add/post/{folio.work.id}", content_type="multipart/form-data", data={
        **piece_form(), "picture": str(staged.id), f"picture-alt-id-{staged.id}": ALT})
    assert response.status_code == 302
    assert the_picture().id == staged.id and the_picture().alt == ALT


def test_changing_a_published_piece_s_pictures(folio, client, login_as, make_client):
    login_as(folio.maya)
    assert client.post(f"/portfolio/add/post/{folio.work.id}", data=piece_form()).status_code == 302
    piece = only_piece(folio.maya)
    approve(piece, folio.teacher)
    edit = f"/portfolio/pieces/{piece.id}/edit"
    assert "picture-1" in client.get(edit).get_data(as_text=True)
    # Adding a picture sends the piece back to the teacher: nobody else sees the new picture before.
    response = client.post(edit, content_type="multipart/form-data", data={
        **piece_form(version=str(piece.lock_version)), "picture-1": upload(images.photo()), "picture-alt-1": ALT})
    assert response.status_code == 302
    db.session.refresh(piece)
    image = the_picture()
    assert piece.status == states.PENDING and image.item_id == piece.id
    assert make_client().get(f"/images/{image.id}").status_code == 404
    approve(piece, folio.teacher)
    assert make_client().get(f"/images/{image.id}").status_code == 200
    # A new description is read again too.
    response = client.post(edit, data={**piece_form(version=str(piece.lock_version)),
                                       f"picture-alt-id-{image.id}": "A map of polling stations, hand drawn"})
    db.session.refresh(piece)
    assert response.status_code == 302 and piece.status == states.PENDING
    approve(piece, folio.teacher)
    # Taking it out needs no review: the piece stays published, the picture is gone.
    image_id = image.id
    response = client.post(edit, data={**piece_form(version=str(piece.lock_version)), "picture-remove": str(image_id)})
    db.session.refresh(piece)
    assert response.status_code == 302 and piece.status == states.PUBLISHED
    assert db.session.get(Image, image_id) is None and make_client().get(f"/images/{image_id}").status_code == 404


def test_the_download_carries_the_piece_s_picture_and_removing_the_piece_removes_it(folio, client, login_as,
                                                                                    picture_folder):
    login_as(folio.maya)
    add_with_picture(client, folio.work)
    piece, image = only_piece(folio.maya), the_picture()
    image_id, key = image.id, image.storage_key
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/portfolio/{folio.maya.id}/portfolio.zip").data))
    [path] = [n for n in archive.namelist() if n.startswith("images/")]
    assert path in archive.read([n for n in archive.namelist() if n.startswith("pieces/")][0]).decode()
    assert ALT in archive.read("portfolio.json").decode()
    assert client.post(f"/portfolio/pieces/{piece.id}/remove").status_code == 302
    assert db.session.get(Image, image_id) is None
    assert not list(picture_folder.glob(f"{key}*"))


@pytest.mark.parametrize("batch", range(BATCHES))
def test_the_xss_corpus_as_a_piece_picture_s_description_stays_text(folio, client, login_as, make_client, batch):
    _require(VECTORS[0] if VECTORS else None)
    login_as(folio.maya)
    assert add_with_picture(client, folio.work, alt="A harmless description").status_code == 302
    piece, image_id = only_piece(folio.maya), the_picture().id
    teacher = login_as(folio.teacher, on=make_client())
    visitor = make_client()
    mine = [f"/portfolio/{folio.maya.id}", f"/portfolio/pieces/{piece.id}", f"/portfolio/pieces/{piece.id}/edit"]
    public = [f"/portfolio/{folio.maya.id}", f"/portfolio/pieces/{piece.id}"]

    def pages_now(published: bool) -> dict:
        seen = {("maya", url): client.get(url).get_data(as_text=True) for url in mine}
        if published:
            seen.update({("public", url): visitor.get(url).get_data(as_text=True) for url in public})
            [entry] = entries(visitor.get(f"/portfolio/{folio.maya.id}/feed.atom"))
            seen[("public", "feed")] = entry["content"]
        else:
            seen[("teacher", "/queue")] = teacher.get("/queue").get_data(as_text=True)
        return seen

    pages_now(False)  # the "Added" message is shown once, before the baselines
    baselines = {}
    for published in (False, True):
        if published:
            approve(piece, folio.teacher)
        baselines[published] = {where: shape(text).tags for where, text in pages_now(published).items()}
        for vector in VECTORS[batch * BATCH:(batch + 1) * BATCH]:
            alt = clean_alt(vector["payload"][:250], required=False) or "x"
            db.session.get(Image, image_id).alt = alt
            db.session.commit()
            for where, text in pages_now(published).items():
                parsed = shape(text)
                assert parsed.tags == baselines[published][where], (vector["id"], where)
                assert alt in parsed.alts or where == ("teacher", "/queue"), (vector["id"], where)
            db.session.get(Image, image_id).alt = "A harmless description"
            db.session.commit()


def test_the_demo_portfolio_has_a_piece_with_its_own_picture(app, client, tmp_path, monkeypatch, picture_folder):
    from board.portfolio.demo import POSTER_ALT
    from board.portfolio.models import Piece

    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    image = the_picture()
    piece = db.session.get(Piece, image.item_id)
    assert image.alt == POSTER_ALT and piece.status == states.PUBLISHED
    assert client.get(f"/images/{image.id}").status_code == 200  # the public sees it, with consent
    assert f'src="/images/{image.id}/thumb"' in client.get(f"/portfolio/{piece.student_id}").get_data(as_text=True)


def test_the_queue_reads_the_pictures_of_every_waiting_piece_at_once(folio, client, login_as, make_client):
    from sqlalchemy import event

    from tests.portfolio.test_queries import Counter

    teacher = login_as(folio.teacher, on=make_client())
    counts = []
    for post in (folio.work, folio.class_work):
        login_as(folio.maya)
        assert add_with_picture(client, post).status_code == 302
        counter = Counter()
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            queue = teacher.get("/queue").get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)
        counts.append(counter.count)
    assert queue.count('class="gallery gallery-captioned"') == 2
    assert counts[0] == counts[1], counts
