"""A student adds pictures to a response or a reply; the teacher sees them in the queue; refusals lose nothing."""
from __future__ import annotations

import html
import io
import re

import pytest
from PIL import Image as PILImage
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from board.discussions.models import Post
from board.extensions import db
from board.media.models import Image
from board.moderation import services as moderation
from board.moderation import states
from tests.media import images
from tests.media.images import upload

TEXT = "Here is the chart of turnout by age from our survey."


@pytest.fixture
def school(make):
    return make.school()


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def respond(client, prompt, body=TEXT, **fields):
    data = {"body": body, "action": "post", **fields}
    return client.post(f"/prompts/{prompt.id}/respond", data=data, content_type="multipart/form-data")


def respond_in_memory(client, prompt, **fields):
    """Send a large form built in memory (the test client would spool it to a file it never closes)."""
    boundary, body = encode_multipart({"csrf_token": client.csrf_token(), "action": "post", "body": TEXT, **fields})
    return client.post(f"/prompts/{prompt.id}/respond", data=body, csrf=False,
                       content_type=f"multipart/form-data; boundary={boundary}")


def only_post(author) -> Post:
    return db.session.scalar(select(Post).where(Post.author_id == author.id))


def test_a_response_with_a_picture_waits_with_it(client, login_as, school):
    login_as(school.maya)
    response = respond(client, school.class_prompt, **{
        "picture-1": upload(images.jpeg_with_gps(), "IMG_0042.jpg"), "picture-alt-1": "A bar chart of turnout"})
    assert response.status_code == 302, page_text(response)[:2000]
    post = only_post(school.maya)
    assert post.status == states.PENDING
    [image] = db.session.scalars(select(Image)).all()
    assert (image.item_type, image.item_id, image.alt) == ("post", post.id, "A bar chart of turnout")
    page = page_text(client.get(f"/posts/{post.id}"))
    assert f'src="/images/{image.id}/thumb"' in page and 'alt="A bar chart of turnout"' in page


def test_the_stored_picture_has_no_metadata(client, login_as, school):
    login_as(school.maya)
    respond(client, school.class_prompt, **{"picture-1": upload(images.jpeg_with_gps()), "picture-alt-1": "A chart"})
    image = db.session.scalar(select(Image))
    served = client.get(f"/images/{image.id}")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    picture = PILImage.open(io.BytesIO(served.data))
    assert not picture.getexif() and not {"exif", "xmp", "icc_profile"} & set(picture.info)


def test_several_pictures_keep_their_order(client, login_as, school):
    login_as(school.maya)
    respond(client, school.class_prompt, **{
        "picture-1": upload(images.photo(), "a.jpg"), "picture-alt-1": "First",
        "picture-2": upload(images.photo(fmt="PNG"), "b.png"), "picture-alt-2": "Second"})
    post = only_post(school.maya)
    assert [i.alt for i in db.session.scalars(select(Image).order_by(Image.position))] == ["First", "Second"]
    assert all(i.item_id == post.id for i in db.session.scalars(select(Image)))


def test_a_file_that_is_not_a_picture_is_refused_beside_its_field_and_nothing_typed_is_lost(client, login_as, school):
    login_as(school.maya)
    response = respond(client, school.class_prompt, body="My words stay right here.", **{
        "picture-1": upload(images.photo(), "good.jpg"), "picture-alt-1": "A good photo",
        "picture-2": upload(images.SVG, "chart.png"), "picture-alt-2": "The chart I meant to add"})
    assert response.status_code == 422
    page = page_text(response)
    assert "My words stay right here." in page
    assert "“chart.png” was not added. This file is not a picture we can use" in page
    assert 'value="The chart I meant to add"' in page
    # The good picture was kept: it comes back as added, with its description, ready to send.
    good = db.session.scalar(select(Image))
    assert good.alt == "A good photo" and good.item_type is None
    assert f'name="picture" value="{good.id}"' in page and 'value="A good photo"' in page
    assert only_post(school.maya) is None
    # Sending again (the browser keeps the hidden id) posts the text with the kept picture.
    response = respond(client, school.class_prompt, body="My words stay right here.", picture=str(good.id),
                       **{f"picture-alt-id-{good.id}": "A good photo"})
    assert response.status_code == 302
    assert db.session.get(Image, good.id).item_id == only_post(school.maya).id


def test_an_html_file_named_png_is_refused(client, login_as, school):
    login_as(school.maya)
    response = respond(client, school.class_prompt, **{"picture-1": upload(images.HTML, "poster.png"),
                                                       "picture-alt-1": "Poster"})
    assert response.status_code == 422 and "“poster.png” was not added" in page_text(response)
    assert db.session.scalar(select(func.count(Image.id))) == 0


