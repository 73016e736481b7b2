//! Markdown into blocks, and French typography.

use fabrique_pdf::markdown::{to_blocks, to_blocks_with, Options};
use fabrique_pdf::{french_typography, Align, Block, Span};

fn spans_of(block: &Block) -> &[Span] {
    match block {
        Block::Paragraph { spans } | Block::Heading { spans, .. } | Block::Note { spans } => spans,
        other => panic!("no spans in {other:?}"),
    }
}

#[test]
fn headings_clamp_and_shift() {
    let blocks = to_blocks("# Un\n\n## Deux\n\n### Trois\n\n#### Quatre");
    let levels: Vec<u8> = blocks
        .iter()
        .map(|b| match b {
            Block::Heading { level, .. } => *level,
            _ => 0,
        })
        .collect();
    assert_eq!(levels, [1, 2, 3, 3]);
    assert_eq!(blocks[0], Block::Heading { level: 1, spans: vec![Span::plain("Un")] });
    let shifted = to_blocks_with("# Un\n\n## Deux", Options { heading_offset: 1 });
    assert!(matches!(shifted[0], Block::Heading { level: 2, .. }));
    assert!(matches!(shifted[1], Block::Heading { level: 3, .. }));
}

#[test]
fn paragraphs_with_soft_and_hard_breaks() {
    let blocks = to_blocks("une ligne\nsuite  \naprès un saut\n\nautre paragraphe");
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0], Block::Paragraph { spans: vec![Span::plain("une ligne suite\naprès un saut")] });
    assert_eq!(blocks[1], Block::paragraph("autre paragraphe"));
}

#[test]
fn bold_and_italic_nest_and_links_keep_their_text() {
    let blocks = to_blocks("a **gras *les deux* gras** _ital_ [le site](https://exemple.fr) `code`");
    let spans = spans_of(&blocks[0]);
    let expected = vec![
        Span::plain("a "),
        Span::bold("gras "),
        Span { text: "les deux".into(), bold: true, italic: true, ..Span::default() },
        Span::bold(" gras"),
        Span::plain(" "),
        Span::italic("ital"),
        Span::plain(" "),
        Span::link("le site", "https://exemple.fr"),
        Span::plain(" code"),
    ];
    assert_eq!(spans, expected.as_slice());
}

#[test]
fn nested_lists_keep_their_numbering() {
    let md = "3. trois\n4. quatre\n   - puce a\n   - puce b\n\n     suite de b\n5. cinq\n";
    let blocks = to_blocks(md);
    assert_eq!(blocks.len(), 1);
    let Block::List { ordered, start, items } = &blocks[0] else { panic!("{blocks:?}") };
    assert!(*ordered);
    assert_eq!(*start, 3);
    assert_eq!(items.len(), 3);
    assert_eq!(items[0], vec![Block::paragraph("trois")]);
    assert_eq!(items[1][0], Block::paragraph("quatre"));
    let Block::List { ordered: false, items: inner, .. } = &items[1][1] else { panic!("{:?}", items[1]) };
    assert_eq!(inner.len(), 2);
    assert_eq!(inner[1], vec![Block::paragraph("puce b"), Block::paragraph("suite de b")]);
    assert_eq!(items[2], vec![Block::paragraph("cinq")]);
}

#[test]
fn gfm_tables_with_alignment() {
    let md = "| Poste | Montant | Note |\n|:--|--:|:-:|\n| Salaires | 12 000 € | **oui** |\n| Loyer | 3 000 € | |\n";
    let blocks = to_blocks(md);
    let Block::Table(t) = &blocks[0] else { panic!("{blocks:?}") };
    assert_eq!(t.header, vec![vec![Span::plain("Poste")], vec![Span::plain("Montant")], vec![Span::plain("Note")]]);
    assert_eq!(t.align, vec![Align::Left, Align::Right, Align::Center]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0][2], vec![Span::bold("oui")]);
    assert_eq!(t.rows[1][1], vec![Span::plain("3 000 €")]);
    assert!(t.rows[1][2].is_empty());
}

