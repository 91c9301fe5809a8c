//! Templates for fighting: attacks on forces, army operations, drone strikes, IEDs,
//! territory changing hands, militias, the FLA and shelling.

use super::event::{
    Ctx, Fat, Parts, cap, claim, claim_with_figure, contested, fatalities, fatality_sentence,
    in_order, pick, responsibility_claim, strings, where_,
};
use super::tables::{
    BF_IS, DOGON_COUNTRY, FLA_TOWNS, NE_IS, NORTH_IS, NORTH_MIXED, claimant, drone_owner, forces,
    group, group_of, short,
};

/// Which jihadist group is active in the town.
pub fn jihadist(ctx: &mut Ctx) -> &'static str {
    let slug = ctx.town.slug.as_str();
    let rng = &mut *ctx.rng;
    match ctx.theatre {
        "segou" => pick(rng, &[("actor:jnim", 0.6), ("actor:katiba-macina", 0.4)]),
        "mopti" => pick(rng, &[("actor:jnim", 0.5), ("actor:katiba-macina", 0.5)]),
        "north_mali" if NORTH_IS.contains(&slug) => {
            pick(rng, &[("actor:is-sahel", 0.75), ("actor:jnim", 0.25)])
        }
        "north_mali" if NORTH_MIXED.contains(&slug) => {
            pick(rng, &[("actor:is-sahel", 0.5), ("actor:jnim", 0.5)])
        }
        "burkina" if BF_IS.contains(&slug) => {
            pick(rng, &[("actor:is-sahel", 0.4), ("actor:jnim", 0.6)])
        }
        "niger" if NE_IS.contains(&slug) => {
            pick(rng, &[("actor:is-sahel", 0.8), ("actor:jnim", 0.2)])
        }
        "niger" => pick(rng, &[("actor:is-sahel", 0.4), ("actor:jnim", 0.6)]),
        _ => "actor:jnim",
    }
}

fn actors(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    list.iter().map(|(a, r)| (a.to_string(), *r)).collect()
}

pub fn attack(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let c = t.country.as_str();
    let j = jihadist(ctx);
    let state = forces(c);
    let mut acts = actors(&[(j, "attacker"), (state, "target")]);
    let mut targets = vec![
        ("a military camp", "in"),
        ("an army checkpoint", "at the entrance of"),
        ("a gendarmerie post", "in"),
        ("a military convoy", "near"),
        ("an army patrol", "near"),
    ];
    if ctx.theatre == "west_mali" {
        targets.push(("a customs post", "in"));
        targets.push(("a gendarmerie checkpoint on the main road", "near"));
    }
    if c == "Burkina Faso" && ctx.rng.random() < 0.45 {
        acts.push(("actor:vdp".to_string(), "target"));
        targets = vec![
            ("an army and VDP detachment", "in"),
            ("a VDP position", "near"),
            ("a joint army-VDP patrol", "near"),
        ];
    }
    let (tgt, prep) = ctx.rng.pick(&targets);
    let fat = fatalities(ctx.rng, "clash");
    let mut sent = vec![format!(
        "{} {} attacked {tgt} {prep} {}.",
        ctx.lead,
        short(j),
        where_(t)
    )];
    let k = ctx.rng.randint(1, 2);
    let extra = [
        "The assailants arrived in large numbers on motorcycles and exchanged fire with the soldiers for several hours.".to_string(),
        format!("{} repelled the attack, according to local sources.", cap(short(state))),
        "The attackers withdrew after air support was called in.".to_string(),
        "Several vehicles were burned and weapons were taken.".to_string(),
        "Residents said gunfire was heard from before dawn until mid-morning.".to_string(),
        "The army later said it had reinforced the position.".to_string(),
    ];
    sent.extend(in_order(ctx.rng, &extra, k));
    let mut claims = Vec::new();
    if ctx.rng.random() < 0.22 {
        let (c, s) = contested(ctx, state, j, fat, "soldiers");
        claims = c;
        sent.push(s);
    } else if ctx.rng.random() < 0.15 {
        claims = responsibility_claim(ctx, j);
        acts.push((claimant(j).to_string(), "claimed_by"));
        sent.push(format!("{} claimed the attack.", group_of(j)));
    }
    sent.push(fatality_sentence(fat));
    let summary = format!(
        "{} attacked {tgt} {prep} {}; fighting with {} followed.",
        cap(short(j)),
        t.name,
        short(state)
    );
    Parts {
        event_type: "Battles",
        sub: "Armed clash",
        actors: acts,
        fat,
        claims,
        sentences: sent,
        summary,
        tags: vec!["attack-on-forces"],
    }
}

