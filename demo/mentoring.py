"""Demo content of the weekly mentoring track: missions, articles, quizzes with first attempts,
progress, reading lists and the question board, so every feature shows believable data (past
weeks with statistics, the current week in progress). A week that already has missions is left
alone, so a second run changes nothing."""

import datetime
import random
import zoneinfo

from django.utils import timezone

from mentoring.models import (
    Article,
    BoardAnswer,
    BoardQuestion,
    BoardUpvote,
    Mission,
    MissionProgress,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    SavedArticle,
    Tag,
)

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
SOURCES = ["Velog", "Medium", "arXiv", "Towards Data Science", "Hugging Face Blog", "PyTorch Blog"]
TIERS = [("easy", "1.0"), ("medium", "3.0"), ("hard", "6.0")]
MISSION_TEMPLATES = {
    "easy": "{theme} 강의 핵심 개념 5줄 요약",
    "medium": "{lecture} 실습 코드를 직접 재현하기",
    "hard": "{theme} 논문 하나를 골라 구현하고 결과 비교하기",
}
# The seed's complaint, kept on purpose: the ML Basic week's quiz was far too easy.
TOO_EASY_THEME = "ML Basic"
HAND_WRITTEN = {
    "ML Basic": [
        (
            "선형 회귀의 손실 함수로 흔히 쓰는 것은?",
            ["MSE", "Cross-entropy", "Hinge", "KL divergence"],
            0,
        ),
        (
            "학습 데이터를 나누어 번갈아 검증하는 방법은?",
            ["교차 검증", "부스팅", "드롭아웃", "정규화"],
            0,
        ),
        ("분류 모델의 평가 지표가 아닌 것은?", ["RMSE", "정확도", "F1", "AUC"], 0),
        ("과적합을 줄이는 방법은?", ["정규화", "학습률 높이기", "특성 늘리기", "검증 생략"], 0),
    ],
    "NLP Advanced": [
        (
            "Transformer의 self-attention에서 scaling factor로 나누는 값은?",
            ["√d_k", "d_k", "헤드 수", "시퀀스 길이"],
            0,
        ),
        ("BERT의 사전학습 과제는?", ["MLM과 NSP", "다음 토큰 예측만", "이미지 분류", "번역"], 0),
        (
            "BART가 요약에 강한 이유로 알맞은 것은?",
            ["인코더-디코더 구조의 denoising 사전학습", "인코더만 사용", "RNN 기반", "규칙 기반"],
            0,
        ),
        (
            "beam search의 beam 크기를 키우면?",
            [
                "더 많은 후보를 탐색한다",
                "항상 더 짧아진다",
                "학습이 빨라진다",
                "모델 크기가 커진다",
            ],
            0,
        ),
        (
            "encoder-only 모델이 서비스에서 유리할 수 있는 경우는?",
            [
                "특정 분류 task에 가볍게 쓸 때",
                "긴 글을 생성할 때",
                "대화를 생성할 때",
                "이미지를 생성할 때",
            ],
            0,
        ),
    ],
    "CV Generation": [
        (
            "GAN에서 판별자의 역할은?",
            ["진짜와 가짜를 구분", "이미지 생성", "노이즈 제거", "분류"],
            0,
        ),
        ("VAE의 손실 함수 구성은?", ["재구성 오차 + KL", "MSE만", "Cross-entropy만", "Hinge"], 0),
        (
            "Diffusion 모델이 학습하는 것은?",
            ["노이즈를 예측해 제거하는 과정", "판별자", "클러스터", "결정 트리"],
            0,
        ),
        ("mode collapse가 자주 문제되는 모델은?", ["GAN", "선형 회귀", "k-means", "PCA"], 0),
    ],
}
QUESTION_TITLES = [
    "과제에서 데이터 전처리를 어디까지 해야 할지 모르겠어요",
    "강의의 수식 유도 과정이 이해가 안 됩니다",
    "실습 코드가 GPU 메모리 부족으로 멈춥니다",
    "이번 주 미션의 상 난이도 과제 범위가 궁금합니다",
    "추천해 주신 아티클 외에 볼 만한 자료가 있을까요?",
    "경진대회와 미션을 같이 하려면 시간 배분을 어떻게 하나요?",
]


