"""The weekly mentoring part of the benchmark's data set, built with bulk_create.

Every themed week up to the current one (a week without a theme has no mentor, so no content) gets
three missions (easy, medium, hard), five articles (Monday to Friday), one pre-lecture quiz of four
or five questions with four choices each (one question takes several answers), and two to four
board questions with upvotes and answers. Students act on them as a cohort would: in past weeks
most have mission progress and a first quiz attempt, about half the articles are on each
student's reading list and some of those are read; in the current week fewer have started.

The per-student rows (about 45,000 per cohort of 300 students) are written one cohort at a time,
so memory stays flat whatever the number of cohorts.
"""

import datetime
import random
import zoneinfo
from decimal import Decimal

from django.utils import timezone

from mentoring.models import (
    Article,
    BoardAnswer,
    BoardQuestion,
    BoardUpvote,
    Mission,
    MissionProgress,
    QuestionKind,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    SavedArticle,
    Tag,
)

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
BATCH = 2000  # rows per INSERT: bounded statements on PostgreSQL, SQLite's variable limit

TIERS = [("easy", Decimal("1.5")), ("medium", Decimal("3.0")), ("hard", Decimal("6.0"))]
MISSION_TITLES = {
    "easy": "{theme} 강의 핵심 개념 5줄 요약",
    "medium": "{lecture} 실습 코드를 직접 재현하기",
    "hard": "{theme} 논문 하나를 골라 구현하고 결과 비교하기",
}
MISSION_BODY = (
    "**목표**: {theme} 내용을 내 것으로 만들기.\n\n"
    "- 결과를 GitHub에 올리고 링크를 남겨 주세요.\n"
    "- 막히면 질문 게시판에 질문하세요.\n"
    "- 참고: `torch.nn` 문서와 강의 노트"
)
SOURCES = ["Velog", "Medium", "arXiv", "Towards Data Science", "Hugging Face Blog", "PyTorch Blog"]
QUESTION_TITLES = [
    "과제에서 데이터 전처리를 어디까지 해야 할지 모르겠어요",
    "강의의 수식 유도 과정이 이해가 안 됩니다",
    "실습 코드가 GPU 메모리 부족으로 멈춥니다",
    "이번 주 미션의 상 난이도 과제 범위가 궁금합니다",
    "추천해 주신 아티클 외에 볼 만한 자료가 있을까요?",
    "경진대회와 미션을 같이 하려면 시간 배분을 어떻게 하나요?",
]
QUESTION_BODY = (
    "강의 자료 3장의 예제를 따라 했는데 결과가 다릅니다.\n\n```python\nloss.backward()\n```"
)
ANSWER_BODY = (
    "좋은 질문입니다. 먼저 **베이스라인**을 빠르게 확정하고, 실험은 wandb로 기록해 보세요.\n\n"
    "1. 데이터 분포 확인\n2. 작은 모델로 과적합 확인\n3. 학습률 조정"
)

# How students behave: share with a row in a past week / in the current week.
PAST_PROGRESS, CURRENT_PROGRESS = 0.9, 0.4
PAST_ATTEMPT, CURRENT_ATTEMPT = 0.85, 0.45
SAVE_SHARE = 0.5  # of a week's articles (published by today) on each student's list
PAST_READ, CURRENT_READ = 0.5, 0.2  # of the saved ones
UPVOTES_MAX = 12
TIER_WEIGHT = {"easy": 1.3, "medium": 1.0, "hard": 0.6}  # how much likelier than skill alone


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), SEOUL)


