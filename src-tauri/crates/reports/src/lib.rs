//! Fabrique's printed documents: domain values in, `fabrique_pdf::Document` out.
//!
//! This is the bridge between the domain (`fabrique_core`) and the PDF engine (`fabrique_pdf`): it
//! decides what a dossier looks like on paper (title page, sections, the budget table) and what
//! its live preview shows, from the same blocks. Pure: nothing here reads a file or the database.

use fabrique_core::dossier::budget::{format_amount, format_permille, AccountSide, Budget, BudgetSummary, ACCOUNTS};
use fabrique_core::dossier::placeholders::long_date;
use fabrique_core::dossier::template::SectionKind;
use fabrique_core::dossier::{FilledSection, Prepared, WRITING_PROMPT};
use fabrique_pdf::markdown::{to_blocks_with, Options};
use fabrique_pdf::{Align, Block, Document, Span, Table, TitlePage};

pub use fabrique_pdf::PdfError;

pub mod lettre;
pub mod meeting;
pub mod rgpd;
pub mod survey;

/// Any of these documents as PDF bytes.
pub fn render(document: &Document) -> Result<Vec<u8>, PdfError> {
    fabrique_pdf::to_pdf(document)
}

/// A section's text as the live preview shows it (the editor draws the budget table itself).
/// Writing prompts left from the template (« À compléter : … ») are highlighted like a missing
/// value, not only in italics, so an unfinished dossier is never sent unnoticed.
pub fn section_text_blocks(section: &FilledSection) -> Vec<Block> {
    let mut blocks = to_blocks_with(section.text(), Options { heading_offset: 1 });
    mark_writing_prompts(&mut blocks);
    if let Err(e) = &section.filled {
        blocks.insert(0, Block::Note { spans: vec![Span::missing(format!("Texte à corriger, {e}"))] });
    }
    blocks
}

fn mark_writing_prompts(blocks: &mut [Block]) {
    for block in blocks {
        match block {
            Block::Paragraph { spans } | Block::Note { spans }
                if fabrique_pdf::model::plain_text(spans).trim_start().starts_with(WRITING_PROMPT) =>
            {
                spans.iter_mut().for_each(|s| s.missing = true);
            }
            Block::List { items, .. } => items.iter_mut().for_each(|item| mark_writing_prompts(item)),
            _ => {}
        }
    }
}

/// One section as the PDF prints it: its text, then the budget table in the budget section.
pub fn section_blocks(section: &FilledSection, summary: &BudgetSummary, budget: &Budget) -> Vec<Block> {
    let mut blocks = section_text_blocks(section);
    if section.section.kind == SectionKind::Budget {
        blocks.extend(budget_blocks(budget, summary));
    }
    blocks
}

