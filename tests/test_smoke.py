def test_student_sees_their_current_week_on_the_dashboard(login, student, current_week):
    response = login(student).get("/")
    assert response.status_code == 200
    assert current_week.theme in response.content.decode()
