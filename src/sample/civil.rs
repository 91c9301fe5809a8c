//! Templates for violence against civilians, looting, protests, arrests, local agreements
//! and border deployments.

use super::armed::jihadist;
use super::event::{
    Ctx, Fat, Parts, cap, claim, claim_with_figure, fatalities, fatality_sentence, in_order, pick,
    strings, where_,
};
use super::tables::{
    DOGON_COUNTRY, civilians, civilians_of, claimant, forces, group_of, protesters, short,
};

fn actors(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    list.iter().map(|(a, r)| (a.to_string(), *r)).collect()
}

pub fn vac(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let (c, th) = (t.country.as_str(), ctx.theatre);
    let mut opts = vec![("jihadist", 5.0), ("unidentified", 1.0)];
    if th == "mopti" && DOGON_COUNTRY.contains(&t.slug.as_str()) {
        opts.push(("dan-na", 3.0));
    }
    if th == "segou" || th == "mopti" {
        opts.push(("dozo", 1.5));
    }
    if c != "Mali" {
        opts.retain(|(k, _)| *k != "unidentified");
    }
    let kind = pick(ctx.rng, &opts);
    let victim = civilians_of(c);
    let a = match kind {
        "jihadist" => jihadist(ctx),
        "dan-na" => "actor:dan-na-ambassagou",
        "dozo" => "actor:dozo",
        _ => "actor:unidentified-mali",
    };
    let mut targets = vec![
        "villagers returning from the fields",
        "a weekly market",
        "herders and their cattle",
        "a passenger bus",
        "a group of traders",
        "a pastoralist camp",
        "displaced people at a site on the edge of town",
        "a wedding party",
    ];
    if th == "west_mali" {
        targets.extend([
            "transporters on the main road",
            "truck drivers at a rest stop",
            "gold miners at an artisanal site",
        ]);
    }
    let tgt = ctx.rng.pick(&targets);
    let fat = fatalities(ctx.rng, "vac");
    let mut sent = vec![format!(
        "{} {} attacked {tgt} in and around {}.",
        ctx.lead,
        short(a),
        where_(t)
    )];
    let k = ctx.rng.randint(1, 2);
    let extra = strings(&[
        "The assailants set fire to granaries and took livestock.",
        "Residents fled toward the town centre.",
        "The attack is believed to be a reprisal for the community's alleged collaboration with the army.",
        "Several people were wounded and taken to the health centre.",
        "Survivors said the attackers accused the victims of informing on them.",
    ]);
    sent.extend(in_order(ctx.rng, &extra, k));
    sent.push(fatality_sentence(fat));
    Parts {
        event_type: "Violence against civilians",
        sub: "Attack",
        actors: actors(&[(a, "attacker"), (victim, "target")]),
        fat,
        claims: Vec::new(),
        sentences: sent,
        summary: format!("{} attacked {tgt} near {}.", cap(short(a)), t.name),
        tags: vec!["civilian-targeting"],
    }
}

