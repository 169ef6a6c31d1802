from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from board.accounts.models import ROLES

ROLE_CHOICES = [SelectChoice(role, role.capitalize()) for role in ROLES]


class NewUserForm(FlaskForm):
    first_name = StringField("First name", validators=[DataRequired("Enter a first name."), Length(max=60)])
    last_name = StringField("Last name", validators=[DataRequired("Enter a last name."), Length(max=60)])
    login = StringField("Username or email", validators=[DataRequired("Enter a username or email."),
                                                          Length(min=3, max=120)])
    email = EmailField("Email (optional)", validators=[Optional(), Email("That doesn’t look like an email.")])
    role = SelectField("Role", choices=ROLE_CHOICES, default="teacher")
    password = PasswordField("Temporary password", validators=[
        DataRequired("Set a temporary password."), Length(min=8, message="Use at least 8 characters.")],
        description="Give it to the person; they can change it under Account.")


class EditUserForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Active (can sign in)")
    password = PasswordField("New password (optional)", validators=[
        Optional(), Length(min=8, message="Use at least 8 characters.")])


#: a word list longer than this is not a list a school keeps by hand (and each check reads it)
_list_cap = Length(max=20_000, message="Keep each list under 20,000 characters.")


class SchoolNormsForm(FlaskForm):
    norms = TextAreaField("School norms", validators=[
        DataRequired("List at least one norm."), Length(max=5_000, message="Keep the norms under 5,000 characters.")],
                          description="One a line. New prompts start with these.")
    block_words = TextAreaField("Block list", validators=[Optional(), _list_cap],
                                description="Words or phrases that can never be posted. One a line.")
    flag_words = TextAreaField("Flag list", validators=[Optional(), _list_cap],
                               description="Words or phrases that prompt a reminder and go to the teacher. One a line.")
    allow_words = TextAreaField("Allow list", validators=[Optional(), _list_cap],
                                description="Words that are never a finding on their own, "
                                            "e.g. a local place name. One a line.")
