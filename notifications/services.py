"""Writes of the notification machinery: fan-out into the outbox, sending under a claim, the
sweeper, reading, preferences and unsubscribing. Tasks (tasks.py) are thin entry points here."""

import dataclasses
import datetime
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail, signing
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import registry
from .models import CategoryPreference, Content, Delivery, FanOut, Frequency, Status

logger = logging.getLogger(__name__)

# Deliveries one send task claims, sends over one connection and commits: a pool process killed
# mid-batch has sent at most these without marking them sent, and they are sent again.
SEND_BATCH = 100
MAX_ATTEMPTS = 5
MAX_BACKOFF = 30 * 60  # seconds; below the broker's visibility_timeout (1 h)
SWEEP_LIMIT = 20_000
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
UNSUBSCRIBE_PLACEHOLDER = "__UNSUBSCRIBE_URL__"


def absolute_url(url: str) -> str:
    if url.startswith("/"):
        return settings.SITE_URL.rstrip("/") + url
    return url


# --- Fan-out --------------------------------------------------------------------------------------


@dataclasses.dataclass
class FanOutResult:
    kind: str
    recipients: int = 0  # people the kind is for at this moment
    created: int = 0  # new deliveries (or, in a dry run, deliveries that would be created)
    emails: int = 0  # of which by email
    skipped: int = 0  # already delivered this period, or another frequency chosen
    dry_run: bool = False
    sample: list = dataclasses.field(default_factory=list)  # a few (email, subject) pairs


def notify_kind(
    *, kind: str, now=None, cohort: str | None = None, dry_run=False, fan_out=None
) -> FanOutResult:
    """Deliver `kind` to everyone its recipients function names, once per period. Safe to run
    again at any time: what was already created is left alone and its queued emails re-enqueued
    (a send claims each row, so a second task for it sends nothing). The run is recorded
    (FanOut) so that the sweeper resumes it if its task is lost half-way."""
    kind_obj = registry.get_kind(kind)
    if fan_out is None and not dry_run:
        fan_out = FanOut.objects.create(
            kind=kind, cohort=cohort or "", run_at=now or timezone.now()
        )
    run = registry.Run(now=fan_out.run_at if fan_out else now or timezone.now(), cohort=cohort)
    result = FanOutResult(kind=kind, dry_run=dry_run)
    for batch in kind_obj.recipients(run):
        if batch:
            _fan_out_batch(kind_obj, run, batch, result, fan_out)
    if fan_out is not None:
        FanOut.objects.filter(pk=fan_out.pk).update(
            finished_at=timezone.now(), recipients=result.recipients, created=result.created
        )
    return result


def notify(*, kind: str, recipients: list, now=None) -> FanOutResult:
    """Deliver `kind` to a few named recipients now (an event rather than a schedule: "your
    question was answered"); the same once-per-period key, preferences and sending apply."""
    kind_obj = registry.get_kind(kind)
    run = registry.Run(now=now or timezone.now())
    result = FanOutResult(kind=kind)
    if recipients:
        _fan_out_batch(kind_obj, run, list(recipients), result, None)
    return result


def fan_out_resume(*, fan_out_id: int) -> FanOutResult | None:
    fan_out = FanOut.objects.filter(pk=fan_out_id, finished_at__isnull=True).first()
    if fan_out is None:
        return None
    return notify_kind(
        kind=fan_out.kind, cohort=fan_out.cohort or None, fan_out=fan_out, now=fan_out.run_at
    )


