//! Delimited text files: encoding detection, separator detection, and a small CSV reader that
//! reports unbalanced quotes instead of swallowing the rest of the file into one cell (which is
//! what lenient CSV readers do, silently losing every line after the stray quote).

use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use fabrique_core::import::{column_letter, RowBuilder, TableRow};

use super::delimiter::{self, Layout};
use crate::error::{Result, StoreError};

pub(super) fn read_rows(path: &Path, bytes: &[u8]) -> Result<Vec<TableRow>> {
    let text = decode(path, bytes)?;
    let tsv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let delimiter = delimiter::detect(&text, Layout::HeaderFirst).unwrap_or(if tsv { '\t' } else { ';' });
    parse(path, &text, delimiter)
}

/// As [`decode`], reusing the bytes' memory when they are UTF-8 already (the common case): a large
/// export is then held once, not twice.
pub(super) fn decode_owned(path: &Path, mut bytes: Vec<u8>) -> Result<String> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    if std::str::from_utf8(&bytes[bom..]).is_ok() && !bytes.contains(&0) {
        bytes.drain(..bom);
        let text = String::from_utf8(bytes).expect("checked as UTF-8");
        if looks_binary(&text) {
            return Err(binary(path));
        }
        refuse_controls(path, &text)?;
        return Ok(text);
    }
    decode(path, &bytes)
}

/// UTF-8 and UTF-16 are recognised by their BOM (or, for UTF-8, by being valid); anything else is
/// a legacy encoding guessed by chardetng, usually Windows-1252 from an old Excel.
pub(super) fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) if encoding == UTF_8 => utf8_or_guess(path, &bytes[bom..])?,
        Some((encoding, bom)) => encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned(),
        None => match bomless_utf16(bytes) {
            Some(encoding) => encoding.decode_without_bom_handling(bytes).0.into_owned(),
            // NUL never appears in 8-bit text: checking before the guess spares decoding 10 Mo of noise.
            None if bytes.contains(&0) => return Err(binary(path)),
            None => utf8_or_guess(path, bytes)?,
        },
    };
    if looks_binary(&text) {
        return Err(binary(path));
    }
    refuse_controls(path, &text)?;
    Ok(text)
}

