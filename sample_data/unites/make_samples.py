"""Write the UNITES sample assessments in this folder: eight fictional cities.

Run ``python sample_data/unites/make_samples.py`` from the repository root. The output is fully
deterministic (no randomness): every rating is written out below, per city and key factor, and
the evidence text comes from the item templates filled in with each city's invented facts.

Ratings per key factor are strings with one character per item, in the item order of UNITES 1.0 (the
published data of these fictional cities); ``in_layout`` turns them into the items of a later version,
as each city would answer them (see there), so the same script writes 1.0 or 1.1 assessments:
``3`` Fully in place, ``2`` Partly in place, ``1`` Planned, ``0`` Not in place,
``n`` Not relevant here (a reason is required in ``NOT_RELEVANT``), ``-`` unanswered.

The cities, their countries' cities and every number below are invented; the countries are real.

One assessment, Torreluma's 2026 self-assessment, was co-designed with several respondents (``PANELS``):
four city officials, three migrant residents, two NGO workers and one elected representative each rated
every item on their own. The officials rate key factor 4 (channels for migrant participation) high and
the migrant residents rate it low; the team then agreed a rating for three of its items (``CONSENSUS``).
With the minimum group size of 3, the NGOs (2) and the elected representative (1) are shown only merged,
as "Other roles (groups under 3)". The agreed ratings are also the team's ratings in ``CITIES``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from benchmark.assessment import Assessment, check_against  # noqa: E402
from benchmark.framework.loader import load_frameworks  # noqa: E402

FICTION = "Fictional city for demonstration; any resemblance is coincidental."
VALUES = {"3": "full", "2": "partly", "1": "planned", "0": "not_in_place", "n": "not_relevant"}
LABELS = {
    "3": "Fully in place",
    "2": "Partly in place",
    "1": "Planned",
    "0": "Not in place",
    "n": "Not relevant here",
    "-": "unanswered",
}

# ---------------------------------------------------------------------------------------------
# Evidence templates per item: (text when fully in place, text when partly in place, short noun
# for planned). Placeholders are filled from the city's facts below.
ITEMS: dict[str, tuple[str, str, str]] = {
    "KF1.1": (
        "Council resolution {res} sets out a positive vision of migration as part of the city's future.",
        "The Mayor speaks positively about migration in public, but the council has not adopted a written vision.",
        "a written vision of migration for council adoption",
    ),
    "KF1.2": (
        "Council resolution {res} adopted {strategy} and commits the council to deliver it.",
        "The council noted the draft of {strategy}; a formal commitment to deliver it is still pending.",
        "a council commitment to deliver the strategy",
    ),
    "KF1.3": (
        "{strategy} is a chapter of the city's Equality and Non-discrimination Plan.",
        "The equality plan mentions migrants, but integration is still run as a separate policy.",
        "linking integration to the equality plan",
    ),
    "KF1.4": (
        "A launch event and a web page explain in plain language why the city co-designs {strategy} and what input it seeks.",
        "A web page explains the co-design process, in {lang} only; there was no public launch event.",
        "public information on why the city uses co-design",
    ),
    "KF1.5": (
        "The {deputy} publishes a short progress report after each stage; the last one was presented at a public meeting in {last_report}.",
        "An annual progress report goes to the council; residents are not told about outcomes at each stage.",
        "public reports on the outcomes of each stage",
    ),
    "KF2.1": (
        "Co-design was used for {other} before work on the integration strategy began.",
        "One earlier co-design pilot ({other}); it has not been repeated since.",
        "co-design in another policy area",
    ),
    "KF2.2": (
        "Participatory budgeting and user panels run every year in {n_services} service areas.",
        "User panels exist in some services (libraries, youth services), not across the city authority.",
        "regular participatory methods across services",
    ),
    "KF2.3": (
        "The city's participation guidelines ({guide_year}) require interpreting, accessible venues and outreach to under-represented groups.",
        "Participation guidelines exist but say little about inclusion; support depends on each department.",
        "guidelines for inclusive participation",
    ),
    "KF3.1": (
        "{strategy} covers housing, education, employment, health, language, culture and civic life.",
        "{strategy} covers language, education and employment; housing and health are not included.",
        "a strategy covering all service areas relevant to migrants",
    ),
    "KF3.2": (
        "Each of the {n_goals} goals has three to six concrete actions with a lead agency.",
        "The goals are clear, but about half of them have no concrete actions yet.",
        "concrete actions for each goal",
    ),
    "KF3.3": (
        "The action plan sets a date for every measure, {period}, in three phases.",
        "Some measures have dates; there is no overall sequence.",
        "a timeline for the measures",
    ),
    "KF3.4": (
        "A budget of {budget} is identified, broken down by each delivery partner.",
        "The city's own share ({budget}) is budgeted; partners have not yet identified theirs.",
        "a budget identified by each delivery partner",
    ),
    "KF4.1": (
        "The {board} meets {freq}; {board_mig} of {board_n} members have a migration background. Open drop-in consultations twice a year.",
        "The {board} exists but meets irregularly; there is no other channel for migrants to raise needs.",
        "a standing channel for migrants to voice their needs",
    ),
    "KF4.2": (
        "Migrant members of the {board} co-wrote {co_chapters} of the strategy's chapters in joint working groups.",
        "Migrants were consulted on the draft strategy in two workshops but did not help write it.",
        "joint working groups to write the strategy with migrants",
    ),
    "KF4.3": (
        "The {board} reviews the annual monitoring report and runs a mystery-shopper test of city services every year.",
        "The {board} receives the monitoring report for information but has no formal oversight role.",
        "an oversight role for migrants in monitoring delivery",
    ),
    "KF4.4": (
        "Members are chosen through an open call with places reserved by region of origin, gender and age; the mix is checked every year against census data.",
        "There is an open call for members, but the largest communities dominate; recent arrivals are under-represented.",
        "checks that the channels represent the migrant population",
    ),
    "KF4.5": (
        "The {board} is set up by council statute for an open-ended term.",
        "The {board}'s mandate runs for two years, shorter than the strategy period.",
        "a long-term mandate for migrant participation channels",
    ),
    "KF4.6": (
        "Members receive training, secretariat support, access to city data and an attendance allowance.",
        "Members get an induction and secretariat support, but no remuneration and no access to city data.",
        "a support package for migrant participants",
    ),
    "KF5.1a": (
        "The {steering} was set up by council decision in {steer_year}.",
        "A steering group was set up by the integration office; the council has not formally constituted it.",
        "a steering body set up by council decision",
    ),
    "KF5.1b": (
        "The {steering} is chaired by the {deputy}.",
        "The {deputy} chairs some meetings; most are chaired by a head of department.",
        "the Mayor or a deputy chairing the steering body",
    ),
    "KF6.9": (
        "The city's participation framework offers training for participants, family-friendly times with childcare, "
        "an attendance allowance and senior attendance at every event, under the Mayor's guidelines on participatory meetings.",
        "Some measures are in place (such as childcare at larger events and a briefing before the first workshop), but "
        "there is no agreed framework for diversity and inclusion.",
        "a framework to promote diversity and inclusion in co-design",
    ),
    "KF5.1": (
        "The {steering} was set up in {steer_year} and is chaired by the {deputy}.",
        "A steering group exists, but it is chaired by a head of department, not by the Mayor or a deputy.",
        "a steering body chaired by the Mayor or a deputy",
    ),
    "KF5.2": (
        "Its terms of reference set up the {steering} as a permanent body.",
        "The {steering} was set up for the drafting phase only; its future after adoption is not decided.",
        "a steering body that lasts for the strategy period",
    ),
    "KF5.3": (
        "The terms of reference give the {steering} the mandate to oversee implementation; it reviews the action plan every quarter.",
        "The group discusses implementation, but its mandate does not say it oversees it.",
        "a mandate for the steering body to oversee implementation",
    ),
    "KF5.4": (
        "All {n_partners} delivery partners sit on the {steering}, including the regional employment service and the school authority.",
        "City departments and NGOs take part; regional and national agencies attend only occasionally.",
        "inviting all delivery partners onto the steering body",
    ),
    "KF5.5": (
        "All delivery partners signed the strategy in the {steering} on {sign_date} and report on their actions there.",
        "Partners endorsed the strategy, but they coordinate their actions bilaterally rather than through the group.",
        "sign-off and coordination through the steering body",
    ),
    "KF5.6": (
        "{steer_mig} seats on the {steering} are held by members of the {board}, with full voting rights.",
        "One migrant representative sits on the {steering} as an observer.",
        "seats for the migrant advisory body on the steering body",
    ),
    "KF6.1": (
        "Participants in {year_part} came from {n_nat} nationalities; monitoring covers gender, age and legal status, including people with a precarious status.",
        "Participation is recorded by nationality only; people with a precarious status are rarely reached.",
        "monitoring who takes part, by equalities group",
    ),
    "KF6.2": (
        "Dedicated sessions for migrant women and for unaccompanied young people, run with {ngo}.",
        "One outreach session for migrant women in {year_part}; no outreach to young people yet.",
        "outreach sessions for women and young people",
    ),
    "KF6.3": (
        "Co-design events are promoted on social media in {langs} languages and through {n_orgs} community organisations.",
        "Events are announced on the city website and social media, in {lang} only.",
        "promotion of events through community organisations",
    ),
    "KF6.4": (
        "Participants can join a four-session course on how the city works and how to take part in co-design.",
        "A short briefing is offered before the first workshop; no further training.",
        "a training course for migrant participants",
    ),
    "KF6.5": (
        "Events are held on weekday evenings and Saturdays in neighbourhood centres, with free childcare.",
        "Childcare is provided at some larger events only.",
        "childcare and family-friendly times for events",
    ),
    "KF6.6": (
        "Participants receive a fixed allowance per event plus travel costs.",
        "Travel costs are reimbursed; there is no payment for attending.",
        "an attendance allowance for participants",
    ),
    "KF6.7": (
        "The {deputy} or a head of department attended all {n_events} participation events in {year_part}.",
        "Senior officers attend the launch and closing events, not the working sessions.",
        "senior attendance at all participation events",
    ),
    "KF6.8": (
        "The Mayor's guidelines on participatory meetings ({guide_year}) apply to all user groups.",
        "Draft guidelines on participatory meetings are used in practice but have not been published.",
        "Mayor's guidelines on participatory meetings",
    ),
    "KF7.1": (
        "Joint workshops bring migrant co-designers together with members of the {other} panel twice a year.",
        "One joint session of migrant co-designers and the {other} panel took place in {year_part}.",
        "a joint workshop with the {other} panel",
    ),
    "KF7.2": (
        "The joint workshops are reported in the city newsletter and on the city website.",
        "The joint session was mentioned once in the city newsletter.",
        "reporting joint sessions in the city newsletter",
    ),
    "KF7.3": (
        "Public communication brings out shared proposals, for example joint actions on {synergy}.",
        "Communication reports the meetings but not what the policy areas have in common.",
        "communication on shared proposals across policy areas",
    ),
    "KF7.4": (
        "The Mayor presents integration co-design as a model for all city strategies; local press coverage has been positive.",
        "Some positive press coverage, but integration is still presented as a separate topic.",
        "a communication plan presenting co-design as mainstream",
    ),
}

# ---------------------------------------------------------------------------------------------
# The eight fictional cities. ``self``/``peer`` hold the ratings per key factor; ``self_2025``
# (two cities only) is an earlier self-assessment.
CITIES: list[dict] = [
    dict(
        slug="kestrelby",
        name="Kestrelby",
        country="Denmark",
        population=31_400,
        migrant_share=4.2,
        description="A small harbour town with a long tradition of residents' councils.",
        reviewer="grunwiese",
        facts=dict(
            res="2024/31",
            strategy="Kestrelby for Everyone 2025–2029",
            deputy="Deputy Mayor for Community Life",
            lang="Danish",
            last_report="September 2026",
            other="the harbour regeneration plan",
            n_services=9,
            guide_year=2021,
            n_goals=5,
            period="2025–2029",
            budget="DKK 3.1 million",
            board="Newcomers' Forum",
            freq="every two months",
            board_mig=7,
            board_n=11,
            co_chapters="two",
            steering="Community Life Board",
            steer_year=2024,
            n_partners=8,
            sign_date="2 June 2025",
            steer_mig="Two",
            year_part=2026,
            n_nat=14,
            ngo="the Red Cross youth group",
            langs=4,
            n_orgs=6,
            n_events=7,
            synergy="the harbour's public spaces",
            plan_when="2027",
        ),
        self=dict(
            date="2026-04-20",
            assessors=["Community Life office, Kestrelby municipality", "Two members of the Newcomers' Forum"],
            ratings=dict(KF1="22211", KF2="333", KF3="2211", KF4="221121", KF5="222212", KF6="2n212n21", KF7="2222"),
        ),
        peer=dict(
            date="2026-06-24",
            ratings=dict(KF1="22221", KF2="333", KF3="2221", KF4="221121", KF5="222222", KF6="21212n21", KF7="2322"),
        ),
    ),
    dict(
        slug="grunwiese",
        name="Grünwiese-am-See",
        country="Germany",
        population=48_500,
        migrant_share=7.9,
        description="A lakeside market town; integration work started with the arrival of refugees in 2015.",
        reviewer="kestrelby",
        facts=dict(
            res="2025/07",
            strategy="Together in Grünwiese",
            deputy="First Deputy Mayor",
            lang="German",
            last_report="October 2026",
            other="the age-friendly town plan",
            n_services=3,
            guide_year=2026,
            n_goals=4,
            period="2026–2030",
            budget="EUR 240,000",
            board="Integration Round Table",
            freq="three times a year",
            board_mig=5,
            board_n=12,
            co_chapters="one",
            steering="Integration Steering Group",
            steer_year=2026,
            n_partners=6,
            sign_date="12 March 2026",
            steer_mig="Two",
            year_part=2026,
            n_nat=11,
            ngo="the district welfare association",
            langs=3,
            n_orgs=4,
            n_events=5,
            synergy="accessible transport",
            plan_when="2027",
        ),
        self_2025=dict(
            date="2025-05-14",
            assessors=["Integration officer, Town of Grünwiese-am-See"],
            ratings=dict(KF1="32211", KF2="110", KF3="1100", KF4="110000", KF5="110000", KF6="10100000", KF7="0nn0"),
        ),
        self=dict(
            date="2026-05-19",
            assessors=["Integration officer, Town of Grünwiese-am-See", "Integration Round Table (three members)"],
            ratings=dict(KF1="33322", KF2="221", KF3="2211", KF4="221110", KF5="222111", KF6="21211010", KF7="1000"),
        ),
        peer=dict(
            date="2026-07-08",
            ratings=dict(KF1="33222", KF2="211", KF3="2111", KF4="211100", KF5="221110", KF6="21111000", KF7="1000"),
        ),
    ),
    dict(
        slug="feldhaven",
        name="Feldhaven",
        country="Netherlands",
        population=118_000,
        migrant_share=22.4,
        description="A former textile city whose Migrant Council co-chairs the integration strategy.",
        reviewer="port-lumiere",
        facts=dict(
            res="2024/52",
            strategy="Feldhaven Shared City 2025–2030",
            deputy="Alderman for Inclusion",
            lang="Dutch",
            last_report="June 2026",
            other="the youth employment strategy",
            n_services=6,
            guide_year=2023,
            n_goals=6,
            period="2025–2030",
            budget="EUR 4.8 million",
            board="Migrant Council",
            freq="every month",
            board_mig=13,
            board_n=17,
            co_chapters="all six",
            steering="Shared City Board",
            steer_year=2024,
            n_partners=11,
            sign_date="30 January 2025",
            steer_mig="Four",
            year_part=2026,
            n_nat=38,
            ngo="the Feldhaven Refugee Support Foundation",
            langs=9,
            n_orgs=22,
            n_events=12,
            synergy="first jobs for young people",
            plan_when="2027",
        ),
        self=dict(
            date="2026-03-11",
            assessors=[
                "Inclusion department, City of Feldhaven",
                "Migrant Council (co-chairs)",
                "Feldhaven Refugee Support Foundation",
            ],
            ratings=dict(KF1="32222", KF2="222", KF3="2221", KF4="333332", KF5="222223", KF6="32322121", KF7="1100"),
        ),
        peer=dict(
            date="2026-06-03",
            ratings=dict(KF1="22222", KF2="221", KF3="2211", KF4="333322", KF5="222123", KF6="22322111", KF7="1000"),
        ),
    ),
    dict(
        slug="brindleport",
        name="Brindleport",
        country="Ireland",
        population=164_000,
        migrant_share=19.8,
        description="A port city whose integration strategy is steered by a strong partnership board.",
        reviewer="torreluma",
        facts=dict(
            res="2025/14",
            strategy="Brindleport Welcomes 2025–2030",
            deputy="Deputy Lord Mayor",
            lang="English",
            last_report="May 2026",
            other="the city climate action plan",
            n_services=5,
            guide_year=2022,
            n_goals=7,
            period="2025–2030",
            budget="EUR 2.4 million",
            board="New Communities Panel",
            freq="every quarter",
            board_mig=9,
            board_n=15,
            co_chapters="three",
            steering="Integration Partnership Board",
            steer_year=2023,
            n_partners=14,
            sign_date="8 April 2025",
            steer_mig="Three",
            year_part=2026,
            n_nat=29,
            ngo="Brindleport Welcome Network",
            langs=6,
            n_orgs=12,
            n_events=9,
            synergy="home insulation grants",
            plan_when="2027",
        ),
        self=dict(
            date="2026-04-02",
            assessors=["Community and Integration Unit, Brindleport City Council", "Brindleport Welcome Network"],
            ratings=dict(KF1="22221", KF2="221", KF3="3222", KF4="222111", KF5="333332", KF6="22211011", KF7="1100"),
        ),
        peer=dict(
            date="2026-06-17",
            ratings=dict(KF1="22211", KF2="211", KF3="2221", KF4="221110", KF5="333322", KF6="21211010", KF7="1000"),
        ),
    ),
    dict(
        slug="torreluma",
        name="Torreluma",
        country="Spain",
        population=265_000,
        migrant_share=12.6,
        description="A regional capital that rewrote its integration plan with a full budget in 2025–2026.",
        reviewer="brindleport",
        facts=dict(
            res="2025/09",
            strategy="Torreluma Plan for Living Together 2025–2029",
            deputy="Deputy Mayor for Social Rights",
            lang="Spanish",
            last_report="April 2026",
            other="the neighbourhood participatory budget",
            n_services=4,
            guide_year=2020,
            n_goals=8,
            period="2025–2029",
            budget="EUR 6.2 million",
            board="Migrant Associations Forum",
            freq="every quarter",
            board_mig=14,
            board_n=20,
            co_chapters="two",
            steering="Living Together Commission",
            steer_year=2025,
            n_partners=12,
            sign_date="21 October 2025",
            steer_mig="Two",
            year_part=2026,
            n_nat=33,
            ngo="Fundación Puente Abierto",
            langs=5,
            n_orgs=15,
            n_events=8,
            synergy="neighbourhood health centres",
            plan_when="2027",
        ),
        self_2025=dict(
            date="2025-05-06",
            assessors=["Office for Migration and Diversity, Torreluma City Council"],
            ratings=dict(KF1="22211", KF2="211", KF3="2221", KF4="211100", KF5="211100", KF6="21110000", KF7="1000"),
        ),
        self=dict(
            date="2026-05-12",
            assessors=[
                "Office for Migration and Diversity, Torreluma City Council",
                "Migrant Associations Forum (two delegates)",
            ],
            ratings=dict(KF1="32222", KF2="221", KF3="3333", KF4="212211", KF5="222211", KF6="22211010", KF7="1100"),
        ),
        peer=dict(
            date="2026-07-15",
            ratings=dict(KF1="22222", KF2="211", KF3="3332", KF4="221111", KF5="222111", KF6="21211000", KF7="1000"),
        ),
    ),
    dict(
        slug="mirabrezza",
        name="Mirabrezza",
        country="Italy",
        population=390_000,
        migrant_share=10.9,
        description="A university city known for its outreach to newly arrived women and young people.",
        reviewer="brumevaux",
        facts=dict(
            res="2024/118",
            strategy="Mirabrezza Open City 2024–2028",
            deputy="Councillor for Welfare and Inclusion",
            lang="Italian",
            last_report="March 2026",
            other="the city's gender equality plan",
            n_services=5,
            guide_year=2022,
            n_goals=6,
            period="2024–2028",
            budget="EUR 3.5 million",
            board="Council of Foreign Residents",
            freq="every two months",
            board_mig=16,
            board_n=21,
            co_chapters="two",
            steering="Open City Steering Committee",
            steer_year=2024,
            n_partners=10,
            sign_date="15 November 2024",
            steer_mig="Two",
            year_part=2026,
            n_nat=47,
            ngo="the cooperative Casa delle Lingue",
            langs=11,
            n_orgs=31,
            n_events=14,
            synergy="safe evening transport for women",
            plan_when="2027",
        ),
        self=dict(
            date="2026-05-27",
            assessors=["Welfare and Inclusion department, City of Mirabrezza", "Casa delle Lingue cooperative"],
            ratings=dict(KF1="22221", KF2="222", KF3="221-", KF4="222211", KF5="2222-1", KF6="33332232", KF7="1110"),
        ),
        peer=dict(
            date="2026-09-09",
            ratings=dict(KF1="22211", KF2="221", KF3="2211", KF4="221111", KF5="221111", KF6="32322122", KF7="1000"),
        ),
    ),
    dict(
        slug="brumevaux",
        name="Brumevaux",
        country="Belgium",
        population=1_060_000,
        migrant_share=28.3,
        description="A metropolitan city with strong political backing for integration and an appointed migrant council.",
        reviewer="feldhaven",
        facts=dict(
            res="2024/203",
            strategy="Brumevaux City of All 2025–2031",
            deputy="Alderwoman for Equal Opportunities",
            lang="French",
            last_report="February 2026",
            other="the city's youth plan",
            n_services=4,
            guide_year=2019,
            n_goals=9,
            period="2025–2031",
            budget="EUR 11 million",
            board="Council of Residents of Foreign Origin",
            freq="twice a year",
            board_mig=18,
            board_n=24,
            co_chapters="two",
            steering="City of All Committee",
            steer_year=2025,
            n_partners=16,
            sign_date="5 May 2025",
            steer_mig="Two",
            year_part=2026,
            n_nat=52,
            ngo="Maison des Nouveaux Arrivants",
            langs=7,
            n_orgs=18,
            n_events=10,
            synergy="youth housing",
            plan_when="2027",
        ),
        self=dict(
            date="2026-04-29",
            assessors=["Equal Opportunities department, City of Brumevaux"],
            ratings=dict(KF1="33332", KF2="222", KF3="2221", KF4="333222", KF5="222211", KF6="21211010", KF7="1000"),
        ),
        peer=dict(
            date="2026-09-23",
            ratings=dict(KF1="33322", KF2="211", KF3="2211", KF4="210020", KF5="221110", KF6="21111000", KF7="1000"),
        ),
    ),
    dict(
        slug="port-lumiere",
        name="Port-Lumière",
        country="France",
        population=1_420_000,
        migrant_share=31.5,
        description="A large port metropolis where every city strategy is co-designed with residents.",
        reviewer="mirabrezza",
        facts=dict(
            res="2023/411",
            strategy="Port-Lumière Welcoming City Plan 2024–2030",
            deputy="Deputy Mayor for Citizenship",
            lang="French",
            last_report="July 2026",
            other="the Greener Port-Lumière climate plan",
            n_services=14,
            guide_year=2021,
            n_goals=10,
            period="2024–2030",
            budget="EUR 27 million",
            board="Migrant Citizens' Assembly",
            freq="every quarter",
            board_mig=30,
            board_n=40,
            co_chapters="four",
            steering="Welcoming City Council",
            steer_year=2023,
            n_partners=19,
            sign_date="11 December 2023",
            steer_mig="Three",
            year_part=2026,
            n_nat=71,
            ngo="the association Escale Solidaire",
            langs=12,
            n_orgs=46,
            n_events=24,
            synergy="shaded public spaces and cooler schools",
            plan_when="2027",
        ),
        self=dict(
            date="2026-06-10",
            assessors=[
                "Citizenship and Participation department, City of Port-Lumière",
                "Migrant Citizens' Assembly bureau",
            ],
            ratings=dict(KF1="33222", KF2="332", KF3="3222", KF4="222221", KF5="222211", KF6="22222121", KF7="3333"),
        ),
        peer=dict(
            date="2026-10-14",
            ratings=dict(KF1="32222", KF2="322", KF3="2221", KF4="222111", KF5="222111", KF6="2221--11", KF7="3332"),
        ),
    ),
]
BY_SLUG = {c["slug"]: c for c in CITIES}


def in_layout(ratings: dict[str, str], framework) -> dict[str, str]:
    """The 1.0 ratings above as the same city answers the items of ``framework`` (1.0: as they are).

    In 1.1, KF5.1 is two items: a steering body set up by the city (KF5.1a) and chaired by the Mayor or a deputy
    (KF5.1b). A city that had it "Partly in place" has the body, but not the chair (what its 1.0 evidence says).
    KF6.4-KF6.8 become KF6.9, the framework they are examples of: fully in place where all its examples were,
    not in place where none was, planned where nothing went beyond planned, and partly in place otherwise.
    KF7.3 and KF7.4 are no longer rated.
    """
    if "KF5.1" in framework.item_by_id:
        return ratings
    kf5, kf6 = ratings["KF5"], ratings["KF6"]
    split = {"3": "33", "2": "30", "1": "11", "0": "00", "n": "nn", "-": "--"}[kf5[0]]
    examples = [c for c in kf6[3:8] if c in "0123"]
    if not examples:
        frame = "-"
    elif all(c == "3" for c in examples):
        frame = "3"
    elif all(c == "0" for c in examples):
        frame = "0"
    elif all(c in "01" for c in examples):
        frame = "1"
    else:
        frame = "2"
    return {**ratings, "KF5": split + kf5[1:], "KF6": kf6[:3] + frame, "KF7": ratings["KF7"][:2]}


NOT_RELEVANT = {
    ("kestrelby", "KF6.2"): "No unaccompanied minors live in Kestrelby; the region places them in larger towns. "
    "Women are reached through the general outreach (KF6.1).",
    (
        "kestrelby",
        "KF6.6",
    ): "Not feasible here: the municipality's legal advice (2025) is that a payment would count as "
    "income for several participants; travel and childcare costs are covered instead.",
    (
        "grunwiese",
        "KF7.2",
    ): "This applies only where exchange with other co-design processes takes place; none does yet.",
    ("grunwiese", "KF7.3"): "As for KF7.2: there is no exchange yet, so nothing to communicate about it.",
}

# Unanswered items that still carry a note (value left empty on purpose).
OPEN_NOTES = {
    ("mirabrezza", "self", "KF3.4"): "To be checked with the finance department before the peer review.",
    ("mirabrezza", "self", "KF5.5"): "Unclear whether the regional school office has signed; asked in June 2026.",
    (
        "port-lumiere",
        "peer",
        "KF6.5",
    ): "The review visit fell in the school holidays; no participation event could be observed.",
    ("port-lumiere", "peer", "KF6.6"): "Not discussed during the visit.",
}

# Peer notes written by hand where the review team's view differs sharply from the city's own.
PEER_NOTES = {
    (
        "brumevaux",
        "KF4.1",
    ): "The Council of Residents of Foreign Origin met twice in 2026; both meetings were information "
    "sessions. Members told the team they cannot put items on the agenda.",
    (
        "brumevaux",
        "KF4.2",
    ): "The strategy was drafted by the administration; migrants commented on the final draft in one "
    "online survey (212 replies). The team saw no joint drafting; working groups are "
    "announced for the 2027 mid-term review.",
    ("brumevaux", "KF4.3"): "No monitoring report has gone to the council of residents so far.",
    ("brumevaux", "KF4.4"): "All 24 members are appointed by the Mayor's office; there is no open call and no check of "
    "representativeness.",
    (
        "brumevaux",
        "KF4.5",
    ): "The council exists by statute for an open-ended term, but its mandate is advisory only and it rarely meets.",
    ("brumevaux", "KF4.6"): "No training, data access or allowance for members.",
    ("kestrelby", "KF6.2"): "The team rated this as relevant: outreach to migrant women is part of this condition even "
    "where no unaccompanied minors live. One session for women took place in March 2026.",
}

ACTIONS = {
    ("grunwiese", "2025"): [
        dict(
            id="grunwiese-2025-a1",
            measure="Write a real integration strategy with goals, actions and a timeline",
            objective="Move from single projects to a strategy the council adopts.",
            section="KF3",
            responsible="Integration officer",
            partners="District welfare association",
            start="2025-06-01",
            end="2026-03-31",
            indicator="Strategy adopted by the council",
            priority="High",
            status="In progress",
        ),
    ],
    ("grunwiese", "2026"): [
        dict(
            id="grunwiese-2025-a1",
            measure="Write a real integration strategy with goals, actions and a timeline",
            objective="Move from single projects to a strategy the council adopts.",
            section="KF3",
            responsible="Integration officer",
            partners="District welfare association",
            start="2025-06-01",
            end="2026-03-31",
            indicator="Strategy adopted by the council",
            priority="High",
            status="Done",
        ),
        dict(
            id="grunwiese-2026-a2",
            measure="Give the Integration Round Table a statute and a budget",
            objective="Turn the round table into a standing channel that lasts for the strategy period.",
            section="KF4",
            responsible="First Deputy Mayor",
            resources="EUR 15,000 a year",
            start="2026-09-01",
            end="2027-06-30",
            indicator="Statute adopted; four meetings a year",
            priority="High",
            status="Not started",
        ),
        dict(
            id="grunwiese-2026-a3",
            measure="Provide childcare at all participation events",
            objective="Let parents, especially mothers, take part.",
            section="KF6",
            responsible="Integration officer",
            partners="Town family centre",
            priority="Medium",
            status="In progress",
        ),
    ],
    ("feldhaven", "2026"): [
        dict(
            id="feldhaven-2026-a1",
            measure="Joint workshop of the Migrant Council and the youth employment panel",
            objective="Start the exchange with co-designers in other policy areas and report it to the public.",
            section="KF7",
            responsible="Inclusion department",
            partners="Youth employment panel",
            start="2026-09-01",
            end="2026-12-15",
            indicator="Two joint workshops held and reported in the newsletter",
            priority="High",
            status="Not started",
        ),
        dict(
            id="feldhaven-2026-a2",
            measure="Publish the Mayor's guidelines for participatory meetings",
            objective="Make equalities principles binding for every participation event.",
            section="KF6",
            responsible="Mayor's office",
            priority="Medium",
            status="In progress",
        ),
    ],
    ("brindleport", "2026"): [
        dict(
            id="brindleport-2026-a1",
            measure="Paid places for migrant participants at co-design events",
            objective="Reach people who cannot give their time for free.",
            section="KF6",
            responsible="Community and Integration Unit",
            resources="EUR 30,000 a year",
            priority="Medium",
            status="Not started",
        ),
    ],
    ("torreluma", "2025"): [
        dict(
            id="torreluma-2025-a1",
            measure="Budget every measure of the plan with each delivery partner",
            objective="A plan where every action has money attached.",
            section="KF3",
            responsible="Office for Migration and Diversity",
            partners="All delivery partners",
            start="2025-06-01",
            end="2025-12-31",
            indicator="Budget annex signed by all partners",
            priority="High",
            status="In progress",
        ),
    ],
    ("torreluma", "2026"): [
        dict(
            id="torreluma-2025-a1",
            measure="Budget every measure of the plan with each delivery partner",
            objective="A plan where every action has money attached.",
            section="KF3",
            responsible="Office for Migration and Diversity",
            partners="All delivery partners",
            start="2025-06-01",
            end="2025-12-31",
            indicator="Budget annex signed by all partners",
            priority="High",
            status="Done",
        ),
        dict(
            id="torreluma-2026-a2",
            measure="Give the Migrant Associations Forum an oversight role in monitoring",
            objective="Migrants check delivery and test impact, not only advise.",
            section="KF4",
            responsible="Deputy Mayor for Social Rights",
            start="2026-10-01",
            end="2027-06-30",
            indicator="Forum opinion on the annual monitoring report",
            priority="High",
            status="Not started",
        ),
    ],
    ("mirabrezza", "2026"): [
        dict(
            id="mirabrezza-2026-a1",
            measure="Identify each delivery partner's budget for the strategy",
            objective="Close the open question on KF3.4 before the mid-term review.",
            section="KF3",
            responsible="Welfare and Inclusion department",
            priority="Medium",
            status="In progress",
        ),
    ],
    ("brumevaux", "2026"): [
        dict(
            id="brumevaux-2026-a1",
            measure="Link the integration strategy with the youth plan's co-design panel",
            objective="Show that co-design on integration belongs in mainstream city policy.",
            section="KF7",
            responsible="Equal Opportunities department",
            priority="Low",
            status="Not started",
        ),
    ],
}

TARGETS = {
    ("grunwiese", "2026"): {"KF4": 50, "KF7": 40},
    ("feldhaven", "2026"): {"KF6": 80, "KF7": 50},
    ("torreluma", "2026"): {"KF3": 90, "KF4": 60},
    ("mirabrezza", "2026"): {"KF6": 90},
    ("port-lumiere", "2026"): {"KF7": 90},
}

SELF_NOTES = {
    "grunwiese": "Second self-assessment, one year after the first (May 2025). The strategy was adopted in March 2026.",
    "torreluma": "Second self-assessment, one year after the first (May 2025). The plan now has a full budget annex.",
}


# ---------------------------------------------------------------------------------------------
# Respondents of one co-designed self-assessment: (id suffix, role, initials, ratings per key factor).
OFFICIALS, MIGRANTS = "City officials", "Migrant residents and their organisations"
NGOS, ELECTED = "NGOs and service providers", "Elected representatives"
PANELS = {
    ("torreluma", "2026"): [
        (
            "r01",
            OFFICIALS,
            "A.M.",
            dict(KF1="32222", KF2="221", KF3="3333", KF4="333322", KF5="222221", KF6="22211010", KF7="1100"),
        ),
        (
            "r02",
            OFFICIALS,
            "J.R.",
            dict(KF1="33222", KF2="222", KF3="3332", KF4="332322", KF5="222211", KF6="22221011", KF7="1100"),
        ),
        (
            "r03",
            OFFICIALS,
            "L.P.",
            dict(KF1="32221", KF2="221", KF3="3333", KF4="323332", KF5="322211", KF6="32211010", KF7="1000"),
        ),
        (
            "r04",
            OFFICIALS,
            "S.V.",
            dict(KF1="32222", KF2="211", KF3="3323", KF4="333222", KF5="222211", KF6="22211110", KF7="2100"),
        ),
        (
            "r05",
            MIGRANTS,
            "F.D.",
            dict(KF1="21111", KF2="211", KF3="3222", KF4="110100", KF5="211100", KF6="11110000", KF7="1000"),
        ),
        (
            "r06",
            MIGRANTS,
            "K.O.",
            dict(KF1="22111", KF2="210", KF3="2222", KF4="100110", KF5="211000", KF6="21100000", KF7="100-"),
        ),
        (
            "r07",
            MIGRANTS,
            "N.H.",
            dict(KF1="21121", KF2="111", KF3="3221", KF4="111000", KF5="21-110", KF6="11110100", KF7="0000"),
        ),
        (
            "r08",
            NGOS,
            "",
            dict(KF1="22221", KF2="221", KF3="3322", KF4="221110", KF5="222111", KF6="22211010", KF7="1000"),
        ),
        (
            "r09",
            NGOS,
            "",
            dict(KF1="22211", KF2="211", KF3="3222", KF4="211100", KF5="222211", KF6="21211010", KF7="1100"),
        ),
        (
            "r10",
            ELECTED,
            "",
            dict(KF1="33222", KF2="221", KF3="3333", KF4="322211", KF5="222211", KF6="22211010", KF7="1100"),
        ),
    ],
}
PANEL_DATES = {("torreluma", "2026"): ("2026-04-20T09:00:00+00:00", "2026-05-12T16:30:00+00:00")}

# What the migrant residents and the NGO workers wrote as evidence (external or lived experience);
# the officials' evidence is the city's own documents and practice (the item templates above).
LIVED = {
    ("r05", "KF4.1"): "The Forum meets every quarter, but the city sets the agenda. At the March meeting we could not "
    "raise the evictions in Barrio Norte.",
    ("r05", "KF4.2"): "We were invited to two workshops after the chapters were written. Our proposals on housing are "
    "not in the plan.",
    ("r05", "KF4.3"): "I have never seen the monitoring report, and nobody asked us how the services work for us.",
    ("r06", "KF4.1"): "Outside the Forum there is no way to raise a problem: the drop-in consultations were cancelled "
    "twice this year.",
    ("r06", "KF4.4"): "The Forum is mostly the long-established associations. Newly arrived people and residents "
    "without papers are not in it.",
    ("r06", "KF4.6"): "Members pay their own travel and lose a day's wages to attend; there is no childcare.",
    ("r07", "KF4.2"): "Our association sent written comments on the draft; we never heard what happened to them.",
    ("r07", "KF4.4"): "Women from our community cannot attend evening meetings; nobody checks who is missing.",
    ("r07", "KF4.5"): "The Forum's statute was renewed in 2025 for four years; that part works.",
    ("r07", "KF6.2"): "The session for women was held in Spanish only, at a time when most of us work.",
    ("r08", "KF4.1"): "From our casework: people bring problems to us because they do not know the Forum exists.",
    ("r08", "KF6.3"): "We spread the invitations through our WhatsApp groups in five languages; the city's own "
    "channels reach few of our users.",
    ("r09", "KF4.6"): "We pay interpreters out of our own budget so that our users can take part in the Forum.",
}
# The kind of the officials' evidence per key factor; the team's own evidence is tagged the same way.
OFFICIAL_KIND = {
    "KF1": "policy",
    "KF2": "practice",
    "KF3": "policy",
    "KF4": "policy",
    "KF5": "policy",
    "KF6": "practice",
    "KF7": "practice",
}

CONSENSUS = {
    ("torreluma", "2026"): [
        dict(
            item_id="KF4.1",
            value="partly",
            agreed_by=[
                "Office for Migration and Diversity",
                "Migrant Associations Forum delegates",
                "Fundación Puente Abierto",
            ],
            rationale="The Forum exists and meets every quarter (the officials' view), but its members cannot put "
            "items on the agenda (the migrant residents' view). Partly in place until the Forum sets its "
            "own agenda.",
        ),
        dict(
            item_id="KF4.2",
            value="planned",
            agreed_by=["Office for Migration and Diversity", "Migrant Associations Forum delegates"],
            rationale="Migrants commented on finished chapters; nobody wrote the strategy with them. Joint working "
            "groups are planned for the 2027 review, so the team agreed on Planned rather than Partly "
            "in place.",
        ),
        dict(
            item_id="KF4.4",
            value="partly",
            agreed_by=[
                "Office for Migration and Diversity",
                "Migrant Associations Forum delegates",
                "Fundación Puente Abierto",
                "Deputy Mayor for Social Rights",
            ],
            rationale="There is an open call for members (officials), but the largest communities dominate and "
            "recent arrivals and women are missing (migrant residents, NGOs). Checking the mix against "
            "census data goes into the action plan.",
        ),
    ],
}


def panel(city: dict, year: str, framework) -> dict:
    """The respondents, their answers and the agreed ratings of one co-designed self-assessment."""
    slug = city["slug"]
    created, decided = PANEL_DATES[(slug, year)]
    respondents, answers = [], {}
    for suffix, role, label, published in PANELS[(slug, year)]:
        ratings = in_layout(published, framework)
        rid = f"{slug}-{year}-{suffix}"
        respondents.append({"id": rid, "role": role, "label": label, "created_at": created})
        own = {}
        for section in framework.sections:
            codes = ratings[section.id]
            assert len(codes) == len(section.items), (rid, section.id)
            for item, code in zip(section.items, codes):
                if code == "-":
                    continue
                answer = {"value": VALUES[code]}
                lived = LIVED.get((suffix, item.id))
                if lived:
                    answer |= {"evidence": lived, "evidence_kind": "lived"}
                elif role in (OFFICIALS, ELECTED) and code in "23":
                    answer |= {
                        "evidence": evidence(item.id, code, city["facts"], peer=False),
                        "evidence_kind": OFFICIAL_KIND[section.id],
                    }
                own[item.id] = answer
        answers[rid] = own
    agreed = {c["item_id"]: {**c, "decided_at": decided} for c in CONSENSUS[(slug, year)]}
    return {
        "respondents": respondents,
        "respondent_answers": answers,
        "consensus": agreed,
        "min_group_size": 3,
        "revealed": True,
    }


def fill(text: str, facts: dict) -> str:
    return text.format(**facts)


def evidence(item_id: str, code: str, facts: dict, peer: bool) -> str:
    full, partly, noun = ITEMS[item_id]
    if code == "3":
        text = fill(full, facts)
    elif code == "2":
        text = fill(partly, facts)
    elif code == "1":
        text = f"Planned: {fill(noun, facts)}, in the work programme for {facts['plan_when']}."
    elif code == "0":
        return "Not found in documents or interviews during the review visit." if peer else ""
    else:
        return ""
    return f"Confirmed during the review visit. {text}" if peer and code == "3" else text


def answers_for(city: dict, kind: str, ratings: dict[str, str], framework, self_ratings=None, earlier=None) -> dict:
    ratings = in_layout(ratings, framework)
    self_ratings = None if self_ratings is None else in_layout(self_ratings, framework)
    earlier = None if earlier is None else in_layout(earlier, framework)
    out = {}
    facts = city["facts"]
    for section in framework.sections:
        codes = ratings[section.id]
        assert len(codes) == len(section.items), (city["slug"], section.id)
        for item, code in zip(section.items, codes):
            key = item.id
            note = ""
            if code == "-":
                note = OPEN_NOTES.get((city["slug"], kind, key), "")
                if note:
                    out[key] = {"notes": note}
                continue
            answer = {"value": VALUES[code]}
            if code == "n":
                answer["reason"] = NOT_RELEVANT[(city["slug"], key)]
            ev = evidence(key, code, facts, peer=(kind == "peer"))
            if ev:
                answer["evidence"] = ev
            if kind == "peer" and self_ratings is not None:
                own = self_ratings[section.id][list(section.items).index(item)]
                note = PEER_NOTES.get((city["slug"], key), "")
                if not note and own != code and own in "0123" and code in "0123":
                    if int(own) > int(code):
                        note = f'The city rated this "{LABELS[own]}"; the team found less in place than that.'
                    else:
                        note = f'The city rated this "{LABELS[own]}"; the team found more in place than that.'
            if earlier is not None:
                before = earlier[section.id][list(section.items).index(item)]
                if before != code and before in "0123" and code in "0123" and int(code) > int(before):
                    note = f'Up from "{LABELS[before]}" in the May 2025 self-assessment.'
            if note:
                answer["notes"] = note
            out[key] = answer
    return out


def build(framework) -> dict[str, dict]:
    files: dict[str, dict] = {}
    for city in CITIES:
        slug = city["slug"]
        subject = {k: city[k] for k in ("name", "country", "population", "migrant_share", "description")}
        subject = {"name": subject["name"], "kind": "city", **{k: v for k, v in subject.items() if k != "name"}}
        base = {
            "schema_version": 1,
            "framework": framework.id,
            "framework_version": framework.version,
            "subject": subject,
        }

        def self_doc(spec: dict, year: str, earlier=None) -> dict:
            notes = FICTION
            if earlier is not None:
                notes += " " + SELF_NOTES[slug]
            doc = {
                **base,
                "id": f"unites-{slug}-self-{year}",
                "assessment_type": "self",
                "assessors": spec["assessors"],
                "date": spec["date"],
                "answers": answers_for(city, "self", spec["ratings"], framework, earlier=earlier),
            }
            if (slug, year) in PANELS:
                for item_id, answer in doc["answers"].items():
                    if answer.get("evidence"):
                        answer["evidence_kind"] = OFFICIAL_KIND[item_id.split(".")[0]]
                for item_id, agreed in ((c["item_id"], c) for c in CONSENSUS[(slug, year)]):
                    assert doc["answers"][item_id]["value"] == agreed["value"], item_id  # the agreed rating is used
            if (slug, year) in TARGETS:
                doc["targets"] = TARGETS[(slug, year)]
            if (slug, year) in ACTIONS:
                doc["actions"] = ACTIONS[(slug, year)]
            doc["notes"] = notes
            if (slug, year) in PANELS:
                doc |= panel(city, year, framework)
            return doc

        if "self_2025" in city:
            files[f"{slug}-self-2025.json"] = self_doc(city["self_2025"], "2025")
            files[f"{slug}-self-2026.json"] = self_doc(city["self"], "2026", earlier=city["self_2025"]["ratings"])
        else:
            files[f"{slug}-self-2026.json"] = self_doc(city["self"], "2026")
        reviewer = BY_SLUG[city["reviewer"]]
        files[f"{slug}-peer-2026.json"] = {
            **base,
            "id": f"unites-{slug}-peer-2026",
            "assessment_type": "peer",
            "assessors": [
                f"Peer review team: officers from {reviewer['name']}",
                f"Member of the {reviewer['facts']['board']}, {reviewer['name']}",
            ],
            "reviewer_of": f"unites-{slug}-self-2026",
            "date": city["peer"]["date"],
            "answers": answers_for(
                city, "peer", city["peer"]["ratings"], framework, self_ratings=city["self"]["ratings"]
            ),
            "notes": f"{FICTION} Peer review by officers from {reviewer['name']} (also fictional), "
            f"based on documents and a two-day visit.",
        }
    return files


def main() -> int:
    framework = load_frameworks()["unites"]  # the newest version; build(framework.edition("1.0")) gives the 1.0 files
    for name, doc in build(framework).items():
        assessment = Assessment.model_validate(doc)
        problems = check_against(assessment, framework)
        if problems:
            raise SystemExit(f"{name}: {problems}")
        (HERE / name).write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
