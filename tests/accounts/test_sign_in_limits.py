"""A class behind one school address signs in and joins at once; guessing passwords and codes is stopped."""
import html
import re
import uuid

import pytest

from board.accounts.models import User
from board.config import DEFAULTS
from board.extensions import db, limiter
from tests.conftest import Client
from tests.factories import PASSWORD

TYPED_PASSWORD = "my-secret-typed-pw"


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def school_address() -> dict:
    """One address per test, so counters of other tests never meet these."""
    n = uuid.uuid4().int
    return {"REMOTE_ADDR": f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250}"}


@pytest.fixture
def limited(make_app):
    """Return a factory of clients on an app with the real limits (or the ones given)."""

    def client_factory(**overrides):
        settings = {key: DEFAULTS[key] for key in (
            "LOGIN_RATE_LIMIT", "SIGNUP_RATE_LIMIT", "LOGIN_FAILURE_LIMIT", "ACCOUNT_FAILURE_LIMIT",
            "JOIN_FAILURE_LIMIT", "JOIN_ADDRESS_FAILURE_LIMIT") if key in DEFAULTS}
        app = make_app(**{**settings, **overrides})
        app.test_client_class = Client
        return app.test_client

    yield client_factory
    limiter.reset()


def test_a_class_of_thirty_signs_in_from_one_address_in_the_same_minute(limited, make):
    students = [make.user("student", f"S{i}", "Lee") for i in range(30)]
    new_client = limited()
    address = school_address()
    statuses = [new_client().post("/login", data={"login": s.login, "password": PASSWORD},
                                  environ_base=address).status_code for s in students]
    assert statuses == [302] * 30


def test_a_class_of_thirty_joins_with_the_code_from_one_address(limited, make):
    classroom = make.classroom()
    new_client = limited()
    address = school_address()
    statuses = [new_client().post("/signup", environ_base=address, data={
        "join_code": classroom.join_code, "first_name": f"Kid{chr(65 + i % 26)}", "last_name": "Park",
        "login": f"kid{i}", "password": "a long password", "confirm": "a long password"}).status_code
        for i in range(30)]
    assert statuses == [302] * 30
    assert len(classroom.memberships) == 31


def test_signing_in_again_and_again_is_never_refused(limited, make):
    student = make.user("student")
    client = limited(LOGIN_FAILURE_LIMIT="3 per 15 minutes", ACCOUNT_FAILURE_LIMIT="3 per hour")()
    address = school_address()
    for _ in range(12):
        assert client.post("/login", data={"login": student.login, "password": PASSWORD},
                           environ_base=address).status_code == 302
        client.post("/logout", environ_base=address)


def test_wrong_passwords_lock_that_account_and_no_other(limited, make):
    victim, classmate = make.user("student"), make.user("student", "Jonah", "Ortiz")
    new_client = limited()
    address = school_address()
    guesser = new_client()
    statuses = [guesser.post("/login", data={"login": victim.login, "password": f"guess {i}"},
                             environ_base=address).status_code for i in range(10)]
    assert statuses == [401] * 10
    refused = guesser.post("/login", data={"login": victim.login, "password": TYPED_PASSWORD},
                           environ_base=address)
    assert refused.status_code == 429
    page = text_of(refused)
    assert "Too many wrong passwords for this account" in page and "15 minutes" in page
    assert f'value="{victim.login}"' in page and TYPED_PASSWORD not in page
    # Even the right password waits: otherwise guessing would go on.
    assert guesser.post("/login", data={"login": victim.login, "password": PASSWORD},
                        environ_base=address).status_code == 429
    assert new_client().post("/login", data={"login": classmate.login, "password": PASSWORD},
                             environ_base=address).status_code == 302


def test_one_account_guessed_from_many_addresses_is_locked(limited, make):
    victim = make.user("student")
    client = limited(ACCOUNT_FAILURE_LIMIT="5 per hour")()
    for _ in range(5):
        client.post("/login", data={"login": victim.login, "password": "nope"}, environ_base=school_address())
    assert client.post("/login", data={"login": victim.login, "password": PASSWORD},
                       environ_base=school_address()).status_code == 429


