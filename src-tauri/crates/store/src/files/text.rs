//! Delimited text files: encoding detection, separator detection, and a small CSV reader that
//! reports unbalanced quotes instead of swallowing the rest of the file into one cell (which is
//! what lenient CSV readers do, silently losing every line after the stray quote).

use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use fabrique_core::import::{column_letter, RowBuilder, TableRow};

use crate::error::{Result, StoreError};

pub(super) fn read_rows(path: &Path, bytes: &[u8]) -> Result<Vec<TableRow>> {
    let text = decode(path, bytes)?;
    let tsv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let delimiter = detect_delimiter(&text).unwrap_or(if tsv { '\t' } else { ';' });
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
        return Ok(text);
    }
    decode(path, &bytes)
}

/// UTF-8 and UTF-16 are recognised by their BOM (or, for UTF-8, by being valid); anything else is
/// a legacy encoding guessed by chardetng, usually Windows-1252 from an old Excel.
pub(super) fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) if encoding == UTF_8 => utf8_or_guess(&bytes[bom..]),
        Some((encoding, bom)) => encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned(),
        None => match bomless_utf16(bytes) {
            Some(encoding) => encoding.decode_without_bom_handling(bytes).0.into_owned(),
            // NUL never appears in 8-bit text: checking before the guess spares decoding 10 Mo of noise.
            None if bytes.contains(&0) => return Err(binary(path)),
            None => utf8_or_guess(bytes),
        },
    };
    if looks_binary(&text) {
        return Err(binary(path));
    }
    Ok(text)
}

fn utf8_or_guess(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"fr"), Utf8Detection::Deny);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
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

const DELIMITERS: [char; 4] = [';', '\t', ',', '|'];

/// The separator used most on the header line, outside quotes; on a tie, the one French
/// spreadsheets use first. None when the header is a single column.
fn detect_delimiter(text: &str) -> Option<char> {
    let mut counts = [0usize; DELIMITERS.len()];
    let (mut in_quotes, mut has_text) = (false, false);
    for c in text.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                has_text = true;
            }
            _ if in_quotes => {}
            '\n' | '\r' if has_text => break,
            // A line of separators only is a blank row above the table, not its header.
            '\n' | '\r' => counts = [0; DELIMITERS.len()],
            c => match DELIMITERS.iter().position(|d| *d == c) {
                Some(i) => counts[i] += 1,
                None => has_text |= !c.is_whitespace(),
            },
        }
    }
    let mut best: Option<(usize, char)> = None;
    for (count, delimiter) in counts.into_iter().zip(DELIMITERS) {
        if count > 0 && best.is_none_or(|(n, _)| count > n) {
            best = Some((count, delimiter));
        }
    }
    best.map(|(_, d)| d)
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

    #[test]
    fn detects_the_separator_of_the_header_line() {
        assert_eq!(detect_delimiter("Nom;Commune;Notes\na,b,c,d,e"), Some(';'));
        assert_eq!(detect_delimiter("\"Nom; complet\",Commune,CP\n"), Some(','));
        assert_eq!(detect_delimiter(";;;\nNom\tCommune\n"), Some('\t'));
        assert_eq!(detect_delimiter("Nom|Commune"), Some('|'));
        assert_eq!(detect_delimiter("Nom\nA;B"), None);
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