pub fn vac_state(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let c = t.country.as_str();
    let state = forces(c);
    let mut acts = actors(&[(state, "attacker")]);
    let who: String = if c == "Mali" && ctx.rng.random() < 0.6 {
        acts.push(("actor:africa-corps".to_string(), "attacker"));
        "FAMa soldiers and Africa Corps personnel".to_string()
    } else if c == "Burkina Faso" && ctx.rng.random() < 0.5 {
        acts = actors(&[("actor:vdp", "attacker"), (state, "attacker")]);
        "VDP members and Burkinabe soldiers".to_string()
    } else {
        short(state).to_string()
    };
    acts.push((civilians_of(c).to_string(), "target"));
    let mut fat = fatalities(ctx.rng, "vac");
    if fat.best == Some(0) {
        fat = Fat::best(ctx.rng.randint(1, 6));
    }
    let mut sent = vec![format!(
        "{} {who} reportedly killed civilians during a search operation in {}.",
        ctx.lead,
        where_(t)
    )];
    sent.push(
        ctx.rng
            .pick(&[
                "Residents said the victims were detained at the market and later found dead outside the village.",
                "Relatives said the men were accused of supplying militants.",
                "Several shops were looted and motorcycles confiscated.",
            ])
            .to_string(),
    );
    let mut claims = Vec::new();
    if ctx.rng.random() < 0.45 {
        let j = jihadist(ctx);
        let n = fat.best_or_high().unwrap_or(3) + ctx.rng.randint(2, 15);
        let src = ctx.claims_report.as_str();
        claims = vec![
            claim(
                state,
                "said the operation targeted terrorists and denied killing civilians".to_string(),
                src,
            ),
            claim_with_figure(
                claimant(j),
                format!("accused the army of killing {n} civilians"),
                n,
                "civilians killed",
                src,
            ),
        ];
        sent.push(format!(
            "The army denied that civilians were killed; {} accused it of killing {n}.",
            group_of(j)
        ));
    }
    sent.push(fatality_sentence(fat));
    Parts {
        event_type: "Violence against civilians",
        sub: "Attack",
        actors: acts,
        fat,
        claims,
        sentences: sent,
        summary: format!(
            "{} reportedly killed civilians during a search operation in {}.",
            cap(&who),
            t.name
        ),
        tags: vec!["civilian-targeting", "state-forces-abuse-alleged"],
    }
}

pub fn abduct(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let (c, th) = (t.country.as_str(), ctx.theatre);
    let mut opts = vec![("jihadist", 6.0), ("unidentified", 2.5)];
    if c != "Mali" {
        opts.retain(|(k, _)| *k != "unidentified");
    }
    let a = if pick(ctx.rng, &opts) == "jihadist" {
        jihadist(ctx)
    } else {
        "actor:unidentified-mali"
    };
    let n = ctx.rng.randint(2, 9);
    let mut whos = vec![
        "the village chief".to_string(),
        format!("{n} traders travelling to the weekly market"),
        "a local councillor".to_string(),
        "the imam of the village mosque".to_string(),
        format!("{n} passengers from a bus"),
        "two health workers".to_string(),
        "a schoolteacher".to_string(),
        format!("{n} herders"),
    ];
    if th == "west_mali" {
        whos.extend([
            format!("{n} truck drivers on the road to Bamako"),
            "a customs officer".to_string(),
            format!("{n} gold miners"),
            "a transport company manager".to_string(),
        ]);
    }
    let who = ctx.rng.pick(&whos);
    let fat = fatalities(ctx.rng, "abduct");
    let mut sent = vec![format!(
        "{} {} abducted {who} near {}.",
        ctx.lead,
        short(a),
        where_(t)
    )];
    sent.push(
        ctx.rng
            .pick(&[
                "Their whereabouts were unknown at the time of reporting.",
                "Relatives said a ransom was demanded.",
                "Some of those taken were released two days later.",
                "The abductors left on motorcycles toward the bush.",
            ])
            .to_string(),
    );
    match fat.best {
        Some(1) => sent.push("One person who resisted was shot dead.".to_string()),
        Some(n) if n != 0 => sent.push("Two people who resisted were shot dead.".to_string()),
        _ => {}
    }
    sent.push(fatality_sentence(fat));
    Parts {
        event_type: "Violence against civilians",
        sub: "Abduction/forced disappearance",
        actors: actors(&[(a, "attacker"), (civilians_of(c), "target")]),
        fat,
        claims: Vec::new(),
        sentences: sent,
        summary: format!("{} abducted {who} near {}.", cap(short(a)), t.name),
        tags: vec!["abduction"],
    }
}

