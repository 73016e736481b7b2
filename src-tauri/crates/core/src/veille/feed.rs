//! A feed's bytes read into items, as feed-rs reads RSS 0.9x to 2.0, RSS 1.0 and Atom. Texts come
//! out plain: remote HTML goes through ammonia with no tag allowed (scripts, styles and images
//! dropped with their content or attributes), then its entities are decoded; lengths are bounded.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// At most this many items are read from one fetch: a feed is a list of news, not an archive.
pub const MAX_ITEMS_PER_FEED: usize = 300;
const MAX_TITLE_CHARS: usize = 300;
const MAX_SUMMARY_CHARS: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundItem {
    /// The feed's own id for the item (or its link when it has none).
    pub guid: String,
    pub link: String,
    pub title: String,
    pub summary: String,
    pub published_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRead {
    pub title: String,
    pub items: Vec<FoundItem>,
}

/// Reads a feed. An item without a web link is left out (there would be nothing to open).
pub fn read_feed(bytes: &[u8]) -> Result<FeedRead> {
    // The parser's own words are English and technical: the message says what to do instead.
    let feed = feed_rs::parser::parse(bytes).map_err(|_| {
        CoreError::invalid("flux", "ce n'est pas un flux RSS ou Atom lisible : vérifiez l'adresse du flux.")
    })?;
    let title = feed.title.map(|t| plain(&t.content, MAX_TITLE_CHARS)).unwrap_or_default();
    let items = feed
        .entries
        .into_iter()
        .filter_map(|entry| {
            let link =
                entry.links.iter().map(|l| l.href.trim()).find(|href| super::check_link(href, "lien").is_ok())?;
            let link = link.to_string();
            let summary =
                entry.summary.map(|s| s.content).or_else(|| entry.content.and_then(|c| c.body)).unwrap_or_default();
            Some(FoundItem {
                guid: if entry.id.trim().is_empty() { link.clone() } else { entry.id.trim().to_string() },
                title: entry.title.map(|t| plain(&t.content, MAX_TITLE_CHARS)).unwrap_or_else(|| link.clone()),
                summary: plain(&summary, MAX_SUMMARY_CHARS),
                published_at: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
                link,
            })
        })
        .take(MAX_ITEMS_PER_FEED)
        .collect();
    Ok(FeedRead { title, items })
}

/// HTML (or text) made plain text: tags gone with the content of scripts and styles, entities
/// decoded, blanks collapsed, cut between words after `max` characters.
pub fn plain(html: &str, max: usize) -> String {
    let cleaned = ammonia::Builder::empty().clean(html).to_string();
    let decoded = cleaned
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    let text = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(space) if space > max / 2 => format!("{}…", &cut[..space]),
        _ => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>CNIL &amp; vous</title>
<item><title>Les données qu'un centre peut demander</title><link>https://www.cnil.fr/fr/fiche-1</link>
<guid>cnil-1</guid><pubDate>Mon, 30 Nov 2026 09:00:00 +0100</pubDate>
<description><![CDATA[<p>Un <b>guide</b> &amp; des conseils.</p><script>alert('x')</script><img src="https://pisteur.example/p.gif" onerror="alert(1)"><style>p{}</style>]]></description></item>
<item><title>Sans lien</title><description>rien</description></item>
<item><title>Lien piégé</title><link>javascript:alert(1)</link></item>
</channel></rss>"#;

    #[test]
    fn an_rss_feed_is_read_with_its_html_made_plain_text() {
        let feed = read_feed(RSS.as_bytes()).unwrap();
        assert_eq!(feed.title, "CNIL & vous");
        let [item] = feed.items.as_slice() else { panic!("{:?}", feed.items) };
        assert_eq!(item.guid, "cnil-1");
        assert_eq!(item.link, "https://www.cnil.fr/fr/fiche-1");
        assert_eq!(item.summary, "Un guide & des conseils.");
        assert_eq!(item.published_at.as_deref(), Some("2026-11-30T08:00:00+00:00"));
    }

    #[test]
    fn an_atom_feed_is_read_and_a_broken_one_is_refused_in_french() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Alertes Google</title>
<entry><id>tag:google.com,2013:googlealerts/1</id><title type="html">Conseillers &lt;b&gt;numériques&lt;/b&gt;</title>
<link href="https://www.google.com/url?q=https://exemple.fr/a"/><updated>2026-12-01T10:00:00Z</updated>
<content type="html">4 000 &lt;b&gt;conseillers&lt;/b&gt;</content></entry></feed>"#;
        let feed = read_feed(atom.as_bytes()).unwrap();
        assert_eq!(feed.items[0].title, "Conseillers numériques");
        assert_eq!(feed.items[0].summary, "4 000 conseillers");
        let broken = read_feed(b"<html><body>Pas un flux</body></html>").unwrap_err();
        assert!(broken.to_string().contains("pas un flux RSS ou Atom"), "{broken}");
    }

    #[test]
    fn long_texts_are_cut_between_words() {
        let long = "mot ".repeat(1000);
        let cut = plain(&long, 50);
        assert!(cut.ends_with('…') && cut.chars().count() <= 51, "{cut}");
    }
}
