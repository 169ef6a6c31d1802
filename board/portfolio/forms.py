from flask import request
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from board.portfolio.services import QUESTIONS


class TagBoxes(SelectMultipleField):
    """The class's tags as checkboxes; ids of another class's tags are ignored by the service."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        pass


class PieceForm(FlaskForm):
    """A piece's reflection: three answers and the class's tags."""

    why = TextAreaField(QUESTIONS["why"], description="What makes it one of your best, or most important, pieces?")
    learned = TextAreaField(QUESTIONS["learned"], description="A skill, an idea, something about how you work.")
    next = TextAreaField(QUESTIONS["next"], description="What you want to try, practise or find out next.")
    tags = TagBoxes("Tags", coerce=str, description="Skills and topics your teacher named for this class.")
    #: the lock_version seen when changing an existing piece
    version = HiddenField()

    @property
    def post_anyway(self) -> bool:
        return request.form.get("action") == "post_anyway"

    def answers(self) -> dict[str, str]:
        return {name: getattr(self, name).data or "" for name in QUESTIONS}


class GoalForm(FlaskForm):
    classroom = SelectField("Class", coerce=str, validate_choice=False,
                            description="The teacher of this class reads it before anyone else.")
    goal = StringField("Your goal for this year", description="One sentence: what you want to be able to do.")
    reflection = TextAreaField("Your reflection on it",
                               description="Where you are with it now, and what helped or got in the way.")
    version = HiddenField()

    @property
    def post_anyway(self) -> bool:
        return request.form.get("action") == "post_anyway"


class TagForm(FlaskForm):
    name = StringField("New tag", description="A skill or topic, e.g. “Using evidence” or “Local government”.")


class ButtonForm(FlaskForm):
    """A state change behind one button: only the CSRF token."""
