#!/usr/bin/env python3
"""Side-by-side check and benchmark of Baton's schedule engine against python-dateutil.

Subcommands:
  python   --rules-out R --out P [--reps N]
      Writes the representative rules (manager request bodies) to R, builds each rule the way
      the manager's `get_rrule` does with python-dateutil, takes its first 1,000 dates, and writes
      the dates and the median time (request body -> 1,000 dates, over N repetitions) to P.
  compare  --python P --rust X
      Compares the dates exactly and prints the per-rule and overall time ratios.
"""

import argparse
import itertools
import json
import statistics
import sys
import time
from datetime import datetime

from dateutil import rrule as du

N = 1000

# (name, request body). Each is something an operator realistically schedules.
RULES = [
    ("daily", {"since": "2025-01-01T10:00:00", "recurrence": "1 day"}),
    ("every 2 weeks mo+fr", {"since": "2025-01-01T10:00:00", "recurrence": "2 weeks",
                             "weekdays": ["mo", "fr"]}),
    ("monthly from jan 31", {"since": "2025-01-31 09:00:00", "recurrence": "1 month"}),
    ("yearly from feb 29", {"since": "2024-02-29", "recurrence": "1y"}),
    ("last friday monthly", {"since": "2025-01-01T18:00:00", "recurrence": "1mo",
                             "weekdays": ["l-fr"]}),
    ("2nd monday + last sunday yearly", {"since": "2025-01-01T06:00:00", "recurrence": "1 year",
                                         "weekdays": ["2mo", "L-SU"]}),
    ("weekends every 3 hours", {"since": "2025-01-01T00:15:00", "recurrence": "3 hours",
                                "weekdays": ["sa", "su"]}),
    ("every 30 minutes", {"since": "2025-01-01T00:00:00.250000", "recurrence": "30min"}),
    ("1st mon + 3rd wed, count 500", {"since": "2025-01-01T08:00:00", "recurrence": "1 months",
                                      "weekdays": ["1mo", "3we"], "count": 500}),
    ("weekdays daily until", {"since": "2025-01-01T07:30:00", "until": "2027-06-30 07:30:00",
                              "recurrence": "1d", "weekdays": ["mo", "tu", "we", "th", "fr"]}),
    ("rrule last workday", {"since": "2025-01-01T17:00:00",
                            "rrule": "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"}),
    ("rrule weekno", {"since": "2025-01-01T09:00:00",
                      "rrule": "FREQ=YEARLY;BYWEEKNO=1,20,-1;BYDAY=MO"}),
    ("rrule twice a day", {"since": "2025-01-01T00:00:00",
                           "rrule": "FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0,30"}),
    ("rrule month days", {"since": "2025-01-01T12:00:00",
                          "rrule": "FREQ=MONTHLY;BYMONTHDAY=-1,15,31"}),
    ("rrule year days", {"since": "2025-01-01T12:00:00",
                         "rrule": "FREQ=YEARLY;BYYEARDAY=1,100,-1"}),
    ("rrule biweekly wkst su", {"since": "2025-01-01T12:00:00",
                                "rrule": "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,MO"}),
    ("rrule dtstart minutely", {"since": "2025-01-01T00:00:00",
                                "rrule": "DTSTART:20240101T083000\n"
                                         "RRULE:FREQ=MINUTELY;INTERVAL=45;BYHOUR=8,9,10"}),
    ("rrule secondly", {"since": "2025-01-01T00:00:00",
                        "rrule": "FREQ=SECONDLY;INTERVAL=7;BYSECOND=0,30"}),
    ("rrule friday 13th", {"since": "2025-01-01T13:13:00",
                           "rrule": "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13"}),
    ("rrule leap day", {"since": "2025-01-01T00:00:00",
                        "rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;UNTIL=29991231"}),
    ("rrule count + until", {"since": "2025-01-01T00:00:00", "until": "2025-03-01 00:00:00",
                             "rrule": "FREQ=HOURLY;INTERVAL=5;COUNT=300"}),
    ("rrule yearly nth in months", {"since": "2025-01-01T10:00:00",
                                    "rrule": "FREQ=YEARLY;BYMONTH=3,11;BYDAY=-1SU,+2TU"}),
]

FORMATS = ('%Y-%m-%d', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f',
           '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%fZ')


def parse_time(text):
    for fmt in FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            pass
    raise ValueError(text)


FREQS = {'sec': du.SECONDLY, 'second': du.SECONDLY, 'min': du.MINUTELY, 'minute': du.MINUTELY,
         'h': du.HOURLY, 'hour': du.HOURLY, 'd': du.DAILY, 'day': du.DAILY, 'w': du.WEEKLY,
         'week': du.WEEKLY, 'mo': du.MONTHLY, 'month': du.MONTHLY, 'y': du.YEARLY,
         'year': du.YEARLY}
