# A team's sessions past its package (a third for 2 x 30, a second for 1 x 60) are refused by the
# database, not only by competitions.services: each session names the package it was booked under
# and its slot in it, and no two scheduled sessions of a team share a slot. The texts the team is
# shown get limits the database holds too (a reason 500 characters, a session note 4,000).
# This migration adds the columns and fills them; 0007 adds the constraints (PostgreSQL does not
# alter a table in the transaction that has just updated its rows).
#
# Existing rows: every session takes its competition's package, and each team's scheduled
# sessions are numbered 1, 2 by start. A team already past its package stops the migration with
# its name (cancel the extra session, then migrate again); longer texts are cut to the limit.

import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models

PACKAGE_SESSIONS = {"2x30": 2, "1x60": 1}
LIMITS = [("Session", "late_reason", 500), ("SessionChange", "reason", 500), ("SessionNote", "body", 4000)]


def number_sessions(apps, schema_editor):
    Session = apps.get_model("competitions", "Session")
    competition = models.OuterRef("competition")
    Session.objects.update(
        package=models.Subquery(
            apps.get_model("competitions", "Competition")
            .objects.filter(pk=competition)
            .values("package")[:1]
        )
    )
    over = []
    slots = {}
    scheduled = Session.objects.filter(status="scheduled").select_related("team")
    for session in scheduled.order_by("team_id", "starts_at", "pk"):
        slot = slots[session.team_id] = slots.get(session.team_id, 0) + 1
        if slot > PACKAGE_SESSIONS.get(session.package, 1):
            over.append(session.team.name)
        Session.objects.filter(pk=session.pk).update(slot=slot)
    if over:
        raise RuntimeError(
            "These teams have more scheduled mentoring sessions than their package allows: "
            f"{', '.join(sorted(set(over)))}. Cancel the extra ones, then migrate again."
        )


def cut_long_texts(apps, schema_editor):
    for model_name, field, limit in LIMITS:
        model = apps.get_model("competitions", model_name)
        long = model.objects.annotate(length=django.db.models.functions.text.Length(field))
        for row in long.filter(length__gt=limit):
            model.objects.filter(pk=row.pk).update(**{field: getattr(row, field)[: limit - 1] + "…"})

class Migration(migrations.Migration):

    dependencies = [
        ('competitions', '0005_more_updated_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='session',
            name='package',
            field=models.CharField(choices=[('2x30', '2 × 30 minutes'), ('1x60', '1 × 60 minutes')], default='', editable=False, max_length=8, verbose_name='mentoring per team'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='session',
            name='slot',
            field=models.PositiveSmallIntegerField(default=1, editable=False, verbose_name='session of the package'),
        ),
        migrations.AlterField(
            model_name='session',
            name='late_reason',
            field=models.TextField(blank=True, help_text='Required for a session in the last hours before the deadline.', max_length=500, verbose_name='reason for a late session'),
        ),
        migrations.AlterField(
            model_name='sessionchange',
            name='reason',
            field=models.TextField(blank=True, max_length=500, verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='sessionnote',
            name='body',
            field=models.TextField(max_length=4000, verbose_name='note'),
        ),
        migrations.RunPython(number_sessions, migrations.RunPython.noop),
        migrations.RunPython(cut_long_texts, migrations.RunPython.noop),
    ]
