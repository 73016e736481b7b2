//! Layout behaviour: line breaking, page breaks, tables across pages, running footer, table of contents.

use fabrique_pdf::layout::{CONTENT_BOTTOM, CONTENT_TOP, MARGIN_LEFT, TEXT_WIDTH};
use fabrique_pdf::{layout, text_width, Block, Color, Document, Face, Item, Layout, Span, Table, TitlePage};

/// Text items of the content area (not the running header and footer): (page index, x, y, face, size, text).
fn body_texts(l: &Layout) -> Vec<(usize, f32, f32, Face, f32, String)> {
    let mut out = Vec::new();
    for (p, page) in l.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Text { x, y, face, size, text, .. } = item {
                if *y > CONTENT_TOP - 1.0 && *y < CONTENT_BOTTOM + 1.0 {
                    out.push((p, *x, *y, *face, *size, text.clone()));
                }
            }
        }
    }
    out
}

fn page_has_text(l: &Layout, page: usize, needle: &str) -> bool {
    l.pages[page].items.iter().any(|i| matches!(i, Item::Text { text, .. } if text.contains(needle)))
}

fn doc(blocks: Vec<Block>) -> Document {
    Document { title: "Test".into(), author: "Fédération".into(), blocks, ..Document::default() }
}

const LOREM: &str = "Le centre social accompagne les habitants du quartier dans leurs projets, avec une attention \
    particulière aux familles, aux jeunes et aux personnes âgées isolées ; il anime des ateliers, tient une \
    permanence d’accès aux droits et coordonne les bénévoles de l’épicerie solidaire.";

#[test]
fn lines_fit_the_text_width_and_keep_every_word_in_order() {
    let mut text = String::new();
    for i in 0..12 {
        text.push_str(&format!(
            "{LOREM} Montant demandé : 12\u{A0}500\u{A0}€ pour l’année {i}, soit 29\u{202F}% du budget. "
        ));
    }
    let spans = vec![Span::plain(text.clone()), Span::bold(" fin en gras"), Span::italic(" et en italique.")];
    let l = layout(&doc(vec![Block::Paragraph { spans }]));
    let texts = body_texts(&l);
    assert!(texts.len() > 20, "a long paragraph gives many lines");
    for (_, x, _, face, size, t) in &texts {
        let right = x + text_width(*face, *size, t);
        assert!(right <= MARGIN_LEFT + TEXT_WIDTH + 0.01, "{t:?} ends at {right} mm");
        assert!(*x >= MARGIN_LEFT - 0.01);
    }
    // Words in order: reading the items line by line gives the original words back.
    let mut sorted = texts.clone();
    sorted.sort_by(|a, b| (a.0, a.2, a.1).partial_cmp(&(b.0, b.2, b.1)).unwrap());
    let read: Vec<String> =
        sorted.iter().flat_map(|t| t.5.split(' ').map(str::to_string)).filter(|w| !w.is_empty()).collect();
    let full = format!("{text} fin en gras et en italique.");
    let expected: Vec<String> = full.split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
    assert_eq!(read, expected);
    // Never broken at a no-break space: every amount and percentage is whole within one text item.
    let whole_amounts = texts.iter().map(|t| t.5.matches("12\u{A0}500\u{A0}€").count()).sum::<usize>();
    assert_eq!(whole_amounts, 12);
    let whole_percents = texts.iter().map(|t| t.5.matches("29\u{202F}%").count()).sum::<usize>();
    assert_eq!(whole_percents, 12);
    // Mixed styles: the bold words are in a bold item.
    assert!(texts.iter().any(|t| t.3 == Face::Bold && t.5.contains("gras")));
    assert!(texts.iter().any(|t| t.3 == Face::Italic && t.5.contains("italique")));
}

#[test]
fn a_word_longer_than_the_line_is_split_by_characters() {
    let long: String = "anticonstitutionnellement".repeat(12);
    let l = layout(&doc(vec![Block::paragraph(format!("avant {long} après"))]));
    let texts = body_texts(&l);
    assert!(texts.len() >= 3, "the long word spans several lines");
    for (_, x, _, face, size, t) in &texts {
        assert!(x + text_width(*face, *size, t) <= MARGIN_LEFT + TEXT_WIDTH + 0.01, "{t:?} overflows");
    }
    let joined: String = texts.iter().map(|t| t.5.as_str()).collect::<Vec<_>>().join("|");
    assert!(joined.starts_with("avant|"), "the word before goes on its own line: {joined}");
    assert!(joined.ends_with("après") || joined.ends_with("|après"));
    let rebuilt: String = joined.replace('|', "").replace("avant", "").replace(" après", "").replace("après", "");
    assert_eq!(rebuilt, long, "every character kept, in order");
}

