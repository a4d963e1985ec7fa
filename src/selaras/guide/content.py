"""The user guide's content, in one place: a help entry per main page (keyed by URL name) and a guide per role.

Texts are English msgids marked with `gettext_noop` and translated when shown (Indonesian in
locale/translations/guide.id.json). A step names the page it happens on (a URL name), what the user acts on by its
visible text (the same msgid the page itself uses, so the guide shows exactly what the page shows) and a
screenshot. tests/browser/test_user_guide.py follows every step literally and writes the screenshots, so a renamed
button or a moved page fails the test instead of leaving the guide wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext

# `_` marks msgids for makemessages without translating them here (xgettext knows `_`, not an alias like `N_`);
# they are translated when shown, in the language of the request.
from django.utils.translation import gettext_noop as _


class Typed(str):
    """Text as it stands in a file or is typed by the user (a column title, a value): never translated."""

    __slots__ = ()


Text = str | tuple[str, ...]  # a msgid, or parts shown joined by ": " (how a select labels a meaning)


def text_render(text: Text) -> str:
    """The text in the active language; a Typed text as it is."""
    if isinstance(text, tuple):
        return ": ".join(text_render(part) for part in text)
    return str(text) if isinstance(text, Typed) or not text else gettext(text)


# --- help panel per page ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Help:
    purpose: str
    steps: tuple[str, ...]
    next: str


HELP: dict[str, Help] = {
    "web:dashboard": Help(
        _(
            "The province at a glance: regions, village internet against the target, reminders and what your "
            "government owes from the meetings."
        ),
        (
            _("Read the cards at the top for the totals."),
            _("Open a regency or city in the table for its page."),
            _("Follow a reminder to the agreement or meeting it is about."),
        ),
        _(
            "Every figure here comes from the other pages: connectivity surveys, plans, agreements and meetings."
        ),
    ),
    "regions:detail": Help(
        _("One region: its map, its official code and the regions inside it, after the Kepmendagri list."),
        (
            _("Click a region on the map or in the list to go one level down."),
            _("Use the breadcrumbs at the top to go back up."),
        ),
        _("Plans, surveys and agreements all use these official codes."),
    ),
    "regions:search": Help(
        _("Find a region by name or code, even with a typing mistake."),
        (_("Type part of a name or a code and press Search."), _("Open a result for its page.")),
        _("The region page links to its plans and village connectivity."),
    ),
    "planning:list": Help(
        _("The five-year plans (RPJMD and Renstra) of each region for communication and informatics."),
        (
            _("Open a plan to see its programmes, indicators and budget."),
            _("Operators start a new plan period with New plan period."),
            _("Province administrators can import the province's workbook."),
        ),
        _("Submitted and approved plans are compared in Synchronization."),
    ),
    "planning:detail": Help(
        _("One plan: its rows of programmes, activities and indicators with targets and budget per year."),
        (
            _("Edit rows in the grid or import a filled template."),
            _("Submit the plan when it is complete; the province approves or returns it."),
        ),
        _("An approved plan feeds the synchronization, the dashboard targets and the open data."),
    ),
    "planning:import": Help(
        _("Fill a plan from a spreadsheet: the Selaras template or an official RPJMD or Renstra table."),
        (
            _("Download the template if you have none."),
            _("Upload the file; Selaras lists every problem with sheet, row and column."),
            _("Check the preview, then save."),
        ),
        _("The rows land in the plan's grid, still a draft until you submit it."),
    ),
    "planning:province_import": Help(
        _(
            "Load the workbook the province collects before the Rakorda: plans of every regency and city at once."
        ),
        (_("Upload the workbook."), _("Read the problems and warnings, then confirm.")),
        _("Each region's plan appears in the plans list."),
    ),
    "sync:report": Help(
        _(
            "Synchronization compares the plans of the province and its regencies and cities: which programmes "
            "support each other, which overlap, which are missing."
        ),
        (
            _("Province administrators run the analysis."),
            _("Each region answers the proposals that concern it."),
            _("Print or export the report for the Rakorda."),
        ),
        _("Agreed proposals can become a cooperation agreement (PKS) and go to the Rakorda agenda."),
    ),
    "sync:region": Help(
        _("The synchronization proposals that concern one region."),
        (_("Read each proposal."), _("Accept or reject it, with a reason.")),
        _("Accepted proposals can open a draft cooperation agreement."),
    ),
    "agreements:list": Help(
        _("The cooperation agreements (PKS) your government is a party to, and their reminders."),
        (
            _("Open an agreement for its parties, obligations and documents."),
            _("The monitoring page shows the obligations that are late."),
        ),
        _("Obligations of signed agreements appear on the dashboard and in the open data."),
    ),
    "agreements:detail": Help(
        _("One agreement: parties, period, obligations and the signed document."),
        (
            _("Record progress on each obligation."),
            _("Upload the signed document when the agreement is signed."),
        ),
        _("Late obligations show as reminders to the parties."),
    ),
    "agreements:monitoring": Help(
        _("Every obligation of the agreements you see, with its state and due date."),
        (_("Filter by state."), _("Open an obligation to record progress.")),
        _("The same states show on each agreement's page."),
    ),
    "connectivity:home": Help(
        _("Village internet progress per regency and year, against the target."),
        (
            _("Read each regency's row: desa with a live public access point and the target."),
            _("Open the map or a village for details."),
            _("Import a survey to bring the records up to date."),
        ),
        _("These figures feed the dashboard, the rollout planner and the open data."),
    ),
    "connectivity:map": Help(
        _("Every village on a map, coloured by its connectivity; it works offline."),
        (_("Filter by status or technology."), _("Click a village to open its page.")),
        _("The village page holds the records behind each colour."),
    ),
    "connectivity:village": Help(
        _("One village: its signal observations and public access points, with their history."),
        (_("Record a signal observation or an access point."), _("Change an access point's status.")),
        _("Progress, the map and the rollout planner read these records."),
    ),
    "connectivity:imports": Help(
        _("Import a village survey from a spreadsheet; the names are matched to official village codes."),
        (
            _("Choose the region and the survey file."),
            _("Press Check and match."),
            _("Decide the unclear names, then save the whole import."),
        ),
        _("Saved rows update the villages' records, the progress table and the map."),
    ),
    "connectivity:import_detail": Help(
        _("One survey import: the columns, the meanings of the values and every name to decide."),
        (
            _("Say what unrecognized columns and values hold, then Apply and continue."),
            _("Choose a village for each unclear row, or skip it."),
            _("Save the whole import."),
        ),
        _("After saving, the progress table and the village pages show the survey."),
    ),
    "rollout:list": Help(
        _("The rollout planner: which unconnected desa gets which technology in which year, within budget."),
        (
            _("Check the input layers: fiber nodes, facilities, grid electricity, service tiers."),
            _("Create a scenario, then solve it."),
            _("Compare solved scenarios and adopt one."),
        ),
        _("Plans and the Rakorda build on the adopted scenario."),
    ),
    "rollout:detail": Help(
        _("One scenario: its budgets, its answer per village and year, and the map."),
        (_("Set the budget per payer and year."), _("Solve, then read the result and its bound.")),
        _("Export the result or adopt the scenario."),
    ),
    "rollout:compare": Help(
        _("Solved scenarios side by side: villages connected, cost and people reached."),
        (_("Read the differences row by row."), _("Export the comparison for discussion.")),
        _("Adopt the scenario chosen on its own page."),
    ),
    "rollout:catalogue": Help(
        _("The service tiers and power options the planner may choose, with their costs."),
        (_("Check the costs per tier and power option."), _("Change them and save.")),
        _("Scenarios solved after a change use the new costs."),
    ),
    "meetings:list": Help(
        _("The coordination meetings (Rakorda) and what each government owes from them."),
        (_("Record a meeting."), _("Open a meeting for its agenda, decisions and documents.")),
        _("Follow-ups of decisions show on the dashboard until they are done."),
    ),
    "meetings:detail": Help(
        _("One meeting: participants, agenda, decisions, follow-ups and the minutes (berita acara)."),
        (
            _("Add participants and agenda items."),
            _("Record decisions and their follow-ups."),
            _("Print the minutes and attendance list, then upload the signed copy."),
        ),
        _("Follow-ups remind the responsible government until confirmed."),
    ),
    "opendata:manage": Help(
        _("Choose which datasets anyone may download without signing in."),
        (_("Publish a dataset, or withdraw it."), _("Set the publisher and licence.")),
        _("Published datasets appear on the public pages and in the catalogue."),
    ),
    "jobs:detail": Help(
        _("Work running in the background, such as matching a large survey."),
        (_("Wait: the page refreshes itself."), _("Follow the link to the result when it is done.")),
        _("The result opens on its own page."),
    ),
    "guide:index": Help(
        _("The user guide: one printable guide per role."),
        (_("Open the guide of your role."), _("Print it, or save it as PDF from the browser.")),
        _("Every page also has a help panel like this one."),
    ),
    "guide:role": Help(
        _("The guide of one role: chapters of steps, with pictures of the pages."),
        (
            _("Follow the steps in order; the words in bold are what the page shows."),
            _("Print it, or save it as PDF from the browser."),
        ),
        _("Every page also has a help panel like this one."),
    ),
}


def help_for(view_name: str) -> Help | None:
    return HELP.get(view_name)


# --- guides per role -------------------------------------------------------------------------------------------

Action = Literal["open", "menu", "link", "button", "fill", "file", "choose", "see"]


@dataclass(frozen=True)
class Step:
    """One thing the user does. `text` may name `{target}` and `{value}`, shown in the active language.

    action: open (go to `page`), menu (a main-menu link), link, button, fill/file/choose (the field labelled
    `target` gets `value`: typed text, a file from tests/fixtures, an option), see (`target` shows on the page).
    `page` is the URL name of the page the step happens on."""

    text: str
    page: str
    action: Action
    target: Text
    value: Text = ""
    screenshot: str = ""


@dataclass(frozen=True)
class Chapter:
    slug: str
    title: str
    intro: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class RoleGuide:
    slug: str
    role: str  # accounts.models.Role value
    title: str
    intro: str
    chapters: tuple[Chapter, ...]


SIGN_IN = Chapter(
    "masuk",
    _("Signing in"),
    _("Selaras opens in Indonesian; EN at the top right switches to English."),
    (
        Step(
            _("Open Selaras in the browser; the sign-in page shows."), "accounts:login", "open", _("Sign in")
        ),
        Step(
            _("Type your user name in {target}."),
            "accounts:login",
            "fill",
            _("Username"),
            Typed("{username}"),
        ),
        Step(
            _("Type your password in {target}."), "accounts:login", "fill", _("Password"), Typed("{password}")
        ),
        Step(_("Press {target}."), "accounts:login", "button", _("Sign in"), screenshot="masuk"),
        Step(
            _("The dashboard opens, with {target} for your province."),
            "web:dashboard",
            "see",
            _("Village internet"),
            screenshot="dasbor",
        ),
    ),
)

PLANS = Chapter(
    "rencana",
    _("Finding the plans"),
    _("The five-year plans of each region, with their state."),
    (
        Step(_("Click {target} in the main menu."), "web:dashboard", "menu", _("Plans")),
        Step(
            _(
                "The list shows each region's plans under {target}; open one for its programmes, indicators and "
                "budget."
            ),
            "planning:list",
            "see",
            _("Plan"),
            screenshot="rencana",
        ),
    ),
)

SYNC = Chapter(
    "sinkronisasi",
    _("Reading the synchronization report"),
    _("How the plans of the province and its regencies and cities fit together."),
    (
        Step(_("Click {target} in the main menu."), "web:dashboard", "menu", _("Synchronization")),
        Step(
            _("The report opens; {target} gives a version to print for the Rakorda."),
            "sync:report",
            "link",
            _("Printable page"),
            screenshot="sinkronisasi",
        ),
        Step(_("The printable report opens."), "sync:print", "see", _("Synchronization report")),
    ),
)

AGREEMENTS = Chapter(
    "pks",
    _("Following the cooperation agreements"),
    _("The agreements (PKS) your government is a party to."),
    (
        Step(_("Click {target} in the main menu."), "web:dashboard", "menu", _("Agreements")),
        Step(
            _("The list shows each agreement with its {target}; open one for its obligations."),
            "agreements:list",
            "see",
            _("Parties"),
            screenshot="pks",
        ),
    ),
)

CONNECTIVITY_MAP = Chapter(
    "peta",
    _("Village internet on the map"),
    _("Progress per regency, the map and each village's records."),
    (
        Step(_("Click {target} in the main menu."), "web:dashboard", "menu", _("Connectivity")),
        Step(
            _("The progress table opens; click {target}."),
            "connectivity:home",
            "link",
            _("Map"),
            screenshot="progres",
        ),
        Step(
            _("The map shows every village; click one to open its page."),
            "connectivity:map",
            "see",
            _("Map"),
            screenshot="peta",
        ),
    ),
)

SURVEY_IMPORT = Chapter(
    "impor-survei",
    _("Importing a village survey"),
    _(
        "A survey from your office's spreadsheet (xlsx, xls, ods or csv) brings every village's signal and "
        "access points up to date. Nothing is saved until you save the whole import."
    ),
    (
        Step(_("Click {target} in the main menu."), "web:dashboard", "menu", _("Connectivity")),
        Step(_("Click {target}."), "connectivity:home", "link", _("Survey import")),
        Step(
            _("At {target}, choose the survey file on your computer."),
            "connectivity:imports",
            "file",
            _("Survey file (xlsx, xls, ods or csv)"),
            Typed("survei-sinyal-paser.ods"),
            screenshot="unggah",
        ),
        Step(
            _("Press {target}. Selaras reads the file and matches the village names."),
            "connectivity:imports",
            "button",
            _("Check and match"),
        ),
        Step(
            _("If Selaras does not recognize a column, choose what it holds: for {target} choose {value}."),
            "connectivity:import_detail",
            "choose",
            Typed("Status Sinyal"),
            _("Signal"),
            screenshot="kolom",
        ),
        Step(_("Press {target}."), "connectivity:import_detail", "button", _("Apply and continue")),
        Step(
            _("Then choose what each unknown value means: for {target} choose {value}."),
            "connectivity:import_detail",
            "choose",
            Typed("Sinyal lemah"),
            (_("Signal"), Typed("3G")),
            screenshot="nilai",
        ),
        Step(_("Press {target} again."), "connectivity:import_detail", "button", _("Apply and continue")),
        Step(
            _(
                "Under {target}, choose the right village for every unclear name (Use this village) or skip the "
                "row (Skip row)."
            ),
            "connectivity:import_detail",
            "see",
            _("Rows to decide"),
            screenshot="putuskan",
        ),
        Step(
            _("Press {target}. A message confirms how many rows were saved."),
            "connectivity:import_detail",
            "button",
            _("Save the whole import"),
            screenshot="simpan",
        ),
        Step(
            _("The data goes next to the progress table: click {target} to see it."),
            "connectivity:import_detail",
            "link",
            _("Survey import"),
        ),
        Step(
            _("Your import is listed under {target}; the progress table and the map already show it."),
            "connectivity:imports",
            "see",
            _("Imports"),
            screenshot="daftar-impor",
        ),
    ),
)

ROLLOUT = Chapter(
    "rollout",
    _("Planning the rollout"),
    _("Scenarios of which desa to connect, with which technology, in which year."),
    (
        Step(_("Click {target} in the main menu."), "web:dashboard", "menu", _("Rollout")),
        Step(
            _("The scenarios are listed; click {target} to check the costs the planner uses."),
            "rollout:list",
            "link",
            _("Service tiers and power options"),
            screenshot="rollout",
        ),
        Step(
            _("The catalogue of service tiers and power options opens."),
            "rollout:catalogue",
            "see",
            _("Service tiers and power options"),
            screenshot="katalog",
        ),
    ),
)

MEETINGS = Chapter(
    "rakorda",
    _("Preparing the Rakorda"),
    _("Coordination meetings, their decisions and what each government owes from them."),
    (
        Step(_("Click {target} in the main menu."), "web:dashboard", "menu", _("Meetings")),
        Step(
            _("The meetings are listed; {target} records a new one."),
            "meetings:list",
            "see",
            _("Record a meeting"),
            screenshot="rakorda",
        ),
    ),
)

REGIONS = Chapter(
    "wilayah",
    _("The province and its regions"),
    _("Official regions and codes, with their maps."),
    (
        Step(_("Click {target} in the main menu."), "web:dashboard", "menu", _("Regions")),
        Step(
            _("The province page shows its map and its regencies and cities."),
            "regions:detail",
            "see",
            _("Regencies and cities"),
            screenshot="wilayah",
        ),
    ),
)

GUIDES: dict[str, RoleGuide] = {
    g.slug: g
    for g in (
        RoleGuide(
            "operator-kabkota",
            "regency_operator",
            _("Guide for regency/city operators"),
            _("You keep your regency's or city's data: village surveys, plans and answers to the province."),
            (SIGN_IN, SURVEY_IMPORT, PLANS, SYNC),
        ),
        RoleGuide(
            "pemantau-kabkota",
            "regency_viewer",
            _("Guide for regency/city viewers"),
            _("You read your regency's or city's data and the province's shared pages; you change nothing."),
            (SIGN_IN, CONNECTIVITY_MAP, PLANS, AGREEMENTS),
        ),
        RoleGuide(
            "admin-provinsi",
            "province_admin",
            _("Guide for provincial administrators"),
            _("You run the province's work: synchronization, the rollout planner, the Rakorda and accounts."),
            (SIGN_IN, REGIONS, SYNC, ROLLOUT, MEETINGS),
        ),
        RoleGuide(
            "pemantau-provinsi",
            "province_viewer",
            _("Guide for provincial viewers"),
            _("You read the whole province's data; you change nothing."),
            (SIGN_IN, REGIONS, CONNECTIVITY_MAP, PLANS, AGREEMENTS),
        ),
    )
}


def guide_get(slug: str) -> RoleGuide | None:
    return GUIDES.get(slug)


def msgids() -> list[str]:
    """Every msgid of the guide (for the translation check); Typed texts are not msgids."""
    found: list[str] = []

    def add(text: Text) -> None:
        for part in text if isinstance(text, tuple) else (text,):
            if part and not isinstance(part, Typed):
                found.append(part)

    for entry in HELP.values():
        for text in (entry.purpose, *entry.steps, entry.next):
            add(text)
    for guide in GUIDES.values():
        add(guide.title)
        add(guide.intro)
        for chapter in guide.chapters:
            add(chapter.title)
            add(chapter.intro)
            for step in chapter.steps:
                add(step.text)
                add(step.target)
                add(step.value)
    return found
