# The lead's note on the cohort carries when it last changed: the handoff brief is cached under
# a fingerprint of the cohort's rows, and a note corrected in the admin must show at once.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0004_lead_session_updated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="cohortnote",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="last changed"
            ),
            preserve_default=False,
        ),
    ]
