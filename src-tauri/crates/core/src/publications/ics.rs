//! The planned publications as an iCalendar file (RFC 5545), for the delegates' Outlook or
//! Thunderbird, written by the `icalendar` crate.
//!
//! Times are floating (no time zone): the federation posts in Gironde, and a floating time is read
//! as the reader's local time by every calendar, without a VTIMEZONE block to keep up to date.

use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};

use super::{Publication, PublicationStatus};

/// A publication takes this long in a calendar: enough to be seen, not a meeting.
const SHOWN_FOR: Duration = Duration::minutes(30);

/// Every publication with a planned date, except the refused ones: its title and channels, its
/// status, its text. `stamp` is the export's time (DTSTAMP). Each event keeps the same UID from
/// one export to the next, so re-importing updates it instead of doubling it.
pub fn calendar(publications: &[Publication], stamp: DateTime<Utc>) -> String {
    let mut calendar = Calendar::new();
    calendar.name("Publications de la fédération").description("Publications prévues, exportées par Fabrique");
    for p in publications {
        let Some(start) = p.draft.planned_at else { continue };
        if p.status == PublicationStatus::Refusee {
            continue;
        }
        let channels: Vec<&str> = p.draft.channels.iter().map(|c| c.label()).collect();
        let summary = match channels.is_empty() {
            true => p.draft.title.clone(),
            false => format!("{} ({})", p.draft.title, channels.join(", ")),
        };
        let mut description = format!("Statut : {}", p.status.label());
        if !p.link.is_empty() {
            description.push_str(&format!("\nLien : {}", p.link));
        }
        if !p.draft.text.trim().is_empty() {
            description.push_str("\n\n");
            description.push_str(p.draft.text.trim());
        }
        let mut event = Event::new();
        event
            .uid(&format!("publication-{}@fabrique.fcsg33", p.id))
            .summary(&summary)
            .description(&description)
            .categories(channels.iter().copied().chain([p.status.label()]))
            .starts(CalendarDateTime::Floating(start))
            .ends(CalendarDateTime::Floating(start + SHOWN_FOR))
            .timestamp(stamp);
        if !p.link.is_empty() {
            event.url(&p.link);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publications::Channel;

    fn publication(id: i64, title: &str, status: PublicationStatus, planned: Option<(u32, u32)>) -> Publication {
        let mut p = crate::publications::tests::publication(status);
        p.id = id;
        p.draft.title = title.into();
        p.draft.text = "Première ligne ; virgule, et accents : é à ç\nSeconde ligne".into();
        p.draft.channels = vec![Channel::Facebook, Channel::Linkedin];
        p.draft.planned_at = planned.map(|(day, hour)| {
            chrono::NaiveDate::from_ymd_opt(2026, 12, day).unwrap().and_hms_opt(hour, 30, 0).unwrap()
        });
        p
    }

    /// Read back by `ical`, a parser written independently of the crate that writes the file.
    #[test]
    fn the_export_is_read_back_by_an_independent_parser() {
        let publications = [
            publication(1, "Portes ouvertes du centre « Les Pins »", PublicationStatus::Programmee, Some((10, 18))),
            publication(2, "Refusée", PublicationStatus::Refusee, Some((11, 9))),
            publication(3, "Sans date", PublicationStatus::Idee, None),
            publication(4, "Lettre de décembre", PublicationStatus::Validee, Some((15, 8))),
        ];
        let stamp = DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z").unwrap().with_timezone(&Utc);
        let text = calendar(&publications, stamp);
        assert!(text.contains("\r\n"), "lines end with CRLF");
        let mut parsed = ical::IcalParser::new(text.as_bytes());
        let cal = parsed.next().expect("a calendar").expect("a valid calendar");
        assert!(parsed.next().is_none());
        let prop = |event: &ical::parser::ical::component::IcalEvent, name: &str| {
            event.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
        };
        let events: Vec<_> = cal.events.iter().collect();
        assert_eq!(events.len(), 2, "the refused and the undated are left out");
        assert_eq!(prop(events[0], "UID"), "publication-1@fabrique.fcsg33");
        assert_eq!(prop(events[0], "DTSTART"), "20261210T183000");
        assert_eq!(prop(events[0], "DTEND"), "20261210T190000");
        // Escaped as RFC 5545 says (commas, semicolons, line breaks), accents kept.
        assert_eq!(prop(events[0], "SUMMARY"), "Portes ouvertes du centre « Les Pins » (Page Facebook\\, LinkedIn)");
        let description = prop(events[0], "DESCRIPTION");
        assert!(
            description.starts_with("Statut : Programmée\\n\\nPremière ligne \\; virgule\\, et accents : é à ç"),
            "{description}"
        );
        assert_eq!(prop(events[1], "DTSTART"), "20261215T083000");
    }
}
