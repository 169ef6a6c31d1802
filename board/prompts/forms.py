from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError


class PromptForm(FlaskForm):
    question = StringField(
        "Guiding question",
        validators=[DataRequired("Write the question students will answer."),
                    Length(max=300, message="Keep the question under 300 characters.")],
        description="One open question, e.g. “Should our town lower the voting age to 16?”",
    )
    context_md = TextAreaField(
        "Context",
        validators=[Optional(), Length(max=20_000, message="Keep the context under 20,000 characters.")],
        description="Background, sources and instructions. Markdown: *italic*, **bold**, lists, > quotes, links.",
    )
    norms = TextAreaField(
        "Norms",
        validators=[DataRequired("List at least one norm."),
                    Length(max=2_000, message="Keep the norms under 2,000 characters.")],
        description="One a line. Shown beside every composer, and offered when you give feedback.",
    )
    kind = RadioField(
        "Format",
        choices=[SelectChoice("discussion", "A threaded discussion"),
                 SelectChoice("pad", "A pad the class writes together"),
                 SelectChoice("both", "Both: the class drafts in the pad and argues in the thread")],
        default="discussion",
    )
    visibility = RadioField(
        "Who can read published work",
        choices=[SelectChoice("class", "The class only"),
                 SelectChoice("public", "The public too (only students whose consent is on record)")],
        default="class",
    )
    opens_at = DateTimeLocalField("Opens", format="%Y-%m-%dT%H:%M",
                                  validators=[DataRequired("Choose when the prompt opens.")],
                                  description="Students see the prompt from then on.")
    closes_at = DateTimeLocalField("Closes (optional)", format="%Y-%m-%dT%H:%M", validators=[Optional()],
                                   description="After this, it can still be read, but nobody can add to it.")

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError("The closing time must be after the opening time.")