#[test]
fn overflow_continues_on_the_next_page() {
    let blocks = (0..40).map(|i| Block::paragraph(format!("Paragraphe {i}. {LOREM}"))).collect();
    let l = layout(&doc(blocks));
    assert!(l.pages.len() >= 3, "{} pages", l.pages.len());
    assert!(page_has_text(&l, 0, "Paragraphe 0."));
    assert!(!page_has_text(&l, 0, "Paragraphe 39."));
    assert!(page_has_text(&l, l.pages.len() - 1, "Paragraphe 39."));
    for (_, _, y, _, size, _) in body_texts(&l) {
        assert!((CONTENT_TOP..=CONTENT_BOTTOM).contains(&y), "baseline at {y} (size {size})");
    }
    for (i, page) in l.pages.iter().enumerate() {
        assert_eq!(page.number, i + 1);
    }
}

#[test]
fn a_heading_is_never_left_alone_at_the_bottom_of_a_page() {
    // Shift the heading down line by line so that one of the documents puts it right at a page bottom.
    let mut pushed = 0;
    for filler in 30..75 {
        let mut blocks: Vec<Block> =
            (0..filler).map(|i| Block::paragraph(format!("Ligne de remplissage {i}"))).collect();
        blocks.push(Block::heading(2, "Titre à garder"));
        blocks.push(Block::paragraph(LOREM));
        let l = layout(&doc(blocks));
        let texts = body_texts(&l);
        let heading = texts.iter().find(|t| t.5 == "Titre à garder").expect("heading laid out");
        let after = texts.iter().filter(|t| t.0 == heading.0 && t.2 > heading.2).count();
        assert!(after >= 2, "filler {filler}: only {after} lines after the heading on its page");
        if heading.0 > 0 && texts.iter().any(|t| t.0 == heading.0 - 1 && t.5.starts_with("Ligne")) {
            let last_before = texts.iter().filter(|t| t.0 == heading.0 - 1).map(|t| t.2).fold(0.0, f32::max);
            if CONTENT_BOTTOM - last_before > 8.0 {
                pushed += 1; // there was room for the heading itself, but not with what follows
            }
        }
    }
    assert!(pushed > 0, "some heading had to be moved to the next page");
}

#[test]
fn page_break_forces_a_new_page_but_not_an_empty_one() {
    let l = layout(&doc(vec![
        Block::paragraph("Avant"),
        Block::PageBreak,
        Block::PageBreak,
        Block::paragraph("Après"),
        Block::PageBreak,
    ]));
    assert_eq!(l.pages.len(), 2);
    assert!(page_has_text(&l, 0, "Avant"));
    assert!(page_has_text(&l, 1, "Après"));
}

#[test]
fn a_long_table_repeats_its_header_and_never_splits_a_row() {
    let rows: Vec<Vec<String>> = (0..90)
        .map(|i| vec![format!("Ligne {i} — action d’animation collective"), format!("{i} €"), "Commentaire".into()])
        .collect();
    let mut table = Table::plain(&["Intitulé", "Montant", "Remarque"], &rows);
    table.align = vec![fabrique_pdf::Align::Left, fabrique_pdf::Align::Right];
    let l = layout(&doc(vec![Block::paragraph("Budget prévisionnel"), Block::Table(table)]));
    assert!(l.pages.len() >= 3, "90 rows take several pages, got {}", l.pages.len());
    let texts = body_texts(&l);
    let mut seen = Vec::new();
    for (p, _) in l.pages.iter().enumerate() {
        let on_page: Vec<_> = texts.iter().filter(|t| t.0 == p).collect();
        let headers: Vec<_> = on_page.iter().filter(|t| t.5 == "Intitulé").collect();
        assert_eq!(headers.len(), 1, "page {}: header row once", p + 1);
        let header_y = headers[0].2;
        for t in on_page.iter().filter(|t| t.5.starts_with("Ligne ")) {
            assert!(t.2 > header_y, "rows below the header");
            let n: usize = t.5.split(' ').nth(1).unwrap().parse().unwrap();
            // Same row, same page: its amount is on this page at the same baseline.
            assert!(on_page.iter().any(|o| o.5 == format!("{n} €") && (o.2 - t.2).abs() < 0.01), "row {n} split");
            seen.push(n);
        }
    }
    assert_eq!(seen, (0..90).collect::<Vec<_>>(), "every row once, in order");
    // Right-aligned amounts end at the same x.
    let ends: Vec<f32> =
        texts.iter().filter(|t| t.5.ends_with(" €")).map(|t| t.1 + text_width(t.3, t.4, &t.5)).collect();
    assert!(ends.iter().all(|e| (e - ends[0]).abs() < 0.01));
    // A light header background on every page.
    for page in &l.pages {
        assert!(page.items.iter().any(|i| matches!(i, Item::Rect { fill, .. } if *fill == Color::HEADER_BACKGROUND)));
    }
}

