//! The command line killed (`kill -9`) at random moments of its longest writes: a survey import, a
//! directory import, the demo load, a restore and an erasure. After each kill the base opens, is
//! intact (`PRAGMA integrity_check`), holds the whole change or none of it, and never shows a person
//! erased earlier.
//!
//! Each operation is first run once to the end to measure how long it takes on this machine; the
//! kills then fall at moments drawn (with a fixed seed) across that time, start-up included.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fabrique_tests::{cli, count, spawn_cli, sqlite};

/// Kills per operation: 7 × 5 operations.
const KILLS: usize = 7;

/// A small deterministic generator (a fixed seed makes a failure reproducible).
struct Moments(u64);

impl Moments {
    /// A moment between 0 and 1.2 × `span`.
    fn next(&mut self, span: Duration) -> Duration {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let fraction = (self.0 >> 11) as f64 / (1u64 << 53) as f64;
        span.mul_f64(1.2 * fraction)
    }
}

fn scalar(db: &Path, sql: &str) -> i64 {
    sqlite(db, sql).trim().parse().unwrap_or_else(|_| panic!("not a number for {sql}"))
}

/// Runs `args` on a copy of `base` and kills it after `after`; returns the copy, opened once by
/// the command line (which recovers its journal) and checked intact.
fn killed_copy(base: &Path, into: &Path, args: &[&str], after: Duration) -> PathBuf {
    let db = into.to_path_buf();
    start_from(base, &db);
    let mut child = spawn_cli(&db, args);
    std::thread::sleep(after);
    let _ = child.kill();
    let _ = child.wait();
    count(&db);
    assert_eq!(sqlite(&db, "PRAGMA integrity_check").trim(), "ok", "{args:?} killed after {after:?}");
    db
}

/// `db` made a copy of `base` (or removed, when there is no `base`), journals included.
fn start_from(base: &Path, db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    if base.exists() {
        std::fs::copy(base, db).unwrap();
    }
}

/// How long `args` takes on a copy of `base`, run to the end.
fn duration_of(base: &Path, into: &Path, args: &[&str]) -> Duration {
    start_from(base, into);
    let started = Instant::now();
    cli(into, args).success();
    started.elapsed()
}

/// A Framaforms export (the fixture's first response repeated) with `rows` responses.
fn large_survey(path: &Path, rows: usize) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../src-tauri/crates/store/tests/fixtures/framaforms/export-fr-labels.csv");
    let text = std::fs::read_to_string(fixture).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (headers, first) = (&lines[..3], lines[3]);
    let rest = first.splitn(3, ',').nth(2).unwrap();
    let mut out = headers.join("\n");
    for i in 0..rows {
        out.push_str(&format!("\n\"{}\",\"{}\",{rest}", i + 1, 90_000 + i));
    }
    out.push('\n');
    std::fs::write(path, out).unwrap();
}