pub fn army_op(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let c = t.country.as_str();
    let j = jihadist(ctx);
    let state = forces(c);
    let mut acts = actors(&[(state, "attacker")]);
    let with_ac = c == "Mali" && ctx.rng.random() < 0.45;
    if with_ac {
        acts.push(("actor:africa-corps".to_string(), "attacker"));
    }
    if c == "Burkina Faso" && ctx.rng.random() < 0.4 {
        acts.push(("actor:vdp".to_string(), "attacker"));
    }
    acts.push((j.to_string(), "target"));
    let who = format!(
        "{}{}",
        short(state),
        if with_ac {
            " supported by Africa Corps personnel"
        } else {
            ""
        }
    );
    let fat = fatalities(ctx.rng, "clash");
    let mut sent = vec![format!(
        "{} {who} clashed with {} near {} during a sweep operation.",
        ctx.lead,
        short(j),
        where_(t)
    )];
    let k = ctx.rng.randint(1, 2);
    let extra = strings(&[
        "The operation followed several attacks on the area's roads.",
        "Motorcycles, weapons and fuel were reported seized.",
        "Residents reported arrests in surrounding villages after the fighting.",
        "The militants were reported to have retreated toward the bush.",
    ]);
    sent.extend(in_order(ctx.rng, &extra, k));
    let mut claims = Vec::new();
    if ctx.rng.random() < 0.25 {
        let (c, s) = contested(ctx, state, j, fat, "soldiers");
        claims = c;
        sent.push(s);
    }
    sent.push(fatality_sentence(fat));
    let summary = format!(
        "{} clashed with {} near {} during a sweep operation.",
        cap(&who),
        short(j),
        t.name
    );
    Parts {
        event_type: "Battles",
        sub: "Armed clash",
        actors: acts,
        fat,
        claims,
        sentences: sent,
        summary,
        tags: vec!["military-operation"],
    }
}

pub fn drone(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let state = forces(&t.country);
    let target = if ctx.theatre == "north_mali"
        && FLA_TOWNS.contains(&t.slug.as_str())
        && ctx.rng.random() < 0.6
    {
        "actor:fla"
    } else {
        jihadist(ctx)
    };
    let fat = fatalities(ctx.rng, "drone");
    let spot = ctx.rng.pick(&[
        "a gathering of",
        "a camp used by",
        "motorcycles carrying",
        "a vehicle carrying",
        "a hideout of",
    ]);
    let noun = if target == "actor:fla" {
        "FLA fighters".to_string()
    } else {
        format!("suspected {}", short(target))
    };
    let owner = drone_owner(state);
    let mut sent = vec![format!(
        "{} {} drone struck {spot} {noun} near {}.",
        ctx.lead,
        owner.0,
        where_(t)
    )];
    let mut claims = Vec::new();
    let mut tags = vec!["drone-strike"];
    let r = ctx.rng.random();
    if r < 0.22 {
        let rng = &mut *ctx.rng;
        let base = match fat.best.filter(|&n| n != 0) {
            Some(n) => n,
            None => rng.randint(3, 10),
        };
        let army_n = base + rng.randint(2, 20);
        let civ_n = (base / 2 + rng.randint(1, 8)).max(2);
        let place = rng.pick(&[
            "a weekly market",
            "a wedding",
            "a water point",
            "a livestock market",
        ]);
        let src = ctx.claims_report.as_str();
        claims = vec![
            claim_with_figure(
                state,
                format!("said the strike neutralised {army_n} terrorists"),
                army_n,
                "militants neutralised",
                src,
            ),
            claim_with_figure(
                claimant(target),
                format!("said the strike hit civilians at {place} and killed {civ_n} of them"),
                civ_n,
                "civilians killed",
                src,
            ),
        ];
        sent.push(format!(
            "The army said {army_n} terrorists were neutralised; {} said the strike hit civilians at \
             {place} and killed {civ_n}. Local sources could not confirm either account.",
            group_of(target)
        ));
        tags.push("civilian-harm-alleged");
    } else {
        let k = ctx.rng.randint(1, 2);
        let extra = strings(&[
            "The strike followed reports of militants massing in the area.",
            "Residents said they heard several explosions.",
            "Burned motorcycles were seen at the site the next day.",
            "The army said the strike was part of an ongoing air campaign.",
        ]);
        sent.extend(in_order(ctx.rng, &extra, k));
    }
    sent.push(fatality_sentence(fat));
    let summary = format!("{} drone strike on {noun} near {}.", owner.1, t.name);
    Parts {
        event_type: "Explosions/Remote violence",
        sub: "Air/drone strike",
        actors: actors(&[(state, "attacker"), (target, "target")]),
        fat,
        claims,
        sentences: sent,
        summary,
        tags,
    }
}

