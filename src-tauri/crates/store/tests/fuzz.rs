//! Mutation fuzzing of the three readers of outside files (the survey's, the directory's and the
//! template reader) on stable Rust, for a bounded time with a fixed seed, from the project's own
//! files: bit flips, insertions, truncations, huge cells, many columns, bad encodings, and zip and
//! XML bombs. Every file must be read or refused with a French message naming it, without a
//! panic, within 5 s and 300 MB.
//!
//! `FABRIQUE_FUZZ_SECONDS` sets the time (60 s by default); `FABRIQUE_FUZZ_SEED` another seed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fabrique_store::files::{read_survey_export, read_table, read_template, write_structures};
use fabrique_store::Store;

mod common;

/// Counts the bytes allocated now and at most since the last reset, to bound each reading.
struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MAX_BYTES: usize = 300 * 1024 * 1024;
const MAX_TIME: Duration = Duration::from_secs(5);

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Reader {
    Survey,
    Directory,
    Template,
}

struct Seed {
    reader: Reader,
    extension: &'static str,
    bytes: Vec<u8>,
}

fn seeds(dir: &Path) -> Vec<Seed> {
    let mut seeds = Vec::new();
    let framaforms = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/framaforms");
    for entry in std::fs::read_dir(&framaforms).unwrap() {
        let path = entry.unwrap().path();
        let extension = match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => "csv",
            Some("tsv") => "tsv",
            Some("xlsx") => "xlsx",
            Some("xls") => "xls",
            _ => continue,
        };
        seeds.push(Seed { reader: Reader::Survey, extension, bytes: std::fs::read(&path).unwrap() });
    }
    // The directory as the app itself exports it.
    let mut store = Store::open_in_memory().unwrap();
    store.load_demo(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();
    let structures = store.list_structures().unwrap();
    for extension in ["csv", "xlsx"] {
        let path = dir.join(format!("annuaire.{extension}"));
        write_structures(&path, &structures).unwrap();
        seeds.push(Seed { reader: Reader::Directory, extension, bytes: std::fs::read(&path).unwrap() });
    }
    for template in fabrique_core::dossier::template::shipped_templates() {
        let bytes = fabrique_core::dossier::template::to_file(&template);
        seeds.push(Seed { reader: Reader::Template, extension: "json", bytes });
    }
    seeds
}

/// One mutation of `bytes`, chosen at random, and its name for the report.
fn mutate(rng: &mut Rng, seed: &Seed) -> (Vec<u8>, &'static str) {
    let mut bytes = seed.bytes.clone();
    let at = rng.below(bytes.len() + 1);
    let kind = rng.below(11);
    let name = match kind {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(bytes.len());
                if let Some(b) = bytes.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
            "bits inversés"
        }
        1 => {
            let junk: Vec<u8> = (0..1 + rng.below(64)).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, junk);
            "octets insérés"
        }
        2 => {
            bytes.truncate(at);
            "tronqué"
        }
        3 => {
            let cell = vec![b'A'; 1 + rng.below(8 << 20)];
            bytes.splice(at..at, cell);
            "cellule énorme"
        }
        4 => {
            let separator = [b',', b';', b'\t', b'|'][rng.below(4)];
            bytes.splice(at..at, std::iter::repeat_n(separator, 1 + rng.below(100_000)));
            "colonnes par milliers"
        }
        5 => {
            let bad: &[u8] = [&b"\xff"[..], b"\xc3", b"\xe2\x82", b"\x00", b"\x1b[2J", b"\xef\xbf\xbd"][rng.below(6)];
            bytes.splice(at..at, bad.iter().copied());
            "encodage abîmé"
        }
        6 => {
            bytes.splice(0..0, [&b"\xff\xfe"[..], b"\xfe\xff", b"\xef\xbb\xbf"][rng.below(3)].iter().copied());
            "BOM trompeur"
        }
        7 => {
            let quotes = vec![b'"'; 1 + rng.below(10_000)];
            bytes.splice(at..at, quotes);
            "guillemets"
        }
        8 => {
            let lines = b"\n".repeat(1 + rng.below(200_000));
            bytes.splice(at..at, lines);
            "lignes vides"
        }
        9 => {
            bytes = zip_bomb(rng);
            "bombe zip"
        }
        _ => {
            bytes = common::xml_bomb(rng.below(2) == 0);
            "bombe XML"
        }
    };
    (bytes, name)
}

/// A workbook whose sheet unpacks to far more than it weighs.
fn zip_bomb(rng: &mut Rng) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let block = vec![b'<'; 1 << 20];
    for _ in 0..2 + rng.below(400) {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn read(reader: Reader, path: &Path) -> Result<(), String> {
    match reader {
        Reader::Survey => read_survey_export(path).map(drop),
        Reader::Directory => read_table(path).map(drop),
        Reader::Template => read_template(path).map(drop),
    }
    .map_err(|e| e.to_string())
}

/// English words a library's message would show, never a French one of ours.
const ENGLISH: &[&str] = &["error", "Error", "invalid", "Invalid", "expected", "unexpected", "failed", "found"];

#[test]
fn every_mutated_file_is_read_or_refused_in_french_within_bounds() {
    let seconds: u64 = std::env::var("FABRIQUE_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = std::env::var("FABRIQUE_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0xfab_2026);
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds(dir.path());
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut failures: Vec<String> = Vec::new();
    let (mut cases, mut refused) = (0usize, 0usize);
    while Instant::now() < deadline && failures.len() < 10 {
        let index = rng.below(seeds.len());
        let seed = &seeds[index];
        let (bytes, mutation) = mutate(&mut rng, seed);
        // A zip or XML bomb is a workbook: the readers that open workbooks get it.
        let extension = if matches!(mutation, "bombe zip" | "bombe XML") { "xlsx" } else { seed.extension };
        let reader =
            if extension == "xlsx" && seed.reader == Reader::Template { Reader::Directory } else { seed.reader };
        let path: PathBuf = dir.path().join(format!("essai n°{cases}.{extension}"));
        std::fs::write(&path, &bytes).unwrap();
        drop(bytes);
        let case = format!("cas {cases} ({mutation}, {reader:?}, graine {index})");

        let before = NOW.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| read(reader, &path));
        let (elapsed, peak) = (started.elapsed(), PEAK.load(Ordering::Relaxed) - before);
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        match outcome {
            Err(_) => failures.push(format!("{case} : panique")),
            Ok(Err(message)) => {
                refused += 1;
                if !message.contains(&file_name) {
                    failures.push(format!("{case} : le message ne nomme pas le fichier : {message}"));
                }
                if let Some(word) = ENGLISH.iter().find(|w| message.contains(*w)) {
                    failures.push(format!("{case} : « {word} » dans le message : {message}"));
                }
            }
            Ok(Ok(())) => {}
        }
        if elapsed > MAX_TIME {
            failures.push(format!("{case} : {elapsed:?}"));
        }
        if peak > MAX_BYTES {
            failures.push(format!("{case} : {} Mo alloués", peak >> 20));
        }
        let _ = std::fs::remove_file(&path);
        cases += 1;
    }
    eprintln!("{cases} fichiers essayés en {seconds} s, {refused} refusés");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases > 50, "only {cases} cases in {seconds} s");
}
