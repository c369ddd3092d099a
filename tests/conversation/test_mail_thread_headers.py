"""A long conversation stays one thread in the customer's mail client: the headers as a real
SMTP server (aiosmtpd) took them, long References folded and read back whole."""

import pytest

from cases.intake import CustomerDetails
from conversation import delivery, writing
from conversation.outbox import REFERENCES_KEPT

from ..factories import CaseFactory

pytestmark = [pytest.mark.acknowledging, pytest.mark.django_db]


def test_every_email_of_a_long_conversation_answers_the_one_before(agent, smtp_server, settings):
    smtp_server.use_in(settings)
    case = CaseFactory(by=agent, assignee=agent,
                       customer=CustomerDetails(email="li.wei@example.cn", name="Li Wei"))
    messages = [case.messages.get(kind="acknowledgement")]
    for n in range(REFERENCES_KEPT + 2):
        messages.append(writing.send(case, "update", f"Update number {n + 1}.", by=agent))
    for message in messages:
        assert delivery.deliver(message.pk) is True

    emails = smtp_server.emails(to="li.wei@example.cn")
    assert [e["Message-ID"] for e in emails] == [m.message_id for m in messages]
    first = emails[0]["Message-ID"]
    for before, email in zip(emails, emails[1:], strict=False):
        assert email["In-Reply-To"] == before["Message-ID"]
        references = str(email["References"]).split()
        assert references[0] == first and references[-1] == before["Message-ID"]
        assert len(references) <= REFERENCES_KEPT
        assert all(ref.startswith("<") and ref.endswith(">") for ref in references)
        assert f"[{case.reference}]" in email["Subject"]
    last = str(emails[-1]["References"]).split()
    assert last == [first] + [e["Message-ID"] for e in emails[-REFERENCES_KEPT:-1]]