#[test]
fn a_total_row_never_starts_a_page_alone() {
    // Whatever the number of rows, the page the total lands on shows at least one row above it.
    for n in 30..75 {
        let mut rows: Vec<Vec<String>> = (0..n).map(|i| vec![format!("Ligne {i}"), format!("{i} €")]).collect();
        rows.push(vec!["Total des charges".into(), "999 €".into()]);
        let mut table = Table::plain(&["Intitulé", "Montant"], &rows);
        table.total_row = true;
        let l = layout(&doc(vec![Block::paragraph("Budget prévisionnel"), Block::Table(table)]));
        let texts = body_texts(&l);
        let total_page = texts.iter().find(|t| t.5 == "Total des charges").unwrap().0;
        assert!(
            texts.iter().any(|t| t.0 == total_page && t.5.starts_with("Ligne ")),
            "{n} rows: the total is alone on page {}",
            total_page + 1
        );
    }
}

#[test]
fn table_cells_wrap_within_their_column() {
    let long = "texte très long qui doit passer à la ligne dans sa cellule ".repeat(4);
    let table = Table {
        header: vec![vec![Span::plain("A")], vec![Span::plain("B")]],
        rows: vec![vec![vec![Span::plain(long.clone())], vec![Span::plain("court")]]],
        widths: Some(vec![1.0, 1.0]),
        ..Table::default()
    };
    let l = layout(&doc(vec![Block::Table(table)]));
    let texts = body_texts(&l);
    let cell_lines: Vec<_> = texts.iter().filter(|t| t.5.contains("texte") || t.5.contains("cellule")).collect();
    assert!(cell_lines.len() >= 3);
    for t in cell_lines {
        assert!(t.1 + text_width(t.3, t.4, &t.5) <= MARGIN_LEFT + TEXT_WIDTH / 2.0, "{:?} leaves its column", t.5);
    }
    let court = texts.iter().find(|t| t.5 == "court").unwrap();
    assert!(court.1 >= MARGIN_LEFT + TEXT_WIDTH / 2.0);
}

fn report(sections: usize) -> Document {
    let mut blocks = Vec::new();
    for s in 1..=sections {
        blocks.push(Block::heading(1, format!("Section {s}")));
        for k in 1..=2 {
            blocks.push(Block::heading(2, format!("Partie {s}.{k}")));
            for _ in 0..(s % 4 + 1) {
                blocks.push(Block::paragraph(LOREM));
            }
        }
        blocks.push(Block::heading(3, format!("Détail {s}")));
        blocks.push(Block::paragraph(LOREM));
    }
    Document {
        title: "Dossier".into(),
        author: "Fédération".into(),
        title_page: Some(TitlePage { title: "Dossier de subvention".into(), ..TitlePage::default() }),
        table_of_contents: true,
        running_header: Some("Centre social Les Tilleuls".into()),
        running_footer: Some("Dossier AILDS — 29 novembre 2026".into()),
        blocks,
        ..Document::default()
    }
}

#[test]
fn every_page_but_the_title_says_page_x_of_n() {
    let l = layout(&report(12));
    let n = l.pages.len();
    assert!(n > 4);
    let footer_of = |p: usize| -> Vec<String> {
        l.pages[p]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } if text.starts_with("page ") => Some(text.clone()),
                _ => None,
            })
            .collect()
    };
    assert!(footer_of(0).is_empty(), "no footer on the title page");
    assert!(!page_has_text(&l, 0, "Centre social Les Tilleuls"));
    for p in 1..n {
        assert_eq!(footer_of(p), vec![format!("page {} / {n}", p + 1)]);
        assert!(page_has_text(&l, p, "Centre social Les Tilleuls"), "running header on page {}", p + 1);
        assert!(page_has_text(&l, p, "Dossier AILDS — 29 novembre 2026"), "running footer on page {}", p + 1);
    }
}