#[test]
fn finding_4_and_5_killed_at_random_moments_every_write_is_whole_or_absent_and_no_erased_person_returns() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let mut moments = Moments(0x5eed_fab1);
    let victim = work.join("victime.sqlite");

    // The base every operation starts from: the demo, with one person to erase.
    let demo = work.join("demo.sqlite");
    cli(&demo, &["demo"]).success();
    let stale = cli(&demo, &["people", "stale", "--json"]).success().json();
    let person = stale[0]["person_id"].as_i64().unwrap().to_string();
    let full_name = stale[0]["full_name"].as_str().unwrap().to_string();
    let structure = stale[0]["structure_id"].as_i64().unwrap().to_string();
    // Named as the owner of an RGPD point, and in its note and history: what an erasure must reach.
    let note = format!("Voir avec {full_name}");
    cli(&demo, &["rgpd", "set", &structure, "gouv-referent", "en_cours", "--owner", &full_name, "--note", &note])
        .success();
    let last_name = full_name.rsplit(' ').next().unwrap().replace('\'', "''");
    let mentions = |db: &Path| {
        scalar(
            db,
            &format!(
                "SELECT (SELECT count(*) FROM rgpd_assessments WHERE owner LIKE '%{last_name}%' OR note LIKE '%{last_name}%') \
                 + (SELECT count(*) FROM rgpd_history WHERE after LIKE '%{last_name}%' OR before LIKE '%{last_name}%')"
            ),
        )
    };
    assert!(mentions(&demo) > 0, "{full_name} is named in the base: the erasure has text to redact");
    let structures = scalar(&demo, "SELECT count(*) FROM structures");
    let submissions = scalar(&demo, "SELECT count(*) FROM survey_submissions");

    // Survey import: all the responses or none.
    let survey = work.join("enquete.csv");
    large_survey(&survey, 3000);
    let args = ["survey", "import", survey.to_str().unwrap(), "--wave", "2026"];
    let span = duration_of(&demo, &victim, &args);
    for _ in 0..KILLS {
        let after = moments.next(span);
        let db = killed_copy(&demo, &victim, &args, after);
        let found = scalar(&db, "SELECT count(*) FROM survey_submissions");
        assert!([submissions, submissions + 3000].contains(&found), "{found} responses after a kill at {after:?}");
    }

    // Directory import: every structure or none.
    let csv = work.join("annuaire.csv");
    let mut rows = String::from("Nom;Type;Commune\n");
    for i in 0..2000 {
        rows.push_str(&format!("Centre social n° {i};CS;Pessac\n"));
    }
    std::fs::write(&csv, rows).unwrap();
    let args = ["structures", "import", csv.to_str().unwrap()];
    let span = duration_of(&demo, &victim, &args);
    for _ in 0..KILLS {
        let after = moments.next(span);
        let db = killed_copy(&demo, &victim, &args, after);
        let found = scalar(&db, "SELECT count(*) FROM structures");
        assert!([structures, structures + 2000].contains(&found), "{found} structures after a kill at {after:?}");
    }

    // The demo load, into a new base: empty or whole, and it loads again after.
    let nothing = work.join("absente.sqlite");
    let span = duration_of(&nothing, &victim, &["demo"]);
    for _ in 0..KILLS {
        let after = moments.next(span);
        let db = killed_copy(&nothing, &victim, &["demo"], after);
        let found =
            (scalar(&db, "SELECT count(*) FROM structures"), scalar(&db, "SELECT count(*) FROM rgpd_assessments"));
        assert!([(0, 0), (49, 419)].contains(&found), "{found:?} after a kill at {after:?}");
        if found.0 == 0 {
            cli(&db, &["demo"]).success();
        }
    }

    // Erasure: the person and every mention, or nothing at all.
    let args = ["people", "erase", &person];
    let span = duration_of(&demo, &victim, &args);
    for _ in 0..KILLS {
        let after = moments.next(span);
        let db = killed_copy(&demo, &victim, &args, after);
        let present = scalar(&db, &format!("SELECT count(*) FROM people WHERE id = {person}"));
        let traces = scalar(&db, "SELECT count(*) FROM erasures");
        match present {
            1 => assert_eq!((traces, mentions(&db)), (0, mentions(&demo)), "untouched after a kill at {after:?}"),
            _ => assert_eq!((traces, mentions(&db)), (1, 0), "erased everywhere after a kill at {after:?}"),
        }
    }

    // Restore of a backup made before the erasure, with a structure added since: the person never
    // comes back, and the base is the one before or the one restored.
    let backup = work.join("sauvegarde.fabrique");
    cli(&demo, &["backup", backup.to_str().unwrap()]).success();
    let erased = work.join("effacee.sqlite");
    std::fs::copy(&demo, &erased).unwrap();
    cli(&erased, &["people", "erase", &person]).success();
    let extra = work.join("une.csv");
    std::fs::write(&extra, "Nom;Type;Commune\nEVS d'après la sauvegarde;EVS;Cenon\n").unwrap();
    cli(&erased, &["structures", "import", extra.to_str().unwrap()]).success();
    let args = ["restore", backup.to_str().unwrap()];
    let span = duration_of(&erased, &victim, &args);
    for _ in 0..KILLS {
        let after = moments.next(span);
        let db = killed_copy(&erased, &victim, &args, after);
        let present = scalar(&db, &format!("SELECT count(*) FROM people WHERE id = {person}"));
        assert_eq!((present, mentions(&db)), (0, 0), "the erased person is back after a kill at {after:?}");
        assert_eq!(scalar(&db, "SELECT count(*) FROM erasures"), 1, "the trace is kept after a kill at {after:?}");
        let found = scalar(&db, "SELECT count(*) FROM structures");
        assert!([structures, structures + 1].contains(&found), "{found} structures after a kill at {after:?}");
    }
}
