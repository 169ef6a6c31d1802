def test_front_page_for_anonymous_visitor(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Join your class" in page.get_data(as_text=True)


def test_teacher_signs_in_and_sees_queue(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    assert client.get("/queue").status_code == 200