pub fn loot(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let (c, th) = (t.country.as_str(), ctx.theatre);
    let j = jihadist(ctx);
    let n = ctx.rng.randint(2, 14);
    let after_trucks = [
        "The drivers were released unharmed.",
        "The road was closed to traffic for several days afterwards.",
        "Transporters suspended traffic on the road the next day.",
    ];
    let (options, tags): (Vec<(String, &[&str])>, Vec<&'static str>) = if th == "west_mali" {
        (
            vec![
                (
                    format!("intercepted {n} fuel tankers heading to Bamako and set them on fire"),
                    &after_trucks,
                ),
                (
                    format!("stopped {n} trucks coming from Senegal and burned them"),
                    &after_trucks,
                ),
                (
                    format!("burned {n} trucks carrying goods on the road from Kayes"),
                    &after_trucks,
                ),
                (
                    "destroyed a telecommunications mast".to_string(),
                    &["Phone networks in the area were cut for several days."],
                ),
                (
                    "looted a customs post and set it on fire".to_string(),
                    &["The customs officers had left the post the day before."],
                ),
            ],
            vec!["blockade", "road-insecurity"],
        )
    } else {
        (
            vec![
                (
                    format!("stole about {} head of cattle", n * 10),
                    &["Herders said it was the third such raid this season."],
                ),
                (
                    "looted shops and burned the market stalls".to_string(),
                    &["The weekly market was suspended afterwards."],
                ),
                (
                    "destroyed a bridge on the main road".to_string(),
                    &["The town has since been reachable only by dirt tracks."],
                ),
                (
                    "burned a school and the town hall".to_string(),
                    &["Teachers had already left the area because of threats."],
                ),
                (
                    format!("set fire to {n} trucks on the main road"),
                    &after_trucks,
                ),
            ],
            vec!["property-destruction"],
        )
    };
    let (what, follow) = ctx.rng.pick(&options);
    let mut sent = vec![
        format!("{} {} {what} near {}.", ctx.lead, short(j), where_(t)),
        ctx.rng.pick(follow).to_string(),
    ];
    if ctx.rng.random() < 0.4 {
        sent.push("The militants have imposed a blockade on the area.".to_string());
    }
    sent.push("No fatalities were reported.".to_string());
    Parts {
        event_type: "Strategic developments",
        sub: "Looting/property destruction",
        actors: actors(&[
            (j, "attacker"),
            (civilians(c).unwrap_or(forces(c)), "target"),
        ]),
        fat: Fat::best(0),
        claims: Vec::new(),
        sentences: sent,
        summary: format!("{} {what} near {}.", cap(short(j)), t.name),
        tags,
    }
}

pub fn protest(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let (c, th) = (t.country.as_str(), ctx.theatre);
    let p = protesters(c);
    let mut grievances: &[&str] = match c {
        "Mali" => &[
            "insecurity on the roads around the town",
            "fuel shortages caused by the militants' blockade",
            "the abduction of local traders",
            "long power cuts",
            "in support of the transitional authorities",
        ],
        "Burkina Faso" => &[
            "in support of the transitional authorities",
            "insecurity and the blockade of the town",
        ],
        "Niger" => &[
            "in support of the military government",
            "insecurity in the Tillaberi region",
        ],
        "Mauritania" => &[
            "the killing of Mauritanian herders on the Malian side of the border",
            "the lack of services for refugees and host communities",
        ],
        "Senegal" => &[
            "insecurity along the border with Mali",
            "the closure of the border crossing to trucks",
        ],
        other => panic!("no grievances for {other}"),
    };
    if th == "west_mali" {
        grievances = &[
            "fuel shortages caused by the militants' blockade",
            "attacks on trucks on the roads to Senegal and Mauritania",
            "the abduction of local traders",
        ];
    }
    let mut g = *ctx.rng.choice(grievances);
    let mut verb = "demonstrated against";
    if let Some(rest) = g.strip_prefix("in support of ") {
        g = rest;
        verb = "rallied in support of";
    }
    let follow = ctx.rng.pick(&[
        "The gathering was peaceful.",
        "Protesters marched to the prefecture and handed over a petition.",
        "Shops closed for the morning.",
        "Local officials met a delegation of protesters.",
    ]);
    let mut sent = vec![
        format!("{} residents of {} {verb} {g}.", ctx.lead, where_(t)),
        follow.to_string(),
        "No fatalities were reported.".to_string(),
    ];
    let mut acts = actors(&[(p, "associated")]);
    if c == "Mali" && t.slug == "bamako" && ctx.rng.random() < 0.3 {
        acts.push(("actor:police-mali".to_string(), "responder"));
        sent[1] = "Police dispersed the crowd without violence.".to_string();
    }
    Parts {
        event_type: "Protests",
        sub: "Peaceful protest",
        actors: acts,
        fat: Fat::best(0),
        claims: Vec::new(),
        sentences: sent,
        summary: format!("Residents of {} {verb} {g}.", t.name),
        tags: vec!["protest"],
    }
}

