//! The on-duty rotation (`data/rotation.yaml`): people, a start date, a cadence, the order,
//! and overrides and swaps by date, made into shifts that hand over at a local time of one time
//! zone. The `rotation` shortcode shows the schedule and who is on duty (chosen at build time,
//! and chosen again in the browser from the same shifts); `rotation.ics` is the calendar feed.
//!
//! ```yaml
//! time_zone: Europe/Berlin   # where shifts hand over (UTC by default)
//! handover: "09:00"          # at this local time (09:00 by default)
//! start: 2026-01-05
//! cadence: weekly            # daily, weekly (default), biweekly, or "10 days"
//! until: 2026-12-28          # the schedule runs out then
//! people:
//!   - {name: Ana Lima, handle: ana, time_zone: America/Sao_Paulo}
//! order: [ana, bo]           # the people's order by default
//! overrides:
//!   - {date: 2026-02-02, person: bo}               # the shift that covers the date
//!   - {from: 2026-03-03, to: 2026-03-05, person: ana}  # part of a shift (`to` not included)
//!   - {swap: [2026-04-06, 2026-04-13]}             # two shifts trade people
//! ```

use super::{Found, entries, text_of};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Person {
    pub(crate) name: String,
    pub(crate) handle: String,
    pub(crate) time_zone: String,
}

/// One shift: from `start` (included) to `end` (not included), in local dates of the
/// rotation's time zone and as instants.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shift {
    pub(crate) start: Date,
    pub(crate) end: Date,
    pub(crate) from: Timestamp,
    pub(crate) to: Timestamp,
    pub(crate) person: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Rotation {
    pub(crate) people: Vec<Person>,
    pub(crate) time_zone: String,
    pub(crate) until: Date,
    /// Days before `until` from which the schedule is reported as running out.
    pub(crate) review_soon: i64,
    pub(crate) shifts: Vec<Shift>,
    /// The line of `until` in the file, for the running-out warning.
    pub(crate) until_line: Option<usize>,
}

/// What a rotation is read with.
struct Setup {
    tz: TimeZone,
    handover: Time,
}

/// The rotation of `value`, each problem at its line; None when it cannot be made.
pub(crate) fn read(value: &Value, review_soon: i64, found: &mut Found) -> Option<Rotation> {
    let line = |found: &mut Found, key: &str| found.line_of_key(key);
    let tz_name = match text_of(value, "time_zone") {
        t if t.is_empty() => "UTC".to_string(),
        t => t,
    };
    let Ok(tz) = TimeZone::get(&tz_name) else {
        let at = line(found, "time_zone");
        found.error(
            at,
            format!("`time_zone: {tz_name}` is no IANA time zone (`Europe/Berlin`)"),
        );
        return None;
    };
    let handover = match text_of(value, "handover") {
        h if h.is_empty() => Time::constant(9, 0, 0, 0),
        h => match h.parse::<Time>() {
            Ok(t) => t,
            Err(_) => {
                let at = line(found, "handover");
                found.error(at, format!("`handover: {h}` is no time of day (`09:00`)"));
                return None;
            }
        },
    };
    let setup = Setup { tz, handover };
    let start = date(value, "start", found)?;
    let until = date(value, "until", found)?;
    let until_line = line(found, "until");
    if until <= start {
        found.error(
            until_line,
            format!("`until: {until}` is not after `start: {start}`"),
        );
        return None;
    }
    let days = cadence(value, found)?;
    let people = people(value, found);
    let order = order(value, &people, found);
    if order.is_empty() {
        let at = line(found, "people");
        found.error(at, "the rotation has nobody on it: list `people`".into());
        return None;
    }
    let mut shifts = Vec::new();
    let mut day = start;
    while day < until {
        let end = day.checked_add(days.days()).ok()?.min(until);
        let person = order[shifts.len() % order.len()];
        shifts.push(setup.shift(day, end, person));
        day = end;
    }
    apply_overrides(value, &people, &setup, &mut shifts, found);
    Some(Rotation {
        people,
        time_zone: tz_name,
        until,
        review_soon: value
            .get("review_soon")
            .and_then(Value::as_i64)
            .unwrap_or(review_soon),
        shifts,
        until_line,
    })
}

impl Setup {
    fn instant(&self, day: Date) -> Timestamp {
        day.to_datetime(self.handover)
            .to_zoned(self.tz.clone())
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn shift(&self, start: Date, end: Date, person: usize) -> Shift {
        Shift {
            start,
            end,
            from: self.instant(start),
            to: self.instant(end),
            person,
        }
    }
}

fn date(value: &Value, key: &str, found: &mut Found) -> Option<Date> {
    let raw = text_of(value, key);
    match raw.parse::<Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            let at = found.line_of_key(key);
            let why = match raw.is_empty() {
                true => format!("the rotation needs `{key}` (a date: 2026-01-05)"),
                false => format!("`{key}: {raw}` is no date (2026-01-05)"),
            };
            found.error(at, why);
            None
        }
    }
}