pub fn ied(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let c = t.country.as_str();
    let j = jihadist(ctx);
    let unknown = c == "Mali" && ctx.rng.random() < 0.35;
    let attacker = if unknown {
        "actor:unidentified-mali"
    } else {
        j
    };
    let (victim, vehicle, tag) = if ctx.rng.random() < 0.6 {
        let v = ctx.rng.pick(&[
            "an army vehicle",
            "a military convoy",
            "a gendarmerie pick-up",
            "a supply convoy escorted by soldiers",
        ]);
        (forces(c), v, "ied-on-forces")
    } else {
        let v = ctx.rng.pick(&[
            "a passenger bus",
            "a minibus carrying traders",
            "a donkey cart",
            "a truck carrying goods",
            "a tricycle carrying villagers",
        ]);
        (
            super::tables::civilians(c).unwrap_or(forces(c)),
            v,
            "ied-on-civilians",
        )
    };
    let fat = fatalities(ctx.rng, "ied");
    let (lead, extra) = if unknown {
        (
            format!(
                "{} an improvised explosive device exploded as {vehicle} passed near {}.",
                ctx.lead,
                where_(t)
            ),
            "No group claimed responsibility; JNIM is active in the area.".to_string(),
        )
    } else {
        let extra = ctx.rng.pick(&[
            "The device had been buried on the dirt road.",
            "A second device was found and defused nearby.",
            "The road had been closed for several days before the blast.",
        ]);
        (
            format!(
                "{} an IED attributed to {} struck {vehicle} near {}.",
                ctx.lead,
                short(j),
                where_(t)
            ),
            extra.to_string(),
        )
    };
    Parts {
        event_type: "Explosions/Remote violence",
        sub: "Remote explosive/landmine/IED",
        actors: actors(&[(attacker, "attacker"), (victim, "target")]),
        fat,
        claims: Vec::new(),
        sentences: vec![lead, extra, fatality_sentence(fat)],
        summary: format!("IED struck {vehicle} near {}.", t.name),
        tags: vec![tag],
    }
}

pub fn territory(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let j = jihadist(ctx);
    let state = forces(&t.country);
    let fat = fatalities(ctx.rng, "clash");
    let (mut sent, sub, acts, summary) = if ctx.rng.random() < 0.6 {
        let what = ctx.rng.pick(&[
            "the military camp",
            "the gendarmerie post",
            "the army position",
        ]);
        (
            vec![format!(
                "{} {} overran {what} in {} and held it for several hours before withdrawing with \
                 seized weapons and vehicles.",
                ctx.lead,
                short(j),
                where_(t)
            )],
            "Non-state actor overtakes territory",
            actors(&[(j, "attacker"), (state, "target")]),
            format!(
                "{} overran the army position in {} and later withdrew.",
                cap(short(j)),
                t.name
            ),
        )
    } else {
        (
            vec![format!(
                "{} {} retook {}, which militants had controlled for several days, after heavy fighting.",
                ctx.lead,
                short(state),
                where_(t)
            )],
            "Government regains territory",
            actors(&[(state, "attacker"), (j, "target")]),
            format!("{} retook {} from {}.", cap(short(state)), t.name, short(j)),
        )
    };
    let mut claims = Vec::new();
    if ctx.rng.random() < 0.4 {
        let (c, s) = contested(ctx, state, j, fat, "soldiers");
        claims = c;
        sent.push(s);
    }
    sent.push(fatality_sentence(fat));
    Parts {
        event_type: "Battles",
        sub,
        actors: acts,
        fat,
        claims,
        sentences: sent,
        summary,
        tags: vec!["territorial-control"],
    }
}

