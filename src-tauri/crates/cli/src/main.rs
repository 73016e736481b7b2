//! `fabrique-cli`: Fabrique's directory from the command line, for scripts and tests. The same
//! store and core as the desktop app, no webview. Errors go to stderr in French, exit code 1. A
//! closed pipe (`… | head`) is no error: the command stops writing and finishes its work.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Parser, Subcommand};
use fabrique_api::survey::{Counted, Counting, StatsJson, SurveyImportResult};
use fabrique_api::{DossierRow, StructureRow};
use fabrique_core::dossier::budget::Funder;
use fabrique_core::dossier::DossierHeader;
use fabrique_core::import::{guess_mapping, ImportAction};
use fabrique_core::survey::stats::Texts;
use fabrique_core::survey::StoredQuestion;
use fabrique_store::{files, location, Store};

/// `println!` that survives a closed pipe (`fabrique-cli … | head -1`): a reader that stops
/// reading is no error, and the command finishes its work (an import is still applied). Any
/// other failure to write makes the command fail once its work is done.
macro_rules! out {
    ($($arg:tt)*) => {
        emit(format_args!($($arg)*))
    };
}

#[derive(Parser)]
#[command(
    name = "fabrique-cli",
    version,
    about = "Fabrique en ligne de commande : l'annuaire des centres sociaux et EVS de Gironde"
)]
struct Cli {
    /// Base de données à utiliser (sinon FABRIQUE_DB, sinon le dossier de données de l'utilisateur).
    #[arg(long, global = true, value_name = "FICHIER")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Charge les données de démonstration (49 structures fictives de Gironde).
    Demo,
    /// L'annuaire des structures.
    Structures {
        #[command(subcommand)]
        command: StructuresCommand,
    },
    /// Les personnes enregistrées (RGPD).
    People {
        #[command(subcommand)]
        command: PeopleCommand,
    },
    /// Les dossiers de demande de subvention.
    Dossier {
        #[command(subcommand)]
        command: DossierCommand,
    },
    /// L'enquête sur les pratiques numériques (exports Framaforms).
    Survey {
        #[command(subcommand)]
        command: SurveyCommand,
    },
    /// Le suivi RGPD des centres.
    Rgpd {
        #[command(subcommand)]
        command: RgpdCommand,
    },
    /// Copie la base dans un fichier de sauvegarde.
    Backup { file: PathBuf },
    /// Remplace la base par une sauvegarde (une copie de sécurité est faite avant).
    Restore { file: PathBuf },
}