/// Days per shift.
fn cadence(value: &Value, found: &mut Found) -> Option<i64> {
    let raw = text_of(value, "cadence");
    let days = match raw.as_str() {
        "" | "weekly" => Some(7),
        "daily" => Some(1),
        "biweekly" | "fortnightly" => Some(14),
        other => other
            .strip_suffix("days")
            .and_then(|n| n.trim().parse::<i64>().ok())
            .filter(|n| *n > 0),
    };
    if days.is_none() {
        let at = found.line_of_key("cadence");
        found.error(
            at,
            format!("`cadence: {raw}` is not daily, weekly, biweekly nor \"<n> days\""),
        );
    }
    days
}

fn people(value: &Value, found: &mut Found) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    for (item, line) in entries(value, "people", "handle", found) {
        let handle = text_of(item, "handle");
        let name = text_of(item, "name");
        if handle.is_empty() && name.is_empty() {
            found.error(line, "a person needs a `name` and a `handle`".into());
            continue;
        }
        let time_zone = text_of(item, "time_zone");
        if !time_zone.is_empty() && TimeZone::get(&time_zone).is_err() {
            found.error(
                line,
                format!("`time_zone: {time_zone}` is no IANA time zone"),
            );
        }
        out.push(Person {
            handle: if handle.is_empty() {
                name.clone()
            } else {
                handle
            },
            name: if name.is_empty() {
                text_of(item, "handle")
            } else {
                name
            },
            time_zone,
        });
    }
    out
}

/// The person a handle (or name) names.
fn person(people: &[Person], who: &str) -> Option<usize> {
    let who = who.trim_start_matches('@');
    people
        .iter()
        .position(|p| p.handle.trim_start_matches('@') == who || p.name == who)
}

fn order(value: &Value, people: &[Person], found: &mut Found) -> Vec<usize> {
    let Some(Value::Array(list)) = value.get("order") else {
        return (0..people.len()).collect();
    };
    let mut out = Vec::new();
    for who in list.iter().filter_map(Value::as_str) {
        match person(people, who) {
            Some(p) => out.push(p),
            None => {
                let at = found.line_of_key("order");
                found.error_code(
                    "rotation-person",
                    at,
                    format!("`order` names `{who}`, who is not in the rotation's `people`"),
                );
            }
        }
    }
    out
}

/// Overrides and swaps, in the file's order; overlapping overrides, dates outside the schedule
/// and unknown people are errors.
fn apply_overrides(
    value: &Value,
    people: &[Person],
    setup: &Setup,
    shifts: &mut Vec<Shift>,
    found: &mut Found,
) {
    let (first, last) = match (shifts.first(), shifts.last()) {
        (Some(f), Some(l)) => (f.start, l.end),
        _ => return,
    };
    let covering =
        |shifts: &[Shift], d: Date| shifts.iter().position(|s| s.start <= d && d < s.end);
    let mut taken: Vec<(Date, Date, Option<usize>)> = Vec::new();
    for (item, line) in entries(value, "overrides", "date", found) {
        if let Some(Value::Array(pair)) = item.get("swap") {
            let dates: Vec<Option<Date>> = pair
                .iter()
                .map(|d| d.as_str().and_then(|d| d.parse().ok()))
                .collect();
            match dates[..] {
                [Some(a), Some(b)] => match (covering(shifts, a), covering(shifts, b)) {
                    (Some(i), Some(j)) => {
                        let p = shifts[i].person;
                        shifts[i].person = shifts[j].person;
                        shifts[j].person = p;
                    }
                    _ => found.error_code(
                        "rotation-gap",
                        line,
                        format!("swap: a date is outside the schedule ({first} to {last})"),
                    ),
                },
                _ => found.error(
                    line,
                    "`swap` takes two dates: `swap: [2026-04-06, 2026-04-13]`".into(),
                ),
            }
            continue;
        }
        let who = text_of(item, "person");
        let Some(p) = person(people, &who) else {
            found.error_code(
                "rotation-person",
                line,
                format!("override: `{who}` is not in the rotation's `people`"),
            );
            continue;
        };
        let parse = |k: &str| text_of(item, k).parse::<Date>().ok();
        let (from, to) = match (parse("date"), parse("from"), parse("to")) {
            (Some(d), None, None) => match covering(shifts, d) {
                Some(i) => (shifts[i].start, shifts[i].end),
                None => (d, d.tomorrow().unwrap_or(d)),
            },
            (None, Some(f), Some(t)) => (f, t),
            _ => {
                found.error(
                    line,
                    "an override takes `date` (a shift), or `from` and `to`, and `person`".into(),
                );
                continue;
            }
        };
        if to <= from {
            found.error_code(
                "rotation-gap",
                line,
                format!("override: `to: {to}` is not after `from: {from}`"),
            );
            continue;
        }
        if from < first || to > last {
            found.error_code(
                "rotation-gap",
                line,
                format!("override {from} to {to} is outside the schedule ({first} to {last}): there is no shift to hand over to or from"),
            );
            continue;
        }
        if let Some((a, b, _)) = taken.iter().find(|(a, b, _)| from < *b && *a < to) {
            found.error_code(
                "rotation-overlap",
                line,
                format!("override {from} to {to} overlaps another one ({a} to {b}): who is on duty then?"),
            );
            continue;
        }
        taken.push((from, to, Some(p)));
        *shifts = split(shifts, from, to, p, setup);
    }
}