#[test]
fn raw_html_stays_literal() {
    let blocks = to_blocks("<div class=\"x\">bloc</div>\n\nTexte <b>gras ?</b> fin");
    assert_eq!(blocks[0], Block::paragraph("<div class=\"x\">bloc</div>"));
    let text: String = spans_of(&blocks[1]).iter().map(|s| s.text.as_str()).collect();
    assert_eq!(text, "Texte <b>gras\u{202F}?</b> fin");
    assert!(spans_of(&blocks[1]).iter().all(|s| !s.bold));
}

#[test]
fn placeholders_become_missing_spans() {
    let blocks = to_blocks("Madame ⟦president.nom⟧, **présidente de ⟦structure.nom⟧**.");
    let spans = spans_of(&blocks[0]);
    assert_eq!(
        spans,
        [
            Span::plain("Madame "),
            Span::missing("⟦president.nom⟧"),
            Span::plain(", "),
            Span::bold("présidente de "),
            Span { text: "⟦structure.nom⟧".into(), bold: true, missing: true, ..Span::default() },
            Span::plain("."),
        ]
    );
    // In a table cell and a heading too.
    let blocks = to_blocks("## Budget ⟦annee⟧\n\n| a |\n|---|\n| ⟦x⟧ |");
    assert!(spans_of(&blocks[0]).iter().any(|s| s.missing && s.text == "⟦annee⟧"));
    let Block::Table(t) = &blocks[1] else { panic!() };
    assert_eq!(t.rows[0][0], vec![Span::missing("⟦x⟧")]);
}

#[test]
fn quotes_become_notes_and_rules_stay() {
    let blocks = to_blocks("> Attention : pièce obligatoire.\n>\n> Deuxième ligne\n\n---\n\nfin");
    assert_eq!(
        blocks[0],
        Block::Note {
            spans: vec![
                Span::plain("Attention\u{202F}: pièce obligatoire."),
                Span::plain("\n"),
                Span::plain("Deuxième ligne")
            ]
        }
    );
    assert_eq!(blocks[1], Block::Rule);
    assert_eq!(blocks[2], Block::paragraph("fin"));
}

#[test]
fn typography_in_markdown_spans_style_boundaries() {
    let blocks = to_blocks("**Attention**! Vraiment ?\nOui.");
    let text: String = spans_of(&blocks[0]).iter().map(|s| s.text.as_str()).collect();
    assert_eq!(text, "Attention\u{202F}! Vraiment\u{202F}? Oui.");
}

#[test]
fn french_typography_cases() {
    assert_eq!(french_typography("Bonjour !"), "Bonjour\u{202F}!");
    assert_eq!(french_typography("Bonjour!"), "Bonjour\u{202F}!");
    assert_eq!(french_typography("Quoi ? Vraiment?"), "Quoi\u{202F}? Vraiment\u{202F}?");
    assert_eq!(french_typography("un ; deux;trois"), "un\u{202F}; deux\u{202F};trois");
    assert_eq!(french_typography("Note : voir"), "Note\u{202F}: voir");
    assert_eq!(french_typography("« Fédération »"), "«\u{202F}Fédération\u{202F}»");
    // Colons without a space before are left alone: times, URLs, ratios.
    assert_eq!(french_typography("à 10:30 sur https://exemple.fr/a?b=c"), "à 10:30 sur https://exemple.fr/a?b=c");
    assert_eq!(french_typography("Note: voir"), "Note: voir");
    assert_eq!(french_typography("écrire à contact@exemple.fr!"), "écrire à contact@exemple.fr!");
    assert_eq!(french_typography("www.caf.fr?x"), "www.caf.fr?x");
    // Already right, or nothing to do.
    assert_eq!(french_typography("Oui\u{202F}!"), "Oui\u{202F}!");
    assert_eq!(french_typography("Quoi ?!"), "Quoi\u{202F}?!");
    assert_eq!(french_typography("12 € ; 3 %"), "12 €\u{202F}; 3 %");
    assert_eq!(french_typography(""), "");
}

#[test]
fn inline_code_is_not_retypeset() {
    let blocks = to_blocks("Tapez `a ; b` puis ok");
    let text: String = spans_of(&blocks[0]).iter().map(|s| s.text.as_str()).collect();
    assert_eq!(text, "Tapez a ; b puis ok");
}