#[derive(Subcommand)]
enum StructuresCommand {
    /// Liste les structures.
    List {
        /// Sortie JSON (un tableau d'objets).
        #[arg(long)]
        json: bool,
    },
    /// Importe un fichier CSV ou XLSX : tout ou rien.
    Import {
        file: PathBuf,
        /// Montre ce qui serait créé, mis à jour ou refusé, sans rien écrire.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Exporte l'annuaire en .csv ou .xlsx.
    Export { file: PathBuf },
}

#[derive(Subcommand)]
enum PeopleCommand {
    /// Les personnes dont les données n'ont pas été vérifiées depuis trois ans.
    Stale {
        #[arg(long)]
        json: bool,
    },
    /// Exporte en JSON tout ce qui est enregistré sur une personne.
    Export { id: i64 },
    /// Efface une personne partout (seule la trace de l'effacement est gardée) et dit ce qui a été effacé.
    Erase {
        id: i64,
        /// Dit seulement ce qui serait effacé, sans rien effacer.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum DossierCommand {
    /// Liste les dossiers, avec leur complétude.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Crée un dossier à partir d'un modèle (« ailds », « cerfa-12156 »).
    New {
        #[arg(long, value_name = "MODELE")]
        template: String,
        /// Identifiant de la structure qui demande, ou « federation ».
        #[arg(long, value_name = "STRUCTURE_ID")]
        structure: String,
        /// Titre (par défaut : le modèle, la structure et l'année).
        #[arg(long)]
        title: Option<String>,
        /// Année du projet (par défaut : l'année prochaine).
        #[arg(long)]
        year: Option<i32>,
        /// Financeur sollicité (etat, region, departement, commune, caf…).
        #[arg(long, default_value = "departement")]
        funder: String,
        /// Enquête dont le dossier cite les chiffres (numéro donné par `survey forms` ; par défaut,
        /// la première importée).
        #[arg(long, value_name = "FORMULAIRE")]
        form: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Produit le PDF d'un dossier.
    Pdf {
        id: i64,
        #[arg(long, value_name = "FICHIER.pdf")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum SurveyCommand {
    /// Importe un export Framaforms (TSV, CSV, XLS, XLSX) dans une vague : tout ou rien.
    Import {
        file: PathBuf,
        /// Nom de la vague (par exemple 2021).
        #[arg(long)]
        wave: String,
        #[arg(long)]
        json: bool,
    },
    /// Les formulaires importés et leurs vagues (le numéro de chaque formulaire sert à --form).
    Forms {
        #[arg(long)]
        json: bool,
    },
    /// Les chiffres d'une vague (brouillons exclus, sauf --drafts).
    Stats {
        #[arg(long)]
        wave: String,
        /// Formulaire de la vague (par défaut : celui qu'affiche l'application s'il a cette vague,
        /// sinon le plus récent qui l'a).
        #[arg(long, value_name = "FORMULAIRE")]
        form: Option<i64>,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        json: bool,
    },
    /// Le rapport « photographie » d'une vague en PDF.
    Report {
        #[arg(long)]
        wave: String,
        /// Formulaire de la vague (même choix par défaut que pour `stats`).
        #[arg(long, value_name = "FORMULAIRE")]
        form: Option<i64>,
        #[arg(long, value_name = "FICHIER.pdf")]
        out: PathBuf,
        #[arg(long)]
        drafts: bool,
    },
}

#[derive(Subcommand)]
enum RgpdCommand {
    /// L'avancement de chaque structure, au total et par étape.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Évalue un point du référentiel pour une structure.
    Set {
        structure_id: i64,
        item_id: String,
        /// a_faire, en_cours, conforme ou non_applicable.
        status: String,
        /// Note (la raison, pour « non applicable »).
        #[arg(long)]
        note: Option<String>,
        /// Échéance, AAAA-MM-JJ.
        #[arg(long, value_name = "AAAA-MM-JJ")]
        due: Option<String>,
        /// Responsable.
        #[arg(long)]
        owner: Option<String>,
    },
    /// Le rapport d'une structure en PDF.
    Report {
        structure_id: i64,
        #[arg(long, value_name = "FICHIER.pdf")]
        out: PathBuf,
    },
}

// The same allocator as the app (see src-tauri/src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) if OUTPUT_LOST.load(Ordering::Relaxed) => {
            eprintln!(
                "fabrique-cli : le travail est fait, mais son compte rendu n'a pas pu être écrit en entier \
                 (disque plein derrière une redirection ?)."
            );
            ExitCode::FAILURE
        }
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fabrique-cli : {message}");
            ExitCode::FAILURE
        }
    }
}

/// Set when standard output could not be written, for another reason than a closed pipe.
static OUTPUT_LOST: AtomicBool = AtomicBool::new(false);

