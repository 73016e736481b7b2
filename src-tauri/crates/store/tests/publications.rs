//! Publications (« Communication ») in the store, on each engine: writing, the moves and what they
//! need, the history, the comments, two people on one publication, and the demo.

mod common;

use common::{each_engine, each_engine_with_colleague, each_engine_with_demo, structure, today};
use fabrique_core::publications::{flags_of, Channel, Flag, PublicationDraft, PublicationStatus, StatusMove};
use PublicationStatus::*;

fn draft(title: &str) -> PublicationDraft {
    PublicationDraft {
        title: title.into(),
        text: "Venez nombreux samedi.".into(),
        channels: vec![Channel::Linkedin, Channel::Facebook],
        planned_at: today().and_hms_opt(18, 0, 0),
        ..PublicationDraft::default()
    }
}

fn to(status: PublicationStatus) -> StatusMove {
    StatusMove { to: Some(status), ..StatusMove::default() }
}

#[test]
fn a_publication_goes_from_the_idea_to_the_post_with_its_history() {
    for (engine, mut store, mut colleague) in each_engine_with_colleague() {
        eprintln!("moteur : {engine}");
        let lac = store.create_structure(structure("Centre social du Lac", "Bordeaux")).unwrap();
        let created = store
            .create_publication(PublicationDraft { structure_ids: vec![lac.id], ..draft(" Portes ouvertes ") })
            .unwrap();
        assert_eq!((created.status, created.draft.title.as_str(), created.version), (Idee, "Portes ouvertes", 1));
        assert_eq!(created.draft.channels, vec![Channel::Facebook, Channel::Linkedin]);
        assert_eq!(created.draft.structure_ids, vec![lac.id]);
        assert_eq!(created.draft.planned_at, today().and_hms_opt(18, 0, 0));
        assert_eq!(created.author, store.author());

        let id = created.id;
        store.move_publication(id, &to(Redaction)).unwrap();
        let asked = store.move_publication(id, &to(AValider)).unwrap();
        assert!(asked.asked_at.is_some());
        // A refusal needs a reason and someone other than the author; nothing is written otherwise.
        let no_reason =
            store.move_publication(id, &StatusMove { validator: "Paul".into(), ..to(Refusee) }).unwrap_err();
        assert_eq!(no_reason.code(), "invalid_field");
        let by_author = StatusMove { validator: store.author(), reason: "non".into(), ..to(Refusee) };
        assert_eq!(store.move_publication(id, &by_author).unwrap_err().code(), "invalid_field");
        assert_eq!(store.publication(id).unwrap().status, AValider);
        let refusal = StatusMove { validator: "Paul".into(), reason: "Photo floue".into(), ..to(Refusee) };
        let refused = colleague.move_publication(id, &refusal).unwrap();
        assert_eq!((refused.status, refused.refusal_reason.as_str()), (Refusee, "Photo floue"));
        // Typed on a single computer; on a team base, the account connected.
        let validator = if store.is_team_base() { colleague.author() } else { "Paul".to_string() };
        assert_eq!(refused.validator, validator);
        // Revised, asked again, validated, planned, published.
        store.move_publication(id, &to(Redaction)).unwrap();
        store.move_publication(id, &to(AValider)).unwrap();
        colleague.move_publication(id, &StatusMove { validator: "Paul".into(), ..to(Validee) }).unwrap();
        store.move_publication(id, &to(Programmee)).unwrap();
        let no_link = store.move_publication(id, &to(Publiee)).unwrap_err();
        assert!(no_link.to_string().contains("lien"), "{no_link}");
        let link = StatusMove { link: "https://www.facebook.com/fcsg/posts/9".into(), ..to(Publiee) };
        let published = store.move_publication(id, &link).unwrap();
        assert_eq!((published.status, published.link.as_str()), (Publiee, "https://www.facebook.com/fcsg/posts/9"));
        assert!(published.refusal_reason.is_empty(), "a validation clears the old refusal");

        let history = store.publication_history(id).unwrap();
        let moves: Vec<(PublicationStatus, PublicationStatus)> =
            history.iter().rev().map(|m| (m.before, m.after)).collect();
        assert_eq!(
            moves,
            vec![
                (Idee, Redaction),
                (Redaction, AValider),
                (AValider, Refusee),
                (Refusee, Redaction),
                (Redaction, AValider),
                (AValider, Validee),
                (Validee, Programmee),
                (Programmee, Publiee)
            ]
        );
        assert_eq!(history.iter().find(|m| m.after == Refusee).unwrap().note, "Photo floue");

        // Comments, oldest first; an empty one is refused.
        store.comment_publication(id, "Bien vu pour la photo.").unwrap();
        let thread = store.comment_publication(id, " Merci ! ").unwrap();
        assert_eq!(thread.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["Bien vu pour la photo.", "Merci !"]);
        assert_eq!(store.comment_publication(id, "  ").unwrap_err().code(), "invalid_field");

        assert_eq!(store.publications().unwrap().len(), 1);
        store.delete_publication(id).unwrap();
        assert!(store.publications().unwrap().is_empty());
        assert_eq!(store.publication(id).unwrap_err().code(), "not_found");
    }
}

