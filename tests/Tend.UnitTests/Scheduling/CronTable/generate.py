#!/usr/bin/python3
# Writes cron-table.txt: next runs of cron expressions computed by an implementation that is not
# Tend's (Debian's python3-croniter, which ORs day of month and day of week as cron(5) says).
# CronTableTests reads the file and checks Tend's schedules give the same runs. Run it again only
# to add rows (apt-get install python3-croniter; /usr/bin/python3 generate.py > cron-table.txt);
# the tests themselves need no Python.
#
# One row: ZONE | START | EXPRESSION | RUN RUN ... (ISO 8601 with the zone's offset). A run is the
# first occurrence strictly after the previous one, starting from START.
import datetime
import croniter
import pytz

ROWS = [
    # day of month OR day of week (both restricted)
    ("UTC", "2026-12-01T00:00", "0 0 13 * 5"),
    ("UTC", "2026-12-01T00:00", "0 0 1 * MON"),
    ("UTC", "2026-12-01T00:00", "30 4 1,15 * 5"),
    ("UTC", "2026-12-01T00:00", "0 0 1-7 * 1"),
    ("UTC", "2026-12-01T00:00", "0 0 */10 * 0"),
    ("UTC", "2026-12-01T00:00", "0 12 13 * fri-sat"),
    # one day field restricted: the other is ignored
    ("UTC", "2026-12-01T00:00", "0 0 13 * *"),
    ("UTC", "2026-12-01T00:00", "0 0 * * 5"),
    ("UTC", "2026-12-01T00:00", "15 10 * * 1-5"),
    # month ends and leap years
    ("UTC", "2026-12-30T00:00", "0 0 31 * *"),
    ("UTC", "2026-12-30T00:00", "0 0 30 * *"),
    ("UTC", "2027-01-15T00:00", "0 0 29 2 *"),
    ("UTC", "2027-01-15T00:00", "0 0 29 2 1"),
    ("UTC", "2027-12-31T23:00", "59 23 28-29 2 *"),
    ("UTC", "2026-12-31T23:58", "* * * * *"),
    ("UTC", "2026-12-31T00:00", "0 0 1 1 *"),
    # DST: Paris springs forward on 2027-03-28 (02:00 -> 03:00) and falls back on 2026-10-25 (03:00 -> 02:00)
    ("Europe/Paris", "2027-03-26T12:00", "0 9 * * *"),
    ("Europe/Paris", "2027-03-27T12:00", "0 4 * * *"),
    ("Europe/Paris", "2026-10-23T12:00", "0 9 * * *"),
    ("Europe/Paris", "2026-10-23T12:00", "0 4 * * *"),
    ("Europe/Paris", "2027-03-26T12:00", "0 0 28 * 0"),
    ("Europe/Paris", "2027-03-28T01:00", "*/30 * * * *"),
    ("Europe/Paris", "2026-10-24T12:00", "30 2 * * *"),
    ("Europe/Paris", "2026-10-25T01:00", "*/30 * * * *"),
    # (not here: a fixed time inside the hour skipped in spring, e.g. 30 2 * * * on 2027-03-28;
    # croniter 1.3.5 answers 02:30+02:00, a time that does not exist, then 03:30 and 01:30 the day
    # after. Cron runs it once at the jump, as Tend does: JobScheduleTests covers it.)
    # New York springs forward on 2027-03-14 and falls back on 2026-11-01
    ("America/New_York", "2027-03-12T12:00", "0 12 * * *"),
    ("America/New_York", "2026-10-30T12:00", "0 12 * * *"),
    ("America/New_York", "2026-10-30T12:00", "0 3 1 * 0"),
    ("America/New_York", "2026-10-31T12:00", "30 1 * * *"),
    # a zone without DST, and one south of the equator (Sydney falls back on 2027-04-04)
    ("Asia/Tokyo", "2026-12-01T00:00", "0 9 * * *"),
    ("Australia/Sydney", "2027-04-02T12:00", "0 5 * * *"),
    ("Australia/Sydney", "2027-04-02T12:00", "0 0 1,15 * 3"),
]

COUNT = 6

for zone, start, expression in ROWS:
    tz = pytz.timezone(zone)
    begin = tz.localize(datetime.datetime.fromisoformat(start))
    it = croniter.croniter(expression, begin)
    runs = [it.get_next(datetime.datetime).isoformat() for _ in range(COUNT)]
    print(f"{zone} | {begin.isoformat()} | {expression} | {' '.join(runs)}")
