//! The RGPD reports: a centre's own report and the federation's summary.

use chrono::NaiveDate;
use fabrique_core::dossier::placeholders::long_date;
use fabrique_core::rgpd::{
    action_plan, centre_progress, Action, Assessment, CentreProgress, Checklist, HistoryEntry, Status, Step,
};
use fabrique_pdf::{Align, Block, Document, Span, Table, TitlePage};

fn percent(p: Option<u8>) -> String {
    p.map(|p| format!("{p}\u{a0}%")).unwrap_or_else(|| "—".to_string())
}

/// The heatmap's colour for a progress, as the window shows it: a light background from red (0 %)
/// to green (100 %), readable under dark text (hsl(hue, 65 %, 85 %), hue = progress × 1.2).
pub fn heat(progress: Option<u8>) -> Option<[u8; 3]> {
    let hue = f32::from(progress?.min(100)) * 1.2;
    let (saturation, lightness) = (0.65f32, 0.85f32);
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let x = chroma * (1.0 - ((hue / 60.0) % 2.0 - 1.0).abs());
    let (r, g, b) = if hue < 60.0 { (chroma, x, 0.0) } else { (x, chroma, 0.0) };
    let m = lightness - chroma / 2.0;
    let byte = |v: f32| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    Some([byte(r), byte(g), byte(b)])
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(fabrique_core::french::short_date).unwrap_or_default()
}

fn cells(values: &[String]) -> Vec<Vec<Span>> {
    values.iter().map(|v| vec![Span::plain(v.clone())]).collect()
}

fn header(values: &[&str]) -> Vec<Vec<Span>> {
    values.iter().map(|v| vec![Span::bold(*v)]).collect()
}

fn plan_table(plan: &[Action], with_centre: Option<&dyn Fn(&Action) -> String>) -> Block {
    let mut head = vec!["Étape", "Point", "Statut", "Responsable", "Échéance"];
    if with_centre.is_some() {
        head.insert(0, "Structure");
    }
    let rows = plan
        .iter()
        .map(|a| {
            let mut row = vec![
                vec![Span::plain(a.step.label())],
                vec![Span::plain(a.title.clone())],
                vec![Span::plain(a.status.label())],
                vec![Span::plain(a.owner.clone())],
                vec![Span { text: date(a.due), bold: a.overdue, missing: a.overdue, ..Span::default() }],
            ];
            if let Some(name) = with_centre {
                row.insert(0, vec![Span::plain(name(a))]);
            }
            row
        })
        .collect();
    // Dates need about 1,6 units to stay on one line (« 29/11/2026 »).
    let widths = if with_centre.is_some() { vec![1.9, 1.9, 2.8, 1.1, 1.9, 1.7] } else { vec![1.5, 3.5, 1.1, 1.9, 1.7] };
    Block::Table(Table {
        header: header(&head),
        rows,
        widths: Some(widths),
        align: vec![],
        total_row: false,
        fills: Vec::new(),
    })
}

