//! Line breaking: a run of styled spans cut into lines of a given width, and those lines drawn as page items.
//!
//! Every block goes through here, so the measures the other modules take of a block (its height, whether it
//! keeps with the next one) are the lines it will really be drawn with.

use super::{pt, Color, Item, BODY_SIZE, EPSILON};
use crate::fonts::{char_width, text_width, Face};
use crate::model::Span;

pub(super) fn break_spans(spans: &[Span], base: Base, width: f32) -> Lines {
    let mut styles: Vec<Style> = Vec::new();
    let mut runs: Vec<(usize, &str)> = Vec::new();
    for span in spans {
        if span.text.is_empty() {
            continue;
        }
        let style = base.style(span);
        let index = match styles.iter().position(|s| *s == style) {
            Some(i) => i,
            None => {
                styles.push(style);
                styles.len() - 1
            }
        };
        runs.push((index, span.text.as_str()));
    }
    let tokens = tokenize(&runs, &styles);
    let mut out = Lines { min_width: 0.0, lines: Vec::new(), styles: Vec::new() };
    let mut line = TextLine::default();
    for token in tokens {
        match token {
            Token::Break => out.lines.push(std::mem::take(&mut line)),
            Token::Word { frags, width: word_width, space_before } => {
                out.min_width = out.min_width.max(word_width);
                let mut gap = match space_before {
                    Some(s) if !line.frags.is_empty() => char_width(styles[s].face, styles[s].size, ' '),
                    _ => 0.0,
                };
                if !line.frags.is_empty() && line.width + gap + word_width > width + EPSILON {
                    out.lines.push(std::mem::take(&mut line));
                    gap = 0.0;
                }
                if word_width > width + EPSILON {
                    // Longer than the line: split by characters.
                    for (s, text, _) in frags {
                        for c in text.chars() {
                            let cw = char_width(styles[s].face, styles[s].size, c);
                            if !line.frags.is_empty() && line.width + gap + cw > width + EPSILON {
                                out.lines.push(std::mem::take(&mut line));
                                gap = 0.0;
                            }
                            let mut buf = [0u8; 4];
                            line.place(s, c.encode_utf8(&mut buf), cw, gap, space_before);
                            gap = 0.0;
                        }
                    }
                } else {
                    for (s, text, w) in frags {
                        line.place(s, &text, w, gap, space_before);
                        gap = 0.0;
                    }
                }
            }
        }
    }
    if !line.frags.is_empty() {
        out.lines.push(line);
    }
    while out.lines.last().is_some_and(|l| l.frags.is_empty()) {
        out.lines.pop();
    }
    out.styles = styles;
    out
}