def test_the_busy_address_page_never_shows_the_password(limited, make):
    student = make.user("student")
    client = limited(LOGIN_RATE_LIMIT="2 per minute")()
    address = school_address()
    for _ in range(2):
        client.post("/login", data={"login": student.login, "password": "wrong"}, environ_base=address)
    response = client.post("/login", data={"login": student.login, "password": TYPED_PASSWORD},
                           environ_base=address)
    assert response.status_code == 429
    page = text_of(response)
    assert TYPED_PASSWORD not in page
    assert "Wait a minute" in page and f'value="{student.login}"' in page


def test_the_busy_address_sign_up_page_keeps_the_names_but_not_the_password(limited, make):
    classroom = make.classroom()
    client = limited(LOGIN_RATE_LIMIT="1 per minute")()
    address = school_address()
    data = {"join_code": classroom.join_code, "first_name": "Ravi", "last_name": "Patel", "login": "ravi.p",
            "password": TYPED_PASSWORD, "confirm": TYPED_PASSWORD}
    client.post("/signup", data={**data, "join_code": "ZZZZ-ZZZZ"}, environ_base=address)
    response = client.post("/signup", data=data, environ_base=address)
    assert response.status_code == 429
    page = text_of(response)
    assert TYPED_PASSWORD not in page and 'value="Ravi"' in page and "Wait a minute" in page


def test_guessing_class_codes_when_signed_in_is_stopped(limited, make):
    school = make.school()
    second = make.classroom(school.teacher, "Civics 8C")
    client = limited()()
    address = school_address()
    client.post("/login", data={"login": school.maya.login, "password": PASSWORD}, environ_base=address)
    guesses = [client.post("/join", data={"join_code": f"ZZZZ-ZZ{i:02d}"}, environ_base=address)
               for i in range(10)]
    assert [r.status_code for r in guesses] == [200] * 10
    assert "No class has that code" in text_of(guesses[-1])
    refused = client.post("/join", data={"join_code": second.join_code}, environ_base=address)
    assert refused.status_code == 429
    page = text_of(refused)
    assert "Too many wrong class codes" in page and f'value="{second.join_code}"' in page


def test_guessing_class_codes_through_sign_up_is_stopped(limited, make):
    classroom = make.classroom()
    client = limited(JOIN_ADDRESS_FAILURE_LIMIT="3 per 10 minutes")()
    address = school_address()

    def attempt(code, login):
        return client.post("/signup", environ_base=address, data={
            "join_code": code, "first_name": "Ravi", "last_name": "Patel", "login": login,
            "password": "a long password", "confirm": "a long password"})

    assert [attempt(f"QQQQ-QQ{i:02d}", "ravi.p").status_code for i in range(3)] == [200] * 3
    refused = attempt(classroom.join_code, "ravi.p")
    assert refused.status_code == 429 and "Too many wrong class codes" in text_of(refused)
    assert db.session.scalar(db.select(User).where(User.login == "ravi.p")) is None


def test_with_limits_switched_off_wrong_passwords_are_not_counted_and_nothing_is_logged(make_app, app, make,
                                                                                         caplog):
    quiet = make_app(RATELIMIT_ENABLED=False)
    student = make.user("student", "Theo", "Brandt")
    client = quiet.test_client()
    origin = {"Origin": "http://localhost"}
    try:
        with quiet.app_context():
            page = client.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
            for _ in range(15):
                client.post("/login", data={"login": student.login, "password": "wrong", "csrf_token": token},
                            headers=origin)
            response = client.post("/login", data={"login": student.login, "password": PASSWORD,
                                                   "csrf_token": token}, headers=origin)
    finally:
        # The limiter is one object for every app of the process: switch it back on for the others.
        limiter.init_app(app)
    assert response.status_code == 302
    assert "Failure counters unavailable" not in caplog.text