DAYS = {str(d): d for d in du.weekdays}


def manager_rule(body):
    """The rule the manager builds for a request body (reference §3 "Rule to rrule")."""
    import re
    since = parse_time(body['since'])
    until = parse_time(body['until']) if body.get('until') else None
    if body.get('rrule'):
        rule = du.rrulestr(body['rrule'], dtstart=since, cache=True)
        if not rule._until:
            rule._until = until
        return rule
    count = body.get('count')
    if body.get('recurrence'):
        found = re.findall(r"(\d+)\ ?(sec(ond)?|min(ute)?|h(our)?|d(ay)?|w(eek)?|mo(nth)?"
                           r"|y(ear)?)s?$", body['recurrence'])
        interval, freq = int(found[0][0]), FREQS[found[0][1]]
    else:
        interval, freq = 0, du.DAILY
    weekdays = []
    for item in [w.upper() for w in body.get('weekdays') or []]:
        pos = item[:-2]
        weekdays.append((DAYS[item[-2:]], None if not pos else -1 if pos == 'L-' else int(pos)))
    if not weekdays:
        return du.rrule(freq=freq, interval=interval, dtstart=since, until=until, count=count,
                        cache=True)
    rset = du.rruleset()
    for day, pos in weekdays:
        rset.rrule(du.rrule(freq=freq, interval=interval, dtstart=since, until=until,
                            byweekday=day, bysetpos=pos, cache=True))
    if not count:
        return rset
    try:
        cap = rset[count - 1]
    except IndexError:
        return rset
    capped = du.rruleset()
    for r in rset._rrule:
        capped.rrule(r.replace(until=cap))
    return capped


def first_dates(body):
    return list(itertools.islice(iter(manager_rule(body)), N))


def cmd_python(args):
    with open(args.rules_out, 'w') as f:
        json.dump([{"name": n, "request": b} for n, b in RULES], f, indent=1)
    out = []
    for name, body in RULES:
        dates = first_dates(body)
        samples = []
        for _ in range(args.reps):
            t0 = time.perf_counter_ns()
            first_dates(body)
            samples.append(time.perf_counter_ns() - t0)
        out.append({"name": name, "dates": [d.strftime('%Y-%m-%d %H:%M:%S') for d in dates],
                    "median_ns": statistics.median(samples), "reps": args.reps})
        print(f"  dateutil  {name:34} {len(dates):5} dates  "
              f"{statistics.median(samples) / 1e6:9.3f} ms", file=sys.stderr)
    with open(args.out, 'w') as f:
        json.dump({"dateutil": du.__name__, "results": out}, f)


def cmd_compare(args):
    with open(args.python) as f:
        py = {r["name"]: r for r in json.load(f)["results"]}
    with open(args.rust) as f:
        rs = {r["name"]: r for r in json.load(f)["results"]}
    ok = True
    ratios = []
    print(f"{'rule':36} {'dates':>5} {'dateutil ms':>12} {'baton ms':>10} {'speed-up':>9}")
    for name, p in py.items():
        r = rs.get(name)
        if r is None or r.get("error"):
            print(f"{name:36} MISSING in Rust output: {r and r.get('error')}")
            ok = False
            continue
        same = p["dates"] == r["dates"]
        if not same:
            ok = False
            first = next((i for i, (a, b) in enumerate(zip(p["dates"], r["dates"])) if a != b),
                         min(len(p["dates"]), len(r["dates"])))
            print(f"{name:36} DATES DIFFER at #{first}: dateutil "
                  f"{p['dates'][first:first + 2]} baton {r['dates'][first:first + 2]} "
                  f"(lengths {len(p['dates'])}/{len(r['dates'])})")
        ratio = p["median_ns"] / max(r["median_ns"], 1)
        ratios.append(ratio)
        print(f"{name:36} {len(p['dates']):5} {p['median_ns'] / 1e6:12.3f} "
              f"{r['median_ns'] / 1e6:10.4f} {ratio:8.0f}x{'' if same else '  MISMATCH'}")
    if ratios:
        geo = statistics.geometric_mean(ratios)
        print(f"\nall dates identical: {ok}")
        print(f"median time ratio dateutil/baton: geometric mean {geo:.0f}x, "
              f"min {min(ratios):.0f}x, max {max(ratios):.0f}x over {len(ratios)} rules")
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("python")
    p.add_argument("--rules-out", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--reps", type=int, default=21)
    c = sub.add_parser("compare")
    c.add_argument("--python", required=True)
    c.add_argument("--rust", required=True)
    args = ap.parse_args()
    if args.cmd == "python":
        cmd_python(args)
        return 0
    return cmd_compare(args)


if __name__ == "__main__":
    sys.exit(main())
