# Teams, their members, availability windows and live lecture hours carry when they last
# changed: the competitions page and the schedule board are cached under a fingerprint of their
# rows, and a row edited in place (a renamed team, a moved window) must show at once.

import django.utils.timezone
from django.db import migrations, models


def _updated_at():
    return models.DateTimeField(
        auto_now=True, default=django.utils.timezone.now, verbose_name="last changed"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0004_notes_scores_updated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name=model, name="updated_at", field=_updated_at(), preserve_default=False
        )
        for model in ["team", "teammember", "availabilitywindow", "livelecturehours"]
    ]
