"""Continuity in the demo: past weeks' handoff notes, the lead instructor's notes on the cohort
and on some students, the lead's group and one-to-one sessions (held with a summary, and coming
up), and activity dated when it happened so that a few students have gone quiet.

Runs after MentoringDemo. Everything is written once: when the cohort already has handoff notes
the demo is already there, and a second run changes nothing.
"""

import datetime
import random
import zoneinfo

from curriculum.models import Role
from mentoring.models import (
    BoardAnswer,
    BoardQuestion,
    CohortNote,
    HandoffNote,
    LeadSession,
    MissionProgress,
    QuizAttempt,
    SavedArticle,
    StudentNote,
)

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
QUIET_STUDENTS = 4  # students with nothing done for a week: the radar and brief mark them

STRUGGLED = [
    "수식 유도보다 코드로 확인하는 쪽을 훨씬 편해합니다. 개념 질문에서 오답이 많았습니다.",
    "상 난이도 미션을 끝낸 학생이 적었습니다. 경진대회와 겹쳐 시간이 부족했다고 합니다.",
    "하이퍼파라미터를 바꿔 가며 실험을 기록하는 습관이 아직 없습니다.",
    "GPU 메모리 부족으로 실습이 막힌 학생이 많았습니다. "
    "배치 크기와 mixed precision을 안내했습니다.",
]
WENT_WELL = [
    "사전 퀴즈 덕분에 강의 때 질문이 구체적이었습니다.",
    "라이브 코딩 세션 참여가 좋았고, 질문 게시판도 활발했습니다.",
    "하 난이도 미션 완료율이 높았습니다. 기본기는 잘 따라옵니다.",
]
PICK_UP = [
    "다음 주 시작할 때 이번 주 핵심 개념을 10분 정도 복습해 주세요.",
    "learning-rate scheduler와 wandb 사용법을 한 번 더 짚어 주시면 좋겠습니다.",
    "상 난이도 미션은 단계별 힌트를 함께 주면 완료율이 올라갈 것 같습니다.",
]
LEAD_NOTES = [
    "전체적으로 이론 이해는 좋지만 실습 속도 차이가 큽니다. "
    "상 난이도 미션은 선택으로 안내해 주세요.",
    "경진대회 기간에는 과제 부담이 커서 지친 학생이 많습니다. "
    "미션 분량을 조절해 주시고, 조용해진 학생은 저에게 알려 주세요.",
]
STUDENT_NOTES = [
    ("career", "NLP 쪽 취업을 희망. 포트폴리오로 경진대회 결과를 정리하도록 권함."),
    ("level", "기초 수학에서 막힘. 선형대수 보충 자료를 전달함."),
    ("follow_up", "최근 활동이 줄어듦. 다음 주 1:1에서 컨디션 확인하기."),
]