def test_a_picture_without_a_description_is_kept_and_asked_for(client, login_as, school):
    login_as(school.maya)
    response = respond(client, school.class_prompt, **{"picture-1": upload(images.photo())})
    assert response.status_code == 422
    page = page_text(response)
    assert "Describe this picture for someone who cannot see it" in page and TEXT in page
    image = db.session.scalar(select(Image))
    assert image.item_type is None
    response = respond(client, school.class_prompt, picture=str(image.id),
                       **{f"picture-alt-id-{image.id}": "Our class garden"})
    assert response.status_code == 302
    assert db.session.get(Image, image.id).alt == "Our class garden"


def test_a_description_over_the_limit_is_refused_and_kept(client, login_as, school, app):
    login_as(school.maya)
    typed = ("A long description. " * 20).strip()
    response = respond(client, school.class_prompt, **{"picture-1": upload(images.photo()), "picture-alt-1": typed})
    assert response.status_code == 422
    page = page_text(response)
    assert "keep it under 250" in page and f'value="{typed}"' in page


def test_a_file_over_the_size_limit_is_named_beside_the_field(client, login_as, school, app):
    app.config["MEDIA_MAX_UPLOAD_BYTES"] = 50_000
    try:
        login_as(school.maya)
        response = respond(client, school.class_prompt, **{
            "picture-1": upload(images.noisy((400, 300)), "huge.jpg"), "picture-alt-1": "Huge"})
    finally:
        app.config["MEDIA_MAX_UPLOAD_BYTES"] = 10 * 1024 * 1024
    assert response.status_code == 422
    page = page_text(response)
    assert re.search(r"“huge.jpg” was not added. The file is \d+ KB; the limit is 48 KB", page)
    assert TEXT in page and 'value="Huge"' in page


def test_a_form_larger_than_pictures_may_be_is_refused_whole(client, login_as, school, app):
    login_as(school.maya)
    app.config["MEDIA_MAX_REQUEST_BYTES"] = 100_000
    try:
        response = respond(client, school.class_prompt, **{"picture-1": upload(b"\xff" * 200_000, "x.jpg")})
    finally:
        app.config["MEDIA_MAX_REQUEST_BYTES"] = 42 * 1024 * 1024
    assert response.status_code == 413


def test_a_picture_larger_than_other_forms_may_be_is_taken(client, login_as, school, app):
    """The board's forms take 1 MB; a composer takes pictures of several MB."""
    login_as(school.maya)
    big = images.noisy((2400, 1800))
    assert len(big) > app.config["MAX_CONTENT_LENGTH"]
    response = respond_in_memory(client, school.class_prompt, **{
        "picture-1": FileStorage(io.BytesIO(big), "big.jpg", content_type="image/jpeg"), "picture-alt-1": "Big"})
    assert response.status_code == 302
    assert db.session.scalar(select(Image)).width == 2000


def test_at_most_the_cap_of_pictures(client, login_as, school, app):
    login_as(school.maya)
    cap = app.config["MEDIA_MAX_PER_ITEM"]
    first = respond(client, school.class_prompt, body="", **{
        f"picture-{n}": upload(images.photo(), f"p{n}.jpg") for n in range(1, cap + 1)} | {
        f"picture-alt-{n}": f"Picture {n}" for n in range(1, cap + 1)})
    assert first.status_code == 422  # no text yet: the pictures wait
    kept = [i.id for i in db.session.scalars(select(Image).order_by(Image.id))]
    assert len(kept) == cap
    response = respond(client, school.class_prompt, picture=[str(i) for i in kept], **{
        f"picture-alt-id-{i}": "Kept" for i in kept} | {"picture-1": upload(images.photo(), "one-more.jpg")})
    assert response.status_code == 422
    assert f"“one-more.jpg” was not added: a post can carry {cap} pictures at most." in page_text(response)


def test_a_picture_can_be_taken_out_before_sending(client, login_as, school, picture_folder):
    login_as(school.maya)
    respond(client, school.class_prompt, body="", **{"picture-1": upload(images.photo()), "picture-alt-1": "Oops"})
    image = db.session.scalar(select(Image))
    files = sorted(p.name for p in picture_folder.iterdir())
    assert len(files) == 2
    response = respond(client, school.class_prompt, picture=str(image.id), **{"picture-remove": str(image.id)})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Image.id))) == 0
    assert not list(picture_folder.iterdir())


