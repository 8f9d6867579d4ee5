"""Reads what bowout wrote with parsers of its own: Python's email package
for a message, and the icalendar package for its calendar answer. Prints the
fields as JSON for the tests to check one by one.

Usage: python3 read_reply.py FILE [ORIGINAL]   (an .eml or an .ics)

With ORIGINAL (the invitation answered, .ics or .eml), it also says what
the answer kept of it: the original's start and end in UTC, as this reader
converts them, and which of the original event's properties (name, value
and parameters) the answer does not carry unchanged.
"""
import datetime
import json
import sys
from email import policy
from email.parser import BytesParser

import icalendar

def calendar_of(raw):
    """The calendar of an .ics, or of a message's first text/calendar part."""
    if raw.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        return raw
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_payload(decode=True)
    return None


def utc(v):
    """A DTSTART or DTEND in UTC as 20261204T100000Z, a date as 20261204."""
    if v is None:
        return None
    d = v.dt
    if not hasattr(d, "hour") or str(v.params.get("VALUE", "")).upper() == "DATE":
        return d.strftime("%Y%m%d")
    if d.tzinfo is None:
        return None  # floating: no independent UTC
    return d.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def end_of(ev):
    if ev.get("DTEND") is not None:
        return utc(ev.get("DTEND"))
    if ev.get("DURATION") is not None and ev.get("DTSTART") is not None:
        d = ev.get("DTSTART").dt
        if hasattr(d, "hour") and d.tzinfo is not None:
            e = d + ev.get("DURATION").dt
            return e.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return None


def raw_uid(calendar_bytes):
    """The UID's value as written, unfolded."""
    unfolded = calendar_bytes.replace(b"\r\n", b"\n").replace(b"\n ", b"").replace(b"\n\t", b"")
    for line in unfolded.split(b"\n"):
        if line.upper().startswith(b"UID:") or line.upper().startswith(b"UID;"):
            return line.split(b":", 1)[1].rstrip(b"\r").decode()
    return None


def length(ev):
    """Seconds from start to end, when both are moments."""
    start, end = ev.get("DTSTART"), ev.get("DTEND")
    if start is None or not hasattr(start.dt, "hour"):
        return None
    if end is not None and hasattr(end.dt, "hour"):
        return int((end.dt - start.dt).total_seconds())
    if ev.get("DURATION") is not None:
        return int(ev.get("DURATION").dt.total_seconds())
    return None


def items(component):
    """The component's own properties as comparable (name, value, params)."""
    out = []
    for name, value in component.property_items(recursive=False):
        if name in ("BEGIN", "END"):
            continue
        params = tuple(sorted((k.upper(), str(v)) for k, v in getattr(value, "params", {}).items()))
        out.append((name.upper(), value.to_ical() if hasattr(value, "to_ical") else str(value), params))
    return out


raw = open(sys.argv[1], "rb").read()
out = {}
calendar_bytes = None
if raw.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
    calendar_bytes = raw
else:
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    out["subject"] = str(msg["Subject"])
    out["to"] = str(msg["To"])
    out["in_reply_to"] = str(msg["In-Reply-To"]) if msg["In-Reply-To"] else None
    out["references"] = str(msg["References"]).split() if msg["References"] else []
    out["content_type"] = msg.get_content_type()
    out["text"] = msg.get_body(preferencelist=("plain",)).get_content()
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            out["calendar_method_param"] = part.get_param("method")
            calendar_bytes = part.get_payload(decode=True)
if calendar_bytes is not None:
    lines = calendar_bytes.split(b"\r\n")
    out["crlf"] = lines[-1] == b"" and b"\n" not in b"".join(lines)
    out["longest_line"] = max(len(l) for l in lines)
    cal = icalendar.Calendar.from_ical(calendar_bytes)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    out["events"] = len(events)
    out["method"] = str(cal.get("METHOD"))
    ev = events[0]

    def when(key):
        v = ev.get(key)
        if v is None:
            return None
        d = v.dt
        return d.strftime("%Y%m%dT%H%M%SZ") if hasattr(d, "hour") else d.strftime("%Y%m%d")

    def person(p):
        return {
            "address": str(p).split(":", 1)[1] if ":" in str(p) else str(p),
            "cn": p.params.get("CN"),
            "partstat": p.params.get("PARTSTAT"),
        }

    attendees = ev.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    out.update(
        uid_raw=raw_uid(calendar_bytes),
        length=length(ev),
        start_utc=utc(ev.get("DTSTART")),
        end_utc=end_of(ev),
        alarms=len([c for c in ev.subcomponents if c.name == "VALARM"]),
        uid=str(ev.get("UID")),
        sequence=int(ev.get("SEQUENCE", 0)),
        dtstart=when("DTSTART"),
        dtend=when("DTEND"),
        dtstamp=when("DTSTAMP"),
        summary=str(ev.get("SUMMARY")) if ev.get("SUMMARY") else None,
        status=str(ev.get("STATUS")) if ev.get("STATUS") else None,
        organizer=person(ev.get("ORGANIZER")) if ev.get("ORGANIZER") else None,
        attendees=[person(a) for a in attendees],
    )
    if len(sys.argv) > 2:
        original_bytes = calendar_of(open(sys.argv[2], "rb").read())
        try:
            original = icalendar.Calendar.from_ical(original_bytes)
            oev = [c for c in original.walk() if c.name == "VEVENT"][0]
            oev.get("DTSTART").dt
        except Exception as e:  # this reader cannot read it: said, not guessed
            out["original"] = dict(error=str(e), uid_raw=raw_uid(original_bytes))
            print(json.dumps(out))
            sys.exit(0)
        changed = {"DTSTART", "DTEND", "DTSTAMP", "SEQUENCE", "STATUS"}
        mine = set(items(ev))
        out["original"] = dict(
            uid_raw=raw_uid(original_bytes),
            length=length(oev),
            uid=str(oev.get("UID")),
            sequence=int(oev.get("SEQUENCE", 0)),
            start_utc=utc(oev.get("DTSTART")),
            end_utc=end_of(oev),
            alarms=len([c for c in oev.subcomponents if c.name == "VALARM"]),
            not_kept=sorted(
                name for (name, value, params) in items(oev)
                if name not in changed and (name, value, params) not in mine
            ),
        )
print(json.dumps(out))
