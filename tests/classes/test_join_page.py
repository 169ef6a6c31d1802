"""The join code page: the code and link to copy, and a projector view with a QR code made on the server."""
import html
import re

import segno

from board.extensions import db


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def modules_of(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """Read the dark modules back out of the page's SVG path (runs of M x y h n v1 h-n z)."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    path = re.search(r'<path fill="#000" d="([^"]+)"', svg).group(1)
    dark = set()
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path):
        dark |= {(int(x) + i, int(y)) for i in range(int(n))}
    assert re.fullmatch(r"(M\d+ \d+h\d+v1h-\d+z)+", path), "the path holds runs of modules and nothing else"
    return size, dark


def test_the_join_code_page_shows_the_code_and_the_link_with_copy_buttons(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    page = text_of(client.get(f"/classes/{school.classroom.id}/join-code"))
    code = school.classroom.join_code
    assert f'value="{code}"' in page and f"/signup?code={code}" in page
    assert 'data-copy="join-code"' in page and 'data-copy="join-url"' in page
    assert f"/classes/{school.classroom.id}/join-code/projector" in page
    # The class page leads there.
    assert f"/classes/{school.classroom.id}/join-code" in text_of(client.get(f"/classes/{school.classroom.id}"))


def test_the_projector_shows_a_big_code_the_link_and_a_qr_code_of_that_link(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    response = client.get(f"/classes/{school.classroom.id}/join-code/projector")
    page = text_of(response)
    code = school.classroom.join_code
    url = f"http://localhost/signup?code={code}"
    assert 'class="projector-big"' in page and code in page
    assert f'<a href="{url}">http://localhost/signup</a>' in page
    svg = page[page.index("<svg"):page.index("</svg>") + 6]
    size, dark = modules_of(svg)
    expected = segno.make_qr(url, error="m").matrix
    assert size == len(expected) + 8
    assert dark == {(x + 4, y + 4) for y, row in enumerate(expected) for x, bit in enumerate(row) if bit}
    # The page's CSP forbids inline style and script: the SVG has neither, and nothing comes from a CDN.
    assert "<style" not in svg and "style=" not in svg and "<script" not in page.replace(
        '<script src="/static/js/board.js" defer></script>', "")
    assert not re.search(r'(src|href)="https?://(?!localhost)', page)
    assert "style-src" in response.headers["Content-Security-Policy"]


def test_with_joining_closed_the_projector_shows_no_code(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    client.post(f"/classes/{school.classroom.id}/code", data={"action": "close"})
    page = text_of(client.get(f"/classes/{school.classroom.id}/join-code/projector"))
    assert "Joining is closed" in page and "<svg" not in page and school.classroom.join_code not in page
    assert "Joining is closed" in text_of(client.get(f"/classes/{school.classroom.id}/join-code"))


def test_students_and_other_teachers_never_see_the_code_pages(client, make, login_as):
    school = make.school()
    for person, status in ((school.maya, 403), (school.other_teacher, 404), (school.outsider, 404)):
        login_as(person)
        for suffix in ("", "/projector"):
            response = client.get(f"/classes/{school.classroom.id}/join-code{suffix}")
            assert response.status_code == status
            assert school.classroom.join_code not in text_of(response)
    db.session.rollback()
