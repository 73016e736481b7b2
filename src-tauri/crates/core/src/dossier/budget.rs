//! The project budget of a subsidy dossier, on the chart of accounts the Cerfa n°12156*06 uses.
//!
//! Money is held in integer cents: a budget must balance to the cent, and binary floating point
//! cannot hold 0,10 € exactly. Amounts are read and printed the French way by [`crate::french`].

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
pub use crate::french::{format_amount, format_permille, parse_amount, MAX_AMOUNT_CENTS};

/// Which side of the budget table an account sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AccountSide {
    Charge,
    Product,
    /// 86: the uses of voluntary contributions in kind.
    InKindUse,
    /// 87: the voluntary contributions in kind themselves.
    InKindContribution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Account {
    pub code: &'static str,
    pub label: &'static str,
    pub side: AccountSide,
}

const fn account(code: &'static str, label: &'static str, side: AccountSide) -> Account {
    Account { code, label, side }
}

/// The accounts of the form's budget table, in the order it prints them.
pub const ACCOUNTS: [Account; 19] = [
    account("60", "Achats", AccountSide::Charge),
    account("61", "Services extérieurs", AccountSide::Charge),
    account("62", "Autres services extérieurs", AccountSide::Charge),
    account("63", "Impôts et taxes", AccountSide::Charge),
    account("64", "Charges de personnel", AccountSide::Charge),
    account("65", "Autres charges de gestion courante", AccountSide::Charge),
    account("66", "Charges financières", AccountSide::Charge),
    account("67", "Charges exceptionnelles", AccountSide::Charge),
    account("68", "Dotation aux amortissements", AccountSide::Charge),
    account("70", "Ventes de produits finis, prestations de services", AccountSide::Product),
    account("73", "Dotations et produits de tarification", AccountSide::Product),
    account("74", "Subventions d'exploitation", AccountSide::Product),
    account("75", "Autres produits de gestion courante (cotisations, dons)", AccountSide::Product),
    account("76", "Produits financiers", AccountSide::Product),
    account("77", "Produits exceptionnels", AccountSide::Product),
    account("78", "Reprises sur amortissements et provisions", AccountSide::Product),
    account("79", "Ressources propres affectées au projet", AccountSide::Product),
    account("86", "Emplois des contributions volontaires en nature", AccountSide::InKindUse),
    account("87", "Contributions volontaires en nature", AccountSide::InKindContribution),
];

pub fn account_for(code: &str) -> Option<&'static Account> {
    ACCOUNTS.iter().find(|a| a.code == code)
}

/// The co-funders a subsidy (account 74) can come from, as the form lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Funder {
    Etat,
    Region,
    Departement,
    Intercommunalite,
    Commune,
    Caf,
    Europe,
    Asp,
    AutrePublic,
    Prive,
}