#[test]
fn a_publication_saved_against_a_version_changed_since_is_refused() {
    for (engine, mut store) in each_engine() {
        eprintln!("moteur : {engine}");
        let opened = store.create_publication(draft("Lettre de janvier")).unwrap();
        let theirs = store
            .save_publication(
                opened.id,
                PublicationDraft { text: "Leur texte.".into(), ..opened.draft.clone() },
                Some(1),
            )
            .unwrap();
        assert_eq!(theirs.version, 2);
        let refused = store
            .save_publication(
                opened.id,
                PublicationDraft { text: "Mon texte.".into(), ..opened.draft.clone() },
                Some(1),
            )
            .unwrap_err();
        assert_eq!(refused.code(), "conflict");
        assert_eq!(store.publication(opened.id).unwrap().draft.text, "Leur texte.");
        // A move moves the version too: a form opened before it is refused as well.
        store.move_publication(opened.id, &to(Redaction)).unwrap();
        assert_eq!(store.save_publication(opened.id, opened.draft.clone(), Some(2)).unwrap_err().code(), "conflict");
        assert_eq!(store.save_publication(opened.id, opened.draft, Some(3)).unwrap().version, 4);
    }
}

#[test]
fn the_demo_has_a_dozen_publications_at_every_stage() {
    for (engine, store, _) in each_engine_with_demo() {
        eprintln!("moteur : {engine}");
        let publications = store.publications().unwrap();
        assert!(publications.len() >= 12, "{}", publications.len());
        for status in PublicationStatus::ALL {
            assert!(publications.iter().any(|p| p.status == status), "{status:?}");
        }
        let bacalan = publications.iter().find(|p| p.draft.title.contains("Bacalan")).unwrap();
        assert_eq!(bacalan.draft.structure_ids.len(), 1, "linked to the structure its title names");
        let refused = publications.iter().find(|p| p.status == Refusee).unwrap();
        assert!(!refused.refusal_reason.is_empty());
        assert!(!store.publication_comments(refused.id).unwrap().is_empty());
        assert_eq!(store.publication_history(refused.id).unwrap()[0].after, Refusee);
    }
}

#[test]
fn the_delay_before_a_late_validation_is_pointed_out_is_the_teams_setting() {
    for (engine, mut store, _) in each_engine_with_demo() {
        eprintln!("moteur : {engine}");
        assert_eq!(store.publication_waiting_days().unwrap(), 3, "the default");
        let now = today().and_hms_opt(13, 0, 0).unwrap().and_utc();
        let late = |store: &fabrique_store::Store| {
            let days = store.publication_waiting_days().unwrap();
            let flagged = |p: &&fabrique_core::publications::Publication| {
                flags_of(p, now, now.naive_local(), days).contains(&Flag::WaitingTooLong)
            };
            store.publications().unwrap().iter().filter(flagged).count()
        };
        assert_eq!(late(&store), 1, "the demo's one asked six days ago");
        assert_eq!(store.set_publication_waiting_days(7).unwrap(), 7);
        assert_eq!(late(&store), 0);
        assert_eq!(store.set_publication_waiting_days(1).unwrap(), 1);
        assert_eq!(late(&store), 2, "the one asked yesterday too");
        for refused in [0, 32] {
            let error = store.set_publication_waiting_days(refused).unwrap_err();
            assert_eq!(error.code(), "invalid_field", "{refused}");
            assert!(error.to_string().contains("entre 1 et 31 jours"), "{error}");
        }
        assert_eq!(store.publication_waiting_days().unwrap(), 1, "a refused delay changes nothing");
    }
}

fn photo(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 120]))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

#[test]
fn a_publication_keeps_a_few_pictures_in_the_base() {
    use fabrique_store::files::picture::picture_from_bytes;
    for (engine, mut store, colleague) in each_engine_with_colleague() {
        eprintln!("moteur : {engine}");
        let id = store.create_publication(draft("Portes ouvertes")).unwrap().id;
        let picture = picture_from_bytes(&photo(2400, 1200)).unwrap();
        let added = store.add_publication_image(id, "  affiche portes ouvertes.jpg ", &picture).unwrap();
        assert_eq!((added.name.as_str(), added.media_type.as_str()), ("affiche portes ouvertes.jpg", "image/jpeg"));
        assert_eq!((added.width, added.height), (2048, 1024));
        assert_eq!(added.size as usize, picture.bytes.len());
        // The colleague sees it, byte for byte.
        assert_eq!(colleague.publication_images(id).unwrap(), vec![added.clone()]);
        assert_eq!(
            colleague.publication_image_bytes(added.id).unwrap(),
            ("image/jpeg".to_string(), picture.bytes.clone())
        );

        for n in 2..=6 {
            store.add_publication_image(id, &format!("photo {n}.jpg"), &picture).unwrap();
        }
        let seventh = store.add_publication_image(id, "photo 7.jpg", &picture).unwrap_err();
        assert_eq!(seventh.code(), "invalid_field");
        assert!(seventh.to_string().contains("au plus 6 images"), "{seventh}");
        assert_eq!(store.delete_publication_image(added.id).unwrap(), id);
        assert_eq!(store.publication_images(id).unwrap().len(), 5);
        assert_eq!(store.publication_image_bytes(added.id).unwrap_err().code(), "not_found");
        assert_eq!(store.add_publication_image(999_999, "x.jpg", &picture).unwrap_err().code(), "not_found");
        store.delete_publication(id).unwrap();
        assert!(store.publication_images(id).unwrap().is_empty(), "removed with their publication");
    }
}
