"""The drill's mail sink: Django's file backend, made as slow as a mail server's round trip, so that
a worker killed mid-run is likely to die in the middle of sending."""
import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, messages):
        time.sleep(int(os.environ.get("DRILL_MAIL_DELAY_MS", "50")) / 1000)
        return super().send_messages(messages)