class MentoringDemo:
    def __init__(self, *, today, weeks, students, current_number):
        self.today = today
        self.weeks = weeks
        self.students = students
        self.current = current_number
        self.random = random.Random(3)
        # Each student's skill, from struggling (0.35) to strong (0.95), fixed by the seed.
        self.skill = {student.pk: 0.35 + 0.6 * self.random.random() for student in students}
        self.created = 0

    def build(self):
        for number, week in sorted(self.weeks.items()):
            if number > self.current + 1 or not week.theme:
                continue
            if Mission.objects.filter(week=week).exists():
                continue
            missions = self.missions(week)
            articles = self.articles(week)
            quiz = self.quiz(week)
            if number < self.current:
                self.progress(missions, share=1.0)
                self.attempts(quiz)
                self.board(week, answered=number < self.current - 1)
            elif number == self.current:
                self.progress(missions, share=0.5)
                self.attempts(quiz, share=0.4)
                self.board(week, answered=False)
            self.reading(articles, past=number < self.current)
            self.created += 1
        return self.created

    def missions(self, week):
        lectures = list(week.lectures.all())
        lecture = lectures[1].title if len(lectures) > 1 else week.theme
        due = datetime.datetime.combine(week.ends_on, datetime.time(23, 59), SEOUL)
        return Mission.objects.bulk_create(
            Mission(
                week=week,
                title=MISSION_TEMPLATES[tier].format(theme=week.theme, lecture=lecture),
                body=f"**목표**: {week.theme} 내용을 내 것으로 만들기.\n\n"
                "- 결과를 GitHub에 올리고 링크를 남겨 주세요.\n- 막히면 질문 게시판에 질문하세요.",
                difficulty=tier,
                estimated_hours=hours,
                due_at=due,
                expects_link=tier != "easy",
                order=order,
            )
            for order, (tier, hours) in enumerate(TIERS, start=1)
        )

    def articles(self, week):
        lectures = list(week.lectures.all()) or [None]
        rows = []
        for offset in range(5):
            lecture = lectures[offset % len(lectures)]
            topic = lecture.title if lecture else week.theme
            rows.append(
                Article(
                    week=week,
                    day=week.starts_on + datetime.timedelta(days=offset),
                    title=f"{topic} 한눈에 정리",
                    url=f"https://example.com/{week.cohort.slug}/week-{week.number}/{offset + 1}",
                    source=SOURCES[(week.number + offset) % len(SOURCES)],
                    summary=(
                        f"{week.theme} 주간의 {offset + 1}번째 읽을거리. "
                        f"{topic}의 핵심을 짧게 정리한 글입니다."
                    ),
                    reading_minutes=5 + 5 * ((week.number + offset) % 4),
                )
            )
        return Article.objects.bulk_create(rows)

    def quiz(self, week):
        lectures = list(week.lectures.all())
        quiz = Quiz.objects.create(
            week=week,
            lecture=lectures[0] if lectures else None,
            title=f"{week.theme} 사전 퀴즈",
            description="강의 전에 풀어 보고, 강의에서 무엇에 집중할지 확인하세요.",
            intended_difficulty="easy" if week.level == "basic" else "medium",
            is_pre_lecture=True,
        )
        tags = [Tag.objects.get_or_create(name=week.phase.name.lower().replace(" ", "-"))[0]]
        tags.append(
            Tag.objects.get_or_create(name="basics" if week.level == "basic" else "advanced")[0]
        )
        quiz.tags.set(tags)
        items = HAND_WRITTEN.get(week.theme) or [
            (
                f"{lecture.title}에 대한 설명으로 옳은 것은?",
                ["옳은 설명", "틀린 설명 1", "틀린 설명 2", "틀린 설명 3"],
                0,
            )
            for lecture in lectures[:4]
        ]
        for order, (text, ordered, right) in enumerate(items, start=1):
            # The written right answer comes first; shown in that order it would always be (1).
            shift = (week.number + order) % len(ordered)
            choices = ordered[shift:] + ordered[:shift]
            right = (right - shift) % len(ordered)
            question = QuizQuestion.objects.create(
                quiz=quiz,
                order=order,
                text=text,
                explanation=f"정답은 “{choices[right]}”입니다. 강의에서 이 부분을 자세히 다룹니다.",
                difficulty=("easy", "medium", "hard")[order % 3],
            )
            QuizChoice.objects.bulk_create(
                QuizChoice(question=question, order=i + 1, text=choice, is_correct=i == right)
                for i, choice in enumerate(choices)
            )
        return quiz

    def _chance(self, student, base):
        return min(0.98, max(0.05, self.skill[student.pk] * base))

    def attempts(self, quiz, share=1.0):
        questions = list(quiz.questions.prefetch_related("choices"))
        easy = quiz.week.theme == TOO_EASY_THEME
        base = 1.4 if easy else 0.95 if quiz.week.level == "basic" else 0.8
        when = timezone.make_aware(datetime.datetime.combine(quiz.week.starts_on, datetime.time(9)))
        for student in self.students:
            if self.random.random() > share:
                continue
            graded = []
            for index, question in enumerate(questions):
                hardness = 1 - 0.12 * (index % 3)
                chance = 0.96 if easy else self._chance(student, base * hardness)
                right = self.random.random() < chance
                choices = list(question.choices.all())
                pick = (
                    next(c for c in choices if c.is_correct == right)
                    if right
                    else self.random.choice([c for c in choices if not c.is_correct])
                )
                graded.append((question, pick, right))
            attempt = QuizAttempt.objects.create(
                quiz=quiz,
                student=student,
                number=1,
                score=sum(1 for *_rest, right in graded if right),
                total=len(graded),
            )
            QuizAttempt.objects.filter(pk=attempt.pk).update(submitted_at=when)
            answers = QuizAnswer.objects.bulk_create(
                QuizAnswer(attempt=attempt, question=question, is_correct=right)
                for question, _pick, right in graded
            )
            QuizAnswer.selected.through.objects.bulk_create(
                QuizAnswer.selected.through(quizanswer_id=answer.pk, quizchoice_id=pick.pk)
                for answer, (_question, pick, _right) in zip(answers, graded, strict=True)
            )

    def progress(self, missions, share):
        rows = []
        for mission in missions:
            weight = {"easy": 1.3, "medium": 1.0, "hard": 0.6}[mission.difficulty]
            for student in self.students:
                roll = self.random.random()
                if roll > share:
                    continue
                if self.random.random() < self._chance(student, weight):
                    status, link = (
                        "done",
                        (
                            f"https://github.com/demo-{student.pk}/week-{mission.week.number}"
                            if mission.expects_link
                            else ""
                        ),
                    )
                elif share < 1 and self.random.random() < 0.5:
                    status, link = "doing", ""
                else:
                    status, link = "skipped" if share == 1.0 else "todo", ""
                rows.append(
                    MissionProgress(mission=mission, student=student, status=status, link=link)
                )
        MissionProgress.objects.bulk_create(rows)

    def reading(self, articles, past):
        rows = []
        for student in self.students[:20]:
            for article in articles:
                if self.random.random() < 0.6:
                    read = past and self.random.random() < 0.5
                    rows.append(
                        SavedArticle(
                            article=article,
                            user=student,
                            read_at=timezone.now() if read else None,
                        )
                    )
        SavedArticle.objects.bulk_create(rows, ignore_conflicts=True)

    def board(self, week, answered):
        mentor = week.mentors.first()
        for index in range(2):
            author = self.students[(week.number * 3 + index) % len(self.students)]
            question = BoardQuestion.objects.create(
                week=week,
                author=author,
                title=QUESTION_TITLES[(week.number + index) % len(QUESTION_TITLES)],
                body="어떻게 접근하면 좋을지 조언 부탁드립니다.",
                is_anonymous=index == 1,
            )
            voters = self.random.sample(self.students, k=3 + (week.number + index) % 5)
            BoardUpvote.objects.bulk_create(
                BoardUpvote(question=question, user=voter) for voter in voters if voter != author
            )
            if answered and mentor is not None and index == 0:
                BoardAnswer.objects.create(
                    question=question,
                    author=mentor,
                    body=(
                        "좋은 질문입니다. 먼저 베이스라인을 빠르게 확정하고, "
                        "실험은 wandb로 기록해 보세요."
                    ),
                )
