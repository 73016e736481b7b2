//! Publications (« Communication »): the board, writing, moving, commenting, and the planned
//! publications exported for the delegates' calendars (iCalendar) and spreadsheets (CSV).
//!
//! `now` is the caller's clock with its offset: the wait for validation is counted in UTC, the
//! planned dates are local.

use chrono::{DateTime, FixedOffset};
use fabrique_api::{PublicationBoard, PublicationCard, PublicationDetail, PublicationRow};
use fabrique_core::export::neutralise_cell;
use fabrique_core::publications::{flags_of, ics, Publication, PublicationDraft, PublicationId, StatusMove};
use fabrique_store::files::picture::{read_picture, Picture};
use fabrique_store::Store;

use crate::Result;

fn card(publication: Publication, now: DateTime<FixedOffset>, waiting_days: u32) -> PublicationCard {
    let flags = flags_of(&publication, now.to_utc(), now.naive_local(), waiting_days);
    let moves = publication.status.next().to_vec();
    PublicationCard { publication, flags, moves }
}

pub fn board(store: &Store, now: DateTime<FixedOffset>) -> Result<PublicationBoard> {
    let waiting_days = store.publication_waiting_days()?;
    let cards = store.publications()?.into_iter().map(|p| card(p, now, waiting_days)).collect();
    Ok(PublicationBoard { cards, waiting_days, team: store.is_team_base(), who: store.author() })
}

/// Sets how many days a publication may wait for validation before it is pointed out.
pub fn set_waiting_days(store: &mut Store, days: u32, now: DateTime<FixedOffset>) -> Result<PublicationBoard> {
    store.set_publication_waiting_days(days)?;
    board(store, now)
}

/// `fabrique-cli publications list --json`.
pub fn rows(store: &Store, now: DateTime<FixedOffset>) -> Result<Vec<PublicationRow>> {
    Ok(board(store, now)?.cards.iter().map(PublicationRow::new).collect())
}

pub fn detail(store: &Store, id: PublicationId, now: DateTime<FixedOffset>) -> Result<PublicationDetail> {
    Ok(PublicationDetail {
        card: card(store.publication(id)?, now, store.publication_waiting_days()?),
        comments: store.publication_comments(id)?,
        history: store.publication_history(id)?,
        images: store.publication_images(id)?,
    })
}

/// Reads and prepares the picture at `path` (reduced, upright, without metadata), with the
/// name it is shown by. No base is needed: the window does it before taking its base.
pub fn prepare_image(path: &std::path::Path) -> Result<(String, Picture)> {
    let picture = read_picture(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok((name, picture))
}

/// Adds a prepared picture to a publication.
pub fn add_image(
    store: &mut Store,
    id: PublicationId,
    name: &str,
    picture: &Picture,
    now: DateTime<FixedOffset>,
) -> Result<PublicationDetail> {
    store.add_publication_image(id, name, picture)?;
    detail(store, id, now)
}

pub fn remove_image(store: &mut Store, image: i64, now: DateTime<FixedOffset>) -> Result<PublicationDetail> {
    let id = store.delete_publication_image(image)?;
    detail(store, id, now)
}

pub fn create(store: &mut Store, draft: PublicationDraft, now: DateTime<FixedOffset>) -> Result<PublicationDetail> {
    let id = store.create_publication(draft)?.id;
    detail(store, id, now)
}

pub fn save(
    store: &mut Store,
    id: PublicationId,
    draft: PublicationDraft,
    opened_version: Option<i64>,
    now: DateTime<FixedOffset>,
) -> Result<PublicationDetail> {
    store.save_publication(id, draft, opened_version)?;
    detail(store, id, now)
}

/// A move on the board (see `fabrique_core::publications::apply_move`).
pub fn move_to(
    store: &mut Store,
    id: PublicationId,
    step: &StatusMove,
    now: DateTime<FixedOffset>,
) -> Result<PublicationDetail> {
    store.move_publication(id, step)?;
    detail(store, id, now)
}

pub fn comment(
    store: &mut Store,
    id: PublicationId,
    text: &str,
    now: DateTime<FixedOffset>,
) -> Result<PublicationDetail> {
    store.comment_publication(id, text)?;
    detail(store, id, now)
}

/// The planned publications as an iCalendar file.
pub fn calendar(store: &Store, now: DateTime<FixedOffset>) -> Result<String> {
    Ok(ics::calendar(&store.publications()?, now.to_utc()))
}

/// Every publication as CSV (semicolons, UTF-8 with its mark, as French spreadsheets open it),
/// every cell that a spreadsheet would take for a formula neutralised.
pub fn csv(store: &Store, now: DateTime<FixedOffset>) -> Result<Vec<u8>> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer = csv_writer(&mut out);
        // Written in memory: only a bug could make it fail.
        const IN_MEMORY: &str = "a CSV written in memory";
        writer
            .write_record([
                "Titre",
                "Statut",
                "Canaux",
                "Date prévue",
                "Auteur",
                "Validation",
                "Lien",
                "Alertes",
                "Texte",
            ])
            .expect(IN_MEMORY);
        for card in board(store, now)?.cards {
            let p = &card.publication;
            let channels: Vec<&str> = p.draft.channels.iter().map(|c| c.label()).collect();
            let flags: Vec<&str> = card.flags.iter().map(|f| f.label()).collect();
            let planned = p.draft.planned_at.map(|at| at.format("%d/%m/%Y %H:%M").to_string()).unwrap_or_default();
            let record = [
                p.draft.title.as_str(),
                p.status.label(),
                &channels.join(", "),
                &planned,
                &p.author,
                &p.validator,
                &p.link,
                &flags.join(", "),
                &p.draft.text,
            ];
            writer.write_record(record.iter().map(|cell| neutralise_cell(cell))).expect(IN_MEMORY);
        }
        writer.flush().expect(IN_MEMORY);
    }
    Ok(out)
}

fn csv_writer(out: &mut Vec<u8>) -> csv::Writer<&mut Vec<u8>> {
    csv::WriterBuilder::new().delimiter(b';').from_writer(out)
}
