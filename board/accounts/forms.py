"""Account forms; every message says what to do next."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp

NAME = [DataRequired("Enter a name."), Length(max=60, message="Keep it under 60 characters.")]
PASSWORD = [
    DataRequired("Choose a password."),
    Length(min=8, max=200, message="Use at least 8 characters."),
]


class LoginForm(FlaskForm):
    login = StringField("Username or email", validators=[DataRequired("Enter your username or email.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    remember = BooleanField("Keep me signed in on this device")


class StudentSignupForm(FlaskForm):
    join_code = StringField(
        "Class code",
        validators=[DataRequired("Enter the code your teacher gave you."), Length(max=20)],
        description="Your teacher gives you this code, like K7MX-PQ2D.",
    )
    first_name = StringField("First name", validators=NAME)
    last_name = StringField(
        "Last name or initial", validators=NAME,
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
    first_name = StringField("First name", validators=NAME)
    last_name = StringField("Last name", validators=NAME,
                            description="Students see your first name and last initial.")
    email = EmailField("Email", validators=[DataRequired("Enter your email."),
                                            Email("That doesn’t look like an email address.")],
                       description="What you will sign in with. Only the school’s admins see it.")
    password = PasswordField("Password", validators=PASSWORD)
    confirm = PasswordField(
        "Password again", validators=[EqualTo("password", message="The two passwords are different.")]
    )


class JoinForm(FlaskForm):
    join_code = StringField("Class code", validators=[DataRequired("Enter the class code.")])


class ProfileForm(FlaskForm):
    first_name = StringField("First name", validators=NAME)
    last_name = StringField("Last name", validators=NAME)


class PasswordChangeForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired("Enter your current password.")])
    password = PasswordField("New password", validators=PASSWORD)
    confirm = PasswordField(
        "New password again", validators=[EqualTo("password", message="The two passwords are different.")]
    )


USERNAME_PATTERN = Regexp(r"^[a-z0-9._@+-]+$")
