//! The command line's own texts in French: clap writes its help and its errors in English
//! (« Usage », « Commands », « Print help », « unexpected argument »). Every command gets a French
//! help template, French help and version flags, and parse errors are reworded from clap's
//! error kind and context, so nothing a user reads is in English.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};

use crate::Cli;

const TEMPLATE: &str = "{before-help}{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// The command line's definition with every text in French.
pub fn french_command() -> clap::Command {
    in_french(Cli::command())
        .disable_version_flag(true)
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("Affiche la version"))
}

fn in_french(command: clap::Command) -> clap::Command {
    command
        .help_template(TEMPLATE)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading("Commandes")
        .subcommand_value_name("COMMANDE")
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("Affiche cette aide"))
        .mut_subcommands(in_french)
}

/// The parsed command line; otherwise the help or version printed, or the error in French on
/// stderr, with the exit status to end with (0 for help, 2 for a malformed command line).
pub fn parse_in_french(args: impl IntoIterator<Item = OsString>) -> Result<Cli, ExitCode> {
    let parsed = french_command().try_get_matches_from(args).and_then(|m| Cli::from_arg_matches(&m));
    parsed.map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            println!("{}", e.render().to_string().trim_end());
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", e.render());
            ExitCode::from(2)
        }
        _ => {
            eprintln!("fabrique-cli : {}", french_error(&e));
            eprintln!("Pour l'aide : fabrique-cli --help (ou fabrique-cli COMMANDE --help).");
            ExitCode::from(2)
        }
    })
}

/// What was wrong with the command line, in French, from clap's error kind and context.
pub fn french_error(e: &clap::Error) -> String {
    let context = |kind: ContextKind| e.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let argument = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    match e.kind() {
        ErrorKind::UnknownArgument => format!("argument inattendu « {argument} »."),
        ErrorKind::InvalidSubcommand => {
            format!("commande inconnue « {} ».", context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("il manque {argument}."),
        ErrorKind::MissingSubcommand => "il manque la commande.".to_string(),
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("valeur « {value} » refusée pour {argument}.")
            } else {
                format!("valeur « {value} » refusée pour {argument} (valeurs possibles : {valid}).")
            }
        }
        ErrorKind::ValueValidation => format!("valeur « {value} » invalide pour {argument}."),
        ErrorKind::ArgumentConflict => {
            format!("{argument} ne peut pas être donné avec {}.", context(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("nombre de valeurs incorrect pour {argument}.")
        }
        ErrorKind::InvalidUtf8 => "un argument n'est pas du texte valide (UTF-8).".to_string(),
        _ => "ligne de commande mal formée.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help_of(path: &[&str]) -> String {
        let mut command = french_command();
        command.build();
        let mut target = &mut command;
        for name in path {
            target = target.find_subcommand_mut(name).expect("subcommand");
        }
        target.render_help().to_string()
    }

    fn all_paths(command: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(prefix.clone());
        for sub in command.get_subcommands() {
            let mut path = prefix.clone();
            path.push(sub.get_name().to_string());
            all_paths(sub, path, out);
        }
    }

    #[test]
    fn every_help_is_in_french_and_every_argument_is_described() {
        let mut command = french_command();
        command.build();
        let mut paths = Vec::new();
        all_paths(&command, Vec::new(), &mut paths);
        assert!(paths.len() > 20, "{paths:?}");
        for path in paths {
            let refs: Vec<&str> = path.iter().map(String::as_str).collect();
            let help = help_of(&refs);
            for english in ["Usage", "Commands", "Print help", "Print version", "<COMMAND>", "<FILE>", "<WAVE>"] {
                assert!(!help.contains(english), "« {english} » in the help of {path:?}:\n{help}");
            }
            assert!(help.contains("Utilisation : "), "{path:?}:\n{help}");
            let mut target = &command;
            for name in &path {
                target = target.find_subcommand(name).unwrap();
            }
            for arg in target.get_arguments() {
                assert!(arg.get_help().is_some(), "{} of {path:?} has no help", arg.get_id());
            }
            for sub in target.get_subcommands() {
                assert!(sub.get_about().is_some(), "{} of {path:?} has no description", sub.get_name());
            }
        }
    }

    fn error_of(args: &[&str]) -> String {
        let args = std::iter::once("fabrique-cli").chain(args.iter().copied());
        let e = french_command().try_get_matches_from(args).expect_err("refused");
        french_error(&e)
    }

    #[test]
    fn errors_are_reworded_in_french() {
        assert_eq!(error_of(&["--nope"]), "argument inattendu « --nope ».");
        assert_eq!(error_of(&["inconnue"]), "commande inconnue « inconnue ».");
        assert!(error_of(&["survey", "stats"]).starts_with("il manque --wave"), "{}", error_of(&["survey", "stats"]));
        assert!(error_of(&["dossier", "pdf", "douze", "--out", "x.pdf"]).contains("« douze »"));
    }
}
