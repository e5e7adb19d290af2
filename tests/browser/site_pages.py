"""Every page of the site, for the layout and accessibility tests: one newsroom, one list.

``build_site`` fills the database with the hand-worked ledger of
tests/reports_fixture.py (nine claims, three sources, every outcome), one
login per role and an identity for PINE, and returns the pages each role
visits. Both tests walk the same list at the same two widths, so a page added
here is checked for layout and for accessibility at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from sources import roles, services
from tests.browser.conftest import PASSWORD
from tests.factories import OutletFactory, UserFactory
from tests.origins_fixture import build_origins
from tests.reports_fixture import RYANGGANG, build_ledger

# The two widths the issue names: a laptop and a phone.
WIDTHS = {
    "1280": {"width": 1280, "height": 800},
    "390": {"width": 390, "height": 844},
}
# Logins by role; "reader" is a member of the public, not logged in.
LOGINS = {"admin": "ada", "editor": "edna", "checker": "felix", "reporter": "rita"}


@dataclass(frozen=True)
class Page:
    role: str
    name: str
    path: str
    status: int = 200
    # A CSS selector to wait for, for pages that draw themselves with script.
    ready: str | None = None


def build_site() -> list[Page]:
    """Fill the database and return every page to check, grouped by the role that opens it."""
    ledger = build_ledger()
    UserFactory(username="ada", password=PASSWORD, roles=[roles.ADMIN], is_staff=True)
    UserFactory(username="edna", password=PASSWORD, roles=[roles.EDITOR])
    UserFactory(username="felix", password=PASSWORD, roles=[roles.FACT_CHECKER])
    rita = ledger.users["rita"]
    rita.set_password(PASSWORD)
    rita.save()
    pine, birch = ledger.sources["PINE"], ledger.sources["BIRCH"]
    services.identity_update(
        source=pine,
        actor=rita,
        real_name="A trader from Hyesan",
        contact="Met at the market on Tuesdays",
        meeting_notes="Prefers to meet in person.",
    )
    # A past vetting of BIRCH, so its card shows the record as of each vetting.
    services.vetting_record(editor=ledger.users["ed"], source=birch)
    # Independent origins (issue 13): a network, a likely copy and a relay to review.
    origins = build_origins(
        source=services.source_create(codename="SPRUCE", descriptor=RYANGGANG),
        peer=services.source_create(codename="WILLOW", descriptor=RYANGGANG),
        outlet=ledger.outlets["daily-nk"],
        wire_outlet=OutletFactory(name="Northeast Wire", slug="northeast-wire"),
        editor=ledger.users["ed"],
        checker=ledger.users["ed"],
    )
    claims = ledger.claims
    article = claims["C1"].article
    link = claims["C5"].links.get()
    felix = UserFactory(username="felix", roles=[roles.FACT_CHECKER])  # made above
    services.claim_assign(
        claim=claims["C5"], assignee=felix, actor=ledger.users["ed"], reason="Knows the border"
    )
    drugs = ledger.topics["drugs"]
    descriptor = quote(RYANGGANG)
    editor = [
        ("home", "/"),
        ("vet-source", f"/vet/?source={pine.codename}&text=crystal+meth+prices"),
        ("vet-descriptor-topic", f"/vet/?descriptor={descriptor}&topic={drugs.pk}"),
        ("vet-unknown-descriptor", "/vet/?descriptor=a+cadre+in+Pyongyang"),
        ("vet-text-only", "/vet/?text=meth+sold+for+RMB"),
        ("story", "/stories/new/"),
        ("queue", "/queue/"),
        ("claim", f"/claims/{claims['C1'].pk}/"),
        ("claim-dependent-link", f"/claims/{claims['C5'].pk}/"),
        ("sources", "/sources/"),
        ("claim-origins", f"/claims/{origins.claim.pk}/"),
        ("networks", "/networks/"),
        ("network", f"/networks/{origins.network.pk}/"),
        ("source", f"/sources/{pine.pk}/"),
        ("article", f"/articles/{article.pk}/"),
        ("search", "/search/?q=meth"),
        ("reports", "/reports/"),
        *[
            (f"leaderboard-{by}", f"/reports/{by}/")
            for by in ("source", "descriptor", "region", "reporter", "outlet", "topic", "year")
        ],
        ("per-claim-report", "/reports/claim/"),
        ("calibration", "/reports/calibration/"),
        ("source-card", f"/reports/sources/{pine.pk}/"),
        ("source-card-topic", f"/reports/sources/{pine.pk}/?topic={drugs.slug}"),
        ("region-card", "/reports/region/group/?key=ryanggang"),
        ("descriptor-card", f"/reports/descriptor/group/?key={descriptor}"),
        # Issue 13: records as of a date, vettings, suggested networks.
        ("leaderboard-source-as-of", "/reports/source/?as_of=2017-04-30"),
        ("source-card-as-of", f"/reports/sources/{pine.pk}/?as_of=2017-04-30"),
        ("source-card-vettings", f"/reports/sources/{birch.pk}/"),
        ("per-claim-report-as-of", "/reports/claim/?as_of=2017-04-30"),
        ("queue-by-deadline", "/queue/?order=deadline"),
        ("suggested-networks", "/networks/suggested/"),
        ("exchange", "/exchange/"),
        ("jobs", "/jobs/"),
        ("burn", f"/security/sources/{birch.pk}/burn/"),
        ("identity-reveal-form", f"/security/sources/{pine.pk}/identity/"),
        ("public", "/public/"),
        ("public-descriptor", f"/public/descriptors/{descriptor}/"),
        ("public-region", "/public/regions/ryanggang/"),
        # Correcting the record (issue 16).
        ("claim-correct", f"/claims/{claims['C1'].pk}/correct/"),
        ("claim-retract", f"/claims/{claims['C1'].pk}/retract/"),
        ("link-edit", f"/links/{link.pk}/edit/"),
        ("evidence-edit", f"/evidence/{link.evidence_id}/edit/"),
        ("article-edit", f"/articles/{article.pk}/edit/"),
        ("article-citations", f"/articles/{article.pk}/citations/"),
        ("article-outside", "/articles/outside/"),
        ("source-new", "/sources/new/"),
        ("source-edit", f"/sources/{pine.pk}/edit/"),
        ("leaderboard-source-range", "/reports/source/?from=2016-01-01&to=2017-12-31"),
        ("source-card-range", f"/reports/sources/{pine.pk}/?from=2016-01-01"),
    ]
    pages = [Page("editor", name, path) for name, path in editor]
    pages += [
        Page("editor", "not-found", "/no-such-page/", status=404),
        Page("editor", "api-docs", "/api/docs/", ready=".opblock"),
        Page("admin", "access-log", "/security/access-log/"),
        Page("admin", "admin-index", "/admin/"),
        Page("checker", "claim-link-evidence", f"/claims/{claims['C5'].pk}/"),
        Page("checker", "claim-origins", f"/claims/{origins.claim.pk}/"),
        Page("checker", "network", f"/networks/{origins.network.pk}/"),
        Page("checker", "queue", "/queue/"),
        Page("checker", "queue-assigned-to-me", "/queue/?mine=on"),
        Page("checker", "home-assigned", "/"),
        Page("reporter", "identity-revealed", f"/security/sources/{pine.pk}/identity/"),
        Page("reporter", "home", "/"),
        Page("reader", "login", "/accounts/login/"),
        Page("reader", "public", "/public/"),
        Page("reader", "public-region", "/public/regions/ryanggang/"),
    ]
    return pages


def log_in_state(browser, base_url: str, role: str) -> dict | None:
    """Log ``role`` in once through the real form; return the cookies for new contexts."""
    if role == "reader":
        return None
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(LOGINS[role])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")
    state = context.storage_state()
    context.close()
    return state


def by_role(pages: list[Page]) -> dict[str, list[Page]]:
    grouped: dict[str, list[Page]] = {}
    for page in pages:
        grouped.setdefault(page.role, []).append(page)
    return grouped