/// Writes one line of the command's report (see `out!`).
fn emit(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.write_all(b"\n")) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            OUTPUT_LOST.store(true, Ordering::Relaxed);
        }
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn run(cli: Cli) -> Result<(), String> {
    let mut store = Store::open(&location::database_path(cli.db)).map_err(|e| e.to_string())?;
    match cli.command {
        Command::Demo => {
            if !store.is_empty().map_err(|e| e.to_string())? {
                return Err("la base contient déjà des structures : les données de démonstration ne se chargent que dans une base vide (utilisez --db pour en choisir une autre).".into());
            }
            let n = store.load_demo(today()).map_err(|e| e.to_string())?;
            out!("{n} structures de démonstration chargées.");
        }
        Command::Structures { command } => structures(&mut store, command)?,
        Command::People { command } => people(&mut store, command)?,
        Command::Dossier { command } => dossiers(&mut store, command)?,
        Command::Survey { command } => survey(&mut store, command)?,
        Command::Rgpd { command } => rgpd(&mut store, command)?,
        Command::Backup { file } => {
            store.backup_to(&file).map_err(|e| e.to_string())?;
            out!("Sauvegarde écrite : {}", file.display());
        }
        Command::Restore { file } => {
            let outcome = store.restore_from(&file).map_err(|e| e.to_string())?;
            out!("Base restaurée depuis {}", file.display());
            if outcome.erased_again > 0 {
                out!("{} personne(s) effacée(s) après cette sauvegarde l'ont été de nouveau.", outcome.erased_again);
            }
        }
    }
    Ok(())
}

fn structures(store: &mut Store, command: StructuresCommand) -> Result<(), String> {
    match command {
        StructuresCommand::List { json } => {
            let structures = store.list_structures().map_err(|e| e.to_string())?;
            let rows: Vec<StructureRow> = structures.iter().map(StructureRow::from).collect();
            if json {
                out!("{}", to_json(&rows));
            } else {
                for r in &rows {
                    let kind = r.kind.map(|k| k.label()).unwrap_or("?");
                    let member = if r.member { "adhérente" } else { "non adhérente" };
                    out!("{:>5}  {:<50}  {:<22}  {:<24}  {member}", r.id, r.name, kind, r.commune);
                }
                let counts = fabrique_core::search::DirectoryCounts::of(&structures);
                out!("{} structures : {}", counts.total, counts.summary());
            }
        }
        StructuresCommand::Import { file, dry_run, json } => {
            let table = files::read_table(&file).map_err(|e| e.to_string())?;
            let mapping = guess_mapping(&table.headers);
            let plan = store.plan_import(&file, &table, &mapping).map_err(|e| e.to_string())?;
            if json {
                out!("{}", to_json(&plan));
            } else {
                for item in &plan.items {
                    let what = match &item.action {
                        ImportAction::Create => "création".to_string(),
                        ImportAction::Update { existing_name, .. } => format!("mise à jour de « {existing_name} »"),
                        ImportAction::Refuse { reason } => format!("REFUSÉE : {reason}"),
                    };
                    out!("ligne {:>5}  {:<45} {what}", item.line, item.name);
                }
                out!("{} à créer, {} à mettre à jour, {} refusée(s).", plan.created, plan.updated, plan.refused);
            }
            if let Some(summary) = plan.refusal_summary(5) {
                return Err(format!("{} : {summary}", file.display()));
            }
            if dry_run {
                if !json {
                    out!("Simulation (--dry-run) : rien n'a été enregistré.");
                }
            } else {
                let outcome = store.apply_import(&plan).map_err(|e| e.to_string())?;
                if !json {
                    out!("Import terminé : {} créée(s), {} mise(s) à jour.", outcome.created, outcome.updated);
                }
            }
        }
        StructuresCommand::Export { file } => {
            let structures = store.list_structures().map_err(|e| e.to_string())?;
            files::write_structures(&file, &structures).map_err(|e| e.to_string())?;
            out!("{} structures exportées dans {}", structures.len(), file.display());
        }
    }
    Ok(())
}

