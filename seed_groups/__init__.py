"""Illustrative example groups (fictional providers, contacts), loaded by `groepenwijzer seed`."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from importlib.resources import files

# The Monday of the week the example dates were written for: schedules, intakes and
# confirmations are as a real catalogue would hold them in that week.
WRITTEN_FOR = date(2026, 11, 30)
DATED_COLUMNS = (
    "first_session",
    "until",
    "exception_dates",
    "next_intake",
    "later_runs",
    "last_confirmed",
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", flags=re.ASCII)


def seed_csv(today: date | None = None) -> bytes:
    """The example groups in the transfertafel spreadsheet format.

    With `today`, every date moves by the whole weeks between WRITTEN_FOR and
    today, so the example catalogue is as fresh and as joinable on any day it is
    loaded (whole weeks keep weekdays and "first Friday of the month" rules).
    """
    raw = files(__package__).joinpath("groups.csv").read_bytes()
    if today is None:
        return raw
    shift = timedelta(weeks=(today - WRITTEN_FOR).days // 7)
    if not shift:
        return raw
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8")))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or ()), lineterminator="\n")
    writer.writeheader()
    for row in reader:
        for column in DATED_COLUMNS:
            row[column] = _DATE.sub(
                lambda m: (date.fromisoformat(m.group()) + shift).isoformat(), row[column]
            )
        writer.writerow(row)
    return out.getvalue().encode("utf-8")
