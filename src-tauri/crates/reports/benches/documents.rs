//! Timings of the printed documents: the demo's AILDS dossier as the app exports it (preparation from the
//! dossier, layout, render), and generated dossiers of ~20 and ~100 pages (headings, paragraphs, lists, a 60-row
//! table). Run with `cargo bench -p fabrique-reports --bench documents`; prints the median of several runs, the
//! page count and the file size.
//!
//! With `FABRIQUE_BENCH_EXPORT_DIR=/some/dir`, the same content is also written there as HTML (and the PDFs), and if
//! `soffice` is on the PATH, LibreOffice's `--headless --convert-to pdf` is timed on it (first, cold run reported
//! apart; median of 3 warm runs).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use fabrique_core::dossier::demo::federation_dossier;
use fabrique_core::dossier::prepare;
use fabrique_pdf::{layout, render, Align, Block, Document, Span, Table, TitlePage};

#[path = "../../../../benches/timing.rs"]
mod timing;
use timing::{median, ms, time};

const PARA: &str = "Le centre social accompagne les habitants du quartier dans leurs projets, avec une attention \
    particulière aux familles, aux jeunes et aux personnes âgées isolées\u{202F}; il anime des ateliers, tient une \
    permanence d’accès aux droits et coordonne les bénévoles de l’épicerie solidaire.";

/// A dossier of `sections` sections; about 2.5 sections per page, plus a 60-row budget table.
fn dossier(sections: usize) -> Document {
    let mut blocks = Vec::new();
    for s in 1..=sections {
        blocks.push(Block::heading(1, format!("{s}. Axe du projet social n° {s}")));
        blocks.push(Block::Paragraph {
            spans: vec![
                Span::plain(PARA),
                Span::bold(" Objectif\u{202F}: "),
                Span::italic("renforcer le pouvoir d’agir des habitants."),
            ],
        });
        blocks.push(Block::heading(2, format!("Actions menées en {}", 2020 + s % 7)));
        blocks.push(Block::List {
            ordered: s % 2 == 0,
            start: 1,
            items: vec![
                vec![Block::paragraph("Ateliers parents-enfants, deux fois par semaine.")],
                vec![
                    Block::paragraph("Accompagnement numérique\u{A0}:"),
                    Block::bullets(["démarches CAF", "prise en main d’un ordinateur"]),
                ],
                vec![Block::paragraph(PARA)],
            ],
        });
        blocks.push(Block::paragraph(PARA));
        if s % 4 == 0 {
            blocks.push(Block::note(
                "Pièce à joindre\u{202F}: le dernier rapport d’activité approuvé en assemblée générale.",
            ));
        }
        if s == 2 {
            blocks.push(Block::heading(2, "Budget prévisionnel"));
            blocks.push(Block::Table(budget(60)));
        }
    }
    Document {
        title: "Dossier de subvention".into(),
        author: "Fédération des centres sociaux".into(),
        subject: Some("Mesure de performance".into()),
        title_page: Some(TitlePage {
            title: "Dossier de demande de subvention".into(),
            subtitle: Some("Centre social des Tilleuls".into()),
            lines: vec!["Appel à projets AILDS 2027".into(), "29 novembre 2026".into()],
            logo_png: None,
        }),
        table_of_contents: true,
        running_header: Some("Centre social des Tilleuls".into()),
        running_footer: Some("Dossier AILDS — 29 novembre 2026".into()),
        blocks,
    }
}

fn budget(rows: usize) -> Table {
    let mut t = Table {
        header: ["Poste", "Détail", "Montant"].iter().map(|h| vec![Span::plain(*h)]).collect(),
        widths: None,
        align: vec![Align::Left, Align::Left, Align::Right],
        total_row: true,
        ..Table::default()
    };
    for i in 0..rows {
        t.rows.push(vec![
            vec![Span::plain(format!("Poste {i}"))],
            vec![Span::plain(format!("Charges de personnel et de fonctionnement, ligne {i}"))],
            vec![Span::plain(format!("{}\u{A0}{:03}\u{A0}€", 1 + i % 9, (i * 37) % 1000))],
        ]);
    }
    t.rows.push(vec![vec![Span::plain("Total")], vec![], vec![Span::plain("123\u{A0}456\u{A0}€")]]);
    t
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn spans_html(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        let mut t = escape(&s.text).replace('\n', "<br>");
        if s.bold {
            t = format!("<b>{t}</b>");
        }
        if s.italic {
            t = format!("<i>{t}</i>");
        }
        if let Some(l) = &s.link {
            t = format!("<a href=\"{}\">{t}</a>", escape(l));
        }
        out.push_str(&t);
    }
    out
}

