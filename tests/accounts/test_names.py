"""Names are tidied and checked: no hidden characters, at least one letter, a clear cap, a plain display name."""
import html

import pytest

from board.accounts.models import User
from board.extensions import db
from tests.factories import PASSWORD


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def signup(client, make, **fields):
    classroom = make.classroom()
    data = {"join_code": classroom.join_code, "first_name": "Theo", "last_name": "Grant", "login": "theo.g",
            "password": "a long password", "confirm": "a long password", **fields}
    return client.post("/signup", data=data)


def student(login="theo.g"):
    return db.session.scalar(db.select(User).where(User.login == login))


@pytest.mark.parametrize("name, message", [
    ("The\x00o", "Use letters"),
    ("\u202eoehT", "Use letters"),
    ("Theo\u200b", "Use letters"),
    ("\u200b\u200c", "Use letters"),
    ("Th\ue000eo", "Use letters"),
    ("1234", "at least one letter"),
    ("...", "at least one letter"),
    ("T" * 61, "60 characters or fewer"),
])
def test_a_name_with_hidden_characters_or_no_letter_is_refused(client, make, name, message):
    response = signup(client, make, first_name=name)
    assert response.status_code == 200
    page = text_of(response)
    assert message in page
    assert 'value="Grant"' in page and 'value="theo.g"' in page and "a long password" not in page
    assert student() is None


def test_names_are_tidied_before_they_are_kept(client, make):
    response = signup(client, make, first_name="  Zoe\u0301   Anne ", last_name=" van\tder  Berg ")
    assert response.status_code == 302
    user = student()
    assert (user.first_name, user.last_name) == ("Zoé Anne", "van der Berg")
    assert user.display_name == "Zoé Anne V."


@pytest.mark.parametrize("last, shown", [("G.", "Theo G."), ("'Neil", "Theo N."), ("grant", "Theo G.")])
def test_the_display_name_is_a_first_name_and_one_initial(client, make, login_as, last, shown):
    user = make.user("student", "Theo", last)
    login_as(user)
    page = text_of(client.get("/account"))
    assert shown in page and shown + "." not in page


def test_the_profile_form_refuses_a_bad_name_and_keeps_the_other(client, make, login_as):
    user = make.user("student", "Theo", "Grant")
    login_as(user)
    response = client.post("/account", data={"profile-first_name": "\u202eTheo",
                                             "profile-last_name": "Grantham", "profile-submit": "1"})
    page = text_of(response)
    assert response.status_code == 200 and "Use letters" in page and 'value="Grantham"' in page
    db.session.refresh(user)
    assert user.first_name == "Theo"


@pytest.mark.parametrize("field, value, message", [
    ("login", "x" * 121, "Use 3 to 120 characters."),
    ("password", "p" * 201, "Use at most 200 characters."),
    ("join_code", "K" * 21, "A class code is 8 letters and digits"),
])
def test_every_sign_up_field_has_a_clear_cap(client, make, field, value, message):
    fields = {field: value}
    if field == "password":
        fields["confirm"] = value
    page = text_of(signup(client, make, **fields))
    assert message in page and 'value="Theo"' in page


def test_a_reader_email_too_long_is_refused_clearly(client):
    email = "a" * 250 + "@example.org"
    response = client.post("/signup/reader", data={"first_name": "Sam", "last_name": "Park", "email": email,
                                                   "password": "a long password", "confirm": "a long password"})
    page = text_of(response)
    assert "254 characters or fewer" in page and 'value="Sam"' in page


def test_sign_in_fields_are_capped_clearly(client, make):
    response = client.post("/login", data={"login": "x" * 300, "password": PASSWORD})
    page = text_of(response)
    assert response.status_code == 200 and "254 characters or fewer" in page
