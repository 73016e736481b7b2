//! The monthly newsletter on paper and in the mailbox: one [`Letter`], drawn as a PDF document
//! (through the app's engine) and as a responsive HTML e-mail (MJML rendered by mrml), ready to
//! paste into the federation's mailing tool. Every text is escaped: nothing in an item or a
//! publication becomes markup.

use fabrique_core::lettre::Letter;
use fabrique_pdf::{Block, Document, Span, TitlePage};

/// The letter as a PDF document: a title page, then each section with its entries.
pub fn letter_document(letter: &Letter, federation: &str) -> Document {
    let mut blocks = Vec::new();
    if !letter.intro.is_empty() {
        blocks.push(Block::Paragraph { spans: vec![Span::italic(letter.intro.clone())] });
    }
    for section in letter.filled_sections() {
        blocks.push(Block::Heading { level: 1, spans: vec![Span::plain(section.title.clone())] });
        for entry in &section.entries {
            let title = match &entry.date {
                Some(date) => format!("{date} — {}", entry.title),
                None => entry.title.clone(),
            };
            blocks.push(Block::Heading { level: 2, spans: vec![Span::plain(title)] });
            if !entry.text.is_empty() {
                blocks.push(Block::Paragraph { spans: vec![Span::plain(entry.text.clone())] });
            }
            if let Some(link) = &entry.link {
                blocks.push(Block::Paragraph { spans: vec![Span::plain(format!("Lire : {link}"))] });
            }
        }
    }
    if letter.entry_count() == 0 {
        blocks.push(Block::Paragraph {
            spans: vec![Span::plain("Rien n'est encore marqué « à partager » ni publié ce mois-ci.")],
        });
    }
    Document {
        title: letter.title.clone(),
        author: federation.to_string(),
        subject: Some("Lettre mensuelle du réseau".into()),
        title_page: Some(TitlePage {
            title: letter.title.clone(),
            subtitle: Some(federation.to_string()),
            lines: Vec::new(),
            logo_png: None,
        }),
        table_of_contents: false,
        running_header: Some(letter.title.clone()),
        running_footer: Some(federation.to_string()),
        blocks,
    }
}

/// The letter as MJML: one column, system fonts (no remote font or image is loaded).
pub fn letter_mjml(letter: &Letter, federation: &str) -> String {
    let mut body = String::new();
    let text = |s: &str| escape(s);
    body.push_str(&format!(
        "<mj-section background-color=\"#2f6f6a\"><mj-column><mj-text color=\"#ffffff\" font-size=\"22px\" font-weight=\"bold\">{}</mj-text>\
         <mj-text color=\"#e1eeec\">{}</mj-text></mj-column></mj-section>",
        text(&letter.title),
        text(federation)
    ));
    if !letter.intro.is_empty() {
        body.push_str(&format!(
            "<mj-section><mj-column><mj-text font-style=\"italic\">{}</mj-text></mj-column></mj-section>",
            text(&letter.intro)
        ));
    }
    for section in letter.filled_sections() {
        body.push_str("<mj-section><mj-column>");
        body.push_str(&format!(
            "<mj-text font-size=\"18px\" font-weight=\"bold\" color=\"#1f514d\">{}</mj-text>",
            text(&section.title)
        ));
        for entry in &section.entries {
            let title = match &entry.date {
                Some(date) => format!("{} — {}", date, entry.title),
                None => entry.title.clone(),
            };
            body.push_str(&format!("<mj-text font-weight=\"bold\">{}</mj-text>", text(&title)));
            if !entry.text.is_empty() {
                body.push_str(&format!("<mj-text>{}</mj-text>", text(&entry.text)));
            }
            if let Some(link) = &entry.link {
                body.push_str(&format!(
                    "<mj-text><a href=\"{}\" style=\"color:#2f6f6a\">Lire la suite</a></mj-text>",
                    text(link)
                ));
            }
        }
        body.push_str("<mj-divider border-color=\"#d8deda\" border-width=\"1px\" /></mj-column></mj-section>");
    }
    format!(
        "<mjml lang=\"fr\"><mj-head><mj-title>{}</mj-title><mj-attributes><mj-all font-family=\"Helvetica, Arial, sans-serif\" />\
         <mj-text font-size=\"15px\" line-height=\"1.5\" color=\"#1e2523\" /></mj-attributes></mj-head>\
         <mj-body background-color=\"#f4f5f3\">{body}</mj-body></mjml>",
        text(&letter.title)
    )
}

/// The letter as the HTML of an e-mail (inline styles, tables, responsive), rendered by mrml.
pub fn letter_html(letter: &Letter, federation: &str) -> Result<String, String> {
    let parsed = mrml::parse(letter_mjml(letter, federation)).map_err(|e| e.to_string())?;
    let options = mrml::prelude::render::RenderOptions { fonts: Default::default(), ..Default::default() };
    parsed.element.render(&options).map_err(|e| e.to_string())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use fabrique_core::lettre::{LetterEntry, LetterSection};

    fn letter() -> Letter {
        Letter {
            title: "Lettre du réseau — décembre 2026".into(),
            intro: "Bonne lecture & belles fêtes !".into(),
            sections: vec![
                LetterSection { title: "Actualités du réseau".into(), entries: Vec::new() },
                LetterSection {
                    title: "Numérique".into(),
                    entries: vec![LetterEntry {
                        title: "Guide <script>alert(1)</script>".into(),
                        text: "Un texte « français » avec des accents : é, à, ç.".into(),
                        link: Some("https://www.cnil.fr/fr/fiche?a=1&b=\"2\"".into()),
                        date: None,
                        origin: String::new(),
                    }],
                },
            ],
        }
    }

    #[test]
    fn the_html_email_keeps_every_text_as_text() {
        let html = letter_html(&letter(), "Fédération des Centres Sociaux de la Gironde").unwrap();
        assert!(html.starts_with("<!doctype html>"), "{}", &html[..40]);
        assert!(html.contains("lang=\"fr\""), "read aloud in French");
        assert!(html.contains("Un texte « français » avec des accents : é, à, ç."));
        assert!(html.contains("Bonne lecture &amp; belles fêtes !"));
        assert!(!html.contains("<script>"), "escaped");
        assert!(html.contains("Guide &lt;script&gt;"));
        assert!(html.contains("https://www.cnil.fr/fr/fiche?a=1&amp;b=&quot;2&quot;"));
        assert!(!html.contains("fonts.googleapis.com"), "no remote font");
        assert!(!html.contains("Actualités du réseau"), "an empty section is left out");
    }

    #[test]
    fn the_pdf_document_has_a_title_page_and_the_sections() {
        let doc = letter_document(&letter(), "Fédération");
        assert_eq!(doc.title_page.as_ref().unwrap().title, "Lettre du réseau — décembre 2026");
        let headings: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { spans, .. } => Some(fabrique_pdf::model::plain_text(spans)),
                _ => None,
            })
            .collect();
        assert_eq!(headings, vec!["Numérique", "Guide <script>alert(1)</script>"]);
    }
}
