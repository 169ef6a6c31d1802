"""Family forms; every message says what to do next."""
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from board.accounts.forms import NAME, PASSWORD
from board.families.services import RELATIONSHIP_MAX, SIGNATURE_MAX


def _tidy(value):
    return value.strip() if isinstance(value, str) else value


_CODE = [DataRequired("Enter the code from the slip the school sent home."),
         Length(max=30, message="A family code looks like FAM-K7MXP-Q2D9R.")]
_RELATIONSHIP = [DataRequired("Say how you are related to the student, for example “Mother”."),
                 Length(max=RELATIONSHIP_MAX, message=f"Keep it to {RELATIONSHIP_MAX} characters or fewer.")]
RELATIONSHIP_HINT = "For example Mother, Father, Grandparent, Guardian."


class FamilySignupForm(FlaskForm):
    code = StringField("Family code", validators=_CODE, filters=[_tidy],
                       description="On the slip from the school, like FAM-K7MXP-Q2D9R.")
    first_name = StringField("Your first name", validators=NAME, filters=[_tidy])
    last_name = StringField("Your last name", validators=NAME, filters=[_tidy],
                            description="The teacher sees your full name; students see your first name and last initial.")
    relationship = StringField("You are the student’s", validators=_RELATIONSHIP, filters=[_tidy],
                               description=RELATIONSHIP_HINT)
    email = EmailField("Email", validators=[
        DataRequired("Enter your email."), Length(max=254, message="Use 254 characters or fewer."),
        Email("That doesn’t look like an email address.")],
        description="What you will sign in with, and where news of your child’s work goes. Only the school’s "
                    "admins see it.")
    password = PasswordField("Password", validators=PASSWORD)
    confirm = PasswordField("Password again",
                            validators=[EqualTo("password", message="The two passwords are different.")])


class AddChildForm(FlaskForm):
    code = StringField("Family code", validators=_CODE, filters=[_tidy],
                       description="The code on your other child’s slip, like FAM-K7MXP-Q2D9R.")
    relationship = StringField("You are the student’s", validators=_RELATIONSHIP, filters=[_tidy],
                               description=RELATIONSHIP_HINT)


class ConsentForm(FlaskForm):
    """Giving or withdrawing consent: the button says which; the name typed is the signature."""

    decision = HiddenField()
    signature = StringField("Your full name, as your signature", filters=[_tidy], validators=[
        DataRequired("Type your full name as your signature."),
        Length(max=SIGNATURE_MAX, message=f"Keep it to {SIGNATURE_MAX} characters or fewer.")])
    relationship = StringField("You are the student’s", validators=_RELATIONSHIP, filters=[_tidy],
                               description=RELATIONSHIP_HINT)
