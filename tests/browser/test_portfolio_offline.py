"""A downloaded portfolio opens in Chromium with no network at all: every piece, its picture, its style."""
from __future__ import annotations

import io
import zipfile

import pytest

from tests.browser import expect
from tests.conftest import Client
from tests.portfolio.conftest import showcase


@pytest.mark.browser
def test_the_downloaded_portfolio_opens_offline_with_every_piece_and_picture(app, make, browser, login_as,
                                                                            tmp_path):
    school = showcase(make, app, tmp_path / "media")
    app.test_client_class = Client
    client = login_as(school.maya, on=app.test_client())
    response = client.get(f"/portfolio/{school.maya.id}/portfolio.zip")
    assert response.status_code == 200
    site = tmp_path / "site"
    zipfile.ZipFile(io.BytesIO(response.data)).extractall(site)

    context = browser.new_context(offline=True)
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri())
        expect(page.get_by_role("heading", name="Maya C.’s portfolio", level=1)).to_be_visible()
        titles = [piece.title for piece in (*school.pieces, school.waiting)]
        links = page.locator("ul.pieces a")
        expect(links).to_have_count(len(titles))
        for title in titles:
            expect(page.get_by_role("link", name=title)).to_be_visible()
        # The stylesheet is a file beside the pages, and it was applied.
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(250, 249, 246)"
        for title in titles:
            page.goto((site / "index.html").as_uri())
            page.get_by_role("link", name=title).click()
            expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
            expect(page.get_by_role("heading", name="Why it is here")).to_be_visible()
            for image in page.locator("img").all():
                expect(image).to_be_visible()
                assert image.evaluate("(img) => img.complete && img.naturalWidth > 0"), title
        page.goto((site / "index.html").as_uri())
        page.get_by_role("link", name=school.pieces[1].title).click()
        expect(page.get_by_role("img", name="A bar chart of turnout by age")).to_be_visible()
        # Nothing was fetched from anywhere but the files themselves.
        assert requested and all(url.startswith("file://") for url in requested), requested
    finally:
        context.close()