pub fn militia(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let th = ctx.theatre;
    let (a, b, summary) = if th == "segou" || th == "mopti" {
        let j = jihadist(ctx);
        let m = if th == "mopti" && DOGON_COUNTRY.contains(&t.slug.as_str()) {
            "actor:dan-na-ambassagou"
        } else {
            "actor:dozo"
        };
        let (a, b) = if ctx.rng.random() < 0.6 {
            (j, m)
        } else {
            (m, j)
        };
        let summary = format!(
            "{} and {} clashed near {}.",
            cap(short(a)),
            short(b),
            t.name
        );
        (a, b, summary)
    } else {
        let (a, b) = if ctx.rng.random() < 0.5 {
            ("actor:jnim", "actor:is-sahel")
        } else {
            ("actor:is-sahel", "actor:jnim")
        };
        let summary = format!(
            "{} clashed with {} near {}.",
            cap(short(a)),
            short(b),
            t.name
        );
        (a, b, summary)
    };
    let fat = fatalities(ctx.rng, "clash");
    let mut sent = vec![format!(
        "{} {} clashed with {} near {}.",
        ctx.lead,
        short(a),
        short(b),
        where_(t)
    )];
    sent.push(
        ctx.rng
            .pick(&[
                "The fighting was over control of grazing land and the roads to the weekly market.",
                "Residents fled to neighbouring villages during the fighting.",
                "Both sides brought in reinforcements on motorcycles.",
                "The clash followed an ambush the previous week.",
            ])
            .to_string(),
    );
    let mut claims = Vec::new();
    if group(a).is_some() && group(b).is_some() && ctx.rng.random() < 0.3 {
        let n = ctx.rng.randint(8, 40);
        let src = ctx.claims_report.as_str();
        let first = claim(
            claimant(a),
            format!("claimed to have killed {n} rival fighters"),
            src,
        )
        .with("figure", n)
        .with("figure_label", "rival fighters killed");
        let second = claim(
            claimant(b),
            "said its fighters repelled the attack".to_string(),
            src,
        );
        claims = vec![first, second];
        sent.push("Both groups claimed victory.".to_string());
    }
    sent.push(fatality_sentence(fat));
    Parts {
        event_type: "Battles",
        sub: "Armed clash",
        actors: actors(&[(a, "attacker"), (b, "target")]),
        fat,
        claims,
        sentences: sent,
        summary,
        tags: vec!["inter-group-fighting"],
    }
}

pub fn fla(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let state = "actor:fama";
    let mut acts = actors(&[("actor:fla", "attacker"), (state, "target")]);
    let foe = if ctx.rng.random() < 0.6 {
        acts.push(("actor:africa-corps".to_string(), "target"));
        "FAMa soldiers and Africa Corps personnel"
    } else {
        "FAMa soldiers"
    };
    let (sent0, summary) = if ctx.rng.random() < 0.35 {
        acts = acts
            .into_iter()
            .map(|(a, r)| (a, if r == "target" { "attacker" } else { "target" }))
            .collect();
        (
            format!(
                "{} {foe} attacked FLA positions near {}.",
                ctx.lead,
                where_(t)
            ),
            format!("{} attacked FLA positions near {}.", cap(foe), t.name),
        )
    } else {
        (
            format!(
                "{} FLA fighters ambushed a convoy of {foe} near {}.",
                ctx.lead,
                where_(t)
            ),
            format!("FLA fighters ambushed a convoy of {foe} near {}.", t.name),
        )
    };
    let fat = fatalities(ctx.rng, "clash");
    let follow = ctx.rng.pick(&[
        "The convoy was travelling between Kidal and Tessalit.",
        "The fighting lasted several hours and drones were used against the rebels.",
        "Several vehicles were destroyed.",
    ]);
    let mut sent = vec![sent0, follow.to_string()];
    let mut claims = Vec::new();
    if ctx.rng.random() < 0.35 {
        let victims = if foe.contains("Africa") {
            "soldiers and Russian personnel"
        } else {
            "soldiers"
        };
        let (c, s) = contested(ctx, state, "actor:fla", fat, victims);
        claims = c;
        sent.push(s);
    }
    sent.push(fatality_sentence(fat));
    Parts {
        event_type: "Battles",
        sub: "Armed clash",
        actors: acts,
        fat,
        claims,
        sentences: sent,
        summary,
        tags: vec!["separatist-conflict"],
    }
}

pub fn shelling(ctx: &mut Ctx) -> Parts {
    let t = ctx.town;
    let j = jihadist(ctx);
    let state = forces(&t.country);
    let fat: Fat = fatalities(ctx.rng, "shelling");
    let n = ctx.rng.randint(3, 12);
    let first = format!(
        "{} {} fired {n} mortar shells at the military camp in {}.",
        ctx.lead,
        short(j),
        where_(t)
    );
    let follow = ctx.rng.pick(&[
        "Some shells landed in residential areas.",
        "The army returned fire.",
        "Damage to the camp was limited.",
    ]);
    Parts {
        event_type: "Explosions/Remote violence",
        sub: "Shelling/artillery/missile attack",
        actors: actors(&[(j, "attacker"), (state, "target")]),
        fat,
        claims: Vec::new(),
        sentences: vec![first, follow.to_string(), fatality_sentence(fat)],
        summary: format!("{} shelled the military camp in {}.", cap(short(j)), t.name),
        tags: vec!["indirect-fire"],
    }
}