pub fn arrests(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let state = if ctx.rng.random() < 0.5 {
        "actor:fama"
    } else {
        "actor:police-mali"
    };
    let n = ctx.rng.randint(2, 12);
    let what = ctx.rng.pick(&[
        format!("arrested {n} people suspected of supplying fuel to militants"),
        format!("arrested {n} suspected members of a JNIM cell"),
        "arrested a local official accused of links with armed groups".to_string(),
    ]);
    let by = if state == "actor:police-mali" {
        "security forces"
    } else {
        "FAMa soldiers"
    };
    let handed = if t.slug == "bamako" {
        "The suspects were handed over to the specialised anti-terrorism judicial unit."
    } else {
        "The suspects were transferred to Bamako."
    };
    let follow = ctx.rng.pick(&[
        handed,
        "Weapons and motorcycles were seized.",
        "Relatives said they were not told where the detainees were taken.",
    ]);
    Parts {
        event_type: "Strategic developments",
        sub: "Arrests",
        actors: actors(&[(state, "attacker"), ("actor:civilians-mali", "target")]),
        fat: Fat::best(0),
        claims: Vec::new(),
        sentences: vec![
            format!("{} {by} {what} in {}.", ctx.lead, where_(t)),
            follow.to_string(),
            "No fatalities were reported.".to_string(),
        ],
        summary: format!("Security forces {what} in {}.", t.name),
        tags: vec!["arrests"],
    }
}

pub fn agreement(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let j = jihadist(ctx);
    Parts {
        event_type: "Strategic developments",
        sub: "Agreement",
        actors: actors(&[(j, "associated"), ("actor:civilians-mali", "associated")]),
        fat: Fat::best(0),
        claims: Vec::new(),
        sentences: vec![
            format!(
                "{} community leaders in {} reached a local agreement with {}, allowing farmers back \
                 to their fields in exchange for paying zakat.",
                ctx.lead,
                where_(t),
                short(j)
            ),
            "The army was not party to the agreement.".to_string(),
            "No fatalities were reported.".to_string(),
        ],
        summary: format!(
            "Local agreement between community leaders in {} and {}.",
            t.name,
            short(j)
        ),
        tags: vec!["local-agreement"],
    }
}

pub fn deploy(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let c = t.country.as_str();
    let state = forces(c);
    let mut whats = if c == "Senegal" {
        vec![
            "stepped up patrols and checks at the border crossing",
            "deployed additional troops to the border area",
        ]
    } else {
        vec![
            "deployed additional troops along the border with Mali",
            "stepped up patrols near the border after incidents on the Malian side",
            "set up new checkpoints on the roads to the Malian border",
        ]
    };
    if c == "Senegal" && t.slug == "kidira" {
        whats.push("reinforced its positions on the Faleme river bridge with armoured vehicles");
    }
    let what = ctx.rng.pick(&whats);
    let mut follow = vec![
        "Residents reported heavier checks on travellers.",
        "Officials said the measures were precautionary.",
    ];
    if !ctx.after_attack && !what.contains("after incidents") {
        follow.push("The move followed attacks on the Malian side of the border.");
    }
    let army = if c == "Senegal" {
        "Senegalese"
    } else {
        "Mauritanian"
    };
    let then = ctx.rng.pick(&follow);
    Parts {
        event_type: "Strategic developments",
        sub: "Other",
        actors: actors(&[(state, "associated")]),
        fat: Fat::best(0),
        claims: Vec::new(),
        sentences: vec![
            format!("{} the {army} army {what} near {}.", ctx.lead, where_(t)),
            then.to_string(),
            "No fatalities were reported.".to_string(),
        ],
        summary: format!("The {army} army {what} near {}.", t.name),
        tags: vec!["border-security"],
    }
}
