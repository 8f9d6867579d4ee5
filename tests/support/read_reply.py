"""Reads what bowout wrote with parsers of its own: Python's email package
for a message, and the icalendar package for its calendar answer. Prints the
fields as JSON for the tests to check one by one.

Usage: python3 read_reply.py FILE   (an .eml or an .ics)
"""
import json
import sys
from email import policy
from email.parser import BytesParser

import icalendar

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
print(json.dumps(out))
