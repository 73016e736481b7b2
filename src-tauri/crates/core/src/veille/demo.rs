//! The demo's news watch: three feeds the federation would follow, and items already found in
//! them, some read, tagged and marked « à partager » for the newsletter.

/// A feed followed in the demo, with the items found in it.
pub struct DemoFeed {
    pub url: &'static str,
    pub title: &'static str,
    pub items: Vec<DemoItem>,
}

/// An item found; one with a note is read and marked « à partager ».
pub struct DemoItem {
    pub title: &'static str,
    pub link: &'static str,
    pub summary: &'static str,
    pub tags: &'static [&'static str],
    pub note: Option<&'static str>,
}

const fn item(
    title: &'static str,
    link: &'static str,
    summary: &'static str,
    tags: &'static [&'static str],
    note: Option<&'static str>,
) -> DemoItem {
    DemoItem { title, link, summary, tags, note }
}

pub fn demo_feeds() -> Vec<DemoFeed> {
    vec![
        DemoFeed {
            url: "https://www.cnil.fr/fr/rss.xml",
            title: "CNIL",
            items: vec![
                item(
                    "Associations : quelles données pouvez-vous demander à vos adhérents ?",
                    "https://www.cnil.fr/fr/exemple-associations-donnees-adherents",
                    "La CNIL rappelle ce qu'une association peut demander à l'inscription et combien de temps le garder.",
                    &["RGPD"],
                    Some("À relayer aux centres avant les inscriptions de janvier."),
                ),
                item(
                    "Photos et vidéos : le droit à l'image des participants",
                    "https://www.cnil.fr/fr/exemple-droit-image",
                    "Autorisation, mineurs, retrait : les règles à connaître avant de publier.",
                    &["RGPD", "outils"],
                    None,
                ),
            ],
        },
        DemoFeed {
            url: "https://www.centres-sociaux.fr/feed/",
            title: "Fédération des centres sociaux et socioculturels de France",
            items: vec![
                item(
                    "Les centres sociaux et l'inclusion numérique",
                    "https://www.centres-sociaux.fr/exemple-inclusion-numerique",
                    "Retour sur la rencontre nationale consacrée aux conseillers numériques.",
                    &["numérique", "réseau"],
                    Some("Écho national de notre journée du réseau."),
                ),
                item(
                    "Appel à projets « Jeunesse » 2027",
                    "https://www.centres-sociaux.fr/exemple-appel-jeunesse",
                    "Dépôt des candidatures jusqu'au 31 janvier.",
                    &["financements"],
                    None,
                ),
            ],
        },
        DemoFeed {
            url: "https://www.google.fr/alerts/feeds/exemple/centres-sociaux-gironde",
            title: "Alerte Google : centres sociaux Gironde",
            items: vec![item(
                "Bègles : le centre social ouvre un atelier numérique",
                "https://www.exemple-presse.fr/begles-atelier-numerique",
                "Chaque mercredi, des bénévoles accompagnent les habitants dans leurs démarches en ligne.",
                &["numérique"],
                None,
            )],
        },
    ]
}
