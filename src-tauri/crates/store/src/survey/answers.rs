//! How a submission's answers are kept in `survey_submissions.answers`: one JSON object by
//! question key, each answer in the shortest form that still says what it is.
//!
//! | answer | stored as |
//! | --- | --- |
//! | a chosen option | `"Oui"` |
//! | a number | `12.5` |
//! | a free text (or a date, kept as written) | `{"t": "…"}` |
//! | ticked options, and the typed 'other' | `{"s": ["A", "B"], "o": "…"}` (`o` only when typed) |
//! | a grid | `[["row", "column"], …]` |
//!
//! Keys are the question's position in its form (`"12"`), given once and never reused, rather than
//! its key, which in an export by labels is the whole question: every row would repeat them all.
//! The row says which (`answers_by_position`).
//!
//! A large wave is tens of thousands of answers: this form is a fifth of the size of what bases
//! first stored (the tagged `{"type": "choice", "value": "Oui"}` under the question's key), which
//! is still read, so no upgrade rewrites old waves; they take the short form when an export of them
//! is imported again.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;

use fabrique_core::survey::Answer;

use crate::sql::Sql;
use crate::{Result, StoreError};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// The names a form's answers are stored under, both ways.
pub(crate) struct StoredKeys {
    code_of: HashMap<String, String>,
    key_of: HashMap<String, String>,
}

impl StoredKeys {
    pub(crate) fn of_form(db: &(impl Sql + ?Sized), form_id: i64) -> Result<Self> {
        Self::select(db, "SELECT key, position FROM survey_questions WHERE form_id = ?1", form_id)
    }

    pub(crate) fn of_wave(db: &(impl Sql + ?Sized), wave_id: i64) -> Result<Self> {
        Self::select(
            db,
            "SELECT key, position FROM survey_questions \
             WHERE form_id = (SELECT form_id FROM survey_waves WHERE id = ?1)",
            wave_id,
        )
    }

    fn select(db: &(impl Sql + ?Sized), sql: &str, id: i64) -> Result<Self> {
        let pairs = db
            .query(sql, crate::sql::values![id])?
            .iter()
            .map(|r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?.to_string())))
            .collect::<Result<Vec<_>>>()?;
        Ok(StoredKeys {
            key_of: pairs.iter().map(|(k, c)| (c.clone(), k.clone())).collect(),
            code_of: pairs.into_iter().collect(),
        })
    }

    /// What a question's answers are stored under.
    pub(crate) fn code(&self, key: &str) -> Option<&str> {
        self.code_of.get(key).map(String::as_str)
    }

    /// The question key of what a row stores under `stored` (a position, or in older rows the key
    /// itself). None for a position no question has.
    pub(crate) fn key<'a>(&'a self, stored: &'a str, by_position: bool) -> Option<&'a str> {
        if by_position {
            self.key_of.get(stored).map(String::as_str)
        } else {
            Some(stored)
        }
    }
}

/// The stored form of the answers `fill` hands over, each under the name given with it (its code).
pub(crate) fn encode(fill: impl FnOnce(&mut dyn FnMut(&str, &Answer))) -> String {
    struct Entries<F>(std::cell::Cell<Option<F>>);
    impl<F: FnOnce(&mut dyn FnMut(&str, &Answer))> Serialize for Entries<F> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(None)?;
            let mut failed = None;
            if let Some(fill) = self.0.take() {
                fill(&mut |key, answer| {
                    if failed.is_none() {
                        failed = map.serialize_entry(key, &Short(answer)).err();
                    }
                });
            }
            match failed {
                Some(e) => Err(e),
                None => map.end(),
            }
        }
    }
    serde_json::to_string(&Entries(std::cell::Cell::new(Some(fill)))).expect("answers serialize")
}

/// Reads stored answers, in either form, handing each (key, answer) to `each` as it is read. An
/// unreadable text (only a damaged file holds one: the base is ours) is an error naming the
/// submission, never read as "no answers".
pub(crate) fn decode_each(text: &str, sid: i64, each: impl FnMut(&str, Answer)) -> Result<(), StoreError> {
    let mut de = serde_json::Deserializer::from_str(text);
    AnswersVisitor { each, keys: None }.deserialize(&mut de).map_err(|e| damaged_answers(sid, e))
}

