//! The news watch (« veille »): feeds the federation follows (Google Alerts, the Fédération
//! nationale, the CNIL, the Département, the CAF…) and items added by hand from a link, read,
//! tagged and marked « à partager » for the newsletter.
//!
//! `feed.rs` reads a feed's bytes (RSS or Atom, by feed-rs) into items whose texts are plain text
//! (remote HTML goes through ammonia and is never kept as HTML).

pub mod demo;
mod feed;

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

pub use feed::{read_feed, FeedRead, FoundItem, MAX_ITEMS_PER_FEED};

pub type SourceId = i64;
pub type ItemId = i64;

/// The tags the federation files its finds under (others may be typed).
pub const SUGGESTED_TAGS: [&str; 5] = ["numérique", "RGPD", "financements", "outils", "réseau"];

/// A feed followed, with what its last fetch said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Source {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: SourceId,
    pub url: String,
    pub title: String,
    /// RFC 3339, UTC; `None` before the first fetch.
    pub fetched_at: Option<String>,
    /// Why the last fetch failed, in French; empty when it worked.
    pub error: String,
}

/// An item found in a feed or added by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Item {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: ItemId,
    /// `None` for an item added by hand.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub source_id: Option<SourceId>,
    pub link: String,
    pub title: String,
    /// Plain text.
    pub summary: String,
    pub published_at: Option<String>,
    pub found_at: String,
    pub read: bool,
    pub share: bool,
    /// The editorial note for the newsletter.
    pub note: String,
    pub tags: Vec<String>,
}

/// What a delegate changes on an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemMarks {
    pub read: bool,
    pub share: bool,
    pub note: String,
    pub tags: Vec<String>,
}

impl ItemMarks {
    pub fn cleaned(mut self) -> ItemMarks {
        self.note = self.note.trim().to_string();
        self.tags = self.tags.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
        self.tags.dedup();
        self
    }
}

/// A link is followed only over http or https: no `file:`, no `javascript:`.
pub fn check_link(url: &str, what: &'static str) -> Result<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || url.len() < 10
        || url.contains(char::is_whitespace)
    {
        return Err(CoreError::invalid(
            what,
            format!("« {url} » n'est pas une adresse web : donnez une adresse qui commence par https://."),
        ));
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_followed() {
        assert_eq!(check_link(" https://www.cnil.fr/fr/rss.xml ", "flux").unwrap(), "https://www.cnil.fr/fr/rss.xml");
        for bad in ["javascript:alert(1)", "file:///etc/passwd", "www.cnil.fr", "https://a b.fr/x"] {
            assert!(check_link(bad, "flux").is_err(), "{bad}");
        }
    }
}