fn people(store: &mut Store, command: PeopleCommand) -> Result<(), String> {
    match command {
        PeopleCommand::Stale { json } => {
            let stale = store.stale_people(today()).map_err(|e| e.to_string())?;
            if json {
                out!("{}", to_json(&stale));
            } else {
                for p in &stale {
                    let checked =
                        p.last_checked.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|| "jamais".into());
                    out!("{:>5}  {:<30} {:<40} vérifiée : {checked}", p.person_id, p.full_name, p.structure_name);
                }
                out!("{} personne(s) à vérifier.", stale.len());
            }
        }
        PeopleCommand::Export { id } => {
            let data = store.person_export(id).map_err(|e| e.to_string())?;
            out!("{}", to_json(&data));
        }
        PeopleCommand::Erase { id, dry_run } => {
            let report =
                if dry_run { store.erasure_preview(id) } else { store.erase_person(id) }.map_err(|e| e.to_string())?;
            let summary = if dry_run { "Serait effacé" } else { "Effacé" };
            out!("{summary} pour {} (personne {id}) :", report.full_name);
            for line in report.lines() {
                out!("  - {line}");
            }
            if !dry_run {
                out!("Seule la trace de l'effacement est conservée (sa date et la structure).");
            }
        }
    }
    Ok(())
}

fn dossiers(store: &mut Store, command: DossierCommand) -> Result<(), String> {
    let err = |e: fabrique_store::StoreError| e.to_string();
    match command {
        DossierCommand::List { json } => {
            let mut rows = Vec::new();
            for dossier in store.dossiers().map_err(err)? {
                let (dossier, facts, template_title) = store.cited_dossier_bundle(dossier.id, today()).map_err(err)?;
                rows.push(DossierRow::new(&dossier, &facts, &template_title));
            }
            if json {
                out!("{}", to_json(&rows));
            } else {
                for r in &rows {
                    out!("{:>5}  {:<50}  {:<40}  {:>3} %", r.id, r.title, r.applicant, r.completeness);
                }
            }
        }
        DossierCommand::New { template, structure, title, year, funder, form, json } => {
            let structure_id = match structure.trim() {
                "federation" | "fédération" => None,
                id => Some(id.parse::<i64>().map_err(|_| {
                    format!("« {id} » n'est pas un identifiant de structure : donnez un nombre (voir `structures list`) ou « federation ».")
                })?),
            };
            let funder = Funder::from_code(funder.trim()).ok_or_else(|| {
                let known: Vec<_> = Funder::ALL.iter().map(|f| f.as_code()).collect();
                format!("financeur « {funder} » inconnu : choisissez parmi {}.", known.join(", "))
            })?;
            let template = store.template(&template).map_err(err)?;
            let year = year.unwrap_or_else(|| chrono::Datelike::year(&today()) + 1);
            let applicant = match structure_id {
                Some(id) => store.structure_detail(id).map_err(err)?.structure.draft.name,
                None => store.federation().map_err(err)?.name,
            };
            let title = title.unwrap_or_else(|| format!("{} — {applicant} — {year}", template.title));
            if let Some(form_id) = form {
                if !store.survey_forms().map_err(err)?.iter().any(|f| f.id == form_id) {
                    return Err(format!(
                        "aucun formulaire n° {form_id} : choisissez-en un parmi ceux que liste `survey forms`."
                    ));
                }
            }
            let header = DossierHeader { structure_id, title: title.clone(), project: String::new(), year, funder };
            let dossier = store.create_dossier(&template.name, header).map_err(err)?;
            if form.is_some() {
                store.set_dossier_survey_form(dossier.id, form).map_err(err)?;
            }
            let (dossier, facts, template_title) = store.cited_dossier_bundle(dossier.id, today()).map_err(err)?;
            let row = DossierRow::new(&dossier, &facts, &template_title);
            if json {
                out!("{}", to_json(&row));
            } else {
                out!("Dossier n° {} créé : {}", row.id, row.title);
            }
        }
        DossierCommand::Pdf { id, out } => {
            let (dossier, facts, template_title) = store.cited_dossier_bundle(id, today()).map_err(err)?;
            let prepared = fabrique_core::dossier::prepare(&dossier, &facts);
            let logo = store.dossier_logo(id).map_err(err)?;
            let bytes = fabrique_reports::dossier_pdf(&prepared, &template_title, logo).map_err(|e| e.to_string())?;
            files::write_document(&out, &bytes).map_err(err)?;
            out!("PDF écrit : {} ({} Ko)", out.display(), bytes.len().div_ceil(1024));
        }
    }
    Ok(())
}