/// [`decode_each`] for the answers to `keys` only, the others skipped unread (nor checked).
pub(crate) fn decode_keys(
    text: &[u8],
    sid: i64,
    keys: &[&str],
    each: impl FnMut(&str, Answer),
) -> Result<(), StoreError> {
    let mut de = serde_json::Deserializer::from_slice(text);
    AnswersVisitor { each, keys: Some(keys) }.deserialize(&mut de).map_err(|e| damaged_answers(sid, e))
}

fn damaged_answers(sid: i64, e: serde_json::Error) -> StoreError {
    StoreError::damaged(format!("les réponses de la soumission n° {sid}"), e)
}

#[cfg(test)]
pub(crate) fn decode(text: &str) -> std::collections::BTreeMap<String, Answer> {
    let mut out = std::collections::BTreeMap::new();
    decode_each(text, 0, |key, answer| {
        out.insert(key.to_string(), answer);
    })
    .expect("readable answers");
    out
}

struct Short<'a>(&'a Answer);

impl Serialize for Short<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Answer::Choice { value } => s.serialize_str(value),
            Answer::Number { value } => s.serialize_f64(*value),
            Answer::Text { value } => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("t", value)?;
                map.end()
            }
            Answer::Choices { selected, other } => {
                let mut map = s.serialize_map(Some(1 + usize::from(other.is_some())))?;
                map.serialize_entry("s", selected)?;
                if let Some(other) = other {
                    map.serialize_entry("o", other)?;
                }
                map.end()
            }
            Answer::Grid { cells } => cells.serialize(s),
        }
    }
}

struct AnswersVisitor<'k, F> {
    each: F,
    /// The keys to read (None: all).
    keys: Option<&'k [&'k str]>,
}

impl<'de, F: FnMut(&str, Answer)> DeserializeSeed<'de> for AnswersVisitor<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(&str, Answer)> Visitor<'de> for AnswersVisitor<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the answers of a submission")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(Key(key)) = map.next_key()? {
            if self.keys.is_some_and(|keys| !keys.contains(&&*key)) {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let StoredAnswer(answer) = map.next_value()?;
            (self.each)(&key, answer);
        }
        Ok(())
    }
}

/// A key, borrowed from the stored text when it holds no escape (most do): no copy per answer.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a question key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// One stored answer, short or tagged.
struct StoredAnswer(Answer);

impl<'de> de::Deserialize<'de> for StoredAnswer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AnswerVisitor).map(StoredAnswer)
    }
}

struct AnswerVisitor;

