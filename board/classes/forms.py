from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from board.accounts.forms import PASSWORD


class ClassroomForm(FlaskForm):
    name = StringField(
        "Class name",
        validators=[DataRequired("Give the class a name."), Length(max=120, message="Keep it under 120 characters.")],
        description="Students see this name, for example “Civics 8B” or “AP Lang, period 3”.",
    )


class CoTeacherForm(FlaskForm):
    login = StringField("Teacher’s username or email", validators=[
        DataRequired("Enter the teacher’s username."),
        Length(max=254, message="That is longer than any username or email here.")])


class ResetWithCodeForm(FlaskForm):
    """A student sets a new password with the code their teacher gave them."""

    login = StringField("Your username", validators=[
        DataRequired("Enter the username you sign in with (it is on your code slip)."),
        Length(max=254, message="That is longer than any username here.")])
    code = StringField("Reset code", validators=[
        DataRequired("Enter the code from your teacher."),
        Length(max=20, message="A reset code is 8 letters and digits, like K7MX-PQ2D.")],
        description="8 letters and digits, like K7MX-PQ2D. Capitals or not, with or without the dash.")
    password = PasswordField("New password", validators=PASSWORD)
    confirm = PasswordField("New password again",
                            validators=[EqualTo("password", message="The two passwords are different.")])


class ResetAllForm(FlaskForm):
    """Making a code for every student: a button with CSRF."""