#[test]
fn table_of_contents_numbers_are_the_real_pages() {
    // Enough headings for a two-page "Sommaire", which shifts the body by one more page.
    let l = layout(&report(30));
    assert!(page_has_text(&l, 1, "Sommaire"));
    assert_eq!(l.toc.len(), 90, "levels 1 and 2 only");
    assert!(l.toc.iter().all(|e| e.level <= 2));
    assert!(l.toc[0].page >= 4, "title page + two Sommaire pages come first, got {}", l.toc[0].page);
    let texts = body_texts(&l);
    for entry in &l.toc {
        let size = if entry.level == 1 { 17.0 } else { 13.5 };
        assert!(
            texts.iter().any(|t| t.0 + 1 == entry.page && t.5 == entry.text && (t.4 - size).abs() < 0.01),
            "{:?} is not on page {}",
            entry.text,
            entry.page
        );
        // And the Sommaire prints that number.
        assert!(
            texts.iter().any(|t| t.0 + 1 < l.toc[0].page && t.5 == entry.page.to_string()),
            "number {} missing from the Sommaire",
            entry.page
        );
    }
    // Clickable entries.
    let gotos = l.pages.iter().flat_map(|p| &p.items).filter(|i| matches!(i, Item::GoTo { .. })).count();
    assert_eq!(gotos, l.toc.len());
}

#[test]
fn placeholders_are_highlighted_and_links_are_clickable() {
    let spans = vec![
        Span::plain("Le président est "),
        Span::missing("⟦structure.president⟧"),
        Span::plain(", voir "),
        Span::link("le site de la CAF", "https://www.caf.fr"),
        Span::plain("."),
    ];
    let l = layout(&doc(vec![Block::Paragraph { spans }]));
    let items = &l.pages[0].items;
    let (tx, ty) = items
        .iter()
        .find_map(|i| match i {
            Item::Text { x, y, text, face, color, .. } if text == "⟦structure.president⟧" => {
                assert_eq!(*face, Face::Bold);
                assert_eq!(*color, Color::MISSING_TEXT);
                Some((*x, *y))
            }
            _ => None,
        })
        .expect("placeholder text");
    assert!(items.iter().any(|i| matches!(i, Item::Rect { x, y, h, fill, .. }
        if *fill == Color::MISSING_BACKGROUND && *x <= tx && *y <= ty && y + h >= ty)));
    let link = items.iter().find_map(|i| match i {
        Item::Link { x, w, uri, .. } => Some((*x, *w, uri.clone())),
        _ => None,
    });
    let (lx, lw, uri) = link.expect("a link area");
    assert_eq!(uri, "https://www.caf.fr");
    assert!((lw - text_width(Face::Regular, 10.5, "le site de la CAF")).abs() < 0.01);
    assert!(lx > tx);
}

#[test]
fn nested_lists_have_markers_and_hanging_indents() {
    let blocks = vec![Block::List {
        ordered: true,
        start: 3,
        items: vec![
            vec![Block::paragraph(LOREM), Block::bullets(["sous-point a", "sous-point b"])],
            vec![Block::paragraph("quatrième")],
        ],
    }];
    let l = layout(&doc(blocks));
    let texts = body_texts(&l);
    let three = texts.iter().find(|t| t.5 == "3.").expect("marker 3.");
    let four = texts.iter().find(|t| t.5 == "4.").expect("marker 4.");
    let first_line = texts.iter().find(|t| t.5.starts_with("Le centre")).unwrap();
    assert!((three.2 - first_line.2).abs() < 0.01, "marker on the first line");
    assert!(first_line.1 > three.1 + 2.0);
    // Hanging indent: the continuation lines start where the first line starts, not under the marker.
    let continuation: Vec<_> =
        texts.iter().filter(|t| t.2 > first_line.2 && t.2 < four.2 && !t.5.contains("sous")).collect();
    assert!(!continuation.is_empty());
    assert!(continuation.iter().filter(|t| t.5 != "–").all(|t| (t.1 - first_line.1).abs() < 0.01));
    let bullet = texts.iter().find(|t| t.5 == "–").expect("nested bullet");
    assert!(bullet.1 > three.1);
    let sub = texts.iter().find(|t| t.5 == "sous-point a").unwrap();
    assert!(sub.1 > first_line.1);
}

