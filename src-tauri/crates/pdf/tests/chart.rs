//! Bar charts: bar lengths, page breaks, grouped legends, and the PDF read back with `pdftotext`.

use std::process::{Command, Stdio};

use fabrique_pdf::layout::{series_color, CONTENT_BOTTOM, MARGIN_LEFT, TEXT_WIDTH};
use fabrique_pdf::{layout, to_pdf, Bar, BarChart, Block, Color, Document, Item, Layout, TitlePage};

fn doc(blocks: Vec<Block>) -> Document {
    Document { title: "Test".into(), author: "Fédération".into(), blocks, ..Document::default() }
}

fn bar(label: &str, value: f64, display: &str) -> Bar {
    Bar { label: label.into(), value, display: display.into() }
}

fn chart(bars: Vec<Bar>) -> BarChart {
    BarChart {
        title: "Réseaux sociaux utilisés".into(),
        subtitle: Some("32 répondants · plusieurs réponses possibles".into()),
        bars,
        max: 100.0,
        series: vec![],
        grouped: vec![],
    }
}

/// (page index, x, y, w, h) of the rectangles of one colour.
fn rects(l: &Layout, color: Color) -> Vec<(usize, f32, f32, f32, f32)> {
    let mut out = Vec::new();
    for (p, page) in l.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Rect { x, y, w, h, fill } = item {
                if *fill == color {
                    out.push((p, *x, *y, *w, *h));
                }
            }
        }
    }
    out
}

fn pages_with(l: &Layout, needle: &str) -> Vec<usize> {
    l.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.items.iter().any(|i| matches!(i, Item::Text { text, .. } if text == needle)))
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn bar_lengths_are_proportional_and_never_past_the_bar_area() {
    let c = chart(vec![
        bar("Facebook", 100.0, "100 %"),
        bar("Instagram", 50.0, "50 %"),
        bar("TikTok", 25.0, "25 %"),
        bar("Trop", 150.0, "150 %"),
        bar("Négatif", -5.0, "-5 %"),
        bar("Inconnu", f64::NAN, "?"),
    ]);
    let l = layout(&doc(vec![Block::BarChart(c)]));
    let tracks = rects(&l, Color::BAR_TRACK);
    let bars = rects(&l, series_color(0));
    assert_eq!(tracks.len(), 6, "one track per bar");
    let full = tracks[0].3;
    assert!(tracks.iter().all(|t| (t.3 - full).abs() < 1e-4));
    assert_eq!(bars.len(), 4, "no rectangle for a zero-length bar");
    assert!((bars[0].3 - full).abs() < 1e-3, "the max is a full bar");
    assert!((bars[1].3 - full / 2.0).abs() < 1e-3);
    assert!((bars[2].3 - full / 4.0).abs() < 1e-3);
    assert!((bars[3].3 - full).abs() < 1e-3, "past the max is clamped");
    let right = MARGIN_LEFT + TEXT_WIDTH;
    for (_, x, _, w, _) in tracks.iter().chain(&bars) {
        assert!(
            *x > MARGIN_LEFT + 20.0 && x + w <= right + 1e-3,
            "bars sit right of the labels, within the text width"
        );
    }
    // The value text is at the end of its bar, and fits the text width.
    for item in &l.pages[0].items {
        if let Item::Text { x, text, size, face, .. } = item {
            if text == "50 %" {
                assert!((x - (bars[1].1 + bars[1].3 + 1.5)).abs() < 1e-3);
                assert!(x + fabrique_pdf::text_width(*face, *size, text) <= right + 1e-3);
            }
        }
    }
    assert_eq!(pages_with(&l, "Réseaux sociaux utilisés"), [0]);
    assert_eq!(pages_with(&l, "Facebook"), [0]);
}

#[test]
fn long_labels_wrap_in_the_label_column() {
    let long = "Accompagnement des habitants dans leurs démarches administratives en ligne, avec ou sans rendez-vous";
    let l = layout(&doc(vec![Block::BarChart(chart(vec![bar(long, 40.0, "40 %"), bar("Court", 10.0, "10 %")]))]));
    let bars = rects(&l, series_color(0));
    let label_lines: Vec<_> = l.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { x, text, .. } if (x - MARGIN_LEFT).abs() < 1e-3 && long.contains(text.as_str()) => Some(text),
            _ => None,
        })
        .collect();
    assert!(label_lines.len() >= 2, "{label_lines:?}");
    // The second row starts below the wrapped label.
    assert!(bars[1].2 - bars[0].2 > 2.0 * 4.4, "{bars:?}");
}

