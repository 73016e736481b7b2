//! A question's figures split by groups of respondents, side by side in one table.

use fabrique_core::survey::chart::format_decimal;
use fabrique_core::survey::stats::SplitGroup;
use fabrique_core::survey::QuestionKind;
use fabrique_core::text::fold;
use fabrique_pdf::Table;

use super::{cell, right_after, share};

/// The table of a split: per option (a grid: per group and row) the share of each group's
/// respondents; per group the summary of a number question. None for a free text.
pub fn split_table(groups: &[SplitGroup]) -> Option<Table> {
    let first = groups.first()?;
    let group_name = |g: &SplitGroup| format!("{} ({})", g.label, g.stats.answered);
    let table = match first.stats.kind {
        QuestionKind::Text => return None,
        QuestionKind::Number => {
            let header =
                ["Groupe", "Répondants", "Moyenne", "Médiane", "Minimum", "Maximum"].into_iter().map(cell).collect();
            let rows = groups
                .iter()
                .map(|g| {
                    let mut row = vec![cell(g.label.clone()), cell(g.stats.answered.to_string())];
                    match &g.stats.number {
                        Some(n) => row.extend([n.mean, n.median, n.min, n.max].map(|v| cell(format_decimal(v)))),
                        None => row.extend((0..4).map(|_| cell("–"))),
                    }
                    row
                })
                .collect();
            Table { header, rows, widths: None, align: right_after(1, 6), total_row: false, fills: Vec::new() }
        }
        QuestionKind::Grid => {
            // Every group has the whole grid's rows and columns, in its order (see `stats::split`).
            let columns: Vec<String> = first
                .stats
                .grid
                .first()
                .map(|r| r.options.iter().map(|o| o.label.clone()).collect())
                .unwrap_or_default();
            let mut header = vec![cell("Groupe"), cell("Ligne")];
            header.extend(columns.iter().map(|c| cell(c.clone())));
            let rows = groups
                .iter()
                .flat_map(|g| {
                    g.stats.grid.iter().map(move |r| {
                        let mut row = vec![cell(group_name(g)), cell(r.row.clone())];
                        row.extend(r.options.iter().map(|o| cell(share(o.percent, o.count))));
                        row
                    })
                })
                .collect();
            Table {
                header,
                rows,
                widths: None,
                align: right_after(2, columns.len() + 2),
                total_row: false,
                fills: Vec::new(),
            }
        }
        QuestionKind::Single | QuestionKind::Multi | QuestionKind::Date => {
            let mut header = vec![cell("Réponse")];
            header.extend(groups.iter().map(|g| cell(group_name(g))));
            let rows = first
                .stats
                .options
                .iter()
                .map(|o| {
                    let key = fold(&o.label);
                    let mut row = vec![cell(o.label.clone())];
                    row.extend(
                        groups
                            .iter()
                            .map(|g| {
                                g.stats
                                    .options
                                    .iter()
                                    .find(|x| fold(&x.label) == key)
                                    .map_or_else(|| share(0.0, 0), |x| share(x.percent, x.count))
                            })
                            .map(cell),
                    );
                    row
                })
                .collect();
            Table {
                header,
                rows,
                widths: None,
                align: right_after(1, groups.len() + 1),
                total_row: false,
                fills: Vec::new(),
            }
        }
    };
    Some(table)
}

#[cfg(test)]
mod tests {
    use fabrique_core::survey::Submission;
    use fabrique_pdf::model::plain_text;

    use super::super::tests::wave;
    use super::*;

    #[test]
    fn split_tables_cover_choices_numbers_and_grids() {
        use fabrique_core::survey::stats::split;
        let (defs, subs) = wave(12, 0);
        let refs: Vec<&Submission> = subs.iter().collect();
        let by_parity =
            |s: &Submission| (s.sid <= 8).then(|| if s.sid % 2 == 0 { "Pairs" } else { "Impairs" }.to_string());
        let site = split_table(&split(&defs[3], &refs, by_parity)).unwrap();
        let header: Vec<String> = site.header.iter().map(|c| plain_text(c)).collect();
        assert_eq!(header, ["Réponse", "Impairs (4)", "Pairs (4)", "Non renseigné (4)"]);
        let rows: Vec<Vec<String>> = site.rows.iter().map(|r| r.iter().map(|c| plain_text(c)).collect()).collect();
        assert_eq!(rows[0][0], "Non", "the file's order: the first answer is « Non »");
        assert_eq!(rows[1][0], "Oui");

        let postes = split_table(&split(&defs[4], &refs, by_parity)).unwrap();
        let header: Vec<String> = postes.header.iter().map(|c| plain_text(c)).collect();
        assert_eq!(header, ["Groupe", "Répondants", "Moyenne", "Médiane", "Minimum", "Maximum"]);
        // Odd sids 1, 3, 5, 7: k = 0, 2, 4, 6 → 0, 2, 4, 1 ordinateurs.
        let first: Vec<String> = postes.rows[0].iter().map(|c| plain_text(c)).collect();
        assert_eq!(first, ["Impairs", "4", "1,8", "1,5", "0", "4"]);

        let grid = split_table(&split(&defs[5], &refs, by_parity)).unwrap();
        let header: Vec<String> = grid.header.iter().map(|c| plain_text(c)).collect();
        assert_eq!(header, ["Groupe", "Ligne", "Débutant", "Avancé"]);
        assert_eq!(grid.rows.len(), 6, "three groups × two rows");
        let row: Vec<String> = grid.rows[0].iter().map(|c| plain_text(c)).collect();
        assert_eq!(row, ["Impairs (4)", "Tableur", "100\u{a0}% (4)", "0\u{a0}% (0)"]);

        assert_eq!(split_table(&split(&defs[6], &refs, by_parity)), None);
        assert_eq!(split_table(&[]), None);
    }
}