/// UTF-8 as it is; a file with UTF-8's accented letters and a few bytes that are not is refused at
/// the first of them (read as Windows-1252, its every accent would turn into « Ã© »); only a file
/// with no UTF-8 accent at all is taken for a legacy encoding.
fn utf8_or_guess(path: &Path, bytes: &[u8]) -> Result<String> {
    let bad = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text.to_string()),
        Err(e) => e.valid_up_to(),
    };
    if String::from_utf8_lossy(bytes).chars().any(|c| !c.is_ascii() && c != char::REPLACEMENT_CHARACTER) {
        let (line, column) = place(&bytes[..bad]);
        return Err(StoreError::file(
            path,
            Some(line),
            None,
            format!(
                "le caractère n° {column} de la ligne n'est pas de l'UTF-8 alors que le reste du fichier l'est \
                 (le fichier a sans doute été abîmé ou assemblé à partir de plusieurs fichiers). Corrigez ce \
                 caractère, ou enregistrez à nouveau le fichier en UTF-8 depuis votre tableur."
            ),
        ));
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"fr"), Utf8Detection::Deny);
    Ok(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

/// The line and the character in that line (both from 1) just after `before`.
fn place(before: &[u8]) -> (usize, usize) {
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    (line, String::from_utf8_lossy(&before[line_start..]).chars().count() + 1)
}

/// Control characters (other than tab, line breaks and form feed) and the replacement character
/// a broken encoding leaves are no text anyone typed: the file is refused at the first one,
/// rather than storing it.
fn refuse_controls(path: &Path, text: &str) -> Result<()> {
    let found = text.char_indices().find(|(_, c)| {
        *c == char::REPLACEMENT_CHARACTER || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
    });
    let Some((at, c)) = found else { return Ok(()) };
    let (line, column) = place(&text.as_bytes()[..at]);
    let what = if c == char::REPLACEMENT_CHARACTER {
        "un caractère illisible (�), reste d'un encodage abîmé".to_string()
    } else {
        format!("un caractère de contrôle invisible (U+{:04X})", c as u32)
    };
    Err(StoreError::file(
        path,
        Some(line),
        None,
        format!(
            "le caractère n° {column} de la ligne est {what} : ce n'est pas du texte saisi. Supprimez-le, ou \
             exportez à nouveau le fichier depuis son logiciel d'origine."
        ),
    ))
}

/// UTF-16 saved without a BOM: Latin text then has a zero in every other byte.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| sample.iter().skip(offset).step_by(2).filter(|b| **b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let rarely = |n: usize| n * 20 <= pairs;
    if mostly(odd) && rarely(even) {
        Some(UTF_16LE)
    } else if mostly(even) && rarely(odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Text files hold no NUL and almost no control characters; images, archives and random data do.
fn looks_binary(text: &str) -> bool {
    let (mut total, mut control) = (0usize, 0usize);
    for c in text.chars().take(1 << 16) {
        total += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) {
            control += 1;
        }
    }
    text.contains('\0') || control * 100 > total
}

fn binary(path: &Path) -> StoreError {
    StoreError::file(
        path,
        None,
        None,
        "ce fichier n'est pas un tableau au format texte (il contient des données binaires). \
         Si c'est un classeur, enregistrez-le en .xlsx ou .ods ; sinon exportez-le en CSV depuis votre tableur.",
    )
}

/// RFC 4180 with what spreadsheets actually write: any newline style, quotes doubled inside
/// quoted fields, a stray quote inside an unquoted field kept as it is, text after a closing quote
/// kept in the cell. The delimiter is one of the ASCII ones offered, so the text is cut between
/// bytes: a large export is read by slices, never character by character.
pub(super) fn parse(path: &Path, text: &str, delimiter: char) -> Result<Vec<TableRow>> {
    let delimiter = u8::try_from(delimiter).expect("delimiters are ASCII");
    let bytes = text.as_bytes();
    let mut rows = Vec::new();
    let mut row = RowBuilder::default();
    let (mut line, mut row_line) = (1usize, 1usize);
    let mut i = 0;
    let next = |from: usize, wanted: &dyn Fn(u8) -> bool| bytes[from..].iter().position(|&b| wanted(b));
    loop {
        // At the start of a cell.
        let quoted = bytes.get(i) == Some(&b'"');
        if quoted {
            let opened_at = (line, row.cells());
            i += 1;
            loop {
                let Some(k) = next(i, &|b| b == b'"' || b == b'\n' || b == b'\r') else {
                    let (line, column) = opened_at;
                    return Err(StoreError::file(
                        path,
                        Some(line),
                        Some(column_letter(column)),
                        "un guillemet ouvre cette cellule mais n'est jamais refermé : tout le reste du fichier y \
                         serait lu. Ajoutez le guillemet fermant, ou doublez les guillemets à l'intérieur du texte (\"\").",
                    ));
                };
                row.push_str(&text[i..i + k]);
                i += k;
                match bytes[i] {
                    b'"' if bytes.get(i + 1) == Some(&b'"') => {
                        row.push('"');
                        i += 2;
                    }
                    b'"' => {
                        i += 1;
                        break;
                    }
                    newline => {
                        row.push('\n');
                        line += 1;
                        i += if newline == b'\r' && bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                    }
                }
            }
        }
        // Unquoted text, or what follows a closing quote, up to the cell's end.
        let k = next(i, &|b| b == delimiter || b == b'\n' || b == b'\r').unwrap_or(bytes.len() - i);
        row.push_str(&text[i..i + k]);
        i += k;
        match bytes.get(i) {
            Some(&b) if b == delimiter => {
                row.end_cell();
                i += 1;
            }
            Some(&newline) => {
                row.end_cell();
                rows.push(row.finish(row_line));
                i += if newline == b'\r' && bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                line += 1;
                row_line = line;
            }
            None => {
                // A final newline adds no row.
                if quoted || k > 0 || !row.is_untouched() {
                    row.end_cell();
                    rows.push(row.finish(row_line));
                }
                return Ok(rows);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str, delimiter: char) -> Vec<(usize, Vec<String>)> {
        parse(Path::new("t.csv"), text, delimiter).unwrap().into_iter().map(|r| (r.line, r.to_vec())).collect()
    }

    #[test]
    fn parses_quotes_newlines_and_line_numbers() {
        let rows = cells("Nom;Notes\r\n\"CS \"\"Le Lac\"\"\";\"deux\r\nlignes\"\r\nEVS;a\"b\n\nfin", ';');
        assert_eq!(rows[0], (1, vec!["Nom".to_string(), "Notes".to_string()]));
        assert_eq!(rows[1], (2, vec!["CS \"Le Lac\"".to_string(), "deux\nlignes".to_string()]));
        assert_eq!(rows[2], (4, vec!["EVS".to_string(), "a\"b".to_string()]));
        assert_eq!(rows[4], (6, vec!["fin".to_string()]));
        assert_eq!(cells("a;b\n", ';').len(), 1, "a final newline adds no row");
    }

    #[test]
    fn an_unclosed_quote_names_its_line_and_column() {
        let err = parse(Path::new("t.csv"), "Nom;Commune\nA;Pessac\nB;\"Mérignac\nC;Talence\n", ';').unwrap_err();
        assert!(err.to_string().starts_with("Fichier « t.csv », ligne 3, colonne B : un guillemet"), "{err}");
    }

    fn detect_delimiter(text: &str) -> Option<char> {
        delimiter::detect(text, Layout::HeaderFirst)
    }

    #[test]
    fn detects_the_separator_of_the_header_line() {
        assert_eq!(detect_delimiter("Nom;Commune;Notes\na,b,c,d,e"), Some(';'));
        assert_eq!(detect_delimiter("\"Nom; complet\",Commune,CP\n"), Some(','));
        assert_eq!(detect_delimiter(";;;\nNom\tCommune\n"), Some('\t'));
        assert_eq!(delimiter::detect("Nom|Commune", Layout::HeaderFirst), Some('|'));
        assert_eq!(detect_delimiter("Nom\nA;B"), None);
    }

    #[test]
    fn utf8_with_one_bad_byte_is_refused_at_that_byte_never_read_as_windows_1252() {
        let p = Path::new("annuaire.csv");
        let mut bytes = "Nom;Commune\nCentre social de Beaudésert;Mérignac\nEVS Le Phare;Lormont\n".as_bytes().to_vec();
        let at = bytes.iter().position(|b| *b == b'P').unwrap();
        bytes.insert(at, 0xFF);
        let err = decode(p, &bytes).unwrap_err().to_string();
        assert!(
            err.starts_with("Fichier « annuaire.csv », ligne 3 : le caractère n° 8 de la ligne n'est pas de l'UTF-8"),
            "{err}"
        );
        let mut owned = b"\xEF\xBB\xBF".to_vec();
        owned.extend_from_slice(&bytes);
        assert!(decode_owned(p, owned).unwrap_err().to_string().contains("ligne 3"));
        // A file with no UTF-8 accent at all is a legacy one.
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("Nom\nBeaudésert\n");
        assert_eq!(decode(p, &latin).unwrap(), "Nom\nBeaudésert\n");
    }

    #[test]
    fn finding_3_control_characters_and_broken_encodings_are_refused_with_their_line() {
        let p = Path::new("t.csv");
        let text = format!("Nom\nCentre\u{7}social\n{}", "Centre social de Cenon\n".repeat(20));
        let err = decode(p, text.as_bytes()).unwrap_err().to_string();
        assert!(
            err.contains("ligne 2 : le caractère n° 7 de la ligne est un caractère de contrôle invisible (U+0007)"),
            "{err}"
        );
        let err = decode_owned(p, "Nom\nCentre \u{fffd}\n".as_bytes().to_vec()).unwrap_err().to_string();
        assert!(err.contains("ligne 2") && err.contains("illisible"), "{err}");
        assert_eq!(decode(p, "Nom\tNotes\r\nA\tB\u{c}\n".as_bytes()).unwrap(), "Nom\tNotes\r\nA\tB\u{c}\n");
    }

    #[test]
    fn decodes_legacy_and_utf16_text_and_refuses_binary() {
        let p = Path::new("t.csv");
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("Nom;Commune\nCentre social de Beaudésert;Mérignac\n");
        assert!(decode(p, &latin).unwrap().contains("Beaudésert;Mérignac"));
        let utf16: Vec<u8> = "Nom;Commune\nÉté;Bègles\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(p, &utf16).unwrap(), "Nom;Commune\nÉté;Bègles\n", "UTF-16LE without BOM");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Nom\nÉté".as_bytes());
        assert_eq!(decode(p, &bom).unwrap(), "Nom\nÉté");
        assert!(decode(p, b"Nom\x00\x01\x02").unwrap_err().to_string().contains("données binaires"));
        assert!(decode(p, b"\x01\x02\x03\x04\x05 Nom").is_err());
    }
}
