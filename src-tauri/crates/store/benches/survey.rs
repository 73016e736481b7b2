//! Timings of the survey's figures on 10,000 submissions × 150 columns built in memory (the import half of
//! the benchmark belongs with the export parser): every question's statistics, one split (cross-tabulation by
//! another question's answer) and one comparison of two waves. Run with
//! `cargo bench -p fabrique-store --bench survey`; prints the median of several runs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use fabrique_core::survey::chart::{question_chart, split_chart};
use fabrique_core::survey::counted::Counting;
use fabrique_core::survey::stats::{answer_label, compare, split, wave_stats, Texts};
use fabrique_core::survey::{Answer, QuestionDef, QuestionKind, Submission};

#[path = "../../../../benches/timing.rs"]
mod timing;
use timing::{ms, time};

// The same allocator as the app and the command line: imports and figures allocate millions of small strings.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SUBMISSIONS: usize = 10_000;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const SINGLE_OPTIONS: [&str; 5] = ["Oui", "Non", "En partie", "Ne sait pas", "Pas concerné"];
const MULTI_OPTIONS: [&str; 6] =
    ["Facebook", "Instagram", "Site internet", "Lettre d’information", "Affichage", "Bouche-à-oreille"];
const SCALE: [&str; 5] = ["Jamais", "Rarement", "Parfois", "Souvent", "Tous les jours"];
const WORDS: [&str; 12] = [
    "accompagnement",
    "habitants",
    "formation",
    "ordinateurs",
    "bénévoles",
    "démarches",
    "en ligne",
    "ateliers",
    "jeunes",
    "familles",
    "connexion",
    "médiation",
];

/// 40 single choices, 40 multiple choices (4 to 6 options, 'other' on some), 20 numbers, 4 grids of 5 rows
/// (20 grid columns) and 30 free texts: 150 columns.
fn questions() -> Vec<QuestionDef> {
    let mut out = Vec::new();
    let q = |key: String, kind: QuestionKind, options: Vec<String>, has_other: bool| QuestionDef {
        label: format!("Question {key} sur les pratiques numériques de la structure"),
        key,
        kind,
        options,
        has_other,
    };
    for i in 0..40 {
        out.push(q(format!("single_{i}"), QuestionKind::Single, vec![], false));
    }
    for i in 0..40 {
        let n = 4 + i % 3;
        let options = MULTI_OPTIONS[..n].iter().map(|o| o.to_string()).collect();
        out.push(q(format!("multi_{i}"), QuestionKind::Multi, options, i % 4 == 0));
    }
    for i in 0..20 {
        out.push(q(format!("number_{i}"), QuestionKind::Number, vec![], false));
    }
    for i in 0..4 {
        let rows = (0..5).map(|r| format!("Équipement {r}")).collect();
        out.push(q(format!("grid_{i}"), QuestionKind::Grid, rows, false));
    }
    for i in 0..30 {
        out.push(q(format!("text_{i}"), QuestionKind::Text, vec![], false));
    }
    out
}

