# The constraints of the package slots and the text limits over the columns 0006 filled.

import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('competitions', '0006_session_package_slot_and_text_limits'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='session',
            constraint=models.CheckConstraint(condition=models.Q(('slot', 1), models.Q(('package', '2x30'), ('slot', 2)), _connector='OR'), name='session_slot_in_package', violation_error_message='The team has already used its mentoring package.'),
        ),
        migrations.AddConstraint(
            model_name='session',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'scheduled')), fields=('team', 'slot'), name='session_one_per_team_slot', violation_error_message='The team has already used its mentoring package.'),
        ),
        migrations.AddConstraint(
            model_name='session',
            constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('late_reason'), 500), name='session_late_reason_length'),
        ),
        migrations.AddConstraint(
            model_name='sessionchange',
            constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('reason'), 500), name='sessionchange_reason_length'),
        ),
        migrations.AddConstraint(
            model_name='sessionnote',
            constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('body'), 4000), name='sessionnote_body_length'),
        ),
    ]
