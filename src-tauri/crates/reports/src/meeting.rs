//! A meeting's minutes (« compte rendu ») on paper, ready to send: the meeting's object, when
//! and where, who took part on each side, whom it concerned, the notes, the decisions, and the
//! follow-ups as a table (what, who, by when, done).

use fabrique_core::dossier::life::french_date;
use fabrique_core::meetings::{when_and_where, Meeting};
use fabrique_pdf::{Block, Document, Span, Table};

/// What the minutes name besides the meeting itself.
pub struct MinutesContext<'a> {
    pub federation: &'a str,
    /// The structures and partners it concerned, by name.
    pub concerned: Vec<String>,
}

fn paragraphs(text: &str) -> Vec<Block> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Block::Paragraph { spans: vec![Span::plain(p.to_string())] })
        .collect()
}

fn line(label: &str, value: String) -> Block {
    Block::Paragraph { spans: vec![Span::bold(format!("{label} : ")), Span::plain(value)] }
}

pub fn minutes_document(meeting: &Meeting, context: &MinutesContext<'_>) -> Document {
    let d = &meeting.draft;
    let day = d.held_on.map(french_date).unwrap_or_default();
    let mut blocks = vec![Block::Heading { level: 1, spans: vec![Span::plain(d.title.clone())] }];
    let place = when_and_where(d);
    blocks.push(line("Date", if place.is_empty() { day.clone() } else { format!("{day}, {place}") }));
    if !context.concerned.is_empty() {
        blocks.push(line("Concerne", context.concerned.join(", ")));
    }
    if !d.ours.is_empty() {
        blocks.push(line("Pour la fédération", d.ours.join(", ")));
    }
    if !d.theirs.is_empty() {
        blocks.push(line("Autres participants", d.theirs.join(", ")));
    }
    if !d.notes.trim().is_empty() {
        blocks.push(Block::Heading { level: 2, spans: vec![Span::plain("Échanges")] });
        blocks.extend(paragraphs(&d.notes));
    }
    if !d.decisions.trim().is_empty() {
        blocks.push(Block::Heading { level: 2, spans: vec![Span::plain("Décisions")] });
        blocks.extend(paragraphs(&d.decisions));
    }
    if !d.follow_ups.is_empty() {
        blocks.push(Block::Heading { level: 2, spans: vec![Span::plain("Suites à donner")] });
        let rows: Vec<Vec<String>> = d
            .follow_ups
            .iter()
            .map(|f| {
                vec![
                    f.what.clone(),
                    f.who.clone(),
                    f.due_on.map(french_date).unwrap_or_default(),
                    f.done_on.map(|day| format!("fait le {}", french_date(day))).unwrap_or_else(|| "à faire".into()),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table::plain(&["À faire", "Qui", "Pour le", "État"], &rows)));
    }
    Document {
        title: format!("Compte rendu — {}", d.title),
        author: context.federation.to_string(),
        subject: Some("Compte rendu de rencontre".into()),
        title_page: None,
        table_of_contents: false,
        running_header: Some(format!("Compte rendu du {day}")),
        running_footer: Some(context.federation.to_string()),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use fabrique_core::meetings::{FollowUp, MeetingDraft};

    #[test]
    fn the_minutes_say_when_who_what_was_decided_and_what_follows() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d);
        let meeting = Meeting {
            id: 1,
            draft: MeetingDraft {
                title: "Inclusion numérique : feuille de route".into(),
                held_on: day(3),
                starts_at: Some("14:30".into()),
                online: true,
                ours: vec!["Marie Dupuis".into()],
                theirs: vec!["Coordinatrice HUBIK".into()],
                notes: "Premier échange.\n\nSecond paragraphe « entre guillemets ».".into(),
                decisions: "Une carte commune.".into(),
                follow_ups: vec![FollowUp {
                    what: "Recenser les permanences".into(),
                    who: "Marie".into(),
                    due_on: day(20),
                    ..FollowUp::default()
                }],
                ..MeetingDraft::default()
            },
            version: 1,
        };
        let doc =
            minutes_document(&meeting, &MinutesContext { federation: "Fédération", concerned: vec!["HUBIK".into()] });
        let text: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { spans, .. } | Block::Paragraph { spans } => fabrique_pdf::model::plain_text(spans),
                Block::Table(t) => {
                    t.rows.iter().flatten().map(|c| fabrique_pdf::model::plain_text(c)).collect::<Vec<_>>().join(" | ")
                }
                _ => String::new(),
            })
            .collect();
        assert_eq!(text[1], "Date : 3 décembre 2026, 14 h 30, visio");
        assert_eq!(text[2], "Concerne : HUBIK");
        assert!(text.contains(&"Second paragraphe « entre guillemets ».".to_string()), "{text:?}");
        assert_eq!(text.last().unwrap(), "Recenser les permanences | Marie | 20 décembre 2026 | à faire");
        assert_eq!(doc.running_header.as_deref(), Some("Compte rendu du 3 décembre 2026"));
    }
}
