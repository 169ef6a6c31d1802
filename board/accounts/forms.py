"""Account forms; every message says what to do next."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from board.accounts.services import PASSWORD_MAX, PASSWORD_MIN, AccountError, clean_name

LOGIN_MAX = 254


def _tidy_name(value):
    return value.strip() if isinstance(value, str) else value


def _valid_name(form, field) -> None:
    """Refuse hidden characters and names without a letter; keep the tidied name."""
    try:
        field.data = clean_name(field.data or "")
    except AccountError as problem:
        raise ValidationError(str(problem)) from None


NAME = [DataRequired("Enter a name."), _valid_name]
PASSWORD = [
    DataRequired("Choose a password."),
    Length(min=PASSWORD_MIN, message=f"Use at least {PASSWORD_MIN} characters."),
    Length(max=PASSWORD_MAX, message=f"Use at most {PASSWORD_MAX} characters."),
]
_CODE = Length(max=20, message="A class code is 8 letters and digits, like K7MX-PQ2D.")
_LOGIN_CAP = Length(max=LOGIN_MAX, message=f"Use {LOGIN_MAX} characters or fewer.")


class LoginForm(FlaskForm):
    login = StringField("Username or email",
                        validators=[DataRequired("Enter your username or email."), _LOGIN_CAP])
    password = PasswordField("Password", validators=[
        DataRequired("Enter your password."),
        Length(max=PASSWORD_MAX, message=f"Use at most {PASSWORD_MAX} characters.")])
    remember = BooleanField("Keep me signed in on this device")


class StudentSignupForm(FlaskForm):
    join_code = StringField(
        "Class code",
        validators=[DataRequired("Enter the code your teacher gave you."), _CODE],
        description="Your teacher gives you this code, like K7MX-PQ2D.",
    )
    first_name = StringField("First name", validators=NAME, filters=[_tidy_name])
    last_name = StringField(
        "Last name or initial", validators=NAME, filters=[_tidy_name],
        description="Others see only your first name and last initial.",
    )
    login = StringField(
        "Username or school email",
        validators=[DataRequired("Choose a username or enter your school email."), Length(min=3, max=120,
                    message="Use 3 to 120 characters.")],
        description="What you will sign in with. Nobody else sees it.",
    )
    password = PasswordField("Password", validators=PASSWORD)
    confirm = PasswordField(
        "Password again", validators=[EqualTo("password", message="The two passwords are different.")]
    )


class ReaderSignupForm(FlaskForm):
    first_name = StringField("First name", validators=NAME, filters=[_tidy_name])
    last_name = StringField("Last name", validators=NAME, filters=[_tidy_name],
                            description="Students see your first name and last initial.")
    email = EmailField("Email", validators=[DataRequired("Enter your email."), _LOGIN_CAP,
                                            Email("That doesn’t look like an email address.")],
                       description="What you will sign in with. Only the school’s admins see it.")
    password = PasswordField("Password", validators=PASSWORD)
    confirm = PasswordField(
        "Password again", validators=[EqualTo("password", message="The two passwords are different.")]
    )


class JoinForm(FlaskForm):
    join_code = StringField("Class code", validators=[DataRequired("Enter the class code."), _CODE])


class ProfileForm(FlaskForm):
    first_name = StringField("First name", validators=NAME, filters=[_tidy_name])
    last_name = StringField("Last name", validators=NAME, filters=[_tidy_name])


class PasswordChangeForm(FlaskForm):
    current = PasswordField("Current password", validators=[
        DataRequired("Enter your current password."),
        Length(max=PASSWORD_MAX, message=f"Use at most {PASSWORD_MAX} characters.")])
    password = PasswordField("New password", validators=PASSWORD)
    confirm = PasswordField(
        "New password again", validators=[EqualTo("password", message="The two passwords are different.")]
    )