impl Funder {
    pub const ALL: [Funder; 10] = [
        Funder::Etat,
        Funder::Region,
        Funder::Departement,
        Funder::Intercommunalite,
        Funder::Commune,
        Funder::Caf,
        Funder::Europe,
        Funder::Asp,
        Funder::AutrePublic,
        Funder::Prive,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Funder::Etat => "État",
            Funder::Region => "Région Nouvelle-Aquitaine",
            Funder::Departement => "Département de la Gironde",
            Funder::Intercommunalite => "Intercommunalité",
            Funder::Commune => "Commune",
            Funder::Caf => "CAF de la Gironde",
            Funder::Europe => "Fonds européens",
            Funder::Asp => "ASP (emplois aidés)",
            Funder::AutrePublic => "Autres établissements publics",
            Funder::Prive => "Aides privées",
        }
    }

    pub fn as_code(self) -> &'static str {
        match self {
            Funder::Etat => "etat",
            Funder::Region => "region",
            Funder::Departement => "departement",
            Funder::Intercommunalite => "intercommunalite",
            Funder::Commune => "commune",
            Funder::Caf => "caf",
            Funder::Europe => "europe",
            Funder::Asp => "asp",
            Funder::AutrePublic => "autre_public",
            Funder::Prive => "prive",
        }
    }

    pub fn from_code(code: &str) -> Option<Funder> {
        Funder::ALL.into_iter().find(|f| f.as_code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BudgetLine {
    /// Two-digit account of [`ACCOUNTS`].
    pub account: String,
    pub label: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount_cents: i64,
    /// Who pays, for a subsidy (account 74).
    pub funder: Option<Funder>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Budget {
    pub lines: Vec<BudgetLine>,
}

impl Budget {
    /// Checks every line, naming it (1-based) in the message.
    pub fn validate(&self) -> Result<()> {
        for (index, line) in self.lines.iter().enumerate() {
            let n = index + 1;
            let Some(account) = account_for(&line.account) else {
                return Err(CoreError::invalid(
                    "budget",
                    format!(
                        "ligne {n} : le compte « {} » n'existe pas ; choisissez un compte de 60 à 87.",
                        line.account
                    ),
                ));
            };
            if !(0..=MAX_AMOUNT_CENTS).contains(&line.amount_cents) {
                return Err(CoreError::invalid(
                    "budget",
                    format!("ligne {n} : le montant doit être positif et inférieur à un milliard d'euros."),
                ));
            }
            if line.funder.is_some() && account.code != "74" {
                return Err(CoreError::invalid(
                    "budget",
                    format!("ligne {n} : seul le compte 74 (subventions) indique un financeur."),
                ));
            }
        }
        Ok(())
    }

    pub fn summarize(&self, requested_from: Funder) -> BudgetSummary {
        let mut summary = BudgetSummary::default();
        for line in &self.lines {
            let Some(account) = account_for(&line.account) else { continue };
            let amount = line.amount_cents.clamp(0, MAX_AMOUNT_CENTS);
            match account.side {
                AccountSide::Charge => summary.charges_cents += amount,
                AccountSide::Product => summary.products_cents += amount,
                AccountSide::InKindUse => summary.in_kind_uses_cents += amount,
                AccountSide::InKindContribution => summary.in_kind_contributions_cents += amount,
            }
            match summary.by_account.iter_mut().find(|t| t.account == account.code) {
                Some(total) => total.total_cents += amount,
                None => summary.by_account.push(AccountTotal {
                    account: account.code.to_string(),
                    label: account.label.to_string(),
                    total_cents: amount,
                }),
            }
            if let Some(funder) = line.funder {
                match summary.by_funder.iter_mut().find(|t| t.funder == funder) {
                    Some(total) => total.total_cents += amount,
                    None => summary.by_funder.push(FunderTotal { funder, total_cents: amount }),
                }
                if funder == requested_from {
                    summary.requested_cents += amount;
                }
            }
        }
        summary.by_account.sort_by_key(|t| ACCOUNTS.iter().position(|a| a.code == t.account));
        summary.by_funder.sort_by_key(|t| t.funder);
        summary.balanced = summary.charges_cents == summary.products_cents;
        summary.in_kind_balanced = summary.in_kind_uses_cents == summary.in_kind_contributions_cents;
        summary.requested_share_permille =
            (summary.charges_cents > 0).then(|| div_round(summary.requested_cents * 1000, summary.charges_cents));
        summary
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AccountTotal {
    pub account: String,
    pub label: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FunderTotal {
    pub funder: Funder,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_cents: i64,
}

/// Totals and balance checks, computed, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BudgetSummary {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub charges_cents: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub products_cents: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub in_kind_uses_cents: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub in_kind_contributions_cents: i64,
    pub by_account: Vec<AccountTotal>,
    pub by_funder: Vec<FunderTotal>,
    /// What the dossier asks of the funder it is addressed to.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub requested_cents: i64,
    /// The requested amount over the project's charges, in thousandths (385 = 38,5 %).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub requested_share_permille: Option<i64>,
    /// Charges = products.
    pub balanced: bool,
    /// 86 = 87.
    pub in_kind_balanced: bool,
}

impl BudgetSummary {
    pub fn requested_share_label(&self) -> Option<String> {
        self.requested_share_permille.map(format_permille)
    }
}

/// Rounds half away from zero, for non-negative operands.
fn div_round(numerator: i64, denominator: i64) -> i64 {
    (numerator + denominator / 2) / denominator
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(account: &str, cents: i64, funder: Option<Funder>) -> BudgetLine {
        BudgetLine { account: account.into(), label: String::new(), amount_cents: cents, funder }
    }

    #[test]
    fn amounts_parse_from_french_and_english_notation_without_floats() {
        for (text, cents) in [
            ("12000", 1_200_000),
            ("1 234,5", 123_450),
            ("1\u{202f}234,56 €", 123_456),
            ("0,10", 10),
            ("0.1", 10),
            (",5", 50),
            ("", 0),
            ("1000000000", MAX_AMOUNT_CENTS),
        ] {
            assert_eq!(parse_amount(text).unwrap(), cents, "{text}");
        }
        for bad in ["12,345", "1,2,3", "douze", "-5", "1e3", ",", "1000000000,01", "999999999999"] {
            assert!(parse_amount(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn amounts_print_with_narrow_spaces_and_two_decimals() {
        assert_eq!(format_amount(1_234_567), "12\u{202f}345,67\u{a0}€");
        assert_eq!(format_amount(5), "0,05\u{a0}€");
        assert_eq!(format_amount(100_000_000), "1\u{202f}000\u{202f}000,00\u{a0}€");
        assert_eq!(format_permille(385), "38,5\u{a0}%");
        assert_eq!(format_permille(400), "40,0\u{a0}%");
    }

    #[test]
    fn totals_balance_and_the_requested_share() {
        let budget = Budget {
            lines: vec![
                line("60", 300_000, None),
                line("64", 700_000, None),
                line("74", 400_000, Some(Funder::Departement)),
                line("74", 250_000, Some(Funder::Caf)),
                line("74", 100_000, Some(Funder::Departement)),
                line("75", 250_000, None),
                line("86", 50_000, None),
                line("87", 50_000, None),
            ],
        };
        budget.validate().unwrap();
        let s = budget.summarize(Funder::Departement);
        assert_eq!((s.charges_cents, s.products_cents), (1_000_000, 1_000_000));
        assert!(s.balanced && s.in_kind_balanced);
        assert_eq!(s.requested_cents, 500_000);
        assert_eq!(s.requested_share_permille, Some(500));
        assert_eq!(
            s.by_account.iter().map(|t| t.account.as_str()).collect::<Vec<_>>(),
            ["60", "64", "74", "75", "86", "87"]
        );
        assert_eq!(s.by_funder[0], FunderTotal { funder: Funder::Departement, total_cents: 500_000 });

        let mut unbalanced = budget.clone();
        unbalanced.lines.push(line("61", 1, None));
        unbalanced.lines.push(line("87", 10, None));
        let s = unbalanced.summarize(Funder::Departement);
        assert!(!s.balanced && !s.in_kind_balanced);
        assert_eq!(s.requested_share_permille, Some(500), "5 000 € over 10 000,01 € rounds to 50,0 %");
        assert_eq!(Budget::default().summarize(Funder::Etat).requested_share_permille, None);
    }

    #[test]
    fn invalid_lines_are_named() {
        let err = Budget { lines: vec![line("60", 1, None), line("99", 1, None)] }.validate().unwrap_err();
        assert!(err.to_string().contains("ligne 2"), "{err}");
        let err = Budget { lines: vec![line("60", 1, Some(Funder::Caf))] }.validate().unwrap_err();
        assert!(err.to_string().contains("compte 74"), "{err}");
        assert!(Budget { lines: vec![line("60", -1, None)] }.validate().is_err());
    }
}
