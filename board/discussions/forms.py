import secrets

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length

from board.discussions.models import FLAG_CATEGORIES


class PostForm(FlaskForm):
    """The composer: one text, plus the keys that make a double submit or a reminder safe."""

    body = TextAreaField("Your response", validators=[DataRequired("Write something before posting.")])
    #: the same key on every re-show of one composer, so the post is created once
    submission_key = HiddenField()
    reminder_id = HiddenField()
    #: the lock_version seen when revising returned work
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A key longer than any this form makes was forged: a fresh one, never stored as sent.
        if not self.submission_key.data or len(self.submission_key.data) > 64:
            self.submission_key.data = secrets.token_urlsafe(16)

    @property
    def post_anyway(self) -> bool:
        from flask import request

        return request.form.get("action") == "post_anyway"

    @property
    def reminder(self) -> int | None:
        from board.web import small_int

        return small_int(self.reminder_id.data)


class FlagForm(FlaskForm):
    category = RadioField(
        "What kind of problem is it?",
        choices=[SelectChoice(value, label) for value, label in FLAG_CATEGORIES.items()],
        # A report sent without one (an older page, a carried form) is "something else"; an unknown
        # value is refused by flag_post, beside this field.
        default="other",
        validate_choice=False,
    )
    reason = TextAreaField(
        "What is wrong with it?",
        validators=[DataRequired("Say what is wrong, so a teacher can look at the right thing."),
                    Length(max=500, message="Keep the reason under 500 characters.")],
        description="A teacher reads this. The writer does not see who reported it.",
    )


class WithdrawForm(FlaskForm):
    """Taking back waiting work: the version seen, so a teacher's decision in between is not overridden."""

    version = HiddenField()
