"""Measure email in: emails parsed and threaded per second by one worker (target ≥ 50/s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recovery_bench \\
    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/measure_inbound.py --cases 250

Seeds `--cases` new cases (on top of whatever the database holds), each with an apology
sent; then times `conversation.inbound.receive` in this one process for `--emails` raw
emails, alternating a reply to one of those apologies (In-Reply-To its Message-ID, a quoted
history and a signature for the reply parser to remove) and a new complaint from a new
sender (a case opened and acknowledged: the acknowledgement is queued, not sent). One in
ten carries a small photo. Each email is its own transaction, as a worker takes them.
Reports emails/s and the p50/p95 per email, and the queries per email on a further 20.
Files go to a temporary MEDIA_ROOT; tasks to a queue of their own, emptied afterwards.
bench/load.py (`make bench`) runs `measure()` too.
"""

import argparse
import base64
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery.settings")

TARGET_PER_S = 50
QUEUE = "bench-inbound"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q"
                       "DwADhgGAWjR9awAAAABJRU5ErkJggg==")
REPLY = """Thank you for getting back to me so quickly. The replacement arrived this
morning and it works, but the box was damaged again. Could you check with the courier?

Best regards,
{name}
--
Sent from my phone

On Tue, 1 Dec 2026 at 10:00, Recovery Desk <desk@example.com> wrote:
> Dear {name},
>
> We are sorry that your order arrived broken. We have sent a replacement
> by express delivery; it should reach you tomorrow.
>
> If anything else is wrong, reply to this email.
>
> The Recovery Desk
"""
COMPLAINT = """Hello,

I ordered a kettle (order {n}) and it arrived with a cracked lid. I have attached a photo.
I would like a replacement, or my money back if you have none in stock.

Thanks,
{name}
"""


def email(*, sender, subject, body, message_id, in_reply_to=None, photo=False) -> bytes:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "desk@example.com", subject
    msg["Message-ID"], msg["Date"] = message_id, "Tue, 01 Dec 2026 11:00:00 +0000"
    if in_reply_to:
        msg["In-Reply-To"] = msg["References"] = in_reply_to
    msg.set_content(body)
    msg.add_alternative("<html><body>" + "".join(f"<p>{line}</p>" for line in body.split("\n"))
                        + "</body></html>", subtype="html")
    if photo:
        msg.add_attachment(PNG, maintype="image", subtype="png", filename="photo.png")
    return msg.as_bytes()


def seed(cases, run):
    """`cases` cases, each with a sent apology: [(case, apology Message-ID)]."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.models import Role, User
    from cases.intake import CustomerDetails, open_case
    from cases.models import Category
    from conversation.models import Direction, Message, MessageKind

    agent, _ = User.objects.get_or_create(email="bench-inbound-agent@example.com")
    agent.groups.add(*Group.objects.filter(name=Role.AGENT))
    category = Category.objects.order_by("pk").first()
    seeded, messages = [], []
    for n in range(cases):
        case = open_case(customer=CustomerDetails(email=f"cust-{run}-{n}@example.org",
                                                  name=f"Customer {n}"),
                         title="Kettle arrived broken", category=category, severity="medium",
                         channel="email", by=agent, assignee=agent, acknowledge=False)
        message_id = f"<apology-{run}-{n}@desk.example.com>"
        messages.append(Message(case=case, direction=Direction.OUT, kind=MessageKind.APOLOGY,
                                subject="We are sorry", body="We are sorry.",
                                address=case.customer.email, message_id=message_id,
                                state="sent", sent_at=timezone.now()))
        seeded.append((case, message_id))
    Message.objects.bulk_create(messages)
    return seeded


def emails(seeded, count, run, start=0):
    """`count` raw emails, replies and new complaints in turn."""
    out = []
    for n in range(start, start + count):
        if n % 2 == 0:
            case, message_id = seeded[(n // 2) % len(seeded)]
            out.append(email(sender=f"Customer <{case.customer.email}>",
                             subject="Re: We are sorry", body=REPLY.format(name="Customer"),
                             message_id=f"<reply-{run}-{n}@mail.example.org>",
                             in_reply_to=message_id, photo=n % 10 == 0))
        else:
            out.append(email(sender=f"New {n} <new-{run}-{n}@example.net>",
                             subject=f"Kettle {n} arrived broken",
                             body=COMPLAINT.format(n=n, name=f"New {n}"),
                             message_id=f"<new-{run}-{n}@mail.example.net>",
                             photo=n % 10 == 1))
    return out


def measure(cases=250, count=500) -> dict:
    """Seed, then time `count` emails through `inbound.receive`. Django is set up."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conversation import inbound
    from conversation.models import InboundOutcome
    from recovery import settled

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-inbound-")
    run = uuid.uuid4().hex[:8]
    started = time.perf_counter()
    seeded = seed(cases, run)
    seed_s = time.perf_counter() - started
    raws = emails(seeded, count, run)
    outcomes, times = {}, []
    started = time.perf_counter()
    for raw in raws:
        t0 = time.perf_counter()
        # As each door takes one: a request (webhook, pipe) or a task reads the desk's
        # configuration version once (an IMAP poll, once for all its emails)
        with settled.one_version():
            outcome = inbound.receive(raw, mailbox="bench").record.outcome
        times.append((time.perf_counter() - t0) * 1000)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    total_s = time.perf_counter() - started
    extra = emails(seeded, 20, run, start=count)
    with CaptureQueriesContext(connection) as queries:
        for raw in extra:
            with settled.one_version():
                inbound.receive(raw, mailbox="bench")
    expected = {InboundOutcome.THREADED: (count + 1) // 2, InboundOutcome.OPENED: count // 2}
    assert outcomes == expected, f"not every email went where it should: {outcomes}"
    return {
        "emails": count, "cases_seeded": cases, "seed_s": round(seed_s, 1),
        "seconds": round(total_s, 2), "emails_per_s": round(count / total_s, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(sorted(times)[int(0.95 * len(times)) - 1], 1),
        "queries_per_email": round(len(queries) / len(extra), 1),
        "outcomes": {str(k): v for k, v in outcomes.items()},
        "target_per_s": TARGET_PER_S,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=250, help="cases seeded with an apology")
    parser.add_argument("--emails", type=int, default=500)
    parser.add_argument("--profile", action="store_true", help="cProfile the timed part")
    args = parser.parse_args()
    os.environ.setdefault("CELERY_QUEUE", QUEUE)
    os.environ.setdefault("CELERY_WEBHOOK_QUEUE", QUEUE)
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    from seed_cases import ensure_database

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    try:
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            result = profiler.runcall(measure, args.cases, args.emails)
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
            stats.print_stats(r"wt-|conversation|cases|mailparser|nh3|email/", 45)
        else:
            result = measure(args.cases, args.emails)
    finally:
        if settings.CELERY_BROKER_URL.startswith("redis"):
            import redis

            redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(QUEUE)
    print(json.dumps(result, indent=2))
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "inbound.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()


def measure_if_asked(args) -> dict | None:
    """`make bench`'s row (bench/load.py), unless `--only` names other rows."""
    if args.only and "email" not in args.only.lower():
        return None
    result = measure(cases=args.inbound_cases, count=args.inbound_emails)
    print(f"email in: {result['emails_per_s']:.0f} emails/s, p95 {result['p95_ms']} ms",
          flush=True)
    return result
