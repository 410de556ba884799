"""The demo cohort, modelled on the seed's Upstage AI Lab 2기: five phases, 26 weeks, three
competitions opening in the Advanced weeks, 30 students in teams."""

COHORT_NAME = "AI Lab 2기"
COHORT_SLUG = "ai-lab-2"
PASSWORD = "baton-demo"  # noqa: S105 - the documented demo password
CURRENT_WEEK = 14  # NLP week 2 (NLP Advanced): mid-course, with the NLP competition running

B, A, P = "basic", "advanced", "applied"

# (phase, [(theme, level), ...]); an empty theme is a week without one (the seed's CV week 3).
PHASES = [
    ("딥러닝 입문", [("Python for AI", B), ("PyTorch Basic", B), ("Deep Learning Basic", A)]),
    ("ML", [("EDA", B), ("ML Basic", B), ("ML Advanced", A), ("", ""), ("Time Series", P)]),
    ("CV", [("CV Basic", B), ("CV Advanced", A), ("", ""), ("CV Generation", A)]),
    (
        "NLP",
        [
            ("NLP Basic", B),
            ("NLP Advanced", A),
            ("", ""),
            ("LLM Basic", B),
            ("LLM Advanced", A),
            ("RAG", P),
        ],
    ),
    (
        "AI 실전학습",
        [
            ("Recommender Systems", P),
            ("MLOps Basic", B),
            ("MLOps Advanced", A),
            ("Information Extraction", P),
            ("Document AI", P),
            ("", ""),
            ("Final Project I", P),
            ("Final Project II", P),
        ],
    ),
]

LECTURES = {
    "Python for AI": [
        "파이썬 자료구조",
        "NumPy 기초",
        "Pandas로 데이터 다루기",
        "시각화: Matplotlib",
    ],
    "PyTorch Basic": [
        "텐서와 자동 미분",
        "Dataset과 DataLoader",
        "학습 루프 작성",
        "모델 저장과 불러오기",
    ],
    "Deep Learning Basic": [
        "퍼셉트론과 MLP",
        "역전파",
        "최적화: SGD와 Adam",
        "정규화와 드롭아웃",
        "CNN 입문",
    ],
    "EDA": ["탐색적 데이터 분석 개요", "결측치와 이상치", "변수 간 관계 분석", "EDA 실습"],
    "ML Basic": ["선형 회귀", "로지스틱 회귀", "결정 트리", "교차 검증", "평가 지표"],
    "ML Advanced": [
        "랜덤 포레스트",
        "Gradient Boosting",
        "LightGBM과 XGBoost",
        "하이퍼파라미터 튜닝",
        "앙상블",
    ],
    "Time Series": ["시계열 분해", "ARIMA", "Prophet", "딥러닝 시계열 예측"],
    "CV Basic": ["이미지 데이터의 이해", "CNN 구조", "ResNet", "데이터 증강"],
    "CV Advanced": [
        "객체 탐지: YOLO",
        "세그멘테이션",
        "Vision Transformer",
        "전이 학습",
        "Grad-CAM",
    ],
    "CV Generation": ["오토인코더", "VAE", "GAN", "Diffusion 모델", "Stable Diffusion 실습"],
    "NLP Basic": ["텍스트 전처리와 토큰화", "단어 임베딩", "RNN과 LSTM", "Seq2Seq와 Attention"],
    "NLP Advanced": ["Transformer", "BERT", "BART와 요약", "Hugging Face 실습", "디코딩 전략"],
    "LLM Basic": ["GPT 계열 모델", "프롬프트 엔지니어링", "In-context learning", "LLM 평가"],
    "LLM Advanced": ["Instruction tuning", "LoRA와 PEFT", "RLHF", "양자화"],
    "RAG": ["임베딩과 벡터 DB", "검색 증강 생성", "RAG 평가", "에이전트 입문"],
    "Recommender Systems": ["협업 필터링", "행렬 분해", "딥러닝 추천 모델", "추천 평가 지표"],
    "MLOps Basic": ["실험 관리: wandb", "Docker 기초", "모델 서빙", "tmux와 원격 개발"],
    "MLOps Advanced": ["CI/CD for ML", "모니터링", "Kubernetes 입문", "파이프라인 자동화"],
    "Information Extraction": ["개체명 인식", "관계 추출", "정보 추출 파이프라인"],
    "Document AI": ["OCR", "레이아웃 분석", "문서 이해 모델"],
    "Final Project I": ["프로젝트 기획", "데이터 파이프라인 설계"],
    "Final Project II": ["발표 준비", "코드 리뷰"],
    "": ["복습과 질의응답"],
}

# (track, title, first week, last week, deadline weekday and hour, package, baseline, metric)
COMPETITIONS = [
    ("ml", "ML 경진대회: 아파트 실거래가 예측", 6, 7, (4, 19), "1x60", "LightGBM", "RMSE"),
    ("cv", "CV 경진대회: 문서 타입 분류", 10, 11, (4, 19), "2x30", "ResNet-50", "Macro F1"),
    ("nlp", "NLP 경진대회: 일상 대화 요약", 14, 16, (3, 19), "2x30", "BART (KoBART)", "ROUGE-F1"),
]
TEAMS_PER_COMPETITION = 6
TEAM_SIZE = 5

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN_NAMES = [
    "민준",
    "서연",
    "도윤",
    "지우",
    "하준",
    "서윤",
    "시우",
    "하은",
    "주원",
    "지민",
    "예준",
    "수아",
    "건우",
    "지유",
    "현우",
    "채원",
    "우진",
    "다은",
    "선우",
    "예린",
    "연우",
    "소율",
    "유준",
    "윤서",
    "정우",
    "민서",
    "승현",
    "가은",
    "준서",
    "나연",
]

# The contract's accounts: (email, name).
STUDENT = ("student@example.com", "김민준")
STUDENT2 = ("student2@example.com", "이서연")
MENTOR = ("mentor@example.com", "박지훈 멘토")
MENTOR2 = ("mentor2@example.com", "정하늘 멘토")
LEAD = ("lead@example.com", "윤하람 강사")
COMPMENTOR = ("compmentor@example.com", "최경진 멘토")
STAFF = ("staff@example.com", "운영팀 한지원")