def _fan_out_batch(kind, run, batch, result, fan_out):
    """A constant number of queries whatever the batch size: preferences, existing keys, one
    insert, the queued ids."""
    result.recipients += len(batch)
    user_ids = [recipient.user.pk for recipient in batch]
    preferences = {
        p.user_id: p
        for p in CategoryPreference.objects.filter(user_id__in=user_ids, category=kind.category)
    }
    default_period = kind.period(run.now)
    wanted = [recipient for recipient in batch if _wants(kind, preferences.get(recipient.user.pk))]
    periods = {recipient.period or default_period for recipient in wanted}
    existing = set(
        Delivery.objects.filter(
            user_id__in=user_ids, kind=kind.key, period__in=periods
        ).values_list("user_id", "period")
    )
    fresh = [
        recipient
        for recipient in wanted
        if (recipient.user.pk, recipient.period or default_period) not in existing
    ]
    result.skipped += len(batch) - len(fresh)
    rows = _render_rows(kind, fresh, preferences, default_period, run.now)
    result.created += len(rows)
    result.emails += sum(1 for row in rows if row.email)
    result.sample.extend((row.user.email, row.subject) for row in rows[: 5 - len(result.sample)])
    if result.dry_run or not wanted:
        return
    with transaction.atomic():
        _save_rows(rows)
        queued = list(
            Delivery.objects.filter(
                user_id__in=user_ids,
                kind=kind.key,
                period__in=periods,
                status=Status.QUEUED,
                email=True,
            ).values_list("pk", flat=True)
        )
        enqueue_sends(queued)
        if fan_out is not None:
            FanOut.objects.filter(pk=fan_out.pk).update(heartbeat_at=timezone.now())


def _wants(kind, preference):
    if kind.frequency is None:
        return True
    chosen = preference.frequency if preference else Frequency.DAILY
    return chosen == kind.frequency


def _render_rows(kind, recipients, preferences, default_period, now):
    """Delivery rows for `recipients`, each message rendered once per language and `share`
    (and stored once: the rows point at their Content, written in the same transaction)."""
    rendered = {}
    rows = []
    for recipient in recipients:
        language = recipient.user.language or settings.LANGUAGE_CODE
        zone = recipient.user.time_zone or settings.TIME_ZONE
        key = (language, zone, recipient.share) if recipient.share is not None else None
        content = rendered.get(key) if key else None
        if content is None:
            content = Content(created_at=now, **render_message(kind, recipient, language, zone))
            if key:
                rendered[key] = content
        preference = preferences.get(recipient.user.pk)
        by_email = bool(recipient.user.email) and (preference is None or preference.email)
        rows.append(
            Delivery(
                user=recipient.user,
                kind=kind.key,
                period=recipient.period or default_period,
                category=kind.category,
                content=content,
                url=recipient.url,
                email=by_email,
                status=Status.QUEUED if by_email else Status.SENT,
                sent_at=None if by_email else now,
                created_at=now,
                queued_at=now,
            )
        )
    return rows


def _save_rows(rows):
    contents = list({id(row.content): row.content for row in rows}.values())
    Content.objects.bulk_create(contents)  # the rows take their primary keys from here
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)


def render_message(kind, recipient, language, zone=None) -> dict:
    """The message in the recipient's language, its dates and times in their time zone."""
    context = {**recipient.context, "url": absolute_url(recipient.url)}
    zone = zone or recipient.user.time_zone or settings.TIME_ZONE
    with translation.override(language), timezone.override(zone):
        subject = render_to_string(f"{kind.template}.subject.txt", context)
        return {
            "subject": " ".join(subject.split())[:300],
            "body_text": render_to_string(f"{kind.template}.txt", context).strip(),
            "body_html": render_to_string(f"{kind.template}.html", context),
        }


def enqueue_sends(delivery_ids) -> None:
    """Queue the sends after the surrounding transaction commits, in chunks of SEND_BATCH. A
    broker that does not answer loses nothing: the rows stay queued and the sweeper finds them."""
    from .tasks import send_deliveries

    for start in range(0, len(delivery_ids), SEND_BATCH):
        chunk = delivery_ids[start : start + SEND_BATCH]

        def enqueue(chunk=chunk):
            try:
                send_deliveries.delay(chunk)
            except Exception as error:  # noqa: BLE001 - the rows wait for the sweeper
                logger.warning(
                    "Could not queue %d emails (%s); the sweeper will.", len(chunk), error
                )

        transaction.on_commit(enqueue)


# --- Sending --------------------------------------------------------------------------------------


