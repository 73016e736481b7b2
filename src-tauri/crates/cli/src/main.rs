//! `fabrique-cli`: Fabrique from the command line, for scripts and tests. The same use cases as the
//! desktop app, no webview: each command parses its arguments, makes one use-case call and prints.
//! Errors go to stderr in French, with an exit status that tells their kind (see [`exit_status`]).
//! A closed pipe (`… | head`) is no error: the command stops writing and finishes its work.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Parser, Subcommand};

mod usage;
use fabrique_api::{NewDossier, StructureRow};
use fabrique_core::dossier::budget::Funder;
use fabrique_core::import::ImportAction;
use fabrique_core::search::{PeopleText, StructureQuery};
use fabrique_core::ErrorCode;
use fabrique_store::{files, location, Store, StoreError, TeamAddress, TransferReport};
use fabrique_usecases::{activity, directory, dossiers, privacy, rgpd, survey, team, UseCaseError};
use usage::parse_in_french;

/// `println!` that survives a closed pipe (`fabrique-cli … | head -1`): a reader that stops
/// reading is no error, and the command finishes its work (an import is still applied). Any
/// other failure to write makes the command fail once its work is done.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::emit(format_args!($($arg)*))
    };
}

#[derive(Parser)]
#[command(
    name = "fabrique-cli",
    version,
    about = "Fabrique en ligne de commande : l'annuaire des centres sociaux et EVS de Gironde",
    after_help = "Codes de sortie : 0 réussite ; 1 autre erreur ; 2 ligne de commande mal formée ; \
                  3 argument ou fiche refusés (introuvable, valeur invalide) ; 4 fichier refusé ; \
                  5 base occupée par une autre fenêtre ou commande (réessayez) ; \
                  6 système (disque plein, droits, fichier) ; 7 base inutilisable par cette version ou abîmée ; \
                  8 base d'équipe : serveur injoignable, identifiants ou droit refusés."
)]
struct Cli {
    /// Base de données à utiliser : un fichier, ou l'adresse d'une base d'équipe
    /// (postgresql://utilisateur@serveur:5432/base) ; sinon FABRIQUE_DB, sinon le dossier de
    /// données de l'utilisateur.
    #[arg(long, global = true, value_name = "FICHIER|ADRESSE")]
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
    /// Les données personnelles (RGPD) : personnes à vérifier, export, effacement (« people » aussi).
    #[command(alias = "people")]
    Privacy {
        #[command(subcommand)]
        command: PrivacyCommand,
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
    /// Le calendrier de communication : publications, validation, export.
    Publications {
        #[command(subcommand)]
        command: publications::PublicationsCommand,
    },
    /// La veille : flux suivis, articles trouvés, liens ajoutés à la main.
    Veille {
        #[command(subcommand)]
        command: veille::VeilleCommand,
    },
    /// Les partenaires de la fédération.
    Partners {
        #[command(subcommand)]
        command: partners::PartnersCommand,
    },
    /// Les rencontres avec les partenaires et les structures, et leurs comptes rendus.
    Meetings {
        #[command(subcommand)]
        command: partners::MeetingsCommand,
    },
    /// La lettre mensuelle du réseau, en HTML ou en PDF.
    Lettre {
        #[command(subcommand)]
        command: lettre::LettreCommand,
    },
    /// Copie la base dans un fichier de sauvegarde.
    Backup {
        /// Le fichier de sauvegarde à écrire.
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Remplace la base par une sauvegarde (une copie de sécurité est faite avant).
    Restore {
        /// La sauvegarde à remettre en place.
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Les derniers changements de la base et leurs auteurs (cotations RGPD, versions de dossier, visites, effacements, imports).
    Activity {
        /// Combien de changements, les plus récents d'abord.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Affiche le fichier de la base utilisée, sans l'ouvrir ni le créer.
    Base,
    /// La base d'équipe sur PostgreSQL (avec --db postgresql://…) : préparer, remplir, copier.
    Team {
        #[command(subcommand)]
        command: TeamCommand,
    },
}

#[derive(Subcommand)]
enum TeamCommand {
    /// Prépare une base PostgreSQL vide : les tables et les rôles (réservé au service informatique).
    Init,
    /// Met le schéma d'une base d'équipe à la version de ce Fabrique (réservé au service informatique).
    Upgrade,
    /// Met toute une base locale (fichier) dans la base d'équipe, qui doit être vide.
    Publish {
        /// La base locale à publier.
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Écrit toute la base d'équipe dans un nouveau fichier local (archive, travail ailleurs).
    Copy {
        /// Le fichier à créer (il ne doit pas exister).
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Remplace toute la base d'équipe par une sauvegarde, après en avoir écrit une copie à côté de
    /// la sauvegarde ; les effacements faits depuis la sauvegarde sont refaits (réservé au service
    /// informatique).
    Restore {
        /// La sauvegarde (une base locale, d'une version de Fabrique égale ou plus ancienne).
        #[arg(value_name = "SAUVEGARDE")]
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum StructuresCommand {
    /// Liste les structures.
    List {
        /// Écrit le résultat en JSON (pour un script ou un tableur).
        #[arg(long)]
        json: bool,
    },
    /// Importe un fichier CSV ou XLSX : tout ou rien.
    Import {
        /// Le fichier à importer.
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Montre ce qui serait créé, mis à jour ou refusé, sans rien écrire.
        #[arg(long)]
        dry_run: bool,
        /// Écrit le résultat en JSON (pour un script ou un tableur).
        #[arg(long)]
        json: bool,
    },
    /// Exporte l'annuaire en .csv ou .xlsx.
    Export {
        /// Le fichier à écrire (.csv ou .xlsx selon son extension).
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum PrivacyCommand {
    /// Les personnes dont les données n'ont pas été vérifiées depuis trois ans.
    Stale {
        /// Écrit le résultat en JSON (pour un script ou un tableur).
        #[arg(long)]
        json: bool,
    },
    /// Exporte en JSON tout ce qui est enregistré sur une personne.
    Export {
        /// Le numéro de la personne (donné par `privacy stale`).
        #[arg(value_name = "ID")]
        id: i64,
    },
    /// Efface une personne partout (seule la trace de l'effacement est gardée) et dit ce qui a été effacé.
    Erase {
        /// Le numéro de la personne (donné par `privacy stale`).
        #[arg(value_name = "ID")]
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
        /// Écrit le résultat en JSON (pour un script ou un tableur).
        #[arg(long)]
        json: bool,
    },
    /// Crée un dossier à partir d'un modèle (« ailds », « cerfa-12156 »).
    New {
        /// Le modèle : « ailds » (appel à projets du Département) ou « cerfa-12156 ».
        #[arg(long, value_name = "MODELE")]
        template: String,
        /// Identifiant de la structure qui demande, ou « federation ».
        #[arg(long, value_name = "STRUCTURE_ID")]
        structure: String,
        /// Titre (par défaut : le modèle, la structure et l'année).
        #[arg(long, value_name = "TITRE")]
        title: Option<String>,
        /// Année du projet (par défaut : l'année prochaine).
        #[arg(long, value_name = "ANNEE")]
        year: Option<i32>,
        /// Financeur sollicité (etat, region, departement, commune, caf…).
        #[arg(long, default_value = "departement", value_name = "FINANCEUR")]
        funder: String,
        /// Enquête dont le dossier cite les chiffres (numéro donné par `survey forms` ; par défaut,
        /// la première importée).
        #[arg(long, value_name = "FORMULAIRE")]
        form: Option<i64>,
        /// Écrit le résultat en JSON (pour un script ou un tableur).
        #[arg(long)]
        json: bool,
    },
    /// Fait avancer un dossier : envoye, accorde (avec --amount), refuse (avec --reason), sans-suite.
    Status {
        /// Le numéro du dossier (donné par `dossier list`).
        #[arg(value_name = "ID")]
        id: i64,
        /// envoye, accorde, refuse, sans-suite, preparation.
        #[arg(value_name = "STATUT")]
        status: String,
        /// Le montant accordé, en euros (ex. 18000,00).
        #[arg(long, value_name = "MONTANT")]
        amount: Option<String>,
        /// Le jour de l'envoi ou de la décision (AAAA-MM-JJ ; par défaut aujourd'hui).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: Option<String>,
        /// La raison d'un refus.
        #[arg(long, value_name = "RAISON")]
        reason: Option<String>,
        /// Les conditions d'un accord.
        #[arg(long, value_name = "CONDITIONS")]
        conditions: Option<String>,
        /// Écrit le résultat en JSON.
        #[arg(long)]
        json: bool,
    },
    /// Les totaux d'une année par financeur : demandé, accordé, reçu.
    Totals {
        /// L'année des projets.
        #[arg(long, value_name = "ANNEE")]
        year: i32,
        /// Écrit le résultat en JSON.
        #[arg(long)]
        json: bool,
        /// Écrit aussi les totaux dans ce classeur Excel.
        #[arg(long, value_name = "FICHIER.xlsx")]
        xlsx: Option<PathBuf>,
    },
    /// Produit le PDF d'un dossier.
    Pdf {
        /// Le numéro du dossier (donné par `dossier list`).
        #[arg(value_name = "ID")]
        id: i64,
        /// Le fichier PDF à écrire.
        #[arg(long, value_name = "FICHIER.pdf")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum SurveyCommand {
    /// Importe un export Framaforms (TSV, CSV, XLS, XLSX) dans une vague : tout ou rien.
    Import {
        /// Le fichier à importer.
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Nom de la vague (par exemple 2021).
        #[arg(long, value_name = "VAGUE")]
        wave: String,
        /// Écrit le résultat en JSON (pour un script ou un tableur).
        #[arg(long)]
        json: bool,
    },
    /// Les formulaires importés et leurs vagues (le numéro de chaque formulaire sert à --form).
    Forms {
        /// Écrit le résultat en JSON (pour un script ou un tableur).
        #[arg(long)]
        json: bool,
    },
    /// Les chiffres d'une vague (brouillons exclus, sauf --drafts).
    Stats {
        /// La vague (par exemple 2021).
        #[arg(long, value_name = "VAGUE")]
        wave: String,
        /// Formulaire de la vague (par défaut : celui qu'affiche l'application s'il a cette vague,
        /// sinon le plus récent qui l'a).
        #[arg(long, value_name = "FORMULAIRE")]
        form: Option<i64>,
        /// Compte aussi les brouillons (réponses commencées mais jamais envoyées).
        #[arg(long)]
        drafts: bool,
        /// Écrit le résultat en JSON (pour un script ou un tableur).
        #[arg(long)]
        json: bool,
    },
    /// Le rapport « photographie » d'une vague en PDF.
    Report {
        /// La vague (par exemple 2021).
        #[arg(long, value_name = "VAGUE")]
        wave: String,
        /// Formulaire de la vague (même choix par défaut que pour `stats`).
        #[arg(long, value_name = "FORMULAIRE")]
        form: Option<i64>,
        /// Le fichier PDF à écrire.
        #[arg(long, value_name = "FICHIER.pdf")]
        out: PathBuf,
        /// Compte aussi les brouillons (réponses commencées mais jamais envoyées).
        #[arg(long)]
        drafts: bool,
    },
}

#[derive(Subcommand)]
enum RgpdCommand {
    /// L'avancement de chaque structure, au total et par étape.
    Status {
        /// Écrit le résultat en JSON (pour un script ou un tableur).
        #[arg(long)]
        json: bool,
    },
    /// Évalue un point du référentiel pour une structure.
    Set {
        /// Le numéro de la structure (donné par `structures list`).
        #[arg(value_name = "STRUCTURE")]
        structure_id: i64,
        /// Le point du référentiel (son identifiant, par exemple securite-sauvegardes).
        #[arg(value_name = "POINT")]
        item_id: String,
        /// a_faire, en_cours, conforme ou non_applicable.
        #[arg(value_name = "STATUT")]
        status: String,
        /// Note (la raison, pour « non applicable »).
        #[arg(long, value_name = "NOTE")]
        note: Option<String>,
        /// Échéance, AAAA-MM-JJ.
        #[arg(long, value_name = "AAAA-MM-JJ")]
        due: Option<String>,
        /// Responsable.
        #[arg(long, value_name = "RESPONSABLE")]
        owner: Option<String>,
    },
    /// Le rapport d'une structure en PDF.
    Report {
        /// Le numéro de la structure (donné par `structures list`).
        #[arg(value_name = "STRUCTURE")]
        structure_id: i64,
        /// Le fichier PDF à écrire.
        #[arg(long, value_name = "FICHIER.pdf")]
        out: PathBuf,
    },
    /// La synthèse de la fédération en PDF : chaque centre étape par étape, et les actions en retard.
    Summary {
        /// Le fichier PDF à écrire.
        #[arg(long, value_name = "FICHIER.pdf")]
        out: PathBuf,
    },
}

// The same allocator as the app (see src-tauri/src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match parse_in_french(std::env::args_os()) {
        Ok(cli) => cli,
        Err(shown) => return shown,
    };
    match run(cli) {
        Ok(()) if OUTPUT_LOST.load(Ordering::Relaxed) => {
            eprintln!(
                "fabrique-cli : le travail est fait, mais son compte rendu n'a pas pu être écrit en entier \
                 (disque plein derrière une redirection ?)."
            );
            ExitCode::from(exit_status(ErrorCode::Io))
        }
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("fabrique-cli : {}", failure.message);
            ExitCode::from(exit_status(failure.code))
        }
    }
}

mod dossier_life;
mod lettre;
mod partners;
mod publications;
mod veille;

/// A failed command: the French message for stderr and the stable code its exit status comes from.
struct Failure {
    code: ErrorCode,
    message: String,
}

impl Failure {
    /// An argument the command cannot use; the message says what to give instead.
    fn argument(message: String) -> Self {
        Failure { code: ErrorCode::InvalidField, message }
    }
}

impl From<UseCaseError> for Failure {
    fn from(e: UseCaseError) -> Self {
        Failure { code: e.code(), message: e.to_string() }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure { code: e.code(), message: e.to_string() }
    }
}

/// The exit status of a failure, by kind, so a script can tell what to do without reading French:
/// 1 anything else, 2 the command line itself (clap), 3 an argument or a record refused, 4 a file
/// refused, 5 the base busy (try again), 6 the system (disk full, rights, a file), 7 the base
/// unusable by this version or damaged, 8 the team base's server out of reach or refusing.
fn exit_status(code: ErrorCode) -> u8 {
    use ErrorCode::*;
    match code {
        InvalidField | InvalidLink | NotFound | NotEmpty | DraftTooLarge | NotOnTeamBaseYet | Conflict => 3,
        FileUnreadable | UnsupportedFormat | MissingColumn | ImportRefused => 4,
        Busy => 5,
        DiskFull | ReadOnly | Io => 6,
        NewerSchema | OlderSchema | NotAFabriqueDatabase | MigrationFailed | DamagedData | Database | DatabaseOpen => 7,
        ServerUnreachable | AuthenticationFailed | PermissionDenied | KeychainUnavailable => 8,
        OpenFailed | Pdf | Internal => 1,
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

pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn run(cli: Cli) -> Result<(), Failure> {
    let path = location::database_path(cli.db);
    let team_address = path.to_str().filter(|text| TeamAddress::is_team_address(text));
    match (cli.command, team_address) {
        (Command::Base, Some(address)) => {
            out!("{}", TeamAddress::parse(address)?);
            Ok(())
        }
        (Command::Base, None) => {
            out!("{}", path.display());
            Ok(())
        }
        (Command::Team { command }, Some(address)) => team(address, command),
        (Command::Team { .. }, None) => Err(Failure::argument(format!(
            "les commandes team travaillent sur une base d'équipe, et « {} » est un fichier : \
             donnez son adresse avec --db postgresql://utilisateur@serveur:5432/base (ou FABRIQUE_DB).",
            path.display()
        ))),
        (command, Some(address)) => on_base(Store::open_team(&TeamAddress::parse(address)?)?, command),
        (command, None) => on_base(Store::open(&path)?, command),
    }
}

/// Runs a command on an open base, a local file or a team base: the operations not yet written
/// for the team base answer so in French.
fn on_base(mut store: Store, command: Command) -> Result<(), Failure> {
    match command {
        Command::Demo => {
            let n = directory::load_demo(&mut store, today())?;
            out!("{n} structures de démonstration chargées.");
        }
        Command::Structures { command } => structures(&mut store, command)?,
        Command::Privacy { command } => privacy(&mut store, command)?,
        Command::Dossier { command } => dossiers(&mut store, command)?,
        Command::Survey { command } => survey(&mut store, command)?,
        Command::Rgpd { command } => rgpd(&mut store, command)?,
        Command::Publications { command } => publications::run(&mut store, command)?,
        Command::Veille { command } => veille::run(&mut store, command)?,
        Command::Lettre { command } => lettre::run(&mut store, command)?,
        Command::Partners { command } => partners::run_partners(&mut store, command)?,
        Command::Meetings { command } => partners::run_meetings(&mut store, command)?,
        Command::Activity { limit, json } => {
            let entries = activity::latest(&store, limit)?;
            if json {
                out!("{}", to_json(&entries));
            } else {
                for e in &entries {
                    let author = if e.author.is_empty() { "(auteur inconnu)" } else { e.author.as_str() };
                    let structure = e.structure_name.as_deref().map(|n| format!("{n} · ")).unwrap_or_default();
                    out!("{}  {author:<20}  {structure}{}", e.at, e.summary);
                }
            }
        }
        Command::Backup { file } => {
            store.backup_to(&file)?;
            out!("Sauvegarde écrite : {}", file.display());
        }
        Command::Base | Command::Team { .. } => unreachable!("answered before the base is opened"),
        Command::Restore { file } => {
            let outcome = store.restore_from(&file)?;
            out!("Base restaurée depuis {}", file.display());
            if outcome.erased_again > 0 {
                out!("{} personne(s) effacée(s) après cette sauvegarde l'ont été de nouveau.", outcome.erased_again);
            }
        }
    }
    Ok(())
}

fn team(address: &str, command: TeamCommand) -> Result<(), Failure> {
    let shown = TeamAddress::parse(address)?;
    match command {
        TeamCommand::Init => {
            let version = team::init(address)?;
            out!("Base d'équipe {shown} préparée (schéma {version}) : tables et rôles fabrique_lecture, fabrique_delegation, fabrique_administration.");
            out!("Ajoutez les comptes des personnes de l'équipe (voir le README, « Pour le service informatique »).");
        }
        TeamCommand::Upgrade => {
            let (from, to) = team::upgrade(address)?;
            if from == to {
                out!("La base d'équipe {shown} est déjà au schéma {to}.");
            } else {
                out!("Base d'équipe {shown} mise à jour du schéma {from} au schéma {to}.");
            }
        }
        TeamCommand::Publish { file } => {
            let report = team::publish(address, &file)?;
            out!("Base locale {} publiée dans {shown} : {} lignes.", file.display(), report.total());
            print_rows(&report);
        }
        TeamCommand::Copy { file } => {
            let report = team::copy(address, &file)?;
            out!("Base d'équipe {shown} copiée dans {} : {} lignes.", file.display(), report.total());
            print_rows(&report);
        }
        TeamCommand::Restore { file } => {
            let restored = team::restore(address, &file)?;
            out!("Base d'équipe {shown} restaurée depuis {}.", file.display());
            if let Some(kept) = &restored.kept {
                out!("La base remplacée est gardée dans {}.", kept.display());
            }
            if restored.erased_again > 0 {
                out!("Personnes effacées depuis cette sauvegarde, effacées de nouveau : {}.", restored.erased_again);
            }
        }
    }
    Ok(())
}

fn print_rows(report: &TransferReport) {
    for (table, rows) in &report.rows {
        out!("{rows:>9}  {table}");
    }
}

fn structures(store: &mut Store, command: StructuresCommand) -> Result<(), Failure> {
    match command {
        StructuresCommand::List { json } => {
            let structures = store.list_structures()?;
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
            let plan = directory::plan_import(store, &file, None)?.plan;
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
            directory::refuse_if_any_line_is(&plan, &file)?;
            if dry_run {
                if !json {
                    out!("Simulation (--dry-run) : rien n'a été enregistré.");
                }
            } else {
                let outcome = store.apply_import(&plan)?;
                if !json {
                    out!("Import terminé : {} créée(s), {} mise(s) à jour.", outcome.created, outcome.updated);
                }
            }
        }
        StructuresCommand::Export { file } => {
            let structures = store.list_structures()?;
            let n = directory::export(&structures, &PeopleText::new(), &StructureQuery::default(), &file, today())?;
            out!("{n} structures exportées dans {}", file.display());
        }
    }
    Ok(())
}

fn privacy(store: &mut Store, command: PrivacyCommand) -> Result<(), Failure> {
    match command {
        PrivacyCommand::Stale { json } => {
            let stale = privacy::stale_people(store, today())?;
            if json {
                out!("{}", to_json(&stale));
            } else {
                for p in &stale {
                    let checked =
                        p.last_checked.map(fabrique_core::french::short_date).unwrap_or_else(|| "jamais".into());
                    out!("{:>5}  {:<30} {:<40} vérifiée : {checked}", p.person_id, p.full_name, p.organisation_name);
                }
                out!("{} personne(s) à vérifier.", stale.len());
            }
        }
        PrivacyCommand::Export { id } => {
            out!("{}", to_json(&privacy::export_person(store, id)?));
        }
        PrivacyCommand::Erase { id, dry_run } => {
            let report = if dry_run { privacy::erasure_preview(store, id) } else { privacy::erase_person(store, id) }?;
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

fn dossiers(store: &mut Store, command: DossierCommand) -> Result<(), Failure> {
    match command {
        DossierCommand::List { json } => {
            let rows = dossiers::rows(store, today())?;
            if json {
                out!("{}", to_json(&rows));
            } else {
                for r in &rows {
                    out!("{:>5}  {:<50}  {:<40}  {:>3} %", r.id, r.title, r.applicant, r.completeness);
                }
            }
        }
        DossierCommand::New { template, structure, title, year, funder, form, json } => {
            let applicant = match structure.trim() {
                "federation" | "fédération" => None,
                id => Some(id.parse::<i64>().map_err(|_| {
                    Failure::argument(format!("« {id} » n'est pas un identifiant de structure : donnez un nombre (voir `structures list`) ou « federation »."))
                })?),
            };
            let funder = Funder::from_code(funder.trim()).ok_or_else(|| {
                let known: Vec<_> = Funder::ALL.iter().map(|f| f.as_code()).collect();
                Failure::argument(format!("financeur « {funder} » inconnu : choisissez parmi {}.", known.join(", ")))
            })?;
            let mut header = dossiers::new_header(store, &template, applicant, year, funder, today())?;
            if let Some(title) = title {
                header.title = title;
            }
            let new = NewDossier { template, header, survey_form_id: form };
            let id = dossiers::create(store, new)?;
            let row = dossiers::row(store, id, today())?;
            if json {
                out!("{}", to_json(&row));
            } else {
                out!("Dossier n° {} créé : {}", row.id, row.title);
            }
        }
        DossierCommand::Status { id, status, amount, date, reason, conditions, json } => {
            dossier_life::status(store, id, &status, amount, date, reason, conditions, json)?
        }
        DossierCommand::Totals { year, json, xlsx } => dossier_life::totals(store, year, json, xlsx)?,
        DossierCommand::Pdf { id, out } => {
            let bytes = dossiers::pdf(store, id, today())?;
            write_pdf(&out, &bytes)?;
        }
    }
    Ok(())
}

pub(crate) fn write_pdf(out: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    files::write_document(out, bytes)?;
    out!("PDF écrit : {} ({} Ko)", out.display(), bytes.len().div_ceil(1024));
    Ok(())
}

fn survey(store: &mut Store, command: SurveyCommand) -> Result<(), Failure> {
    match command {
        SurveyCommand::Import { file, wave, json } => {
            let result = survey::import(store, &file, &wave)?;
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
            let forms = store.survey_forms()?;
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
            let (form_id, wave_id) = survey::find_wave(store, form, &wave)?;
            let stats = survey::stats(store, form_id, wave_id, drafts)?;
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
            let (form_id, wave_id) = survey::find_wave(store, form, &wave)?;
            let bytes = survey::report_pdf(store, form_id, wave_id, drafts, today())?;
            write_pdf(&out, &bytes)?;
        }
    }
    Ok(())
}

fn rgpd(store: &mut Store, command: RgpdCommand) -> Result<(), Failure> {
    use fabrique_core::rgpd::{AssessmentChange, Status};
    match command {
        RgpdCommand::Status { json } => {
            let rows = rgpd::status(store, today())?;
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
                Failure::argument(format!(
                    "statut « {status} » inconnu : choisissez a_faire, en_cours, conforme ou non_applicable."
                ))
            })?;
            let due = due
                .map(|d| {
                    chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
                        Failure::argument(format!(
                            "échéance « {d} » illisible : écrivez-la AAAA-MM-JJ, par exemple 2027-03-31."
                        ))
                    })
                })
                .transpose()?;
            let change = AssessmentChange { status, note, owner, due };
            let (saved, progress) = rgpd::change(store, structure_id, &item_id, &change, today())?;
            out!(
                "« {} » : {} — avancement de la structure {} %.",
                saved.item_id,
                saved.status.label(),
                progress.progress
            );
        }
        RgpdCommand::Report { structure_id, out } => {
            let bytes = rgpd::centre_report_pdf(store, structure_id, today())?;
            write_pdf(&out, &bytes)?;
        }
        RgpdCommand::Summary { out } => {
            let bytes = rgpd::federation_summary_pdf(store, today())?;
            write_pdf(&out, &bytes)?;
        }
    }
    Ok(())
}