fn survey(store: &mut Store, command: SurveyCommand) -> Result<(), String> {
    let err = |e: fabrique_store::StoreError| e.to_string();
    match command {
        SurveyCommand::Import { file, wave, json } => {
            let (outcome, form_title) = files::with_survey_export(&file, |export| {
                Ok((store.import_survey(export, &wave)?, export.form_title.clone()))
            })
            .map_err(err)?;
            let result = SurveyImportResult::new(wave.trim(), &form_title, &outcome);
            if json {
                out!("{}", to_json(&result));
            } else {
                out!(
                    "Vague « {} » : {} nouvelle(s) réponse(s), {} mise(s) à jour, {} inchangée(s), dont {} brouillon(s).",
                    result.wave, result.imported, result.updated, result.unchanged, result.drafts
                );
                if !result.dropped_columns.is_empty() {
                    out!("Colonnes non conservées (données personnelles) : {}", result.dropped_columns.join(", "));
                }
            }
        }
        SurveyCommand::Forms { json } => {
            let forms = store.survey_forms().map_err(err)?;
            if json {
                out!("{}", to_json(&forms));
            } else {
                for f in &forms {
                    let waves: Vec<String> =
                        f.waves.iter().map(|w| format!("{} ({} réponse(s))", w.name, w.responses)).collect();
                    let label = if waves.len() > 1 { "vagues" } else { "vague" };
                    out!("{:>5}  {}  — {label} : {}", f.id, f.title, waves.join(", "));
                }
                out!("{} formulaire(s).", forms.len());
            }
        }
        SurveyCommand::Stats { wave, form, drafts, json } => {
            let (form_id, wave_id) = store.find_form_wave(form, &wave).map_err(err)?;
            let questions = store.wave_questions(form_id, wave_id).map_err(err)?;
            let counted = count_wave(store, wave_id, &questions, drafts, Texts::CountOnly)?;
            let stats = StatsJson::new(wave.trim(), &counted.figures());
            if json {
                out!("{}", to_json(&stats));
            } else {
                out!("Vague « {} » : {} réponse(s)", stats.wave, stats.responses);
                for q in &stats.questions {
                    out!("- {} ({} réponse(s))", q.label, q.answered);
                    for o in &q.options {
                        out!("    {:>5}  {}", o.count, o.label);
                    }
                }
            }
        }
        SurveyCommand::Report { wave, form, out, drafts } => {
            let bytes = survey_report(store, form, &wave, drafts)?;
            files::write_document(&out, &bytes).map_err(err)?;
            out!("PDF écrit : {} ({} Ko)", out.display(), bytes.len().div_ceil(1024));
        }
    }
    Ok(())
}

/// What a wave's figures count, read one submission at a time.
fn count_wave(
    store: &Store,
    wave_id: i64,
    questions: &[StoredQuestion],
    drafts: bool,
    texts: Texts,
) -> Result<Counted, String> {
    let mut counting = Counting::new(questions, drafts, &[], texts);
    store.read_wave(wave_id, drafts, &mut counting).map_err(|e| e.to_string())?;
    Ok(counting.finish())
}

