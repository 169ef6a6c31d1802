"""A name leaves the shared copy however its letters are written: with or without accents, in letters
that have no accent to drop (Ł, ø, ı), in full-width forms, with combining marks, or joined by an underscore."""
from __future__ import annotations

import pytest

from board.colleagues.names import Namer, Person


@pytest.mark.parametrize("first, last, written, expected", [
    ("Zoe", "Martin", "Zoë wrote this.", "Student wrote this."),
    ("Zoë", "Martin", "Zoe\u0308 wrote this.", "Student wrote this."),
    ("Jose", "Garcia", "José and GARCÍA said so.", "Student and Student said so."),
    ("Łukasz", "Nowak", "Lukasz agreed.", "Student agreed."),
    ("Lukasz", "Nowak", "Łukasz agreed.", "Student agreed."),
    ("Søren", "Dahl", "Soren said so.", "Student said so."),
    ("Soren", "Dahl", "Søren said so.", "Student said so."),
    ("Ilkay", "Yildiz", "İlkay Yıldız asked.", "Student asked."),
    ("Maya", "Chen", "\uff2d\uff41\uff59\uff41 wrote.", "Student wrote."),
    ("Maya", "Chen", "maya_chen and chen_maya posted.", "Student_Student and Student_Student posted."),
    ("Siobhan", "O’Brien", "O'Brien and O‘Brien and Siobhan's", "Student and Student and Student's"),
    ("Mary-Jane", "Watson", "Mary–Jane said so.", "Student said so."),
    ("Aoife", "Byrne", "Straße, Aoife’s and AOIFE", "Straße, Student’s and Student"),
])
def test_a_name_is_replaced_whatever_letters_spell_it(first, last, written, expected):
    namer = Namer([Person("Student", first, last)])
    assert namer.text(written) == expected


def test_words_around_a_name_keep_their_own_accents():
    namer = Namer([Person("Student", "Zoe", "Martin")])
    assert namer.text("Café crème: Zoë’s idée, naïve?") == "Café crème: Student’s idée, naïve?"


def test_labels_still_follow_who_is_named():
    namer = Namer([Person("Student", "Łukasz", "Nowak"), Person("Classmate A", "Soren", "Dahl")])
    assert namer.text("Lukasz asked Søren; NOWAK and dahl agreed.") == (
        "Student asked Classmate A; Student and Classmate A agreed.")
    assert namer.order_of_appearance(["Søren first, then Łukasz"]) == [1, 0]
    assert namer.html('<p title="Søren">Lukasz &amp; ＳØＲＥＮ</p>') == (
        '<p title="Classmate A">Student &amp; Classmate A</p>')


@pytest.mark.parametrize("rendered, expected", [
    ("<p>Ma<strong>y</strong>a said so.</p>", "<p>Student<strong></strong> said so.</p>"),
    ("<p><em>Jo</em>nah and Ma<code>ya</code></p>", "<p><em>Classmate A</em> and Student<code></code></p>"),
    ("<p>Maya</p><p>Chen</p>", "<p>Student</p><p>Student</p>"),
    ("<p>M<em>a</em>y<em>a</em> and <a href=\"https://e.org\">Jo</a>nah</p>",
     "<p>Student<em></em><em></em> and <a href=\"https://e.org\">Classmate A</a></p>"),
    ("<p>Em <strong>Bo</strong>’s idea</p>", "<p>Em <strong>Classmate B</strong>’s idea</p>"),
    ("<p>Ma&amp;ya</p>", "<p>Ma&amp;ya</p>"),
])
def test_a_name_split_by_markup_is_replaced_whole(rendered, expected):
    namer = Namer([Person("Student", "Maya", "Chen"), Person("Classmate A", "Jonah", "Okafor"),
                   Person("Classmate B", "Al", "Bo")])
    assert namer.html(rendered) == expected


@pytest.mark.parametrize("written, expected", [
    ("Jo agreed, and JO said so.", "Student agreed, and Student said so."),
    ("@Jo look", "Student look"),
    ("We had a joke, jo.", "We had a joke, jo."),
    ("An idea from An: an answer.", "Classmate A idea from Classmate A: an answer."),
    ("<p>Jo</p>", "<p>Student</p>"),
])
def test_two_letter_parts_of_a_double_first_name_are_replaced_as_written(written, expected):
    namer = Namer([Person("Student", "Mary-Jo", "Smith"), Person("Classmate A", "Mai An", "Tran")])
    replaced = namer.html(written) if written.startswith("<") else namer.text(written)
    assert replaced == expected
