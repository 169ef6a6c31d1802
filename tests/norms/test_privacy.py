"""Privacy: phone numbers, emails, addresses and accounts are found; numbers that are not phones are not."""
from __future__ import annotations

import pytest

from board.norms import check


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.rule, text[f.start:f.end]) for f in check(text) if f.category == "privacy"]


@pytest.mark.parametrize("text, number", [
    ("call me at (555) 123-4567 tonight", "(555) 123-4567"),
    ("my number is 555-123-4567", "555-123-4567"),
    ("text me +1 555 123 4567", "+1 555 123 4567"),
    ("my cell is 555.867.5309", "555.867.5309"),
    ("call 1-800-555-1234", "1-800-555-1234"),
    ("my uk number is 07700 900123", "07700 900123"),
    ("on +44 7700 900123 after school", "+44 7700 900123"),
    ("mon numero c'est 06 12 34 56 78", "06 12 34 56 78"),
    ("+33 6 12 34 56 78", "+33 6 12 34 56 78"),
    ("ruf mich an: +49 30 1234567", "+49 30 1234567"),
    ("Festnetz 030 1234567", "030 1234567"),
    ("+52 55 1234 5678 in mexico", "+52 55 1234 5678"),
    ("call 555-1234", "555-1234"),
    ("07911123456", "07911123456"),
    ("call 555-123-4567 2 times", "555-123-4567"),
])
def test_phone_numbers(text, number):
    assert _found(text) == [("privacy-phone", number)]


@pytest.mark.parametrize("text", [
    "in 1776 the colonies declared independence", "the war lasted from 1914-1918", "in 2024 we voted",
    "it costs $5.99 or €20 or £12,000,000", "75% of people", "read page 123 and pp. 45-67",
    "5 km in 32 minutes",
    "12 cm by 3.5 kg", "class starts at 10:30", "due 2024-05-01", "due 05/01/2024", "due 01.05.2024",
    "over 1,000,000 people", "1 000 000 people in France", "John 3:16", "chapter 12, section 4.2.1",
    "meet @ 5", "the score was 21-14", "scores 100 200 300", "ISBN 978-0-06-112008-4",
    "the population was 4500000", "pages 1234-1300", "the numbers 1 2 3 4 5 6 7 8", "9/11 changed everything",
    "the 1939 1945 war", "192.168.1.1", "7 billion people, 7000000000", "version 3.11.7",
])
def test_numbers_that_are_not_phone_numbers(text):
    assert _found(text) == []


@pytest.mark.parametrize("text, found", [
    ("email me at jake.b2011@gmail.com", ("privacy-email", "jake.b2011@gmail.com")),
    ("send it to Sarah_M@School.org.", ("privacy-email", "Sarah_M@School.org")),
    ("I live at 123 Main Street", ("privacy-address", "123 Main Street")),
    ("my house is 42 Elm St. next to the park", ("privacy-address", "42 Elm St.")),
    ("the PM lives at 10 Downing St", ("privacy-address", "10 Downing St")),
    ("Sherlock lived at 221B Baker Street", ("privacy-address", "221B Baker Street")),
    ("the white house is at 1600 Pennsylvania Avenue", ("privacy-address", "1600 Pennsylvania Avenue")),
    ("im at 55 oak road if anyone wants to study", ("privacy-address", "55 oak road")),
    ("we live on maple street", ("privacy-address", "we live on maple street")),
    ("follow me @jake_2011", ("privacy-handle", "follow me @jake_2011")),
    ("thx @jake_2011", ("privacy-handle", "@jake_2011")),
    ("my insta is jake.b", ("privacy-handle", "my insta is jake.b")),
    ("follow me on tiktok", ("privacy-handle", "follow me on tiktok")),
    ("my discord is jake#1234", ("privacy-handle", "my discord is jake#1234")),
    ("hmu on snap", ("privacy-handle", "hmu on snap")),
    ("snap me @ jenna.k04", ("privacy-handle", "snap me @ jenna.k04")),
])
def test_emails_addresses_and_accounts(text, found):
    assert found in _found(text)


@pytest.mark.parametrize("text", [
    "we walked 3 blocks down the street", "the test had 3 different ways to solve it",
    "the 9 Supreme Court justices", "he ran 5 miles down the road", "I saw it on TikTok",
    "my insta is full of ads", "my email is on the roster",
    "meet @ 5 at the library", "meet @5pm", "the main road", "Route 66", "the @ sign", "a 2 lane road",
])
def test_ordinary_sentences_are_not_private(text):
    assert _found(text) == []
