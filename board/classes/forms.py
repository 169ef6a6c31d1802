from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


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
