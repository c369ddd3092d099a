"""Business hours for the SLA: the desk's calendar, `cases.business_time`, and the targets that
count in it (issue 17, part 6)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases import business_time
from cases.models import BusinessCalendar, Case, Holiday, Reminder, SlaTarget
from recovery import settled

from .test_intake_api import BODY, CASES

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
ADMIN = "/admin/cases/businesscalendar/"


def london(*args):
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def office_hours():
    """9–17, Monday to Friday, in London: the issue's calendar."""
    calendar = BusinessCalendar.current()
    calendar.around_the_clock = False
    calendar.time_zone = "Europe/London"
    calendar.opens_at, calendar.closes_at = time(9), time(17)
    calendar.weekdays = [1, 2, 3, 4, 5]
    calendar.full_clean()
    calendar.save()
    return BusinessCalendar.current()


def log_case_at(agent_api, moment, severity="high"):
    with time_machine.travel(moment, tick=False):
        response = agent_api.post(CASES, {**BODY, "severity": severity, "external_id": ""},
                                  format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    return (datetime.fromisoformat(body["first_response_due_at"]),
            datetime.fromisoformat(body["resolution_due_at"]))


# The example. It reads "due on Monday at 12:00", but four open hours from Monday's
# 09:00 opening end at 13:00 (Friday 18:00 is after closing): 240 minutes it is, so 13:00.
def test_a_case_logged_on_friday_evening_is_due_on_monday_in_business_hours(
        agent_api, office_hours):
    assert SlaTarget.objects.get(severity="high").first_response_minutes == 240
    respond, resolve = log_case_at(agent_api, london(2026, 1, 9, 18, 0))  # a Friday
    assert respond.astimezone(LONDON) == london(2026, 1, 12, 13, 0)  # Monday
    # 3 × 24 h = 4,320 business minutes = nine open days: exactly at closing on Thursday week
    assert resolve.astimezone(LONDON) == london(2026, 1, 22, 17, 0)
    assert Case.objects.get().first_response_due_at == london(2026, 1, 12, 13, 0)


def test_a_holiday_on_the_monday_moves_the_target_to_tuesday(agent_api, office_hours):
    Holiday.objects.create(calendar=office_hours, date=date(2026, 1, 12), name="Founders' day")
    respond, _ = log_case_at(agent_api, london(2026, 1, 9, 18, 0))
    assert respond.astimezone(LONDON) == london(2026, 1, 13, 13, 0)


def test_the_reminders_follow_the_business_time_target(agent_api, office_hours):
    log_case_at(agent_api, london(2026, 1, 9, 18, 0))
    breach = Reminder.objects.get(kind="first_response_breached")
    assert breach.due_at == london(2026, 1, 12, 13, 0)


def test_summer_time_starting_over_the_weekend_keeps_the_wall_clock_hours(office_hours):
    # Clocks go forward on Sunday 29 March 2026: Monday opens at 09:00 BST, 08:00 UTC.
    friday = london(2026, 3, 27, 18, 0)
    due = business_time.add(friday, 240, office_hours)
    assert due.astimezone(LONDON) == london(2026, 3, 30, 13, 0)
    assert due == datetime(2026, 3, 30, 12, 0, tzinfo=UTC)
    assert business_time.between(friday, due, office_hours) == 240


def test_summer_time_ending_over_the_weekend_keeps_the_wall_clock_hours(office_hours):
    # Clocks go back on Sunday 25 October 2026: one hour on Friday (BST), three on Monday (GMT).
    friday = london(2026, 10, 23, 16, 0)
    due = business_time.add(friday, 240, office_hours)
    assert due.astimezone(LONDON) == london(2026, 10, 26, 12, 0)
    assert due == datetime(2026, 10, 26, 12, 0, tzinfo=UTC)
    assert business_time.between(friday, due, office_hours) == 240


def test_around_the_clock_is_the_default_and_keeps_24_7_targets(agent_api):
    assert BusinessCalendar.current().around_the_clock
    friday = datetime(2026, 1, 9, 18, 0, tzinfo=UTC)
    respond, resolve = log_case_at(agent_api, friday)
    assert respond == friday + timedelta(hours=4)  # Friday 22:00, as before calendars
    assert resolve == friday + timedelta(days=3)
    assert business_time.between(friday, respond) == 240


def test_open_time_between_two_moments_skips_the_weekend_and_nights(office_hours):
    friday, monday = london(2026, 1, 9, 16, 0), london(2026, 1, 12, 10, 0)
    assert business_time.between(friday, monday, office_hours) == 120
    assert business_time.between(monday, friday, office_hours) == -120
    saturday, sunday = london(2026, 1, 10, 10, 0), london(2026, 1, 11, 15, 0)
    assert business_time.between(saturday, sunday, office_hours) == 0
    # a second either side of two open weeks is closed time: exactly ten open days
    start, end = london(2026, 1, 5, 8, 59, 59), london(2026, 1, 16, 17, 0, 1)
    assert business_time.between(start, end, office_hours) == 10 * 8 * 60
    assert business_time.add(friday, 120, office_hours) == monday


def test_a_target_ending_at_closing_time_is_due_then_not_at_the_next_opening(office_hours):
    assert business_time.add(london(2026, 1, 9, 16, 0), 60, office_hours) == \
        london(2026, 1, 9, 17, 0)
    assert business_time.add(london(2026, 1, 9, 16, 0), 61, office_hours) == \
        london(2026, 1, 12, 9, 1)
    assert business_time.add(london(2026, 1, 10, 12, 0), 0, office_hours) == \
        london(2026, 1, 10, 12, 0)


def test_naive_datetimes_are_refused(office_hours):
    with pytest.raises(ValueError, match="aware"):
        business_time.add(datetime(2026, 1, 9, 18, 0), 60, office_hours)


def test_a_calendar_without_weekdays_is_refused():
    calendar = BusinessCalendar(around_the_clock=False, weekdays=[])
    with pytest.raises(ValidationError) as refused:
        calendar.full_clean()
    assert refused.value.message_dict["weekdays"] == [
        "Choose at least one weekday on which the desk is open."]
    for bad in ([0], [8], ["1"], [1, 1]):
        with pytest.raises(ValidationError):
            BusinessCalendar(weekdays=bad).full_clean()


def test_a_calendar_closing_before_it_opens_or_in_no_time_zone_is_refused():
    with pytest.raises(ValidationError) as refused:
        BusinessCalendar(opens_at=time(17), closes_at=time(9)).full_clean()
    assert "closes_at" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        BusinessCalendar(time_zone="Europe/Atlantis").full_clean()
    assert "time_zone" in refused.value.message_dict


def test_a_calendar_never_open_cannot_loop_forever(office_hours):
    # Written past validation (a shell, a bad import): the walk stops at its horizon.
    BusinessCalendar.objects.filter(pk=1).update(weekdays=[])
    settled.changed()  # an update() sends no signal
    calendar = BusinessCalendar.current()
    start = london(2026, 1, 9, 18, 0)
    assert business_time.add(start, 240, calendar) == \
        start + timedelta(days=business_time.HORIZON_DAYS)


def test_due_times_reads_the_configuration_once_then_again_when_it_changes(
        django_assert_num_queries, django_capture_on_commit_callbacks):
    """The SLA targets and the calendar (with its holidays) are kept by the process
    (`recovery.settled`): read once, and again after any of them is saved."""
    opened = datetime(2026, 1, 9, 18, 0, tzinfo=UTC)
    with django_assert_num_queries(2):  # the targets, the calendar (around the clock)
        first = SlaTarget.due_times("high", opened)
    with django_assert_num_queries(0):
        assert SlaTarget.due_times("high", opened) == first
    calendar = BusinessCalendar.current()
    calendar.around_the_clock = False
    with django_capture_on_commit_callbacks(execute=True):
        calendar.save()
    with django_assert_num_queries(3):  # the targets, the calendar and now its holidays
        assert SlaTarget.due_times("high", opened) != first  # counted in business hours now
    target = SlaTarget.objects.get(severity="high")
    target.first_response_minutes += 60
    with django_capture_on_commit_callbacks(execute=True):
        target.save()
    with django_assert_num_queries(3):
        SlaTarget.due_times("high", opened)


def test_the_next_update_target_counts_business_minutes(office_hours):
    assert {target.severity: target.update_every_minutes for target in SlaTarget.objects.all()} \
        == {"critical": 240, "high": 480, "medium": 1440, "low": 2880}
    friday = london(2026, 1, 9, 16, 0)
    assert SlaTarget.next_update_due("high", friday) == london(2026, 1, 12, 16, 0)
    SlaTarget.objects.filter(severity="high").update(update_every_minutes=None)
    settled.changed()  # an update() sends no signal
    assert SlaTarget.next_update_due("high", friday) is None  # the desk set no update target
    SlaTarget.objects.filter(severity="critical").delete()
    assert SlaTarget.next_update_due("critical", friday) == london(2026, 1, 12, 12, 0)


def test_a_new_severity_moves_the_targets_in_business_time(agent_api, office_hours):
    log_case_at(agent_api, london(2026, 1, 9, 18, 0), severity="low")
    case = Case.objects.get()
    with time_machine.travel(london(2026, 1, 10, 10, 0), tick=False):
        response = agent_api.patch(f"{CASES}{case.reference}/", {"severity": "critical"},
                                   format="json")
    assert response.status_code == 200, response.content
    # counted from when the case was logged, as before: one open hour from Monday's opening
    assert datetime.fromisoformat(response.json()["first_response_due_at"]) == \
        london(2026, 1, 12, 10, 0)
    breach = Reminder.objects.get(kind="first_response_breached")
    assert breach.due_at == london(2026, 1, 12, 10, 0)


def test_the_calendar_admin_opens_for_a_superuser_and_is_one_row(root_client):
    assert root_client.get(ADMIN).status_code == 200
    page = root_client.get(f"{ADMIN}1/change/")
    assert page.status_code == 200
    assert b"Holidays" in page.content and b'name="weekdays"' in page.content
    assert root_client.get(f"{ADMIN}add/").status_code == 403  # the row exists
    assert root_client.get(f"{ADMIN}1/delete/").status_code == 403


def change_form(**fields):
    return {"around_the_clock": "", "time_zone": "Europe/London", "opens_at": "09:00",
            "closes_at": "17:00", "weekdays": ["1", "2", "3", "4", "5"],
            "holidays-TOTAL_FORMS": "1", "holidays-INITIAL_FORMS": "0",
            "holidays-0-date": "2026-12-25", "holidays-0-name": "Christmas Day", **fields}


def test_a_superuser_sets_the_hours_and_a_holiday_in_the_admin(root_client):
    response = root_client.post(f"{ADMIN}1/change/", change_form(weekdays=["5", "1", "3"]))
    assert response.status_code == 302, response.content
    calendar = BusinessCalendar.current()
    assert (calendar.around_the_clock, calendar.weekdays) == (False, [1, 3, 5])
    assert calendar.holiday_dates == {date(2026, 12, 25)}


@pytest.mark.parametrize("fields, error", [
    ({"weekdays": []}, b"Choose at least one weekday on which the desk is open."),
    ({"closes_at": "08:00"}, b"The desk closes after it opens."),
    ({"time_zone": "Mars/Olympus"}, b"is not a time zone"),
])
def test_the_admin_refuses_a_calendar_that_cannot_count(root_client, fields, error):
    response = root_client.post(f"{ADMIN}1/change/", change_form(**fields))
    assert response.status_code == 200 and error in response.content
    assert BusinessCalendar.current().around_the_clock  # unchanged


def test_a_superuser_sets_the_desks_hours_in_the_admin(root_client):
    assert root_client.get(f"{ADMIN}1/change/").status_code == 200
    response = root_client.post(f"{ADMIN}1/change/", change_form())
    assert response.status_code == 302, response.content
    assert not BusinessCalendar.current().around_the_clock
    assert root_client.get(f"{ADMIN}1/delete/").status_code == 403


def test_a_date_is_a_holiday_once(root_client):
    response = root_client.post(f"{ADMIN}1/change/", change_form(**{
        "holidays-TOTAL_FORMS": "2", "holidays-1-date": "2026-12-25",
        "holidays-1-name": "Christmas again"}))
    assert response.status_code == 200 and b"duplicate" in response.content
    assert not Holiday.objects.exists()