@dataclasses.dataclass
class SendResult:
    sent: list = dataclasses.field(default_factory=list)
    retry: list = dataclasses.field(default_factory=list)  # ids to try again later
    failed: list = dataclasses.field(default_factory=list)
    attempts: int = 0  # the highest attempt number among the retries


def deliveries_send(*, delivery_ids) -> SendResult:
    """Claim the queued rows among `delivery_ids` (rows another worker holds are skipped), send
    their emails over one connection and mark them sent in the same transaction. A crash before
    the commit leaves them queued, so they are sent again later, with the same Message-ID: an
    email may then arrive twice (at most SEND_BATCH per process that died), a delivery row never
    exists twice (see README, "Exactly once")."""
    result = SendResult()
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=delivery_ids, status=Status.QUEUED, email=True)
            .select_related("user", "content")
            .order_by("pk")
        )
        if not rows:
            return result
        failures = _send_rows(rows, result)
        now = timezone.now()
        Delivery.objects.filter(pk__in=result.sent).update(
            status=Status.SENT, sent_at=now, attempts=F("attempts") + 1, error=""
        )
        _record_failures(failures, now, result)
    return result


def _send_rows(rows, result):
    footers = {}
    failures = []
    connection = mail.get_connection()
    connection.open()
    try:
        for row in rows:
            try:
                message = build_email(row, footers, connection)
                connection.send_messages([message])
            except Exception as error:  # noqa: BLE001 - any failure is recorded on the row
                failures.append((row, f"{type(error).__name__}: {error}"[:2000]))
            else:
                result.sent.append(row.pk)
    finally:
        connection.close()
    return failures


def _record_failures(failures, now, result):
    for row, error in failures:
        attempts = row.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            result.failed.append(row.pk)
            changes = {"status": Status.FAILED}
        else:
            result.retry.append(row.pk)
            result.attempts = max(result.attempts, attempts)
            changes = {"queued_at": now + datetime.timedelta(seconds=backoff(attempts))}
        Delivery.objects.filter(pk=row.pk).update(attempts=attempts, error=error, **changes)
    if failures:
        logger.warning("%d deliveries failed to send: %s", len(failures), failures[0][1])


def backoff(attempts: int) -> int:
    return min(60 * 2 ** (attempts - 1), MAX_BACKOFF)


def build_email(row, footers, connection):
    """The email of a delivery. `footers` caches, for the batch, each content's bodies with the
    footer of its category and language, so a message costs a signature and two replaces."""
    language = row.user.language or settings.LANGUAGE_CODE
    bodies = footers.get((row.content_id, row.category, language))
    if bodies is None:
        bodies = footers[row.content_id, row.category, language] = _bodies(row, language, footers)
    link = footers.get("unsubscribe")
    if link is None:
        link = footers["unsubscribe"] = absolute_url(unsubscribe_path_for("TOKEN"))
    unsubscribe = link.replace("TOKEN", unsubscribe_token(row.user_id, row.category))
    message = mail.EmailMultiAlternatives(
        subject=row.content.subject,
        body=bodies[0].replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe),
        to=[row.user.email],
        connection=connection,
        headers={
            "Message-ID": message_id(row),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Baton-Delivery": str(row.pk),
        },
    )
    message.attach_alternative(bodies[1].replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe), "text/html")
    return message


def message_id(row) -> str:
    """The email's Message-ID, derived from its delivery: the same on every attempt, so an
    email sent again after a worker died (see deliveries_send) is the same message to mail
    clients that fold duplicates. The creation time keeps ids unique across databases (a demo
    reset starts the primary keys again)."""
    created = int(row.created_at.timestamp() * 1_000_000)
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<delivery-{row.pk}.{created}@{domain}>"


def _bodies(row, language, footers):
    footer = footers.get((language, row.category))
    if footer is None:
        footer = footers[language, row.category] = _render_footer(language, row.category)
    text = row.content.body_text + "\n\n" + footer[0]
    html = row.content.body_html.replace("</body>", footer[1] + "</body>")
    return text, html