fn blocks_html(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Heading { level, spans } => {
                let _ = writeln!(out, "<h{level}>{}</h{level}>", spans_html(spans));
            }
            Block::Paragraph { spans } => {
                let _ = writeln!(out, "<p>{}</p>", spans_html(spans));
            }
            Block::Note { spans } => {
                let _ = writeln!(out, "<blockquote>{}</blockquote>", spans_html(spans));
            }
            Block::List { ordered, start, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = writeln!(out, "<{tag} start=\"{start}\">");
                for item in items {
                    out.push_str("<li>");
                    blocks_html(item, out);
                    out.push_str("</li>\n");
                }
                let _ = writeln!(out, "</{tag}>");
            }
            Block::Table(t) => {
                out.push_str("<table border=\"1\" cellpadding=\"4\" width=\"100%\"><thead><tr>");
                for h in &t.header {
                    let _ = write!(out, "<th>{}</th>", spans_html(h));
                }
                out.push_str("</tr></thead><tbody>\n");
                for r in &t.rows {
                    out.push_str("<tr>");
                    for c in r {
                        let _ = write!(out, "<td>{}</td>", spans_html(c));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table>\n");
            }
            Block::PageBreak => out.push_str("<p style=\"page-break-before: always\"></p>\n"),
            Block::Rule => out.push_str("<hr>\n"),
            Block::BarChart(c) => {
                let _ = writeln!(out, "<h4>{}</h4>", escape(&c.title));
                for b in &c.bars {
                    let _ = writeln!(out, "<p>{} : {}</p>", escape(&b.label), escape(&b.display));
                }
            }
        }
    }
}

fn html(doc: &Document) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body {{ font-family: 'DejaVu Sans'; font-size: 10.5pt; }}</style></head><body>\n",
        escape(&doc.title)
    );
    if let Some(tp) = &doc.title_page {
        let _ = writeln!(out, "<h1 style=\"text-align:center\">{}</h1>", escape(&tp.title));
        for l in tp.subtitle.iter().chain(&tp.lines) {
            let _ = writeln!(out, "<p style=\"text-align:center\">{}</p>", escape(l));
        }
        out.push_str("<p style=\"page-break-before: always\"></p>\n");
    }
    blocks_html(&doc.blocks, &mut out);
    out.push_str("</body></html>\n");
    out
}

fn soffice(html_path: &Path, out_dir: &Path) -> Option<Duration> {
    let start = Instant::now();
    let status = Command::new("soffice")
        .args(["--headless", "--norestore", "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export"])
        .arg("--outdir")
        .arg(out_dir)
        .arg(html_path)
        .output()
        .ok()?;
    status.status.success().then(|| start.elapsed())
}

fn main() {
    let export = std::env::var_os("FABRIQUE_BENCH_EXPORT_DIR").map(std::path::PathBuf::from);
    let mut report = String::from("Fabrique — documents PDF (médiane)\n\n");
    let (demo, facts) = federation_dossier(NaiveDate::from_ymd_opt(2026, 11, 29).expect("date"));
    let (t_export, _) = time(9, || {
        let prepared = prepare(&demo, &facts);
        fabrique_reports::dossier_pdf(&prepared, "AILDS — Département de la Gironde", None).expect("demo PDF")
    });
    let _ = writeln!(report, "dossier de démonstration, de la base au PDF : {}", ms(t_export));
    let demo_doc =
        fabrique_reports::dossier_document(&prepare(&demo, &facts), "AILDS — Département de la Gironde", None);
    for (name, stem, doc) in [
        ("démo AILDS", "demo-ailds".to_string(), demo_doc),
        ("~20 pages", "dossier-28".to_string(), dossier(28)),
        ("~100 pages", "dossier-150".to_string(), dossier(150)),
    ] {
        let (t_layout, l) = time(9, || layout(&doc));
        let (t_full, bytes) = time(5, || render(&doc, &layout(&doc)).expect("render"));
        let _ = writeln!(
            report,
            "{name:<11} {:>4} pages  layout {}  layout+render {}  {:>6} KB",
            l.pages.len(),
            ms(t_layout),
            ms(t_full),
            bytes.len() / 1024
        );
        if let Some(dir) = &export {
            std::fs::create_dir_all(dir).expect("export folder");
            let html_path = dir.join(format!("{stem}.html"));
            std::fs::write(&html_path, html(&doc)).expect("write HTML");
            std::fs::write(dir.join(format!("{stem}-fabrique.pdf")), &bytes).expect("write PDF");
            let lo_dir = dir.join("libreoffice");
            std::fs::create_dir_all(&lo_dir).expect("LibreOffice folder");
            match soffice(&html_path, &lo_dir) {
                None => {
                    let _ = writeln!(report, "            LibreOffice: soffice not found or failed");
                }
                Some(cold) => {
                    let warm: Vec<Duration> = (0..3).filter_map(|_| soffice(&html_path, &lo_dir)).collect();
                    let pdf = lo_dir.join(format!("{stem}.pdf"));
                    let kb = std::fs::metadata(&pdf).map(|m| m.len() / 1024).unwrap_or(0);
                    let pages = Command::new("pdfinfo")
                        .arg(&pdf)
                        .output()
                        .ok()
                        .and_then(|o| {
                            String::from_utf8_lossy(&o.stdout)
                                .lines()
                                .find_map(|l| l.strip_prefix("Pages:").map(|p| p.trim().to_string()))
                        })
                        .unwrap_or_else(|| "?".into());
                    let _ = writeln!(
                        report,
                        "            LibreOffice {pages:>4} pages  first run {}  then (median of {}) {}  {kb:>6} KB",
                        ms(cold),
                        warm.len(),
                        if warm.is_empty() { "—".to_string() } else { ms(median(warm)) },
                    );
                }
            }
        }
    }
    println!("{report}");
}