/// Cuts `text` with an ellipsis so that it fits `width`.
pub(super) fn ellipsize(text: &str, face: Face, size: f32, width: f32) -> String {
    if text_width(face, size, text) <= width {
        return text.to_string();
    }
    let ell = char_width(face, size, '…');
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = char_width(face, size, c);
        if w + cw + ell > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// Draws the fragments of a broken line: highlight behind placeholders, text, link areas and underlines.
pub(super) fn draw_line(items: &mut Vec<Item>, line: &TextLine, styles: &[Style], x: f32, baseline: f32) {
    for frag in &line.frags {
        let style = &styles[frag.style];
        let fx = x + frag.x;
        let em = pt(style.size);
        if style.missing {
            items.push(Item::Rect {
                x: fx - 0.5,
                y: baseline - em * 0.86,
                w: frag.width + 1.0,
                h: em * 1.14,
                fill: Color::MISSING_BACKGROUND,
            });
        }
        items.push(Item::Text {
            x: fx,
            y: baseline,
            face: style.face,
            size: style.size,
            text: frag.text.clone(),
            color: style.color,
        });
        if let Some(uri) = &style.link {
            let uy = baseline + em * 0.12;
            items.push(Item::Line { x1: fx, y1: uy, x2: fx + frag.width, y2: uy, width: 0.4, color: style.color });
            items.push(Item::Link { x: fx, y: baseline - em * 0.85, w: frag.width, h: em * 1.1, uri: uri.clone() });
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Style {
    face: Face,
    size: f32,
    color: Color,
    link: Option<String>,
    missing: bool,
}

/// The style spans get inside a block.
#[derive(Debug, Clone, Copy)]
pub(super) struct Base {
    pub(super) size: f32,
    pub(super) bold: bool,
    pub(super) italic: bool,
    pub(super) color: Color,
}

impl Base {
    pub(super) fn body() -> Self {
        Base { size: BODY_SIZE, bold: false, italic: false, color: Color::TEXT }
    }

    fn style(&self, span: &Span) -> Style {
        let face = Face::new(self.bold || span.bold || span.missing, self.italic || span.italic);
        let color = if span.missing {
            Color::MISSING_TEXT
        } else if span.link.is_some() {
            Color::LINK
        } else {
            self.color
        };
        Style { face, size: self.size, color, link: span.link.clone(), missing: span.missing }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Frag {
    /// Offset from the start of the line.
    x: f32,
    style: usize,
    text: String,
    width: f32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct TextLine {
    frags: Vec<Frag>,
    pub(super) width: f32,
}

impl TextLine {
    /// Appends `text` after a gap (a space of `gap_style`, or nothing), merging with the previous fragment when
    /// the style is the same.
    fn place(&mut self, style: usize, text: &str, width: f32, gap: f32, gap_style: Option<usize>) {
        let x = self.width + gap;
        if let Some(last) = self.frags.last_mut() {
            if last.style == style && (gap == 0.0 || gap_style == Some(style)) {
                if gap > 0.0 {
                    last.text.push(' ');
                }
                last.text.push_str(text);
                last.width = x + width - last.x;
                self.width = x + width;
                return;
            }
        }
        self.frags.push(Frag { x, style, text: text.to_string(), width });
        self.width = x + width;
    }
}

/// Broken lines of a run of spans, with their styles.
#[derive(Debug, Clone, Default)]
pub(super) struct Lines {
    pub(super) styles: Vec<Style>,
    pub(super) lines: Vec<TextLine>,
    /// Widest word (the narrowest the text can be without splitting words).
    pub(super) min_width: f32,
}

enum Token {
    Word { frags: Vec<(usize, String, f32)>, width: f32, space_before: Option<usize> },
    Break,
}

fn is_break_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\u{2002}' | '\u{2003}' | '\u{2009}')
}

fn tokenize(runs: &[(usize, &str)], styles: &[Style]) -> Vec<Token> {
    struct Current {
        frags: Vec<(usize, String)>,
        space_before: Option<usize>,
    }
    fn finish(cur: &mut Option<Current>, tokens: &mut Vec<Token>, styles: &[Style]) {
        if let Some(c) = cur.take() {
            let frags: Vec<(usize, String, f32)> = c
                .frags
                .into_iter()
                .map(|(s, t)| {
                    let w = text_width(styles[s].face, styles[s].size, &t);
                    (s, t, w)
                })
                .collect();
            let width = frags.iter().map(|f| f.2).sum();
            tokens.push(Token::Word { frags, width, space_before: c.space_before });
        }
    }
    let mut tokens = Vec::new();
    let mut cur: Option<Current> = None;
    let mut space: Option<usize> = None;
    for &(si, text) in runs {
        for c in text.chars() {
            if is_break_space(c) {
                finish(&mut cur, &mut tokens, styles);
                space.get_or_insert(si);
            } else if c == '\n' {
                finish(&mut cur, &mut tokens, styles);
                tokens.push(Token::Break);
                space = None;
            } else {
                let current = cur.get_or_insert_with(|| Current { frags: Vec::new(), space_before: space.take() });
                match current.frags.last_mut() {
                    Some((s, t)) if *s == si => t.push(c),
                    _ => current.frags.push((si, c.to_string())),
                }
            }
        }
    }
    finish(&mut cur, &mut tokens, styles);
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(lines: &Lines) -> Vec<String> {
        lines
            .lines
            .iter()
            .flat_map(|l| l.frags.iter().map(|f| f.text.clone()))
            .collect::<Vec<_>>()
            .join(" ")
            .split(' ')
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn greedy_breaking_fills_lines() {
        let text = "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze";
        let lines = break_spans(&[Span::plain(text)], Base::body(), 40.0);
        assert!(lines.lines.len() > 2);
        for (i, line) in lines.lines.iter().enumerate() {
            assert!(line.width <= 40.0 + EPSILON, "line {i} is {} mm", line.width);
            // Greedy: the next line's first word would not have fitted.
            if let Some(next) = lines.lines.get(i + 1) {
                let first = next.frags[0].text.split(' ').next().unwrap();
                let w = line.width
                    + char_width(Face::Regular, BODY_SIZE, ' ')
                    + text_width(Face::Regular, BODY_SIZE, first);
                assert!(w > 40.0, "{first:?} would have fitted on line {i}");
            }
        }
        assert_eq!(words_of(&lines).join(" "), text);
    }

    #[test]
    fn styles_mix_within_a_line_and_spaces_are_kept_between_them() {
        let spans = [Span::plain("un "), Span::bold("deux"), Span::plain(" trois")];
        let lines = break_spans(&spans, Base::body(), 150.0);
        assert_eq!(lines.lines.len(), 1);
        let frags = &lines.lines[0].frags;
        assert_eq!(frags.len(), 3);
        assert_eq!(lines.styles[frags[1].style].face, Face::Bold);
        assert!(frags[1].x > frags[0].x + frags[0].width, "a space separates the fragments");
    }
}
