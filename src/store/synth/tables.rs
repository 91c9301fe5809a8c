//! The word lists and constants the synthetic generator draws from: countries and regions,
//! actors, local units, event templates, filler sentences. Data, kept apart from the logic.

pub(super) const ACTOR_COUNT: usize = 300;
/// Days covered: 2016-01-01 through 2025-12-31.
pub(super) const SPAN: u64 = 3653;
/// Reporting periods; each has two roundup reports, so 50 reports in all.
pub(super) const PERIODS: u64 = 25;
/// Casting classes: State, Armed group, Militia, External, Civilians, Protesters, Rioters,
/// Unidentified. An actor's pool is its class's index here.
pub(super) const CLASSES: &[u8] = b"SAMECPRU";
/// Invented outlets (`name|language`): synthetic incidents must never seem to cite real media.
pub(super) const OUTLETS: &str = "Sahel Wire|en;Radio Boucle du Niger|fr;Le Veilleur du Gourma|fr;\
    Lake Chad Dispatch|en;Agence sahélienne d'information|fr;Northeast Ledger|en;\
    Le Témoin de Tillabéri|fr;Kanem Courier|en";
pub(super) const SYLLABLES: &str = "ba bou da dia djo do fa ga gou ka kou ko la ma mou na ni sa se so ta \
    tou wa ya zou bi di ke ti kal sin tam ban dem gor kan lam mar sir ndo";

/// `#code|country|demonym|army alias|activity weight|name endings`, then its regions as
/// `admin1|lat|lon|spread in degrees|admin2,...`, most active first.
pub(super) const GEO: &str = "\
#ML|Mali|Malian|FAMa|28|bougou,dougou,bala,ra,ko,ni,na,ssa,re,ba
Mopti|14.49|-4.18|0.9|Mopti,Bandiagara,Bankass,Djenné,Douentza,Koro,Ténenkou,Youwarou
Ségou|13.43|-6.26|0.9|Ségou,Macina,Niono,San,Tominian,Bla,Barouéli
Tombouctou|16.77|-3.0|1.2|Tombouctou,Niafunké,Goundam,Diré,Gourma-Rharous
Gao|16.27|-0.04|1.0|Gao,Ansongo,Bourem
Ménaka|15.92|2.4|0.8|Ménaka,Andéramboukane,Inékar,Tidermène
Sikasso|11.32|-5.67|0.8|Sikasso,Koutiala,Bougouni,Kadiolo,Yorosso,Kolondiéba
Kidal|18.44|1.41|1.0|Kidal,Tessalit,Abeïbara,Tin-Essako
#BF|Burkina Faso|Burkinabe|FDS|30|tenga,ogo,go,ga,re,le,sso,bo,ri,ma
Sahel|14.05|-0.5|0.7|Soum,Oudalan,Séno,Yagha
Centre-Nord|13.1|-1.1|0.6|Bam,Sanmatenga,Namentenga
Est|12.06|0.9|0.9|Gourma,Gnagna,Komondjari,Kompienga,Tapoa
Nord|13.58|-2.42|0.6|Yatenga,Loroum,Passoré,Zondoma
Boucle du Mouhoun|12.4|-3.5|0.7|Kossi,Sourou,Mouhoun,Banwa,Nayala,Balé
Centre|12.37|-1.53|0.08|Kadiogo
#NE|Niger|Nigerien|FAN|16|dey,kouara,koira,gou,ri,lam,na,ga,ra,bangou
Tillabéri|14.2|1.45|0.9|Tillabéri,Ayorou,Téra,Ouallam,Banibangou,Abala,Filingué,Say,Torodi
Diffa|13.3|12.6|0.7|Diffa,Bosso,Mainé-Soroa,N'Guigmi
Tahoua|14.9|5.27|0.9|Tahoua,Tassara,Tillia,Abalak,Birni N'Konni
Maradi|13.5|7.1|0.6|Maradi,Madarounfa,Guidan Roumdji
Niamey|13.51|2.11|0.08|Niamey I,Niamey II,Niamey III
#NG|Nigeria|Nigerian|Nigerian Army|18|wa,ri,kin,ram,duwa,bari,ma,gari,kawa,lai
Borno|11.85|13.1|0.9|Maiduguri,Konduga,Bama,Gwoza,Dikwa,Monguno,Damboa,Ngala
Zamfara|12.17|6.25|0.6|Gusau,Maru,Anka,Tsafe,Zurmi
Katsina|12.4|7.6|0.6|Katsina,Batsari,Jibia,Safana
Plateau|9.2|9.5|0.5|Jos North,Bokkos,Mangu,Riyom,Barkin Ladi
Benue|7.35|8.75|0.6|Makurdi,Guma,Agatu,Logo
Yobe|12.3|11.4|0.7|Damaturu,Gujba,Geidam,Yunusari
#TD|Chad|Chadian|ANT|5|ri,lam,dom,na,ga,koua,ra,bol,wa,kaya
Lac|13.45|14.3|0.5|Mamdi,Kaya,Fouli,Wayi
Kanem|14.5|15.3|0.6|Kanem,Nord Kanem,Wadi Bissam
N'Djamena|12.12|15.05|0.06|1er arrondissement,7e arrondissement,9e arrondissement
#MR|Mauritania|Mauritanian|FAM|3|ra,dra,mit,rat,ba,ni,tin,boub,lem,gui
Hodh Ech Chargui|16.6|-7.3|0.9|Néma,Bassikounou,Amourj,Timbédra,Djiguenni
Assaba|16.6|-11.4|0.6|Kiffa,Guerou,Kankossa
Tiris Zemmour|22.7|-12.5|0.8|Zouérate,Bir Moghrein,F'Dérik";