/// The project budget as the form presents it: charges, products, contributions in kind, then the
/// co-funders and the balance checks.
pub fn budget_blocks(budget: &Budget, summary: &BudgetSummary) -> Vec<Block> {
    let mut blocks = vec![Block::heading(3, "Tableau du budget")];
    // Side by side as on the Cerfa: charges on the left, products on the right.
    blocks.push(Block::Table(side_by_side(
        ("Charges", &[AccountSide::Charge], summary.charges_cents),
        ("Produits", &[AccountSide::Product], summary.products_cents),
        budget,
    )));
    if summary.in_kind_uses_cents > 0 || summary.in_kind_contributions_cents > 0 {
        blocks.push(Block::Table(side_by_side(
            ("Emplois des contributions en nature", &[AccountSide::InKindUse], summary.in_kind_uses_cents),
            (
                "Contributions volontaires en nature",
                &[AccountSide::InKindContribution],
                summary.in_kind_contributions_cents,
            ),
            budget,
        )));
    }
    if !summary.by_funder.is_empty() {
        let mut rows: Vec<Vec<Vec<Span>>> = summary
            .by_funder
            .iter()
            .map(|f| {
                vec![
                    vec![Span::plain(f.funder.label())],
                    vec![Span::plain(format_amount(f.total_cents))],
                    vec![Span::plain(share(f.total_cents, summary.charges_cents))],
                ]
            })
            .collect();
        let subsidies: i64 = summary.by_funder.iter().map(|f| f.total_cents).sum();
        rows.push(vec![
            vec![Span::bold("Total des subventions")],
            vec![Span::bold(format_amount(subsidies))],
            vec![Span::bold(share(subsidies, summary.charges_cents))],
        ]);
        blocks.push(Block::Table(Table {
            header: vec![
                vec![Span::bold("Cofinanceur")],
                vec![Span::bold("Montant")],
                vec![Span::bold("Part du budget")],
            ],
            rows,
            widths: Some(vec![3.0, 1.4, 1.2]),
            align: vec![Align::Left, Align::Right, Align::Right],
            total_row: true,
            fills: Vec::new(),
        }));
    }
    let mut checks = vec![Span::plain(if summary.balanced {
        format!("Budget équilibré : {} de charges et de produits. ", format_amount(summary.charges_cents))
    } else {
        format!(
            "Budget non équilibré : charges {}, produits {}. ",
            format_amount(summary.charges_cents),
            format_amount(summary.products_cents)
        )
    })];
    if !summary.balanced {
        checks[0].missing = true;
    }
    if let Some(label) = summary.requested_share_label() {
        checks.push(Span::plain(format!(
            "Montant demandé : {}, soit {label} du coût du projet.",
            format_amount(summary.requested_cents)
        )));
    }
    blocks.push(Block::Paragraph { spans: checks });
    blocks
}

fn share(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return String::new();
    }
    format_permille((part * 1000 + whole / 2) / whole)
}

/// The rows of one side of the budget: each account used, in bold with its subtotal, then its lines.
fn account_rows(budget: &Budget, sides: &[AccountSide]) -> Vec<[Vec<Span>; 3]> {
    let mut rows = Vec::new();
    for account in ACCOUNTS.iter().filter(|a| sides.contains(&a.side)) {
        let lines: Vec<_> = budget.lines.iter().filter(|l| l.account == account.code).collect();
        if lines.is_empty() {
            continue;
        }
        let subtotal: i64 = lines.iter().map(|l| l.amount_cents).sum();
        rows.push([
            vec![Span::bold(account.code)],
            vec![Span::bold(account.label)],
            vec![Span::bold(format_amount(subtotal))],
        ]);
        for line in lines {
            // The co-funders table names each funder; a line only needs the funder when it has no label.
            let label = match line.funder {
                Some(funder) if line.label.trim().is_empty() => funder.label().to_string(),
                _ => line.label.trim().to_string(),
            };
            rows.push([vec![], vec![Span::plain(label)], vec![Span::plain(format_amount(line.amount_cents))]]);
        }
    }
    rows
}

/// Two sides of the budget in one table, left and right, with their totals on the last row.
fn side_by_side(left: (&str, &[AccountSide], i64), right: (&str, &[AccountSide], i64), budget: &Budget) -> Table {
    let (left_rows, right_rows) = (account_rows(budget, left.1), account_rows(budget, right.1));
    let blank = || [vec![], vec![], vec![]];
    let mut rows: Vec<Vec<Vec<Span>>> = (0..left_rows.len().max(right_rows.len()))
        .map(|i| {
            let [a, b, c] = left_rows.get(i).cloned().unwrap_or_else(blank);
            let [d, e, f] = right_rows.get(i).cloned().unwrap_or_else(blank);
            vec![a, b, c, d, e, f]
        })
        .collect();
    let total = |title: &str| Span::bold(format!("Total {}", title.to_lowercase()));
    rows.push(vec![
        vec![],
        vec![total(left.0)],
        vec![Span::bold(format_amount(left.2))],
        vec![],
        vec![total(right.0)],
        vec![Span::bold(format_amount(right.2))],
    ]);
    Table {
        header: vec![
            vec![Span::bold("Compte")],
            vec![Span::bold(left.0)],
            vec![Span::bold("Montant")],
            vec![Span::bold("Compte")],
            vec![Span::bold(right.0)],
            vec![Span::bold("Montant")],
        ],
        rows,
        widths: Some(vec![0.55, 2.2, 1.25, 0.55, 2.2, 1.25]),
        align: vec![Align::Left, Align::Left, Align::Right, Align::Left, Align::Left, Align::Right],
        total_row: true,
        fills: Vec::new(),
    }
}

