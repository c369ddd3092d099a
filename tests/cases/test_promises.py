"""Finding promises in what the desk writes (`cases.promises`): only first-person
promises, each with its due time in the desk's time zone."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from cases.promises import find_promises, unlisted
from demo.apologies import OUTAGE_APOLOGY

UTC = ZoneInfo("UTC")
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # Monday 7 December 2026, 10:00


def at(day, hour, minute=0, zone=UTC):
    return datetime(2026, 12, day, hour, minute, tzinfo=zone)


@pytest.mark.parametrize("text, due", [
    ("I will let you know the outcome of the review within a week.", MONDAY + timedelta(7)),
    ("We will send the part within 2 weeks.", MONDAY + timedelta(14)),
    ("We'll refund you in 48 hours.", MONDAY + timedelta(hours=48)),
    ("I’ll call you back in three days.", MONDAY + timedelta(days=3)),
    ("We will call you by Friday.", at(11, 17)),
    ("We will call you by Friday noon.", at(11, 12)),
    ("I will fix it tomorrow.", at(8, 17)),
    ("I will ring you tomorrow morning.", at(8, 12)),
    ("We will email you by the end of the day.", at(7, 17)),
    ("We will email you by the end of the week.", at(11, 17)),
    ("I will let you know the outcome as soon as it is complete, no longer than one week "
     "from now.", MONDAY + timedelta(days=7)),
    ("I will call you on Thursday before noon to confirm the engineer's visit.", at(10, 12)),
    ("We will deliver the new sofa by 12 December.", at(12, 17)),
    ("We will deliver on December 15th at 9am.", at(15, 9)),
    ("We will call you tomorrow at 3 p.m. to check.", at(8, 15)),
    ("We are going to reply within one working day.", at(8, 10)),
    ("You will hear from us by Wednesday.", at(9, 17)),
    ("We promise to refund you within 5 days.", MONDAY + timedelta(days=5)),
    ("I will visit next Tuesday.", at(15, 17)),
])
def test_a_promise_is_found_with_its_due_time(text, due):
    [promise] = find_promises(text, MONDAY)
    assert promise.due_at == due
    assert promise.sentence == text


@pytest.mark.parametrize("text", [
    "It arrived within a week.",                        # a report, not a promise
    "The courier said he would come by Friday.",        # someone else's word
    "We will never charge you for this replacement.",   # a promise, but no date
    "Your refund was sent on Friday.",
    "Did you receive it within 48 hours?",
    "We shipped it in three days, as usual.",
    "",
])
def test_words_that_are_not_a_dated_promise_give_nothing(text):
    assert find_promises(text, MONDAY) == []


def test_the_description_is_the_promise_without_its_date():
    [promise] = find_promises("Thank you for your patience. I will let you know the outcome "
                              "of the review within a week.", MONDAY)
    assert promise.description == "I will let you know the outcome of the review"
    assert promise.when == "within a week"
    assert promise.sentence.startswith("I will let you know")


def test_several_sentences_give_one_promise_each_in_order():
    text = ("We have refunded the fee. We'll call you tomorrow.\n"
            "I will send the report by the end of the week!")
    found = find_promises(text, MONDAY)
    assert [(p.description, p.due_at) for p in found] == [
        ("We'll call you", at(8, 17)), ("I will send the report", at(11, 17))]
    assert text[found[1].start:found[1].end].startswith("I will send")


def test_by_friday_on_a_friday_afternoon_means_today_until_closing_then_next_week():
    friday = at(11, 15)
    assert find_promises("We will call you by Friday.", friday)[0].due_at == at(11, 17)
    [late] = find_promises("We will call you by Friday.", at(11, 18))
    assert late.due_at == at(18, 17)


def test_end_of_the_day_after_closing_is_the_end_of_today():
    [promise] = find_promises("We will write by the end of the day.", at(7, 19))
    assert promise.due_at == datetime.combine(at(7, 0).date(), time(23, 59), tzinfo=UTC)


def test_dates_are_in_the_desks_time_zone_and_its_closing_time():
    @dataclass
    class Calendar:
        zone = ZoneInfo("America/New_York")
        closes_at = time(18, 30)
        weekdays = (1, 2, 3, 4, 5)

    [promise] = find_promises("We will call you tomorrow.", MONDAY, Calendar())
    assert promise.due_at == at(8, 18, 30, ZoneInfo("America/New_York"))
    assert promise.due_at.utcoffset() == timedelta(hours=-5)


def test_a_date_already_past_this_year_is_next_years():
    [promise] = find_promises("We will visit by 3 January.", MONDAY)
    assert promise.due_at == datetime(2027, 1, 3, 17, 0, tzinfo=UTC)


def test_business_days_skip_the_weekend():
    friday = at(11, 10)
    [promise] = find_promises("We will reply within 2 working days.", friday)
    assert promise.due_at == at(15, 10)  # Tuesday


def test_the_clock_is_read_at_the_time_of_writing():
    with time_machine.travel(MONDAY, tick=False):
        [promise] = find_promises("I will call you within a week.", timezone.now())
    assert promise.due_at == MONDAY + timedelta(days=7)


def test_the_sample_outage_apology_gives_one_promise_due_in_seven_days():
    with time_machine.travel(MONDAY, tick=False):
        now = timezone.now()
        fix = OUTAGE_APOLOGY[3]
        [promise] = find_promises(fix, now)
        assert promise.due_at == now + timedelta(days=7)
        assert promise.description == "I will let you know the outcome of the review"
        for other in (OUTAGE_APOLOGY[:3] + OUTAGE_APOLOGY[4:]):
            assert find_promises(other, now) == []


def test_a_promise_already_listed_is_not_proposed_again():
    found = find_promises("I will call you tomorrow. We will send the part by Friday.", MONDAY)
    assert len(found) == 2
    listed = [{"description": "Call the customer", "due_at": at(8, 9)}]  # same day
    assert [p.description for p in unlisted(found, listed)] == ["We will send the part"]
    said = [{"description": "we will send the part", "due_at": at(20, 9)}]  # same words
    assert [p.description for p in unlisted(found, said)] == ["I will call you"]
