//! The compiled-in DejaVu Sans faces and their horizontal metrics (glyph advances, kerning ignored).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Millimetres per PostScript point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

pub(crate) const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
pub(crate) const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
pub(crate) const ITALIC: &[u8] = include_bytes!("../fonts/DejaVuSans-Oblique.ttf");
pub(crate) const BOLD_ITALIC: &[u8] = include_bytes!("../fonts/DejaVuSans-BoldOblique.ttf");

/// One of the four faces of the embedded font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    pub fn new(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    pub fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Italic => 2,
            Face::BoldItalic => 3,
        }
    }

    pub(crate) fn bytes(self) -> &'static [u8] {
        [REGULAR, BOLD, ITALIC, BOLD_ITALIC][self.index()]
    }

    pub fn is_bold(self) -> bool {
        matches!(self, Face::Bold | Face::BoldItalic)
    }
}

/// Advance widths of one face, in font units, with a fast table for Latin text.
struct FaceMetrics {
    bytes: &'static [u8],
    units_per_em: f32,
    latin: Vec<u16>,
    other: HashMap<char, u16>,
}

const LATIN_END: u32 = 0x0250;

impl FaceMetrics {
    fn parse(bytes: &'static [u8]) -> Self {
        let face = ttf_parser::Face::parse(bytes, 0).expect("the embedded DejaVu font is valid");
        let advance = |c: char| -> u16 {
            let gid = face.glyph_index(c).or_else(|| face.glyph_index('?')).unwrap_or(ttf_parser::GlyphId(0));
            face.glyph_hor_advance(gid).unwrap_or(0)
        };
        let latin = (0..LATIN_END).map(|u| char::from_u32(u).map(advance).unwrap_or(0)).collect();
        let mut other = HashMap::new();
        // Punctuation, currency and symbols used in French documents, precomputed; anything else is looked up.
        for u in
            (0x2000..0x2070).chain(0x20A0..0x20C0).chain(0x2190..0x2200).chain(0x25A0..0x2600).chain(0x27E6..0x27EC)
        {
            if let Some(c) = char::from_u32(u) {
                other.insert(c, advance(c));
            }
        }
        for c in ['Œ', 'œ', 'Ÿ', 'ˆ', '˜', '✓', '✗'] {
            other.insert(c, advance(c));
        }
        FaceMetrics { bytes, units_per_em: f32::from(face.units_per_em()), latin, other }
    }

    fn advance(&self, c: char) -> u16 {
        let u = c as u32;
        if u < LATIN_END {
            return self.latin[u as usize];
        }
        if let Some(&w) = self.other.get(&c) {
            return w;
        }
        let face = ttf_parser::Face::parse(self.bytes, 0).expect("the embedded DejaVu font is valid");
        let gid = face.glyph_index(c).or_else(|| face.glyph_index('?')).unwrap_or(ttf_parser::GlyphId(0));
        face.glyph_hor_advance(gid).unwrap_or(0)
    }
}

fn metrics() -> &'static [FaceMetrics; 4] {
    static METRICS: OnceLock<[FaceMetrics; 4]> = OnceLock::new();
    METRICS.get_or_init(|| Face::ALL.map(|f| FaceMetrics::parse(f.bytes())))
}

/// Width in millimetres of `text` set in `face` at `size` points.
pub fn text_width(face: Face, size: f32, text: &str) -> f32 {
    let m = &metrics()[face.index()];
    let units: u32 = text.chars().map(|c| u32::from(m.advance(c))).sum();
    units as f32 / m.units_per_em * size * MM_PER_PT
}

/// Width in millimetres of one character.
pub fn char_width(face: Face, size: f32, c: char) -> f32 {
    let m = &metrics()[face.index()];
    f32::from(m.advance(c)) / m.units_per_em * size * MM_PER_PT
}

/// Whether the font has a glyph for `c` (the layout substitutes nothing; this is for tests and callers).
pub fn has_glyph(face: Face, c: char) -> bool {
    ttf_parser::Face::parse(face.bytes(), 0).ok().and_then(|f| f.glyph_index(c)).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_characters_are_covered() {
        for c in "éèàçœŒ«»€\u{202F}\u{A0}⟦⟧•–’".chars() {
            for face in Face::ALL {
                assert!(has_glyph(face, c), "{c:?} missing in {face:?}");
            }
        }
    }

    #[test]
    fn widths_come_from_the_font() {
        // DejaVu Sans: 'i' is much narrower than 'm'; bold is wider than regular.
        assert!(text_width(Face::Regular, 10.0, "i") * 2.0 < text_width(Face::Regular, 10.0, "m"));
        assert!(text_width(Face::Bold, 10.0, "mmmm") > text_width(Face::Regular, 10.0, "mmmm"));
        // Linear in size and additive.
        let a = text_width(Face::Regular, 10.0, "abc");
        assert!((text_width(Face::Regular, 20.0, "abc") - 2.0 * a).abs() < 1e-4);
        assert!((text_width(Face::Regular, 10.0, "abcabc") - 2.0 * a).abs() < 1e-4);
        // Non-Latin lookups go through the slow path and agree with the table.
        assert!(char_width(Face::Regular, 10.0, '€') > 0.0);
        assert!(char_width(Face::Regular, 10.0, '\u{202F}') < char_width(Face::Regular, 10.0, ' ') * 1.01);
    }
}