/// `shifts` with `person` on duty from `from` to `to`: the shifts around cut short.
fn split(shifts: &[Shift], from: Date, to: Date, person: usize, setup: &Setup) -> Vec<Shift> {
    let mut out = Vec::new();
    let mut placed = false;
    for s in shifts {
        if s.end <= from || s.start >= to {
            out.push(s.clone());
            continue;
        }
        if s.start < from {
            out.push(setup.shift(s.start, from, s.person));
        }
        if !placed {
            out.push(setup.shift(from, to, person));
            placed = true;
        }
        if s.end > to {
            out.push(setup.shift(to, s.end, s.person));
        }
    }
    out
}

impl Rotation {
    /// The shift on duty at `now`.
    pub(crate) fn on_duty(&self, now: Timestamp) -> Option<&Shift> {
        self.shifts.iter().find(|s| s.from <= now && now < s.to)
    }

    /// The warning when the schedule runs out within `review_soon` days of `today` (or has).
    pub(crate) fn runs_out(&self, today: Date) -> Option<String> {
        let left = today
            .until(self.until)
            .map(|s| s.get_days() as i64)
            .unwrap_or(0);
        if left < 0 {
            Some(format!(
                "the rotation ran out on {} ({} days ago): nobody is on duty; extend `until` and the order",
                self.until, -left
            ))
        } else if left <= self.review_soon {
            Some(format!(
                "the rotation runs out on {} (in {left} days, under `review_soon` = {}): plan the next shifts",
                self.until, self.review_soon
            ))
        } else {
            None
        }
    }

    /// The calendar feed: one event per shift, in UTC.
    pub(crate) fn ics(&self, title: &str, host: &str, stamp: Date) -> String {
        let utc = |t: Timestamp| t.strftime("%Y%m%dT%H%M%SZ").to_string();
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(&fold(&s));
            out.push_str("\r\n");
        };
        line("BEGIN:VCALENDAR".into());
        line("VERSION:2.0".into());
        line("PRODID:-//sitegen//rotation//EN".into());
        line("CALSCALE:GREGORIAN".into());
        line(format!("X-WR-CALNAME:{}", escape(title)));
        for s in &self.shifts {
            let p = &self.people[s.person];
            line("BEGIN:VEVENT".into());
            line(format!("UID:{}-{}@{}", s.start, escape(&p.handle), host));
            line(format!("DTSTAMP:{}", stamp.strftime("%Y%m%dT000000Z")));
            line(format!("DTSTART:{}", utc(s.from)));
            line(format!("DTEND:{}", utc(s.to)));
            line(format!(
                "SUMMARY:{}",
                escape(&format!("{} ({})", p.name, p.handle))
            ));
            line(format!(
                "DESCRIPTION:{}",
                escape(&format!(
                    "On duty {} to {} (hand-over in {}){}",
                    s.start,
                    s.end,
                    self.time_zone,
                    match p.time_zone.is_empty() {
                        true => String::new(),
                        false => format!("; {} works in {}", p.name, p.time_zone),
                    }
                ))
            ));
            line("TRANSP:TRANSPARENT".into());
            line("END:VEVENT".into());
        }
        line("END:VCALENDAR".into());
        out
    }
}

/// RFC 5545 text: backslash, `;`, `,` and newlines escaped.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// RFC 5545 lines of at most 75 octets, continued with a space, cut between characters.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        if len + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_between_characters() {
        let folded = fold(&format!("SUMMARY:{}", "值".repeat(40)));
        assert!(folded.split("\r\n").all(|l| l.len() <= 75), "{folded}");
        assert_eq!(
            folded.replace("\r\n ", ""),
            format!("SUMMARY:{}", "值".repeat(40))
        );
    }
}