impl<'de> Visitor<'de> for AnswerVisitor {
    type Value = Answer;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Answer, E> {
        Ok(Answer::Choice { value: v.to_string() })
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Answer, E> {
        Ok(Answer::Choice { value: v })
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Answer, E> {
        Ok(Answer::Number { value: v })
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Answer, E> {
        Ok(Answer::Number { value: v as f64 })
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Answer, E> {
        Ok(Answer::Number { value: v as f64 })
    }
    /// A number that was not finite (JSON writes it `null`): no answer a figure can use.
    fn visit_unit<E: de::Error>(self) -> Result<Answer, E> {
        Ok(Answer::Number { value: f64::NAN })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
        let mut cells = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        while let Some(cell) = seq.next_element::<(String, String)>()? {
            cells.push(cell);
        }
        Ok(Answer::Grid { cells })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Answer, A::Error> {
        // Short keys (t, s, o) and the tagged form's (type, value, selected, other, cells).
        let (mut tag, mut text, mut number, mut selected, mut other, mut cells) =
            (None::<String>, None::<String>, None::<f64>, None::<Vec<String>>, None::<String>, None);
        while let Some(Key(key)) = map.next_key()? {
            match &*key {
                "t" => text = Some(map.next_value()?),
                "s" | "selected" => selected = Some(map.next_value()?),
                "o" | "other" => other = map.next_value()?,
                "type" => tag = Some(map.next_value()?),
                "cells" => cells = Some(map.next_value::<Vec<(String, String)>>()?),
                "value" => match map.next_value::<StoredAnswer>()?.0 {
                    Answer::Number { value } => number = Some(value),
                    Answer::Choice { value } => text = Some(value),
                    _ => return Err(de::Error::custom("unexpected value")),
                },
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(match tag.as_deref() {
            Some("choice") => Answer::Choice { value: text.unwrap_or_default() },
            Some("number") => Answer::Number { value: number.unwrap_or(f64::NAN) },
            Some("grid") => Answer::Grid { cells: cells.unwrap_or_default() },
            Some("choices") => Answer::Choices { selected: selected.unwrap_or_default(), other },
            Some("text") => Answer::Text { value: text.unwrap_or_default() },
            Some(other) => return Err(de::Error::custom(format!("unknown answer type {other}"))),
            None if selected.is_some() || other.is_some() => {
                Answer::Choices { selected: selected.unwrap_or_default(), other }
            }
            None => Answer::Text { value: text.unwrap_or_default() },
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn every_shape() -> BTreeMap<String, Answer> {
        [
            ("choix", Answer::Choice { value: "Centre « social »".into() }),
            ("nombre", Answer::Number { value: 12.5 }),
            ("entier", Answer::Number { value: 3.0 }),
            ("texte", Answer::Text { value: "Besoin : \"formation\"\nligne 2".into() }),
            ("cases", Answer::Choices { selected: vec!["A".into(), "B, C".into()], other: Some("Autre chose".into()) }),
            ("cases sans autre", Answer::Choices { selected: vec![], other: None }),
            ("grille", Answer::Grid { cells: vec![("Tableur".into(), "Avancé".into())] }),
        ]
        .into_iter()
        .map(|(k, a)| (k.to_string(), a))
        .collect()
    }

    #[test]
    fn every_answer_reads_back_as_written() {
        let answers = every_shape();
        let text = encode(|each| answers.iter().for_each(|(k, a)| each(k, a)));
        assert_eq!(decode(&text), answers);
        assert!(text.contains(r#""choix":"Centre « social »""#), "{text}");
        assert!(text.contains(r#""cases sans autre":{"s":[]}"#), "{text}");
        assert!(text.contains(r#""grille":[["Tableur","Avancé"]]"#), "{text}");
    }

    #[test]
    fn the_tagged_form_of_earlier_bases_reads_the_same() {
        let answers = every_shape();
        let tagged = serde_json::to_string(&answers).unwrap();
        assert!(tagged.contains(r#""type":"choice""#), "{tagged}");
        assert_eq!(decode(&tagged), answers);
        assert!(encode(|each| answers.iter().for_each(|(k, a)| each(k, a))).len() * 3 < tagged.len() * 2);
    }

    #[test]
    fn keys_are_renamed_and_single_values_read_alone() {
        let answers = every_shape();
        let text = encode(|each| answers.iter().for_each(|(k, a)| each(if k == "choix" { "Q1" } else { k }, a)));
        assert_eq!(decode(&text)["Q1"], answers["choix"]);
        assert_eq!(decode(r#"{"a":{"t":"x"}}"#)["a"], Answer::Text { value: "x".into() });
        assert_eq!(decode(r#"{"a":{"type":"number","value":2.0}}"#)["a"], Answer::Number { value: 2.0 });
        // Unreadable answers are damaged data, named, never read as no answers.
        let damaged = decode_each("pas du JSON", 7, |_, _| {}).unwrap_err().to_string();
        assert!(damaged.contains("les réponses de la soumission n° 7"), "{damaged}");
        let mut picked = Vec::new();
        decode_keys(text.as_bytes(), 0, &["nombre", "grille"], |k, a| picked.push((k.to_string(), a))).unwrap();
        assert_eq!(
            picked,
            [("grille".to_string(), answers["grille"].clone()), ("nombre".into(), answers["nombre"].clone())]
        );
    }
}
