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
    use super::fold;

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
