"""What the page tests share: the pinned day, the personas that belong to a cohort, a GET."""

import datetime
import zoneinfo

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
# A Wednesday: with the clock here, the `cohort` fixture's week 3 is "this week".
TODAY = datetime.datetime(2025, 3, 12, 12, 0, tzinfo=SEOUL)

# Every persona that holds a role in the `cohort` fixture (fixture names of conftest.py).
MEMBERS = [
    "student",
    "week_mentor",
    "other_week_mentor",
    "lead_instructor",
    "competition_mentor",
    "staff",
]


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()