fn survey_report(store: &Store, form: Option<i64>, wave: &str, drafts: bool) -> Result<Vec<u8>, String> {
    let err = |e: fabrique_store::StoreError| e.to_string();
    let (form_id, wave_id) = store.find_form_wave(form, wave).map_err(err)?;
    let form =
        store.survey_forms().map_err(err)?.into_iter().find(|f| f.id == form_id).ok_or("formulaire introuvable")?;
    let questions = store.wave_questions(form_id, wave_id).map_err(err)?;
    let themes = store.survey_themes(form_id).map_err(err)?;
    let counted = count_wave(store, wave_id, &questions, drafts, Texts::Keep)?;
    let directory_size = store.list_structures().map_err(err)?.len() as u32;
    // The wave imported just before this one, if any, for the evolution since it.
    let earlier = match fabrique_api::survey::earlier_wave(&form, wave_id) {
        Some(w) => {
            let asked = store.wave_questions(form_id, w.id).map_err(err)?;
            let stats = count_wave(store, w.id, &asked, drafts, Texts::CountOnly)?.into_stats();
            Some((w.name.clone(), stats))
        }
        None => None,
    };
    let document = fabrique_api::survey::report_document(
        &form,
        wave_id,
        &counted.asked,
        &themes,
        &counted,
        directory_size,
        earlier.as_ref().map(|(name, stats)| (name.as_str(), stats)),
        today(),
    );
    fabrique_reports::render(&document).map_err(|e| e.to_string())
}

fn rgpd(store: &mut Store, command: RgpdCommand) -> Result<(), String> {
    use fabrique_core::rgpd::{centre_progress, AssessmentChange, Status};
    let err = |e: fabrique_store::StoreError| e.to_string();
    match command {
        RgpdCommand::Status { json } => {
            let checklist = store.rgpd_checklist().map_err(err)?;
            let assessments = store.rgpd_assessments(None).map_err(err)?;
            let rows: Vec<fabrique_api::rgpd::StatusJson> = store
                .list_structures()
                .map_err(err)?
                .iter()
                .map(|s| {
                    fabrique_api::rgpd::StatusJson::new(s, &centre_progress(&checklist, s.id, &assessments, today()))
                })
                .collect();
            if json {
                out!("{}", to_json(&rows));
            } else {
                for r in &rows {
                    out!("{:>5}  {:<50}  {:>3} %  {} en retard", r.structure_id, r.name, r.progress, r.overdue);
                }
            }
        }
        RgpdCommand::Set { structure_id, item_id, status, note, due, owner } => {
            let status = Status::parse(&status).ok_or_else(|| {
                format!("statut « {status} » inconnu : choisissez a_faire, en_cours, conforme ou non_applicable.")
            })?;
            let due = due
                .map(|d| {
                    chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
                        format!("échéance « {d} » illisible : écrivez-la AAAA-MM-JJ, par exemple 2027-03-31.")
                    })
                })
                .transpose()?;
            let change = AssessmentChange { status, note, owner, due };
            let saved = store.change_rgpd_assessment(structure_id, &item_id, &change, today()).map_err(err)?;
            let checklist = store.rgpd_checklist().map_err(err)?;
            let all = store.rgpd_assessments(Some(structure_id)).map_err(err)?;
            let progress = centre_progress(&checklist, structure_id, &all, today());
            out!(
                "« {} » : {} — avancement de la structure {} %.",
                saved.item_id,
                saved.status.label(),
                progress.progress
            );
        }
        RgpdCommand::Report { structure_id, out } => {
            let bytes = rgpd_report(store, structure_id)?;
            files::write_document(&out, &bytes).map_err(err)?;
            out!("PDF écrit : {} ({} Ko)", out.display(), bytes.len().div_ceil(1024));
        }
    }
    Ok(())
}

fn rgpd_report(store: &Store, structure_id: i64) -> Result<Vec<u8>, String> {
    let err = |e: fabrique_store::StoreError| e.to_string();
    let structure = store.structure_detail(structure_id).map_err(err)?.structure;
    let document = fabrique_reports::rgpd::centre_report(
        &structure.draft.name,
        structure_id,
        &store.rgpd_checklist().map_err(err)?,
        &store.rgpd_assessments(Some(structure_id)).map_err(err)?,
        &store.rgpd_history(structure_id).map_err(err)?,
        today(),
    );
    fabrique_reports::render(&document).map_err(|e| e.to_string())
}
