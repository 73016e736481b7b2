//! A synthetic export of any size, shaped like a real one, for benchmarks and tests.

use crate::import::TableRow;

/// The rows of a realistic Framaforms export with `submissions` submissions and `columns` columns
/// (at least the SID): the nine metadata columns when there is room for them and a question,
/// then a cycle of text, single choice, multiple choice with an 'other' column, number, grid and
/// long text. Deterministic. For benchmarks and tests.
pub fn synthetic_export(submissions: usize, columns: usize) -> Vec<TableRow> {
    const META_EN: [&str; 9] = [
        "Serial",
        "SID",
        "Submitted Time",
        "Completed Time",
        "Modified Time",
        "Draft",
        "IP Address",
        "UID",
        "Username",
    ];
    let columns = columns.max(1);
    let meta: Vec<&str> = if columns >= 10 { META_EN.to_vec() } else { vec!["SID"] };
    let mut row1 = vec!["Enquête sur les pratiques numériques (synthétique)".to_string()];
    let mut row2 = vec!["Submission Details".to_string()];
    let mut row3: Vec<String> = meta.iter().map(|m| m.to_string()).collect();
    row2.resize(row3.len(), String::new());

    enum Gen {
        Text,
        Single,
        Multi,
        Number,
        Grid,
        Long,
    }
    let cycle = [Gen::Text, Gen::Single, Gen::Multi, Gen::Number, Gen::Grid, Gen::Long];
    let mut plan: Vec<(Gen, usize)> = Vec::new(); // (generator, first column)
    let mut n = 0;
    while row3.len() < columns {
        let left = columns - row3.len();
        let g = &cycle[n % cycle.len()];
        let question = n + 1;
        let first = row3.len();
        let gen = match g {
            Gen::Multi if left >= 5 => {
                row2.push(format!("Q{question}. Outils utilisés"));
                row2.extend(std::iter::repeat_n(String::new(), 4));
                row3.extend(
                    ["Site internet", "Facebook", "Instagram", "Lettre d'information", "Autre..."].map(String::from),
                );
                Gen::Multi
            }
            Gen::Grid if left >= 3 => {
                row2.push(format!("Q{question}. Niveau d'aisance"));
                row2.extend(["", ""].map(String::from));
                row3.extend(["Traitement de texte", "Tableur", "Réseaux sociaux"].map(String::from));
                Gen::Grid
            }
            Gen::Single => {
                row2.push(String::new());
                row3.push(format!("Q{question}. Type de structure"));
                Gen::Single
            }
            Gen::Number => {
                row2.push(String::new());
                row3.push(format!("Q{question}. Nombre d'ordinateurs"));
                Gen::Number
            }
            Gen::Long => {
                row2.push(String::new());
                row3.push(format!("Q{question}. Vos besoins"));
                Gen::Long
            }
            _ => {
                row2.push(String::new());
                row3.push(format!("Q{question}. Nom de la structure"));
                Gen::Text
            }
        };
        plan.push((gen, first));
        n += 1;
    }
    row1.resize(row3.len(), String::new());

    let mut rows = vec![TableRow::new(1, row1), TableRow::new(2, row2), TableRow::new(3, row3.iter())];
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const LEVELS: [&str; 3] = ["Débutant", "Intermédiaire", "Avancé"];
    for s in 0..submissions {
        let mut cells = vec![String::new(); row3.len()];
        let sid = 1000 + 3 * s as i64;
        for (i, m) in meta.iter().enumerate() {
            cells[i] = match *m {
                "Serial" => (s + 1).to_string(),
                "SID" => sid.to_string(),
                "Submitted Time" | "Completed Time" | "Modified Time" => {
                    format!("{:02}/{:02}/2021 - {:02}:{:02}", 1 + s % 28, 1 + s % 12, 8 + s % 10, s % 60)
                }
                "Draft" => if next() % 20 == 0 { "1" } else { "0" }.to_string(),
                "IP Address" => format!("192.168.{}.{}", s % 250, (s / 250) % 250),
                "UID" => "0".to_string(),
                _ => String::new(),
            };
        }
        for (gen, first) in &plan {
            let r = next();
            match gen {
                Gen::Text => cells[*first] = format!("Centre social n°{s} « {first} »"),
                Gen::Single => cells[*first] = if r % 3 == 0 { "EVS" } else { "Centre social" }.to_string(),
                Gen::Number => cells[*first] = (r % 40).to_string(),
                Gen::Long => {
                    if r % 4 != 0 {
                        cells[*first] = format!("Besoin n°{s} : formation des bénévoles, [script] et matériel ({r})")
                    }
                }
                Gen::Multi => {
                    for o in 0..4 {
                        if (r >> (o * 3)) % 2 == 0 {
                            cells[first + o] = "X".to_string();
                        }
                    }
                    if r % 7 == 0 {
                        cells[first + 4] = format!("Affichage n°{s}");
                    }
                }
                Gen::Grid => {
                    for o in 0..3 {
                        cells[first + o] = LEVELS[((r >> (o * 4)) % 3) as usize].to_string();
                    }
                }
            }
        }
        rows.push(TableRow::new(4 + s, cells));
    }
    rows
}
