"""Background work of notifications, on Django's tasks framework (settings.TASKS)."""

from django.tasks import task

from portal.notifications import services


@task
def send_digests(frequency: str) -> int:
    return services.send_digests(frequency)