fn submissions(questions: &[QuestionDef], rng: &mut Rng) -> Vec<Submission> {
    (0..SUBMISSIONS)
        .map(|i| {
            let mut answers = BTreeMap::new();
            for q in questions {
                // About one question in ten is left unanswered.
                if rng.chance(10) {
                    continue;
                }
                let answer = match q.kind {
                    QuestionKind::Single => {
                        // Skewed: the first options are the most frequent.
                        let k = rng.below(SINGLE_OPTIONS.len()).min(rng.below(SINGLE_OPTIONS.len()));
                        Answer::Choice { value: SINGLE_OPTIONS[k].to_string() }
                    }
                    QuestionKind::Multi => {
                        let selected = q.options.iter().filter(|_| rng.chance(40)).cloned().collect();
                        let other = (q.has_other && rng.chance(8)).then(|| "Mastodon".to_string());
                        Answer::Choices { selected, other }
                    }
                    QuestionKind::Number => Answer::Number { value: (rng.below(400) as f64) / 4.0 },
                    QuestionKind::Date => {
                        Answer::Text { value: format!("2021-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)) }
                    }
                    QuestionKind::Grid => Answer::Grid {
                        cells: q
                            .options
                            .iter()
                            .filter_map(|row| {
                                let column = SCALE[rng.below(SCALE.len())];
                                rng.chance(90).then(|| (row.clone(), column.to_string()))
                            })
                            .collect(),
                    },
                    QuestionKind::Text => {
                        let n = 3 + rng.below(25);
                        let words: Vec<&str> = (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect();
                        Answer::Text { value: words.join(" ") }
                    }
                };
                answers.insert(q.key.clone(), answer);
            }
            Submission {
                sid: i as i64 + 1,
                serial: Some(i as i64 + 1),
                submitted_at: Some(format!("{:02}/03/2026 - 10:{:02}", 1 + i % 28, i % 60)),
                completed_at: None,
                modified_at: None,
                draft: false,
                answers,
                line: i + 2,
            }
        })
        .collect()
}

/// The import as the user runs it: a Framaforms TSV of 10,000 submissions × 150 columns read,
/// parsed and stored, then every statistic computed from what the store holds.
fn import_half(report: &mut String) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let rows = fabrique_core::survey::parse::synthetic_export(SUBMISSIONS, 150);
    let mut tsv = String::new();
    for row in &rows {
        let cells: Vec<String> = row.cells().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
        tsv.push_str(&cells.join("\t"));
        tsv.push('\n');
    }
    let path = dir.path().join("resultats.tsv");
    std::fs::write(&path, &tsv).expect("write the export");
    let _ = writeln!(report, "export Framaforms : {} lignes, {:.1} Mo", rows.len(), tsv.len() as f64 / 1e6);

    let (t_rows, raw) = time(3, || fabrique_store::files::survey::read_rows(&path).expect("rows"));
    let (t_parse, _) = time(3, || fabrique_core::survey::parse::parse_export(&raw, "resultats.tsv").expect("parse"));
    let _ = writeln!(report, "  dont lecture des lignes {} et analyse {}", ms(t_rows), ms(t_parse));
    let (t_read, export) = time(3, || fabrique_store::files::read_survey_export(&path).expect("read"));
    let _ = writeln!(report, "lecture + analyse du fichier           {}", ms(t_read));
    let mut n = 0;
    let (t_store, _) = time(3, || {
        n += 1;
        let mut store = fabrique_store::Store::open(&dir.path().join(format!("base-{n}.sqlite"))).expect("base");
        store.import_survey(&export, "2021").expect("import")
    });
    let _ = writeln!(report, "écriture dans la base (une transaction) {}", ms(t_store));
    let _ = writeln!(report, "import de bout en bout                 {}", ms(t_read + t_store));

    let store = fabrique_store::Store::open(&dir.path().join("base-1.sqlite")).expect("base");
    let (form_id, wave_id) = store.find_wave("2021").expect("wave");
    let questions = store.wave_questions(form_id, wave_id).expect("questions");
    // As `survey stats` and the window count them: read from the base submission by submission.
    let count = |texts: Texts| {
        let mut counting = Counting::new(&questions, false, &[], texts);
        store.read_wave(wave_id, false, &mut counting).expect("wave");
        counting.finish().into_stats()
    };
    let (t_stats, stats) = time(5, || count(Texts::CountOnly));
    let _ = writeln!(
        report,
        "toutes les statistiques, lues de la base ({} questions, {} réponses) {}",
        stats.questions.len(),
        stats.responses,
        ms(t_stats)
    );
    let (t_texts, _) = time(5, || count(Texts::Keep));
    let _ = writeln!(report, "les mêmes avec la copie des textes libres {}\n", ms(t_texts));
}

fn main() {
    let mut import_report = String::new();
    import_half(&mut import_report);
    print!("{import_report}");
    let questions = questions();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let start = Instant::now();
    let subs = submissions(&questions, &mut rng);
    let generated = start.elapsed();
    let refs: Vec<&Submission> = subs.iter().collect();
    let mut report = String::new();
    let _ = writeln!(
        report,
        "Fabrique — enquête de {SUBMISSIONS} réponses × 150 colonnes ({} questions, médiane)\n",
        questions.len()
    );
    let _ = writeln!(report, "génération en mémoire (une fois)       {}", ms(generated));

    let runs = 7;
    let (t, stats) = time(runs, || wave_stats(&questions, &refs));
    let _ = writeln!(report, "wave_stats, toutes les questions       {}", ms(t));
    let (t, charts) = time(runs, || stats.questions.iter().filter_map(question_chart).count());
    let _ = writeln!(report, "question_chart × {:<3} ({charts} graphiques) {}", stats.questions.len(), ms(t));

    let multi = &questions[40];
    let (t, groups) = time(runs, || split(multi, &refs, |s| answer_label(s, "single_0")));
    let _ = writeln!(report, "split (croisement par une question)    {}", ms(t));
    let (t, _) = time(runs, || split_chart(&multi.label, &groups));
    let _ = writeln!(report, "split_chart ({} groupes)                {}", groups.len(), ms(t));

    // Two waves of 5,000 each: one question, then every question.
    let (before, after) = refs.split_at(SUBMISSIONS / 2);
    let wave_a = wave_stats(&questions, before);
    let wave_b = wave_stats(&questions, after);
    let (t, c) = time(runs, || compare(&wave_a.questions[40], &wave_b.questions[40]));
    let _ = writeln!(report, "compare, une question ({} options)      {}", c.options.len(), ms(t));
    let (t, _) =
        time(runs, || wave_a.questions.iter().zip(&wave_b.questions).map(|(a, b)| compare(a, b)).collect::<Vec<_>>());
    let _ = writeln!(report, "compare, les {} questions             {}", questions.len(), ms(t));
    print!("{report}");
}
