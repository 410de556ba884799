import factory
from django.utils import timezone

from notifications.models import Content, Delivery, Status
from tests.factories import UserFactory


class ContentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Content

    subject = factory.Sequence(lambda n: f"This week: NLP week {n}")
    body_text = "This week's missions\n- Build attention"
    body_html = "<html><body><p>This week's missions</p></body></html>"


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    user = factory.SubFactory(UserFactory)
    kind = "mentoring.weekly_missions"
    period = factory.Sequence(lambda n: f"2025-W{n:02d}")
    category = "missions"
    content = factory.SubFactory(ContentFactory)
    url = "/"
    status = Status.SENT
    sent_at = factory.LazyFunction(timezone.now)