/// The dossier as printed: title page, contents, one chapter per section, budget in its section.
/// Writing guidance is for the writer only and is not printed.
pub fn dossier_document(prepared: &Prepared, template_title: &str, logo_png: Option<Vec<u8>>) -> Document {
    let dossier = prepared.dossier;
    let header = &dossier.header;
    let applicant = &prepared.facts.applicant.name;
    let today = long_date(prepared.facts.today);
    let mut lines = vec![format!("Porteur : {applicant}")];
    if !header.project.trim().is_empty() && header.project.trim() != header.title.trim() {
        lines.push(format!("Projet : {}", header.project.trim()));
    }
    lines.push(format!("Année : {}", header.year));
    lines.push(format!("Financeur sollicité : {}", header.funder.label()));
    if prepared.summary.requested_cents > 0 {
        lines.push(format!("Montant demandé : {}", format_amount(prepared.summary.requested_cents)));
    }
    lines.push(format!("Document établi le {today}"));

    let mut blocks = Vec::new();
    for (i, section) in prepared.sections.iter().enumerate() {
        if i > 0 && section.text().trim().is_empty() && section.section.kind != SectionKind::Budget {
            continue;
        }
        blocks.push(Block::heading(1, section.section.title.clone()));
        blocks.extend(section_blocks(section, &prepared.summary, &dossier.content.budget));
    }
    Document {
        title: header.title.clone(),
        author: applicant.clone(),
        subject: Some(template_title.to_string()),
        title_page: Some(TitlePage {
            title: header.title.clone(),
            subtitle: Some(template_title.to_string()),
            lines,
            logo_png,
        }),
        table_of_contents: true,
        running_header: Some(applicant.clone()),
        running_footer: Some(format!("{} — {today}", header.title)),
        blocks,
    }
}