class MentoringBuilder:
    """Mentoring content for `weeks` (themed, up to each cohort's current one) and activity of
    `students` (one list per cohort)."""

    def __init__(self, *, rng: random.Random, today, week_mentor, leads):
        self.random = rng
        self.today = today
        self.week_mentor = week_mentor  # week pk -> the week's theme mentor
        self.leads = leads  # cohort pk -> lead instructor
        self.counts = dict.fromkeys(
            [
                "missions",
                "mission_progress",
                "articles",
                "saved_articles",
                "quizzes",
                "quiz_questions",
                "quiz_choices",
                "quiz_attempts",
                "quiz_answers",
                "quiz_selected_choices",
                "board_questions",
                "board_upvotes",
                "board_answers",
            ],
            0,
        )

    def build(self, cohorts, weeks, lectures, students, current):
        """`current`: cohort pk -> number of the week containing today."""
        weeks = [
            week
            for week in weeks
            if week.theme
            and week.number <= current[week.cohort_id]
            and week.starts_on <= self.today
        ]
        lectures_of = {}
        for lecture in lectures:
            lectures_of.setdefault(lecture.week_id, []).append(lecture)
        missions = self.missions(weeks, lectures_of)
        articles = self.articles(weeks, lectures_of)
        quizzes = self.quizzes(weeks, lectures_of)
        questions = self.quiz_questions(quizzes)
        for cohort, cohort_students in zip(cohorts, students, strict=True):
            number = current[cohort.pk]
            is_current = {w.pk: w.number == number for w in weeks if w.cohort_id == cohort.pk}
            ours = [row for row in (*missions, *articles, *quizzes) if row.week_id in is_current]
            self.activity(cohort, cohort_students, ours, questions, is_current, number)
        return self.counts

    def activity(self, cohort, students, content, questions, is_current, current_number):
        """What the students of one cohort did with its weeks' content."""
        skill = {student.pk: 0.35 + 0.6 * self.random.random() for student in students}
        missions = [row for row in content if isinstance(row, Mission)]
        articles = [row for row in content if isinstance(row, Article)]
        quizzes = [row for row in content if isinstance(row, Quiz)]
        self.progress(missions, students, skill, is_current, current_number)
        self.reading(articles, students, is_current)
        self.attempts(quizzes, questions, students, skill, is_current)
        weeks = {mission.week_id: mission.week for mission in missions}
        self.board(list(weeks.values()), cohort, students, is_current)

    def _bulk(self, name, model, rows):
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        if name:
            self.counts[name] += len(created)
        return created

    # --- What the week's mentor writes -----------------------------------------------------------

    def missions(self, weeks, lectures_of):
        rows = []
        for week in weeks:
            lectures = lectures_of.get(week.pk, [])
            lecture = lectures[1].title if len(lectures) > 1 else week.theme
            for order, (tier, hours) in enumerate(TIERS, start=1):
                rows.append(
                    Mission(
                        week=week,
                        title=MISSION_TITLES[tier].format(theme=week.theme, lecture=lecture),
                        body=MISSION_BODY.format(theme=week.theme),
                        difficulty=tier,
                        estimated_hours=hours,
                        due_at=_at(week.ends_on, 23),
                        expects_link=tier != "easy",
                        order=order,
                        created_by=self.week_mentor.get(week.pk),
                    )
                )
        return self._bulk("missions", Mission, rows)

    def articles(self, weeks, lectures_of):
        rows = []
        for week in weeks:
            lectures = lectures_of.get(week.pk) or [None]
            for offset in range(5):
                lecture = lectures[offset % len(lectures)]
                topic = lecture.title if lecture else week.theme
                rows.append(
                    Article(
                        week=week,
                        day=week.starts_on + datetime.timedelta(days=offset),
                        title=f"{topic} 한눈에 정리 ({offset + 1})",
                        url=f"https://example.com/week-{week.pk}/{offset + 1}",
                        source=SOURCES[(week.number + offset) % len(SOURCES)],
                        summary=f"{week.theme} 주간의 {offset + 1}번째 읽을거리. "
                        f"{topic}의 핵심을 짧게 정리한 글입니다.",
                        reading_minutes=5 + 5 * ((week.number + offset) % 4),
                        created_by=self.week_mentor.get(week.pk),
                    )
                )
        return self._bulk("articles", Article, rows)

    def quizzes(self, weeks, lectures_of):
        quizzes = self._bulk(
            "quizzes",
            Quiz,
            [
                Quiz(
                    week=week,
                    lecture=(lectures_of.get(week.pk) or [None])[0],
                    title=f"{week.theme} 사전 퀴즈",
                    description="강의 전에 풀어 보고, 강의에서 무엇에 집중할지 확인하세요.",
                    intended_difficulty="easy" if week.level == "basic" else "medium",
                    created_by=self.week_mentor.get(week.pk),
                )
                for week in weeks
            ],
        )
        week_of = {week.pk: week for week in weeks}
        names = {
            quiz.pk: (
                week_of[quiz.week_id].phase.name.lower().replace(" ", "-"),
                "basics" if week_of[quiz.week_id].level == "basic" else "advanced",
            )
            for quiz in quizzes
        }
        wanted = {name for pair in names.values() for name in pair}
        Tag.objects.bulk_create([Tag(name=name) for name in wanted], ignore_conflicts=True)
        tag_ids = dict(Tag.objects.filter(name__in=wanted).values_list("name", "pk"))
        self._bulk(
            "",
            Quiz.tags.through,
            [
                Quiz.tags.through(quiz_id=quiz_id, tag_id=tag_ids[name])
                for quiz_id, pair in names.items()
                for name in pair
            ],
        )
        return quizzes

    def quiz_questions(self, quizzes):
        """quiz pk -> [(question, [choices])]; the third question of each quiz is multiple choice
        with two right answers, the others single choice with one."""
        specs, questions = [], []
        for quiz in quizzes:
            for order in range(1, 4 + quiz.pk % 2 + 1):
                kind = QuestionKind.MULTIPLE if order == 3 else QuestionKind.SINGLE
                specs.append((quiz.pk, kind))
                questions.append(
                    QuizQuestion(
                        quiz=quiz,
                        order=order,
                        text=f"{quiz.title} {order}번: 설명으로 옳은 것은?",
                        kind=kind,
                        explanation="정답은 강의 노트 2장에서 자세히 다룹니다.",
                        difficulty=("easy", "medium", "hard")[order % 3],
                    )
                )
        questions = self._bulk("quiz_questions", QuizQuestion, questions)
        right = {QuestionKind.SINGLE: {1}, QuestionKind.MULTIPLE: {1, 3}}
        choices = self._bulk(
            "quiz_choices",
            QuizChoice,
            [
                QuizChoice(
                    question=question,
                    order=order,
                    text=f"보기 {order}",
                    is_correct=order in right[kind],
                )
                for question, (_quiz, kind) in zip(questions, specs, strict=True)
                for order in range(1, 5)
            ],
        )
        by_quiz = {}
        for index, question in enumerate(questions):
            by_quiz.setdefault(question.quiz_id, []).append(
                (question, choices[4 * index : 4 * index + 4])
            )
        return by_quiz

    # --- What students do ------------------------------------------------------------------------

    def _chance(self, skill, weight):
        return min(0.97, max(0.05, skill * weight))

    def progress(self, missions, students, skill, is_current, current_number):
        rows = []
        for mission in missions:
            now = is_current[mission.week_id]
            for student in students:
                if student is students[0]:
                    status = self.measured_status(mission, now, current_number)
                else:
                    status = self.status(mission, now, skill[student.pk])
                if status is None:
                    continue
                link = ""
                if status == "done" and mission.expects_link:
                    link = f"https://github.com/student-{student.pk}/mission-{mission.pk}"
                rows.append(
                    MissionProgress(mission=mission, student=student, status=status, link=link)
                )
        self._bulk("mission_progress", MissionProgress, rows)

    def status(self, mission, now, skill):
        """A student's status on a mission, or None when they have not touched it."""
        if self.random.random() > (CURRENT_PROGRESS if now else PAST_PROGRESS):
            return None
        if self.random.random() < self._chance(skill, TIER_WEIGHT[mission.difficulty]):
            return "done"
        return "doing" if now or self.random.random() < 0.3 else "skipped"

    @staticmethod
    def measured_status(mission, now, current_number):
        """The first student of each cohort, whose pages the benchmark counts the queries of, is
        the same at every size: everything done but last week's hard mission (so the dashboard
        shows an unfinished mission from last week), and this week's easy one done, the medium one
        started. A page's query count then cannot change because of this student's luck."""
        if now:
            return {"easy": "done", "medium": "doing"}.get(mission.difficulty)
        if mission.difficulty == "hard" and mission.week.number == current_number - 1:
            return "doing"
        return "done"

    def reading(self, articles, students, is_current):
        rows = []
        published = [article for article in articles if article.day <= self.today]
        for student in students:
            for article in published:
                if self.random.random() >= SAVE_SHARE:
                    continue
                now = is_current[article.week_id]
                read = self.random.random() < (CURRENT_READ if now else PAST_READ)
                read_at = _at(article.day + datetime.timedelta(days=1), 21) if read else None
                if read_at and read_at > timezone.now():
                    read_at = timezone.now()
                rows.append(SavedArticle(article=article, user=student, read_at=read_at))
        self._bulk("saved_articles", SavedArticle, rows)

    def attempts(self, quizzes, questions, students, skill, is_current):
        """First attempts, their answers and the choices selected in each."""
        graded, attempts = [], []
        for quiz in quizzes:
            share = CURRENT_ATTEMPT if is_current[quiz.week_id] else PAST_ATTEMPT
            items = questions[quiz.pk]
            for student in students:
                if self.random.random() > share:
                    continue
                picks = [
                    self.pick(question, choices, skill[student.pk]) for question, choices in items
                ]
                score = sum(1 for _question, _chosen, correct in picks if correct)
                attempts.append(
                    QuizAttempt(quiz=quiz, student=student, number=1, score=score, total=len(picks))
                )
                graded.append(picks)
        attempts = self._bulk("quiz_attempts", QuizAttempt, attempts)
        answers = self._bulk(
            "quiz_answers",
            QuizAnswer,
            [
                QuizAnswer(attempt=attempt, question=question, is_correct=correct)
                for attempt, picks in zip(attempts, graded, strict=True)
                for question, _chosen, correct in picks
            ],
        )
        chosen = [chosen for picks in graded for _question, chosen, _correct in picks]
        through = QuizAnswer.selected.through
        self._bulk(
            "quiz_selected_choices",
            through,
            [
                through(quizanswer_id=answer.pk, quizchoice_id=choice.pk)
                for answer, selected in zip(answers, chosen, strict=True)
                for choice in selected
            ],
        )

    def pick(self, question, choices, skill):
        """(question, selected choices, whether that is exactly the right set)."""
        right = [choice for choice in choices if choice.is_correct]
        wrong = [choice for choice in choices if not choice.is_correct]
        if self.random.random() < self._chance(skill, 1.0 if len(right) == 1 else 0.8):
            return question, right, True
        if len(right) > 1:
            return question, [right[0], self.random.choice(wrong)], False
        return question, [self.random.choice(wrong)], False

    def board(self, weeks, cohort, students, is_current):
        questions, answered = [], []
        for week in weeks:
            for index in range(self.random.randint(2, 4)):
                questions.append(
                    BoardQuestion(
                        week=week,
                        author=self.random.choice(students),
                        title=QUESTION_TITLES[(week.number + index) % len(QUESTION_TITLES)],
                        body=QUESTION_BODY if index % 2 == 0 else "",
                        is_anonymous=self.random.random() < 0.25,
                    )
                )
                answered.append(self.random.random() < (0.3 if is_current[week.pk] else 0.85))
        questions = self._bulk("board_questions", BoardQuestion, questions)
        upvotes, answers = [], []
        for question, is_answered in zip(questions, answered, strict=True):
            voters = self.random.sample(
                students, k=min(len(students), self.random.randint(0, UPVOTES_MAX))
            )
            upvotes += [
                BoardUpvote(question=question, user=voter)
                for voter in voters
                if voter.pk != question.author_id
            ]
            if is_answered:
                mentor = self.week_mentor.get(question.week_id) or self.leads[cohort.pk]
                answers.append(BoardAnswer(question=question, author=mentor, body=ANSWER_BODY))
                if self.random.random() < 0.2:  # the lead instructor adds a word
                    answers.append(
                        BoardAnswer(
                            question=question, author=self.leads[cohort.pk], body="동의합니다."
                        )
                    )
        self._bulk("board_upvotes", BoardUpvote, upvotes)
        self._bulk("board_answers", BoardAnswer, answers)