/// Page and y of the first text item containing `needle`.
fn where_is(l: &Layout, needle: &str) -> (usize, f32) {
    body_texts(l).into_iter().find(|t| t.5.contains(needle)).map(|t| (t.0, t.2)).unwrap_or_else(|| panic!("{needle:?}"))
}

/// Pages with a filled rectangle of `color`.
fn rect_pages(l: &Layout, color: Color) -> Vec<usize> {
    let mut out = Vec::new();
    for (p, page) in l.pages.iter().enumerate() {
        if page.items.iter().any(|i| matches!(i, Item::Rect { fill, .. } if *fill == color)) {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_heading_and_its_lead_in_keep_with_the_table_they_introduce() {
    let mut moved = 0;
    for filler in 30..75 {
        let mut blocks: Vec<Block> =
            (0..filler).map(|i| Block::paragraph(format!("Ligne de remplissage {i}"))).collect();
        blocks.push(Block::heading(3, "Nombre d'ordinateurs"));
        blocks.push(Block::Paragraph { spans: vec![Span::italic("Nombre · 30 répondants · 2 non-réponses")] });
        blocks.push(Block::Table(Table::plain(
            &["Moyenne", "Médiane", "Minimum", "Maximum"],
            &[vec!["4,5".into(), "4".into(), "0".into(), "12".into()]],
        )));
        let l = layout(&doc(blocks));
        let (heading, y) = where_is(&l, "Nombre d'ordinateurs");
        let (lead, _) = where_is(&l, "Nombre · 30 répondants");
        let (row, _) = where_is(&l, "4,5");
        assert_eq!((heading, lead), (row, row), "filler {filler}");
        assert_eq!(rect_pages(&l, Color::HEADER_BACKGROUND), [row], "the table's header is with its first row");
        let (last, last_y) = where_is(&l, &format!("Ligne de remplissage {}", filler - 1));
        if heading > last && CONTENT_BOTTOM - last_y > 16.0 {
            moved += 1;
        }
        assert!(y > CONTENT_TOP);
    }
    assert!(moved > 0, "some heading went to the next page with its lead-in and table");
}

#[test]
fn a_short_bold_or_italic_paragraph_keeps_with_the_list_it_announces() {
    let mut moved = 0;
    for filler in 30..75 {
        let mut blocks: Vec<Block> =
            (0..filler).map(|i| Block::paragraph(format!("Ligne de remplissage {i}"))).collect();
        blocks.push(Block::Paragraph { spans: vec![Span::bold("Réponses les plus fréquentes")] });
        blocks.push(Block::bullets(["Outils — Facebook : 78 %", "Connexion — Fibre : 60 %"]));
        let l = layout(&doc(blocks));
        let (title, _) = where_is(&l, "Réponses les plus fréquentes");
        let (item, _) = where_is(&l, "Facebook");
        assert_eq!(title, item, "filler {filler}");
        let (last, last_y) = where_is(&l, &format!("Ligne de remplissage {}", filler - 1));
        if title > last && CONTENT_BOTTOM - last_y > 8.0 {
            moved += 1;
        }
    }
    assert!(moved > 0);
    // An italic line before a heading (a source under a table, say) closes what precedes: not kept with the next.
    let mut stayed = 0;
    for filler in 25..45 {
        let mut blocks: Vec<Block> =
            (0..filler).map(|i| Block::paragraph(format!("Ligne de remplissage {i}"))).collect();
        blocks.push(Block::Paragraph { spans: vec![Span::italic("Source : enquête 2021.")] });
        blocks.push(Block::heading(2, "Suite"));
        blocks.push(Block::paragraph(LOREM));
        let l = layout(&doc(blocks));
        let (source, _) = where_is(&l, "Source : enquête 2021.");
        let (last, last_y) = where_is(&l, &format!("Ligne de remplissage {}", filler - 1));
        if CONTENT_BOTTOM - last_y > 10.0 {
            assert_eq!(source, last, "filler {filler}: a closing note stays with what it closes");
            if where_is(&l, "Suite").0 > source {
                stayed += 1;
            }
        }
    }
    assert!(stayed > 0, "some note stayed at the foot of a page while the heading went on");
}