#[test]
fn a_chart_moves_to_the_next_page_rather_than_split_unless_taller_than_a_page() {
    let mut blocks: Vec<Block> = (0..40).map(|i| Block::paragraph(format!("Ligne de remplissage {i}."))).collect();
    let bars: Vec<Bar> =
        (0..14).map(|i| bar(&format!("Option {i}"), f64::from(i) * 7.0, &format!("{} %", i * 7))).collect();
    blocks.push(Block::BarChart(chart(bars)));
    let l = layout(&doc(blocks));
    let title_pages = pages_with(&l, "Réseaux sociaux utilisés");
    assert_eq!(title_pages.len(), 1);
    let p = title_pages[0];
    assert!(p > 0, "the chart did not fit under the paragraphs");
    for i in 0..14 {
        assert_eq!(pages_with(&l, &format!("Option {i}")), [p], "option {i} is with its chart");
    }
    for (_, _, y, _, h) in rects(&l, Color::BAR_TRACK) {
        assert!(y + h <= CONTENT_BOTTOM + 1e-3);
    }

    // Taller than a page: split between rows, every bar inside the content area.
    let bars: Vec<Bar> = (0..90).map(|i| bar(&format!("Ligne {i}"), 50.0, "50 %")).collect();
    let l = layout(&doc(vec![Block::paragraph("Avant."), Block::BarChart(chart(bars))]));
    assert!(l.pages.len() >= 2);
    assert_eq!(pages_with(&l, "Réseaux sociaux utilisés"), [0], "started under the paragraph");
    assert!(!pages_with(&l, "Ligne 89").contains(&0));
    for (_, _, y, _, h) in rects(&l, Color::BAR_TRACK) {
        assert!(y + h <= CONTENT_BOTTOM + 1e-3);
    }
}

#[test]
fn a_heading_goes_with_its_chart() {
    let mut blocks: Vec<Block> = (0..44).map(|i| Block::paragraph(format!("Ligne de remplissage {i}."))).collect();
    blocks.push(Block::heading(2, "Usages"));
    blocks.push(Block::BarChart(chart((0..8).map(|i| bar(&format!("Option {i}"), 10.0, "10 %")).collect())));
    let l = layout(&doc(blocks));
    let p = pages_with(&l, "Réseaux sociaux utilisés");
    assert_eq!(pages_with(&l, "Usages"), p);
}

#[test]
fn grouped_bars_have_one_shade_per_series_and_a_legend() {
    let c = BarChart {
        title: "Site internet, selon l’adhésion".into(),
        subtitle: None,
        bars: vec![bar("Oui", 80.0, ""), bar("Non", 60.0, "+12 pts")],
        max: 100.0,
        series: vec!["Adhérentes (20)".into(), "Non adhérentes (12)".into()],
        grouped: vec![vec![80.0, 40.0], vec![20.0, 60.0]],
    };
    let l = layout(&doc(vec![Block::BarChart(c)]));
    assert_eq!(pages_with(&l, "Adhérentes (20)"), [0], "legend");
    assert_eq!(pages_with(&l, "Non adhérentes (12)"), [0], "legend");
    assert_eq!(pages_with(&l, "+12 pts"), [0], "a group's note");
    for value in ["80 %", "40 %", "20 %", "60 %"] {
        assert_eq!(pages_with(&l, &value.replace(' ', "\u{a0}")), [0], "{value}");
    }
    let first = rects(&l, series_color(0));
    let second = rects(&l, series_color(1));
    assert_eq!(first.len(), 3, "a legend square and two bars");
    assert_eq!(second.len(), 3);
    assert_ne!(series_color(0), series_color(1));
    // Legend squares are above the bars; within a group the second series is below the first.
    let (legend, bars) = (first[0], &first[1..]);
    assert!(legend.2 < bars[0].2 && (legend.3 - legend.4).abs() < 1e-4);
    assert!(second[1].2 > first[1].2);
    assert!((first[1].3 / second[1].3 - 2.0).abs() < 1e-3, "80 against 40");
}

/// The text poppler's `pdftotext` reads from `pdf`, given on its standard input.
fn pdftotext(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("`pdftotext` is needed for this test (apt install poppler-utils): {e}"));
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "reads the PDF with poppler's pdftotext, which the Windows tests lack: the PDF is the same bytes on every system and the Linux run reads it"
)]
fn a_rendered_chart_reads_back_its_labels_and_values() {
    let mut d = doc(vec![
        Block::heading(1, "Pratiques numériques"),
        Block::BarChart(chart(vec![
            bar("Réseaux sociaux", 78.0, "78\u{a0}%"),
            bar("Messagerie électronique", 12.5, "12,5\u{a0}%"),
        ])),
    ]);
    d.title_page = Some(TitlePage { title: "Photographie".into(), ..TitlePage::default() });
    let text = pdftotext(&to_pdf(&d).unwrap());
    for needle in ["Réseaux sociaux utilisés", "Réseaux sociaux", "Messagerie électronique", "78", "12,5", "%"] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    assert!(
        text.lines().any(|l| l.contains("Réseaux sociaux") && l.contains("78")),
        "label and value on one line:\n{text}"
    );
}

