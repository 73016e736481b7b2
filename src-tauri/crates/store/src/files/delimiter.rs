//! Which character separates the cells of a delimited text file. A directory table starts with its
//! header line; a Framaforms export starts with a title line, then its headers, and quotes every
//! cell: the two layouts are told apart by the caller, and each is read the way it is written.

/// The delimiters Framaforms offers, in the order ties are broken (spreadsheets' first); a
/// directory table uses the first four.
pub(super) const DELIMITERS: [char; 7] = [';', '\t', ',', '|', ':', '.', ' '];

/// How much of the text the delimiter is sniffed from.
const SNIFF_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// A table whose first non-blank line is its header (the directory's imports).
    HeaderFirst,
    /// A Framaforms export: a title line, header lines, every cell quoted (or none, once re-saved).
    TitleThenHeaders,
}

/// The delimiter of `text`, or None when its lines hold a single column.
pub(super) fn detect(text: &str, layout: Layout) -> Option<char> {
    match layout {
        Layout::HeaderFirst => header_line(text),
        Layout::TitleThenHeaders => title_then_headers(text),
    }
}

/// The separator used most on the header line, outside quotes; on a tie, the one French
/// spreadsheets use first. None when the header is a single column.
fn header_line(text: &str) -> Option<char> {
    const DELIMITERS: [char; 4] = [';', '\t', ',', '|'];
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

/// The delimiter of a Framaforms text export. Framaforms quotes every cell, so the character
/// after a closing quote is the delimiter (or a line end): this tells `.` and space apart from the
/// same characters inside answers. Files re-saved by a spreadsheet quote few cells or none: the
/// delimiter is then the one splitting the most lines — title, headers and answers alike — into
/// the same number of cells (at least two).
fn title_then_headers(text: &str) -> Option<char> {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.trim_start().starts_with('"') {
        if let Some(d) = after_closing_quotes(sample) {
            return Some(d);
        }
    }
    consistent_split(sample)
}

fn after_closing_quotes(sample: &str) -> Option<char> {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut others = 0usize;
    let (mut in_quotes, mut field_start, mut closed) = (false, true, false);
    let mut chars = sample.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    in_quotes = false;
                    closed = true;
                }
            }
            continue;
        }
        if std::mem::take(&mut closed) && c != '\r' && c != '\n' {
            match DELIMITERS.iter().position(|d| *d == c) {
                Some(i) => counts[i] += 1,
                None => others += 1,
            }
        }
        if c == '"' && field_start {
            in_quotes = true;
            field_start = false;
            continue;
        }
        field_start = c == '\n' || c == '\r' || DELIMITERS.contains(&c);
    }
    let (i, best) = counts.iter().enumerate().max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))?;
    (*best > 0 && *best > others).then_some(DELIMITERS[i])
}

fn consistent_split(sample: &str) -> Option<char> {
    let mut best: Option<(usize, char)> = None;
    for d in DELIMITERS {
        let counts = field_counts(sample, d);
        // The most common number of cells (the larger on a tie), and how many lines have it.
        let mut tally: Vec<(usize, usize)> = Vec::new();
        for n in counts {
            match tally.iter_mut().find(|(m, _)| *m == n) {
                Some((_, k)) => *k += 1,
                None => tally.push((n, 1)),
            }
        }
        let Some(&(cells, lines)) = tally.iter().max_by_key(|(m, k)| (*k, *m)) else { continue };
        if cells >= 2 && best.is_none_or(|(b, _)| lines > b) {
            best = Some((lines, d));
        }
    }
    best.map(|(_, d)| d)
}

/// The number of cells of each non-blank record of the sample (at most 200) with `delimiter`,
/// quotes opening only at the start of a cell.
fn field_counts(sample: &str, delimiter: char) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut cells, mut blank, mut in_quotes, mut field_start) = (1usize, true, false, true);
    let mut chars = sample.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            if !blank {
                out.push(cells);
                if out.len() == 200 {
                    return out;
                }
            }
            (cells, blank, field_start) = (1, true, true);
        } else if c == delimiter {
            cells += 1;
            field_start = true;
        } else {
            if c == '"' && field_start {
                in_quotes = true;
            }
            blank &= c.is_whitespace();
            field_start = false;
        }
    }
    if !blank {
        out.push(cells);
    }
    out
}