def test_someone_elses_picture_cannot_be_taken_into_a_post(client, login_as, school, make):
    login_as(school.jonah)
    respond(client, school.class_prompt, body="", **{"picture-1": upload(images.photo()), "picture-alt-1": "Jonah's"})
    jonahs = db.session.scalar(select(Image))
    login_as(school.maya)
    response = respond(client, school.class_prompt, picture=str(jonahs.id))
    assert response.status_code == 302
    assert db.session.get(Image, jonahs.id).item_type is None


def test_a_reminder_keeps_the_pictures(client, login_as, school):
    login_as(school.maya)
    response = respond(client, school.class_prompt, body="SHUT UP, NOBODY ASKED YOU!!!", **{
        "picture-1": upload(images.photo()), "picture-alt-1": "A chart"})
    assert response.status_code == 200 and "reminder" in page_text(response).lower()
    image = db.session.scalar(select(Image))
    assert f'name="picture" value="{image.id}"' in page_text(response)


def test_a_reply_carries_pictures(client, login_as, school, make):
    parent = make.post(school.jonah, school.class_prompt, "Rules should be written down.", publish=True)
    login_as(school.maya)
    page = page_text(client.get(f"/posts/{parent.id}/reply"))
    assert 'enctype="multipart/form-data"' in page and 'name="picture-1"' in page
    response = client.post(f"/posts/{parent.id}/reply", content_type="multipart/form-data", data={
        "body": "Here is ours.", "action": "post", "picture-1": upload(images.photo()), "picture-alt-1": "Our charter"})
    assert response.status_code == 302
    reply = db.session.scalar(select(Post).where(Post.parent_id == parent.id))
    assert db.session.scalar(select(Image)).item_id == reply.id


def test_a_reader_comment_takes_no_pictures(client, login_as, school, make):
    parent = make.post(school.maya, school.public_prompt, "Voting at sixteen.", publish=True)
    login_as(school.reader)
    page = page_text(client.get(f"/posts/{parent.id}/reply"))
    assert 'name="picture-1"' not in page
    client.post(f"/posts/{parent.id}/reply", content_type="multipart/form-data", data={
        "body": "Thank you.", "action": "post", "picture-1": upload(images.photo()), "picture-alt-1": "x"})
    assert db.session.scalar(select(func.count(Image.id))) == 0


def test_the_teacher_sees_pictures_and_descriptions_in_the_queue(client, login_as, school):
    login_as(school.maya)
    respond(client, school.class_prompt, **{"picture-1": upload(images.photo()), "picture-alt-1": "Turnout by age"})
    image = db.session.scalar(select(Image))
    login_as(school.teacher)
    page = page_text(client.get("/queue"))
    assert f'src="/images/{image.id}/thumb"' in page and "Turnout by age" in page
    assert client.get(f"/images/{image.id}").status_code == 200


def test_nobody_else_sees_a_picture_before_approval_and_the_class_does_after(client, login_as, school):
    login_as(school.maya)
    respond(client, school.class_prompt, **{"picture-1": upload(images.photo()), "picture-alt-1": "Turnout"})
    image = db.session.scalar(select(Image))
    post = only_post(school.maya)
    login_as(school.jonah)
    assert client.get(f"/images/{image.id}").status_code == 404
    assert f"/images/{image.id}" not in page_text(client.get(f"/prompts/{school.class_prompt.id}"))
    moderation.decide(post, states.APPROVE, school.teacher, post.lock_version)
    assert client.get(f"/images/{image.id}").status_code == 200
    assert f"/images/{image.id}/thumb" in page_text(client.get(f"/prompts/{school.class_prompt.id}"))


def test_returned_work_keeps_its_pictures_through_revision(client, login_as, school):
    login_as(school.maya)
    respond(client, school.class_prompt, **{"picture-1": upload(images.photo()), "picture-alt-1": "Turnout"})
    post = only_post(school.maya)
    image = db.session.scalar(select(Image))
    moderation.decide(post, states.RETURN, school.teacher, post.lock_version, feedback="Name your source.")
    post = db.session.get(Post, post.id)
    page = page_text(client.get(f"/posts/{post.id}/revise"))
    assert f"/images/{image.id}/thumb" in page
    response = client.post(f"/posts/{post.id}/revise", data={
        "body": TEXT + " Source: our survey.", "version": str(post.lock_version), "action": "post"})
    assert response.status_code == 302
    assert db.session.get(Image, image.id).item_id == post.id
    login_as(school.teacher)
    assert f"/images/{image.id}/thumb" in page_text(client.get("/queue"))


def test_withdrawing_deletes_the_pictures(client, login_as, school, picture_folder):
    login_as(school.maya)
    respond(client, school.class_prompt, **{"picture-1": upload(images.photo()), "picture-alt-1": "Turnout"})
    post = only_post(school.maya)
    image_id = db.session.scalar(select(Image.id))
    assert len(list(picture_folder.iterdir())) == 2
    response = client.post(f"/posts/{post.id}/withdraw", data={"version": str(post.lock_version)})
    assert response.status_code == 302
    assert db.session.get(Image, image_id) is None
    assert not list(picture_folder.iterdir())
    assert client.get(f"/images/{image_id}").status_code == 404


