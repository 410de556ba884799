"""Every figure of the handoff brief, against the hand-made cohort of continuity_fixtures.py
(its docstring works each number out by hand)."""

import pytest

from mentoring.brief import build_brief

from .continuity_fixtures import build_handmade

pytestmark = pytest.mark.django_db


@pytest.fixture
def handmade(cohort, week_mentor, lead_instructor, other_cohort, competition):
    return build_handmade(
        cohort, week_mentor=week_mentor, lead=lead_instructor, other_cohort=other_cohort
    )


@pytest.fixture
def brief(handmade, current_week):
    return build_brief(current_week)


def figures_by_name(brief):
    return {figure.student.name: figure for figure in brief.students}


def test_where_the_cohort_stands_lists_the_past_weeks_with_their_lectures(brief):
    assert [week.number for week in brief.past_weeks] == [1, 2]
    assert brief.previous_week.number == 2
    ((phase, weeks),) = brief.covered
    assert phase.name == "단계 1"
    assert len(weeks[0].lectures.all()) == 3


def test_mission_completion_by_week_and_tier(brief):
    rates = {
        (row.week.number, tier.tier): (tier.done, tier.possible, tier.rate)
        for row in brief.completion
        for tier in row.tiers
    }
    assert rates[1, "easy"] == (3, 4, 75.0)
    assert rates[1, "hard"] == (1, 4, 25.0)
    assert rates[1, "medium"] == (0, 0, None)
    assert rates[2, "easy"] == (2, 4, 50.0)
    assert rates[2, "medium"] == (1, 4, 25.0)
    assert rates[2, "hard"][2] is None


def test_quiz_means_distribution_and_flags(brief, settings):
    settings.QUIZ_CALIBRATION_MIN_ATTEMPTS = 4
    by_title = {row.quiz.title: row for row in brief.quizzes}
    assert set(by_title) == {"Week 1 quiz", "Week 2 quiz"}  # not the other cohort's
    week1, week2 = by_title["Week 1 quiz"], by_title["Week 2 quiz"]
    assert (week1.summary.count, week1.summary.mean_percent) == (3, 50.0)
    assert (week2.summary.count, week2.summary.mean_percent) == (4, 50.0)  # the retake ignored
    assert week2.summary.distribution == [1, 0, 0, 1, 0, 0, 1, 0, 0, 1]
    assert week2.summary.flag == "ok"
    assert week1.summary.flag == "too_few"  # 3 first attempts: under the minimum of 4


def test_the_weakest_questions_with_their_text(brief):
    weakest = [(item.text, item.right, item.answered) for item in brief.weakest_questions]
    assert weakest == [
        ("Which are optimizers?", 1, 4),
        ("Question B: what does backprop compute?", 1, 3),
    ]
    by_title = {row.quiz.title: row for row in brief.quizzes}
    assert by_title["Week 2 quiz"].weakest.text == "Which are optimizers?"
    assert by_title["Week 1 quiz"].weakest.wrong_percent == 67
    assert [row.quiz.title for row in brief.last_week_quizzes] == ["Week 2 quiz"]


def test_levels_from_quizzes_and_missions(brief):
    figures = figures_by_name(brief)
    s1, s2, s3, s4 = (figures[name] for name in ("S01", "S02", "S03", "S04"))
    assert (s1.quiz_mean, s1.completion, s1.level, s1.band) == (100, 100, 100, "strong")
    assert s2.quiz_mean == pytest.approx(58.333, abs=0.01)
    assert s2.completion == 50
    assert s2.level == pytest.approx(54.167, abs=0.01)
    assert s2.band == "steady"
    assert s3.level == pytest.approx(20.833, abs=0.01)
    assert (s4.quiz_mean, s4.completion, s4.level, s4.band) == (0, 0, 0, "struggling")
    assert [(band, count) for band, _label, count in brief.level_bands] == [
        ("struggling", 2),
        ("steady", 1),
        ("strong", 1),
        ("none", 0),
    ]
    assert [figure.student.name for figure in brief.struggling] == ["S04", "S03"]


def test_quiz_trend(brief):
    figures = figures_by_name(brief)
    assert (figures["S01"].trend, figures["S01"].trend_direction) == (0, "flat")
    assert figures["S02"].trend == pytest.approx(16.667, abs=0.01)
    assert figures["S02"].trend_direction == "up"
    assert figures["S04"].trend_direction == "none"


def test_the_inactive_students(brief):
    assert [figure.student.name for figure in brief.inactive] == ["S03", "S04"]


def test_open_questions_notes_and_the_coming_week(brief, handmade):
    assert {q.title for q in brief.open_questions} == {
        "Why does Adam diverge here?",
        "Open since week 2?",
    }
    assert brief.handoff_notes == [handmade["notes"]["week2"]]  # not this week's own note
    assert brief.lead_notes == [handmade["notes"]["lead"]]
    assert [c.title for c in brief.competitions] == ["CV 경진대회"]
    assert brief.load.lecture_minutes == 180
    assert len(brief.load.competitions) == 1


def test_a_later_weeks_brief_carries_this_weeks_note(handmade, cohort):
    later = build_brief(cohort.weeks.get(number=4))
    assert handmade["notes"]["week3"] in later.handoff_notes
    assert later.handoff_notes[0].week.number == 3


def test_the_first_weeks_brief_has_no_history(handmade, cohort):
    first = build_brief(cohort.weeks.get(number=1))
    assert first.past_weeks == []
    assert first.quizzes == []
    assert first.handoff_notes == []
