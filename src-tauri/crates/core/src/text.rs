//! Text folding shared by search, duplicate detection and commune matching.

/// Lower-cases and strips accents so that "merignac" matches "Mérignac" and "ŒUVRE" matches "oeuvre".
/// Punctuation such as hyphens and apostrophes becomes a space, and runs of spaces collapse, so
/// "Saint-Médard-en-Jalles" and "saint medard en jalles" fold alike.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars() {
        // "N°" is a number sign in French headers, not the word "deg" deunicode would give.
        if c.is_ascii() || c == '°' || c == 'º' {
            push_folded_ascii(&mut out, c, &mut last_space);
        } else {
            for a in deunicode::deunicode_char(c).unwrap_or(" ").chars() {
                push_folded_ascii(&mut out, a, &mut last_space);
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn push_folded_ascii(out: &mut String, c: char, last_space: &mut bool) {
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase());
        *last_space = false;
    } else if !*last_space {
        out.push(' ');
        *last_space = true;
    }
}

/// A file name stem from a title, for the name a save dialog proposes: lower-case letters, digits
/// and dashes only, at most 80 characters, so every system accepts it; never one of the names
/// Windows reserves for devices (`con`, `nul`, `com1`…), which it refuses whatever the extension.
pub fn file_stem(title: &str, fallback: &str) -> String {
    let stem: String = fold(title).replace(' ', "-").chars().take(80).collect();
    let stem = stem.trim_end_matches('-');
    const DEVICES: [&str; 4] = ["con", "prn", "aux", "nul"];
    let is_device = DEVICES.contains(&stem)
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.as_bytes()[3].is_ascii_digit());
    match stem {
        "" => fallback.to_string(),
        _ if is_device => format!("{stem}-{fallback}"),
        _ => stem.to_string(),
    }
}

/// Trims, and turns an empty string into None.
pub fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// `text.trim()`, with a fast path for the common case of text that starts and ends with a visible
/// ASCII character (imports trim millions of cells).
pub fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(&a), Some(&z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::{file_stem, fold};

    #[test]
    fn file_stems_are_accepted_by_every_system() {
        assert_eq!(file_stem("Atelier numérique : « été 2026 » / n°1 ?", "dossier"), "atelier-numerique-ete-2026-n-1");
        assert_eq!(file_stem("   ", "dossier"), "dossier");
        assert_eq!(file_stem("CON", "dossier"), "con-dossier");
        assert_eq!(file_stem("Com1", "dossier"), "com1-dossier");
        assert_eq!(file_stem("Combat", "dossier"), "combat");
        assert_eq!(file_stem(&"é".repeat(200), "dossier").len(), 80);
    }

    #[test]
    fn folds_accents_case_and_punctuation() {
        let cases = [
            ("Mérignac", "merignac"),
            ("  Saint-Médard-en-Jalles ", "saint medard en jalles"),
            ("L'Île-Saint-Denis", "l ile saint denis"),
            ("ŒUVRE Ça", "oeuvre ca"),
            ("Centre  social\tdu   Lac", "centre social du lac"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "fold({input:?})");
        }
    }
}