/// A centre's report: its progress, step by step, what remains (the action plan) and what changed.
pub fn centre_report(
    name: &str,
    structure_id: fabrique_core::StructureId,
    checklist: &Checklist,
    assessments: &[Assessment],
    history: &[HistoryEntry],
    today: NaiveDate,
) -> Document {
    let progress = &centre_progress(checklist, structure_id, assessments, today);
    let plan = &action_plan(checklist, structure_id, assessments, today);
    let mut blocks = vec![Block::heading(1, "Où en est le centre")];
    blocks.push(Block::Paragraph {
        spans: vec![
            Span::plain("Avancement global : "),
            Span::bold(format!("{}\u{a0}%", progress.progress)),
            Span::plain(format!(
                " des points du référentiel (version {}) qui s'appliquent au centre. Un point conforme compte pour un, un point en cours pour un demi ; les points non applicables ne comptent pas.",
                checklist.version
            )),
        ],
    });
    let step_rows = progress
        .steps
        .iter()
        .map(|s| cells(&[s.label.clone(), format!("{} / {}", s.compliant, s.applicable), percent(s.progress)]))
        .collect();
    blocks.push(Block::Table(Table {
        header: header(&["Étape", "Points conformes", "Avancement"]),
        rows: step_rows,
        widths: Some(vec![4.0, 1.6, 1.4]),
        align: vec![Align::Left, Align::Right, Align::Right],
        total_row: false,
        fills: Vec::new(),
    }));

    blocks.push(Block::heading(1, "Point par point"));
    for step in Step::ALL {
        let items: Vec<_> = checklist.active().filter(|i| i.step == step).collect();
        if items.is_empty() {
            continue;
        }
        blocks.push(Block::heading(2, step.label()));
        let rows = items
            .iter()
            .map(|item| {
                let a = assessments.iter().find(|a| a.item_id == item.id && a.structure_id == progress.structure_id);
                let status = a.map_or(Status::AFaire, |a| a.status);
                let detail = match a {
                    Some(a) if a.status == Status::NonApplicable => format!("{} ({})", status.label(), a.reason),
                    _ => status.label().to_string(),
                };
                cells(&[item.title.clone(), detail])
            })
            .collect();
        blocks.push(Block::Table(Table {
            header: header(&["Point", "Statut"]),
            rows,
            widths: Some(vec![5.0, 1.6]),
            align: vec![],
            total_row: false,
            fills: Vec::new(),
        }));
    }

    blocks.push(Block::heading(1, "Plan d'action"));
    if plan.is_empty() {
        blocks.push(Block::paragraph("Tous les points qui s'appliquent au centre sont conformes."));
    } else {
        let overdue = plan.iter().filter(|a| a.overdue).count();
        if overdue > 0 {
            blocks.push(Block::Note {
                spans: vec![Span::bold(format!(
                    "{overdue} action{} en retard (échéance dépassée, surlignée).",
                    if overdue > 1 { "s" } else { "" }
                ))],
            });
        }
        blocks.push(plan_table(plan, None));
    }

    blocks.push(Block::heading(1, "Historique"));
    if history.is_empty() {
        blocks.push(Block::paragraph("Aucune modification enregistrée."));
    } else {
        let shown: Vec<&HistoryEntry> = history.iter().take(40).collect();
        let rows = shown
            .iter()
            .map(|h| {
                let title = checklist.item(&h.item_id).map(|i| i.title.clone()).unwrap_or_else(|| h.item_id.clone());
                let when = h.at.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                cells(&[date(when), title, h.field.clone(), h.before.clone(), h.after.clone()])
            })
            .collect();
        blocks.push(Block::Table(Table {
            header: header(&["Date", "Point", "Champ", "Avant", "Après"]),
            rows,
            widths: Some(vec![1.7, 3.0, 1.6, 1.6, 1.8]),
            align: vec![],
            total_row: false,
            fills: Vec::new(),
        }));
        if history.len() > shown.len() {
            blocks.push(Block::paragraph(format!(
                "Les {} modifications plus anciennes sont consultables dans Fabrique.",
                history.len() - shown.len()
            )));
        }
    }

    Document {
        title: format!("RGPD — {name}"),
        author: "Fédération des Centres Sociaux de la Gironde".to_string(),
        subject: Some("Suivi de la conformité au RGPD".to_string()),
        title_page: Some(TitlePage {
            title: "Conformité au RGPD".to_string(),
            subtitle: Some(name.to_string()),
            lines: vec![
                format!("Avancement : {}\u{a0}%", progress.progress),
                format!("Référentiel : version {}", checklist.version),
                format!("Document établi le {}", long_date(today)),
            ],
            logo_png: None,
        }),
        table_of_contents: true,
        running_header: Some(name.to_string()),
        running_footer: Some(format!("Conformité au RGPD — {}", long_date(today))),
        blocks,
    }
}