def _render_footer(language, category_key):
    category = registry.get_category(category_key)
    context = {
        "category": category.label if category else category_key,
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "preferences_url": absolute_url(reverse("notifications:preferences")),
    }
    with translation.override(language):
        return (
            render_to_string("notifications/email/footer.txt", context).strip(),
            render_to_string("notifications/email/footer.html", context),
        )


def requeue_stale(*, now=None, older_than=None) -> int:
    """The sweeper: queued rows whose task was lost (Redis lost its queue, a worker died) or
    whose retry is due are queued again, and fan-outs that stopped half-way are resumed. Safe
    to run at any time: sends claim their rows, fan-outs skip what exists."""
    from .tasks import resume_fan_out

    now = now or timezone.now()
    older_than = older_than or datetime.timedelta(seconds=settings.NOTIFICATIONS_STALE_SECONDS)
    with transaction.atomic():
        ids = list(
            Delivery.objects.stale(now - older_than)
            .filter(email=True)
            .order_by("queued_at")
            .values_list("pk", flat=True)[:SWEEP_LIMIT]
        )
        Delivery.objects.filter(pk__in=ids).update(queued_at=now)
        enqueue_sends(ids)
        stalled = list(FanOut.objects.stalled(now - older_than).values_list("pk", flat=True))
        FanOut.objects.filter(pk__in=stalled).update(heartbeat_at=now)
        for fan_out_id in stalled:

            def resume(fan_out_id=fan_out_id):
                resume_fan_out.delay(fan_out_id)

            transaction.on_commit(resume, robust=True)  # else the next sweep tries again
    return len(ids) + len(stalled) + _rerun_lost(now, older_than)


def _rerun_lost(now, older_than):
    from celery import current_app
    from django.utils.module_loading import import_string

    from .schedules import lost_runs

    lost = lost_runs(now, older_than)
    for schedule in lost:
        logger.warning("Beat ran %s but no worker began it: sending it again.", schedule.name)
        try:  # a task's name is its dotted path unless it was given another
            task = import_string(schedule.task)
        except ImportError:
            current_app.send_task(schedule.task, args=list(schedule.args))
        else:
            task.apply_async(args=list(schedule.args))
    return len(lost)


def delivery_resend(*, delivery: Delivery) -> bool:
    """Staff resend a failed delivery: it is queued again with its attempts reset."""
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=Status.FAILED, email=True).update(
            status=Status.QUEUED, attempts=0, queued_at=timezone.now()
        )
        if updated:
            enqueue_sends([delivery.pk])
    return bool(updated)


# --- The notification centre ---------------------------------------------------------------------


def delivery_mark_read(*, user, delivery_id=None) -> int:
    """Mark one of the user's notifications read, or all of them when no id is given."""
    rows = Delivery.objects.for_user(user).unread()
    if delivery_id is not None:
        rows = rows.filter(pk=delivery_id)
    return rows.update(read_at=timezone.now())


# --- Preferences and unsubscribing ---------------------------------------------------------------


def preference_set(*, user, category: str, email: bool | None = None, frequency=None):
    defaults = {}
    if email is not None:
        defaults["email"] = email
    if frequency is not None:
        defaults["frequency"] = frequency
    preference, _created = CategoryPreference.objects.update_or_create(
        user=user, category=category, defaults=defaults
    )
    return preference


def preferences_of(user) -> dict:
    return {p.category: p for p in CategoryPreference.objects.filter(user=user)}


def unsubscribe_token(user_id: int, category: str) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"u": user_id, "c": category})


def unsubscribe_path(user_id: int, category: str) -> str:
    return unsubscribe_path_for(unsubscribe_token(user_id, category))


def unsubscribe_path_for(token: str) -> str:
    return reverse("notifications:unsubscribe", kwargs={"token": token})


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, category) from a token, or signing.BadSignature when it was tampered with."""
    data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("Malformed unsubscribe token.")
    return data["u"], str(data.get("c", ""))
