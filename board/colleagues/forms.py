"""The share form and the contribution composer."""
import secrets

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField


class _Keyed(FlaskForm):
    #: the same key on every re-show of one form, so a double submit saves once
    submission_key = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A key longer than any this form makes was forged: a fresh one, never stored as sent.
        if not self.submission_key.data or len(self.submission_key.data) > 64:
            self.submission_key.data = secrets.token_urlsafe(16)


class ShareForm(_Keyed):
    # Named "body" so that a form refused for an expired session gives the text back.
    body = TextAreaField(
        "Your framing question",
        description="What do you want colleagues to help you think about? Any student’s name you type is "
                    "replaced too.",
    )


class ContributionForm(_Keyed):
    body = TextAreaField("Your contribution")
    #: the step the writer saw: if the presenter moved on meanwhile, the text is shown back, not misfiled
    step = HiddenField()