/// The federation's summary: every centre × every step, the overall progress and the overdue actions.
pub fn federation_report(
    centres: &[(String, CentreProgress)],
    overdue: &[(String, Action)],
    overall: u8,
    trend: &[(String, u8)],
    today: NaiveDate,
) -> Document {
    let mut blocks = vec![Block::heading(1, "Vue d'ensemble")];
    blocks.push(Block::Paragraph {
        spans: vec![
            Span::plain("Avancement moyen des centres engagés : "),
            Span::bold(format!("{overall}\u{a0}%")),
            Span::plain(format!(" ({} centres suivis).", centres.len())),
        ],
    });
    if trend.len() > 1 {
        let rows = trend
            .iter()
            .map(|(day, p)| {
                let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok();
                cells(&[date(d), format!("{p}\u{a0}%")])
            })
            .collect();
        blocks.push(Block::heading(2, "Évolution"));
        blocks.push(Block::Table(Table {
            header: header(&["Date", "Avancement moyen"]),
            rows,
            widths: Some(vec![2.0, 2.0]),
            align: vec![Align::Left, Align::Right],
            total_row: false,
            fills: Vec::new(),
        }));
    }
    blocks.push(Block::heading(1, "Centres et étapes"));
    let mut head = vec!["Structure", "Global"];
    let short = ["Gouv.", "Recens.", "Tri", "Transp.", "Droits", "Sécu."];
    head.extend(short);
    let rows = centres
        .iter()
        .map(|(name, p)| {
            let mut row = vec![name.clone(), format!("{}\u{a0}%", p.progress)];
            row.extend(p.steps.iter().map(|s| percent(s.progress)));
            cells(&row)
        })
        .collect();
    // Each figure on its heatmap colour, as in the window (the figure says it without the colour).
    let fills = centres
        .iter()
        .map(|(_, p)| {
            let mut row = vec![None, heat(Some(p.progress))];
            row.extend(p.steps.iter().map(|s| heat(s.progress)));
            row
        })
        .collect();
    let mut align = vec![Align::Left];
    align.extend([Align::Right; 7]);
    blocks.push(Block::Table(Table {
        header: header(&head),
        rows,
        widths: Some(vec![2.9, 1.0, 1.0, 1.3, 0.9, 1.3, 1.0, 1.0]),
        align,
        total_row: false,
        fills,
    }));
    blocks.push(Block::heading(1, "Actions en retard"));
    if overdue.is_empty() {
        blocks.push(Block::paragraph("Aucune action en retard."));
    } else {
        let names: std::collections::HashMap<String, String> =
            overdue.iter().map(|(n, a)| (format!("{}/{}", a.structure_id, a.item_id), n.clone())).collect();
        let actions: Vec<Action> = overdue.iter().map(|(_, a)| a.clone()).collect();
        let name_of =
            move |a: &Action| names.get(&format!("{}/{}", a.structure_id, a.item_id)).cloned().unwrap_or_default();
        blocks.push(plan_table(&actions, Some(&name_of)));
    }
    Document {
        title: "RGPD — synthèse de la fédération".to_string(),
        author: "Fédération des Centres Sociaux de la Gironde".to_string(),
        subject: Some("Suivi de la conformité au RGPD des centres".to_string()),
        title_page: Some(TitlePage {
            title: "Conformité au RGPD des centres".to_string(),
            subtitle: Some("Synthèse de la fédération".to_string()),
            lines: vec![
                format!("Avancement moyen : {overall}\u{a0}%"),
                format!("Document établi le {}", long_date(today)),
            ],
            logo_png: None,
        }),
        table_of_contents: true,
        running_header: Some("Fédération des Centres Sociaux de la Gironde".to_string()),
        running_footer: Some(format!("Conformité au RGPD — {}", long_date(today))),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heatmap_colours_match_the_window() {
        // hsl(0 65% 85%), hsl(60 65% 85%), hsl(120 65% 85%) as a browser computes them.
        assert_eq!(heat(Some(0)), Some([242, 192, 192]));
        assert_eq!(heat(Some(50)), Some([242, 242, 192]));
        assert_eq!(heat(Some(100)), Some([192, 242, 192]));
        assert_eq!(heat(None), None);
    }
}