def test_other_forms_keep_the_boards_usual_limit(client, login_as, school, make, app):
    """Only the views that take pictures accept large requests; a report stays under 1 MB."""
    post = make.post(school.jonah, school.class_prompt, "Rules should be written down.", publish=True)
    login_as(school.maya)
    boundary, body = encode_multipart({"csrf_token": client.csrf_token(), "reason": "x",
                                       "picture-1": FileStorage(io.BytesIO(b"\xff" * (app.config["MAX_CONTENT_LENGTH"] + 1)), "a.jpg")})
    response = client.post(f"/posts/{post.id}/flag", data=body, csrf=False,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413


def returned_with_picture(client, login_as, school):
    login_as(school.maya)
    respond(client, school.class_prompt, **{"picture-1": upload(images.photo()), "picture-alt-1": "A classmate's face"})
    post = only_post(school.maya)
    moderation.decide(post, states.RETURN, school.teacher, post.lock_version,
                      feedback="Please take out the photo: it shows a classmate.")
    return db.session.get(Post, post.id), db.session.scalar(select(Image))


def revise(client, post, body=TEXT, **fields):
    return client.post(f"/posts/{post.id}/revise", content_type="multipart/form-data",
                       data={"body": body, "version": str(post.lock_version), "action": "post", **fields})


def test_revising_returned_work_can_take_a_picture_out(client, login_as, school, picture_folder):
    post, image = returned_with_picture(client, login_as, school)
    page = page_text(client.get(f"/posts/{post.id}/revise"))
    assert 'value="A classmate\'s face"' in page and "Take this picture out of the new version" in page
    image_id = image.id
    response = revise(client, post, **{"picture-remove": str(image_id)})
    assert response.status_code == 302
    assert db.session.get(Image, image_id) is None and not list(picture_folder.iterdir())
    assert db.session.get(Post, post.id).status == states.PENDING


def test_a_refused_revision_takes_nothing_out(client, login_as, school):
    post, image = returned_with_picture(client, login_as, school)
    response = revise(client, post, body="", **{"picture-remove": str(image.id)})
    assert response.status_code == 422
    assert 'checked' in page_text(response).split(f'value="{image.id}"')[1][:20]
    assert db.session.get(Image, image.id).item_id == post.id


def test_revising_can_add_a_picture_and_describe_the_kept_one_better(client, login_as, school):
    post, image = returned_with_picture(client, login_as, school)
    response = revise(client, post, **{f"picture-alt-id-{image.id}": "Our garden, no faces",
                                       "picture-1": upload(images.photo(fmt="PNG"), "chart.png"),
                                       "picture-alt-1": "A chart"})
    assert response.status_code == 302
    shown = db.session.scalars(select(Image).where(Image.item_id == post.id).order_by(Image.position)).all()
    assert [i.alt for i in shown] == ["Our garden, no faces", "A chart"]


def test_editing_waiting_work_keeps_the_cap(client, login_as, school, app):
    login_as(school.maya)
    cap = app.config["MEDIA_MAX_PER_ITEM"]
    respond(client, school.class_prompt, **{f"picture-{n}": upload(images.photo()) for n in range(1, cap + 1)} | {
        f"picture-alt-{n}": f"Picture {n}" for n in range(1, cap + 1)})
    post = only_post(school.maya)
    page = page_text(client.get(f"/posts/{post.id}/edit"))
    assert 'name="picture-1"' not in page  # no place for a fifth
    response = client.post(f"/posts/{post.id}/edit", content_type="multipart/form-data", data={
        "body": TEXT, "version": str(post.lock_version), "action": "post",
        "picture-1": upload(images.photo(), "fifth.jpg"), "picture-alt-1": "A fifth"})
    assert response.status_code == 422
    assert f"“fifth.jpg” was not added: a post can carry {cap} pictures at most." in page_text(response)


def test_a_phone_photo_in_heic_is_taken(client, login_as, school):
    login_as(school.maya)
    response = respond(client, school.class_prompt, **{"picture-1": upload(images.heic(), "IMG_0001.HEIC"),
                                                       "picture-alt-1": "Our class garden"})
    assert response.status_code == 302
    image = db.session.scalar(select(Image))
    served = client.get(f"/images/{image.id}")
    assert served.mimetype == "image/webp" and PILImage.open(io.BytesIO(served.data)).size == (320, 240)