/// Actor rows: `id|name|aliases;...|kind|parent id|affiliation|short name for prose|country
/// codes|class`; an empty id is derived from the name. Most active first within a class.
/// Every country gets the generic rows ({C} country, {D} demonym, {M} army, {K} code).
pub(super) const GENERIC: &str = "\
|Military Forces of {C}|{M};{D} Armed Forces|state_forces|||{D} soldiers|{K}|S
|Police Forces of {C}|{D} police;Gendarmerie|state_forces|||{D} police|{K}|S
|Fulani Ethnic Militia ({C})|Peul militia|identity_militia|||Fulani militiamen|{K}|M
|Unidentified Armed Group ({C})|UAG|unidentified|||unidentified gunmen|{K}|U
|Civilians ({C})||civilians|||civilians|{K}|C
|Protesters ({C})||protesters|||protesters|{K}|P
|Rioters ({C})||rioters|||rioters|{K}|R";
pub(super) const CORE: &str = "\
jnim|Jama'at Nusrat al-Islam wal-Muslimin|JNIM;GSIM;Group for the Support of Islam and Muslims|islamist_armed_group||al-Qaeda|JNIM militants|ML BF NE MR|A
issp|Islamic State Sahel Province|ISSP;ISGS;Islamic State in the Greater Sahara|islamist_armed_group||Islamic State|ISSP fighters|ML NE BF|A
iswap|Islamic State West Africa Province|ISWAP;ISIS-WA|islamist_armed_group||Islamic State|ISWAP fighters|NG NE TD|A
jas|Jama'atu Ahlis Sunna Lidda'awati wal-Jihad|Boko Haram;JAS|islamist_armed_group|||Boko Haram fighters|NG NE TD|A
katiba-macina|Katiba Macina|Macina Liberation Front;FLM|islamist_armed_group|jnim||Katiba Macina militants|ML|A
ansaroul-islam|Ansaroul Islam|Ansar ul Islam|islamist_armed_group|jnim||Ansaroul Islam militants|BF|A
fla|Azawad Liberation Front|FLA;CSP-DPA|rebel_group|||FLA rebels|ML|A
vdp|Volunteers for the Defence of the Homeland|VDP|political_militia|military-forces-of-burkina-faso||VDP members|BF|M
dan-na-ambassagou|Dan Na Ambassagou|Dana Amassagou;Dogon militia|identity_militia|||Dan Na Ambassagou militiamen|ML|M
cjtf|Civilian Joint Task Force|CJTF;Yan Gora|political_militia|||CJTF members|NG|M
koglweogo|Koglweogo|Koglweogo self-defence groups|political_militia|||Koglweogo members|BF|M
dozo|Dozo hunters' militia|Dozo;Donso|identity_militia|||Dozo hunters|ML BF|M
wagner|Wagner Group|Africa Corps;PMC Wagner|external_force|||Wagner Group personnel|ML|E
france|Military Forces of France|Operation Barkhane;Barkhane|external_force|||French forces|ML BF NE|E
mnjtf|Multinational Joint Task Force|MNJTF|external_force|||MNJTF troops|NG NE TD|E";
/// Local units named after a town ({}), topping the list up to `ACTOR_COUNT`.
pub(super) const UNITS: &str = "\
|Katiba {}||islamist_armed_group|jnim||Katiba {} militants|ML|A
|ISSP cell of {}||islamist_armed_group|issp||ISSP fighters from {}|ML|A
|Dozo militia of {}||identity_militia|dozo||Dozo hunters from {}|ML|M
|Ansaroul Islam cell of {}||islamist_armed_group|ansaroul-islam||Ansaroul Islam militants from {}|BF|A
|VDP of {}||political_militia|vdp||VDP members from {}|BF|M
|Koglweogo of {}||political_militia|koglweogo||Koglweogo members from {}|BF|M
|ISSP cell of {}||islamist_armed_group|issp||ISSP fighters from {}|NE|A
|{} communal militia||identity_militia|||members of the {} communal militia|NE TD MR|M
|ISWAP markaz of {}||islamist_armed_group|iswap||ISWAP fighters of the {} markaz|NG|A
|{} bandit gang||political_militia|||bandits of the {} gang|NG|M
|JAS faction of {}||islamist_armed_group|jas||Boko Haram fighters from {}|TD|A";

