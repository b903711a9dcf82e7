"""Demo requests for assistance: a few threads between demo organisations, some about a library document."""

from django.contrib.contenttypes.models import ContentType

from portal.assistance.models import AssistanceMessage, AssistanceRequest, RequestStatus
from portal.library.models import Document

# sender e-mail, recipient org key, subject, title of a document in question (or None), messages
# [(author e-mail, body)], final status.
ASSISTANCE_THREADS = [
    (
        "analyst@kws.demo",
        "nwcu",
        "Test purchases: can we use your SOP in Kenya?",
        "SOP: test purchases of wildlife products online",
        [
            ("analyst@kws.demo", "Demo data. We plan test purchases next month: may we adapt your SOP?"),
            ("officer@nwcu.demo", "Demo data. Yes: we will share the annex with the risk assessment too."),
        ],
        RequestStatus.ANSWERED,
    ),
    (
        "researcher@traffic.demo",
        "interpol",
        "Seller active in three countries",
        None,
        [("researcher@traffic.demo", "Demo data. A seller we monitor posts in three countries: who should we tell?")],
        RequestStatus.OPEN,
    ),
    (
        "analyst@cn-customs.demo",
        "vn-police",
        "Live-stream sales: parcels to Guangxi",
        "Best practice: live-stream sales investigations",
        [
            ("analyst@cn-customs.demo", "Demo data. We see parcels matching your live-stream pattern."),
            ("officer@vn-police.demo", "Demo data. Thank you, we have opened a joint file."),
        ],
        RequestStatus.CLOSED,
    ),
]


def seed_assistance_requests(world) -> None:
    """Two or three threads between demo organisations; each made once, whatever the number of runs."""
    for sender_email, org_key, subject, doc_title, thread_messages, status in ASSISTANCE_THREADS:
        sender = world.users.get(sender_email)
        recipient_org = world.orgs.get(org_key)
        if sender is None or recipient_org is None:
            continue
        record = Document.bypass_policy.filter(title=doc_title).first() if doc_title else None
        thread, created = AssistanceRequest.objects.get_or_create(
            sender=sender,
            recipient_org=recipient_org,
            subject=subject,
            defaults={
                "sender_org": sender.membership.organisation,
                "status": status,
                "record_type": ContentType.objects.get_for_model(Document) if record else None,
                "record_id": record.pk if record else None,
            },
        )
        if not created:
            continue
        for author_email, body in thread_messages:
            author = world.users[author_email]
            AssistanceMessage.objects.create(
                thread=thread, author=author, author_org=author.membership.organisation, body=body
            )