class ContinuityDemo:
    def __init__(self, *, today, cohort, weeks, students, current_number):
        self.today = today
        self.cohort = cohort
        self.weeks = weeks
        self.students = students
        self.current = current_number
        self.random = random.Random(4)

    def build(self):
        if HandoffNote.objects.filter(week__cohort=self.cohort).exists():
            return 0
        lead = self.cohort.memberships.get(role=Role.LEAD_INSTRUCTOR).user
        self.date_activity()
        notes = self.handoff_notes()
        self.lead_notes(lead)
        self.sessions(lead)
        return notes

    def _at(self, day, hour=None):
        hour = hour if hour is not None else self.random.randint(9, 22)
        return datetime.datetime.combine(day, datetime.time(hour), SEOUL)

    def _in_week(self, week, latest=None):
        last = min(week.ends_on, latest or week.ends_on)
        span = max(0, (last - week.starts_on).days)
        return self._at(week.starts_on + datetime.timedelta(days=self.random.randint(0, span)))

    def date_activity(self):
        """Mission updates, saves and questions happened during their week, not at seeding
        time; a few students stopped doing anything a week ago."""
        yesterday = self.today - datetime.timedelta(days=1)
        MissionProgress.objects.bulk_update(
            self._dated(MissionProgress, "mission__week", "updated_at", yesterday), ["updated_at"]
        )
        SavedArticle.objects.bulk_update(
            self._dated(SavedArticle, "article__week", "saved_at", yesterday), ["saved_at"]
        )
        for saved in SavedArticle.objects.filter(
            article__week__cohort=self.cohort, read_at__isnull=False
        ):
            SavedArticle.objects.filter(pk=saved.pk).update(read_at=saved.saved_at)
        BoardQuestion.objects.bulk_update(
            self._dated(BoardQuestion, "week", "created_at", yesterday), ["created_at"]
        )
        for answer in BoardAnswer.objects.filter(question__week__cohort=self.cohort).select_related(
            "question"
        ):
            BoardAnswer.objects.filter(pk=answer.pk).update(
                created_at=answer.question.created_at + datetime.timedelta(hours=5)
            )
        self.quiet_down()

    def _dated(self, model, week_path, field, latest):
        rows = list(
            model.objects.filter(**{f"{week_path}__cohort": self.cohort}).select_related(week_path)
        )
        for row in rows:
            week = row
            for part in week_path.split("__"):
                week = getattr(week, part)
            setattr(row, field, self._in_week(week, latest))
        return rows

    def quiet_down(self):
        quiet = self.students[-QUIET_STUDENTS:]  # never the contract's student@ or student2@
        since = self._at(self.today - datetime.timedelta(days=7), 20)
        MissionProgress.objects.filter(student__in=quiet, updated_at__gt=since).update(
            updated_at=since
        )
        QuizAttempt.objects.filter(student__in=quiet, submitted_at__gt=since).update(
            submitted_at=since
        )
        SavedArticle.objects.filter(user__in=quiet, saved_at__gt=since).update(saved_at=since)
        SavedArticle.objects.filter(user__in=quiet, read_at__gt=since).update(read_at=since)
        BoardQuestion.objects.filter(author__in=quiet, created_at__gt=since).update(
            created_at=since
        )

    def handoff_notes(self):
        made = 0
        for number, week in sorted(self.weeks.items()):
            mentor = week.mentors.first()
            # The last week's mentor has written theirs; two earlier mentors never did.
            if number >= self.current or mentor is None or number in (4, 9):
                continue
            pick = number % 3
            HandoffNote.objects.create(
                week=week,
                mentor=mentor,
                went_well=WENT_WELL[pick],
                struggled=STRUGGLED[number % len(STRUGGLED)],
                pick_up=PICK_UP[(number + 1) % len(PICK_UP)],
                about_students=(
                    f"{self.students[-1].display_name} 님이 이번 주 거의 참여하지 않았습니다. "
                    "강사님께 공유했습니다."
                    if number == self.current - 1
                    else ""
                ),
            )
            made += 1
        return made

    def lead_notes(self, lead):
        for days_ago, body in zip((40, 6), LEAD_NOTES, strict=True):
            CohortNote.objects.create(
                cohort=self.cohort,
                author=lead,
                body=body,
                created_at=self._at(self.today - datetime.timedelta(days=days_ago), 21),
            )
        for student, (topic, body) in zip(
            [self.students[0], self.students[-1], self.students[-2]], STUDENT_NOTES, strict=True
        ):
            note = StudentNote.objects.create(
                cohort=self.cohort, student=student, author=lead, topic=topic, body=body
            )
            StudentNote.objects.filter(pk=note.pk).update(
                created_at=self._at(self.today - datetime.timedelta(days=10), 18)
            )

    def sessions(self, lead):
        rows = []
        for number in range(2, self.current, 4):
            week = self.weeks[number]
            rows.append(
                LeadSession(
                    cohort=self.cohort,
                    lead=lead,
                    kind="group",
                    topic=f"{week.phase.name} 중간 점검",
                    starts_at=self._at(week.starts_on + datetime.timedelta(days=3), 19),
                    duration_minutes=60,
                    summary="진도와 과제 부담을 점검하고, 다음 단계 준비 방법을 안내했습니다.",
                )
            )
        for index, student in enumerate([self.students[0], self.students[-2]]):
            rows.append(
                LeadSession(
                    cohort=self.cohort,
                    lead=lead,
                    kind="one_to_one",
                    student=student,
                    topic="진로 상담",
                    starts_at=self._at(self.today - datetime.timedelta(days=9 + index), 17),
                    duration_minutes=30,
                    summary=(
                        "관심 분야와 포트폴리오 방향을 이야기했습니다. "
                        "경진대회 결과를 정리하기로 함."
                    ),
                )
            )
        rows.append(
            LeadSession(
                cohort=self.cohort,
                lead=lead,
                kind="group",
                topic="경진대회 회고와 취업 준비 Q&A",
                starts_at=self._at(self.today + datetime.timedelta(days=2), 19),
                duration_minutes=60,
            )
        )
        rows.append(
            LeadSession(
                cohort=self.cohort,
                lead=lead,
                kind="one_to_one",
                student=self.students[0],
                topic="1:1 멘토링: 다음 단계 계획",
                starts_at=self._at(self.today + datetime.timedelta(days=5), 18),
                duration_minutes=30,
            )
        )
        LeadSession.objects.bulk_create(rows)