/// `>event type|sub-event type|weight|cast|share with no deaths|tail scale|summary|tags`, then
/// lead sentences. Cast `XY>Z` draws the attacker's class from XY and the target's from Z
/// (repeats weight a class); `P~S` is associated + responder; `P` a lone associated actor.
/// Placeholders: {D} date opening, {a}/{A} first actor (A capitalised), {t} second actor,
/// {w} town, {p} town with admin areas, {o} another town, {r} admin1.
pub(super) const EVENTS: &str = "\
>Battles|Armed clash|30|AAAAAAAMMS>SSSSSSMMMA|0.35|2.5|{A} clash with {t} near {w}, {r}|ambush,checkpoint,convoy
{D}, {a} clashed with {t} near {p}. The fighting reportedly lasted several hours.
{D}, {a} ambushed a patrol of {t} on the road between {w} and {o} ({r}).
{D}, {a} attacked a position held by {t} in {p}, arriving on motorbikes and in pickups.
>Battles|Non-state actor overtakes territory|2|AAAAAAAAMM>SSSSSSSSMA|0.5|1.5|{A} take control of {w}, {r}|territory
{D}, {a} took control of {p} after {t} withdrew from their base in the town.
>Violence against civilians|Attack|22|AAAAAMMMSU>C|0.2|1.5|{A} attack {t} in {w}, {r}|market,village-raid,displacement
{D}, {a} raided {p} and opened fire on {t}, accusing residents of collaborating with the army.
{D}, {a} attacked {t} at the weekly market of {p}.
{D}, {a} attacked {t} returning from the fields near {p}.
>Violence against civilians|Abduction/forced disappearance|7|AAAAAAMUUU>C|0.9|0.5|{A} abduct {t} in {w}, {r}|kidnapping,ransom
{D}, {a} abducted several {t} in {p}, including a village chief.
{D}, {a} kidnapped {t} travelling between {w} and {o} ({r}); a ransom was reportedly demanded.
>Strategic developments|Looting/property destruction|5|AAAAAMMMUU>C|0.95|0.3|{A} loot and burn property in {w}, {r}|livestock,granary
{D}, {a} looted shops and set granaries on fire in {p}, and drove away livestock belonging to {t}.
>Explosions/Remote violence|Remote explosive/landmine/IED|7|AAAU>SSSSSSSCCC|0.4|1.5|IED attributed to {a} hits {t} near {w}, {r}|ied,convoy
{D}, a vehicle carrying {t} struck an improvised explosive device near {p}. The device was attributed to {a}.
{D}, an IED planted by {a} exploded as {t} passed on the road between {w} and {o} ({r}).
>Explosions/Remote violence|Air/drone strike|5|SSSSSSSE>AAAAAAACCC|0.3|3.0|{A} strike {t} near {w}, {r}|drone,airstrike
{D}, {a} carried out a drone strike on a gathering of {t} near {p}.
{D}, {a} conducted air strikes against {t} in the area of {p}.
>Explosions/Remote violence|Shelling/artillery/missile attack|2|AAAS>SSSA|0.7|1.0|{A} shell {t} positions in {w}, {r}|mortar
{D}, {a} fired several mortar rounds at a camp of {t} in {p}.
>Protests|Peaceful protest|10|P|1.0|0|Protest against insecurity in {w}, {r}|protest
{D}, residents of {p} demonstrated peacefully against rising insecurity and called on the authorities to reopen the road to {o}.
{D}, {a} held a sit-in in {p} to demand the release of people detained in {o}.
>Protests|Protest with intervention|2|P~S|0.9|0.5|Protest in {w}, {r} dispersed by {t}|protest,tear-gas
{D}, {a} gathered in {p} to protest against the arrest of a local leader; {t} dispersed them with tear gas.
>Riots|Mob violence|5|R>CCCS|0.8|0.5|Mob attacks {t} in {w}, {r}|mob
{D}, {a} attacked {t} in {p} after a dispute over a stolen motorbike.
{D}, {a} clashed with {t} in {p} after the death of a motorcycle taxi driver.
>Strategic developments|Arrests|3|S>C|1.0|0|{A} arrest {t} in {w}, {r}|arrest
{D}, {a} arrested several {t} in {p} on suspicion of links with armed groups.";

/// Extra sentences that bring notes to ACLED-like length; the first `VIOLENT` fit violent
/// events only.
pub(super) const FILLERS: [&str; 10] = [
    " Several others were wounded and evacuated to {o}.",
    " The assailants withdrew toward {o} on motorbikes.",
    " Residents of nearby villages fled toward {o}.",
    " Local sources said livestock and motorbikes were taken.",
    " Reinforcements were sent from {o} the following day.",
    " The incident followed weeks of threats against the community.",
    " The road between {w} and {o} remained closed for several days.",
    " Humanitarian organisations suspended movements in {r} after the incident.",
    " Telephone networks in the area had been cut, delaying reports.",
    " Details could not be independently verified.",
];
pub(super) const VIOLENT: usize = 6;
