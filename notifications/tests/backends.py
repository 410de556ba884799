"""Email backends for the tests: one whose server always refuses, one that appends each message
to a file (a worker in another process sends through it, and the test counts the lines)."""

import fcntl
import os

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server refused the connection")


class FileLineBackend(BaseEmailBackend):
    """One line per message, "<delivery id> <recipient> <Message-ID>", in the file
    NOTIFY_TEST_MAIL_LOG."""

    def send_messages(self, email_messages):
        path = os.environ["NOTIFY_TEST_MAIL_LOG"]
        built = [message.message() for message in email_messages]  # as a real backend would
        lines = "".join(
            f"{message.extra_headers.get('X-Baton-Delivery', '-')} {message.to[0]} "
            f"{mime['Message-ID']}\n"
            for message, mime in zip(email_messages, built, strict=True)
        )
        with open(path, "a") as log:
            fcntl.flock(log, fcntl.LOCK_EX)
            log.write(lines)
            log.flush()
        return len(email_messages)