/// The dossier's PDF bytes.
pub fn dossier_pdf(prepared: &Prepared, template_title: &str, logo_png: Option<Vec<u8>>) -> Result<Vec<u8>, PdfError> {
    fabrique_pdf::to_pdf(&dossier_document(prepared, template_title, logo_png))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use fabrique_core::dossier::demo::federation_dossier;
    use fabrique_core::dossier::{prepare, Dossier, DossierFacts};
    use fabrique_pdf::model::plain_text;

    fn demo() -> (Dossier, DossierFacts) {
        federation_dossier(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap())
    }

    fn text_of(blocks: &[Block]) -> String {
        serde_text(blocks)
    }

    fn serde_text(blocks: &[Block]) -> String {
        let mut out = String::new();
        for block in blocks {
            match block {
                Block::Heading { spans, .. } | Block::Paragraph { spans } | Block::Note { spans } => {
                    out.push_str(&plain_text(spans));
                    out.push('\n');
                }
                Block::List { items, .. } => items.iter().for_each(|item| out.push_str(&serde_text(item))),
                Block::Table(t) => {
                    for row in std::iter::once(&t.header).chain(&t.rows) {
                        for cell in row {
                            out.push_str(&plain_text(cell));
                            out.push('|');
                        }
                        out.push('\n');
                    }
                }
                Block::BarChart(c) => {
                    out.push_str(&c.title);
                    out.push('\n');
                }
                Block::PageBreak | Block::Rule => {}
            }
        }
        out
    }

    #[test]
    fn the_document_has_every_section_the_budget_and_no_guidance() {
        let (dossier, facts) = demo();
        let prepared = prepare(&dossier, &facts);
        let doc = dossier_document(&prepared, "AILDS — Département de la Gironde", None);
        let text = text_of(&doc.blocks);
        for section in &dossier.content.sections {
            assert!(text.contains(&section.title), "missing section {}", section.title);
            assert!(!text.contains(section.guidance.trim()), "guidance printed for {}", section.key);
        }
        assert!(text.contains("Budget équilibré : 53\u{202f}000,00\u{a0}€"), "{text}");
        assert!(text.contains("Département de la Gironde|18\u{202f}000,00\u{a0}€|"), "{text}");
        assert!(!text.contains("{{"), "placeholders are filled");
        assert!(!text.contains("⟦"), "the complete demo dossier has no unresolved placeholder: {text}");
        let title_page = doc.title_page.unwrap();
        assert!(
            title_page.lines.iter().any(|l| l == "Montant demandé : 18\u{202f}000,00\u{a0}€"),
            "{:?}",
            title_page.lines
        );
        assert_eq!(doc.running_header.as_deref(), Some("Fédération des Centres Sociaux de la Gironde"));
    }

    #[test]
    fn an_unbalanced_budget_and_an_unresolved_placeholder_are_marked() {
        let (mut dossier, mut facts) = demo();
        facts.survey = None;
        dossier.content.budget.lines.remove(0);
        dossier.content.sections[0].body = "SIRET : {{ structure.siret }} et {{ enquete.repondants }}".into();
        let prepared = prepare(&dossier, &facts);
        let blocks = section_blocks(&prepared.sections[0], &prepared.summary, &dossier.content.budget);
        let missing: Vec<_> = blocks
            .iter()
            .flat_map(|b| match b {
                Block::Paragraph { spans } => spans.clone(),
                _ => vec![],
            })
            .filter(|s| s.missing)
            .map(|s| s.text)
            .collect();
        assert_eq!(missing, ["⟦enquete.repondants⟧"], "the SIRET is known, the survey is not");
        let budget_section = prepared.sections.iter().find(|s| s.section.kind == SectionKind::Budget).unwrap();
        let text = text_of(&section_blocks(budget_section, &prepared.summary, &dossier.content.budget));
        assert!(text.contains("Budget non équilibré"), "{text}");
    }

    #[test]
    fn the_demo_dossier_prints() {
        let (dossier, facts) = demo();
        let prepared = prepare(&dossier, &facts);
        let pdf = dossier_pdf(&prepared, "AILDS", None).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert!(pdf.len() < 200 * 1024, "{} bytes", pdf.len());
    }

    #[test]
    fn charges_and_products_sit_side_by_side_with_their_totals_on_one_row() {
        let (dossier, facts) = demo();
        let prepared = prepare(&dossier, &facts);
        let blocks = budget_blocks(&dossier.content.budget, &prepared.summary);
        let Some(Block::Table(table)) = blocks.get(1) else { panic!("the budget table: {blocks:?}") };
        let header: Vec<String> = table.header.iter().map(|c| plain_text(c)).collect();
        assert_eq!(header, ["Compte", "Charges", "Montant", "Compte", "Produits", "Montant"]);
        let first: Vec<String> = table.rows[0].iter().map(|c| plain_text(c)).collect();
        assert!(first[0].starts_with('6') && first[3].starts_with('7'), "a charge beside a product: {first:?}");
        let last: Vec<String> = table.rows.last().unwrap().iter().map(|c| plain_text(c)).collect();
        assert_eq!(last[1], "Total charges");
        assert_eq!(last[4], "Total produits");
        assert_eq!(last[2], last[5], "the demo budget is balanced: {last:?}");
        assert!(table.total_row);
    }

    #[test]
    fn a_writing_prompt_left_in_a_section_is_highlighted() {
        let (mut dossier, facts) = demo();
        dossier.content.sections[0].body = "Texte écrit.\n\n*À compléter : les partenaires du projet.*".into();
        let prepared = prepare(&dossier, &facts);
        let blocks = section_text_blocks(&prepared.sections[0]);
        let flagged: Vec<(String, bool)> = blocks
            .iter()
            .flat_map(|b| match b {
                Block::Paragraph { spans } => spans.iter().map(|s| (s.text.clone(), s.missing)).collect(),
                _ => vec![],
            })
            .collect();
        assert_eq!(flagged[0], ("Texte écrit.".to_string(), false));
        assert!(flagged[1].0.starts_with("À compléter") && flagged[1].1, "{flagged:?}");
    }
}