/// Page of the first text item equal to `needle`.
fn page_of(l: &Layout, needle: &str) -> usize {
    *pages_with(l, needle).first().unwrap_or_else(|| panic!("{needle:?} not laid out"))
}

/// The y of the text item equal to `needle` (its first occurrence).
fn y_of(l: &Layout, needle: &str) -> f32 {
    l.pages
        .iter()
        .flat_map(|p| &p.items)
        .find_map(|i| match i {
            Item::Text { text, y, .. } if text == needle => Some(*y),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{needle:?} not laid out"))
}

fn lead_in(text: &str) -> Block {
    Block::Paragraph { spans: vec![fabrique_pdf::Span::italic(text)] }
}

#[test]
fn a_question_heading_its_lead_in_and_its_chart_stay_on_one_page() {
    // Shift the heading down line by line so that some document puts it at the foot of a page.
    let mut moved = 0;
    for filler in 20..70 {
        let mut blocks: Vec<Block> =
            (0..filler).map(|i| Block::paragraph(format!("Ligne de remplissage {i}."))).collect();
        blocks.push(Block::heading(3, "Outils utilisés"));
        blocks.push(lead_in("Choix multiple · 12 répondants · 0 non-réponse"));
        let mut c = chart((0..6).map(|i| bar(&format!("Option {i}"), 10.0 * f64::from(i), "x %")).collect());
        c.title.clear();
        blocks.push(Block::BarChart(c));
        let l = layout(&doc(blocks));
        let heading = page_of(&l, "Outils utilisés");
        let lead = page_of(&l, "Choix multiple · 12 répondants · 0 non-réponse");
        let first_bar = rects(&l, Color::BAR_TRACK)[0].0;
        assert_eq!((heading, lead), (first_bar, first_bar), "filler {filler}: heading, lead-in and chart together");
        let last_filler = format!("Ligne de remplissage {}.", filler - 1);
        if heading > page_of(&l, &last_filler) && CONTENT_BOTTOM - y_of(&l, &last_filler) > 20.0 {
            moved += 1; // the heading and its lead-in had room, but not with the chart
        }
    }
    assert!(moved > 0, "some heading had to go to the next page with its chart");
}

#[test]
fn a_chart_taller_than_a_page_starts_under_its_heading() {
    let mut blocks: Vec<Block> = (0..30).map(|i| Block::paragraph(format!("Ligne de remplissage {i}."))).collect();
    blocks.push(Block::heading(3, "Très longue question"));
    blocks.push(lead_in("Choix unique · 90 répondants"));
    let mut c = chart((0..90).map(|i| bar(&format!("Réponse {i}"), 50.0, "50 %")).collect());
    c.title.clear();
    blocks.push(Block::BarChart(c));
    let l = layout(&doc(blocks));
    let heading = page_of(&l, "Très longue question");
    assert_eq!(page_of(&l, "Réponse 0"), heading, "the first bars are under the heading");
    assert!(page_of(&l, "Réponse 89") > heading);
    for (_, _, y, _, h) in rects(&l, Color::BAR_TRACK) {
        assert!(y + h <= CONTENT_BOTTOM + 1e-3);
    }
}

#[test]
fn a_chart_without_a_title_prints_none_and_starts_higher() {
    let titled = layout(&doc(vec![Block::BarChart(chart(vec![bar("Oui", 60.0, "60 %")]))]));
    let mut c = chart(vec![bar("Oui", 60.0, "60 %")]);
    c.title.clear();
    let untitled = layout(&doc(vec![Block::BarChart(c)]));
    assert!(pages_with(&untitled, "Réseaux sociaux utilisés").is_empty());
    assert_eq!(pages_with(&untitled, "32 répondants · plusieurs réponses possibles"), [0], "the subtitle stays");
    let top = |l: &Layout| rects(l, Color::BAR_TRACK)[0].2;
    assert!(top(&untitled) < top(&titled) - 3.0, "no room kept for a missing title");
}

#[test]
fn a_97_percent_bar_is_visibly_shorter_than_a_100_percent_one() {
    let c = chart(vec![
        bar("Communication", 100.0, "100\u{a0}%"),
        bar("Équipements", 97.0, "97\u{a0}%"),
        bar("Droit", 50.0, "50\u{a0}%"),
    ]);
    let l = layout(&doc(vec![Block::BarChart(c)]));
    let bars = rects(&l, series_color(0));
    let full = rects(&l, Color::BAR_TRACK)[0].3;
    assert!((bars[0].3 - full).abs() < 1e-3);
    assert!((bars[1].3 - 0.97 * full).abs() < 1e-3, "{} of {full}", bars[1].3);
    assert!(bars[0].3 - bars[1].3 > 2.5, "at least 2,5 mm shorter: {} against {}", bars[1].3, bars[0].3);
    assert!((bars[2].3 - full / 2.0).abs() < 1e-3);
}
