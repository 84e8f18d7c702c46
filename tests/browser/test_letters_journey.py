"""Letters to agencies in Chromium, with a real Celery worker drafting them.

The cyber crime team picks station A's call centres with the call-centre list's filters and asks
DoT for its licence answers; a real worker drafts the letter while the job page's progress bar
runs to its end. The team downloads the PDF, records the dispatch (number and a day-first date),
reads DoT's answer list (one row matches a call centre by its registration number, one matches
nothing), saves it and sees the agency's figures against the registry's.
"""
import pytest
from django.utils import timezone

from core.models import Job, JobStatus
from tests.factories import PASSWORD
from tests.registry.cc_helpers import register
from tests.verification.seeds import agencies_seed
from verification.models import Letter, Licence

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

JOB_TIMEOUT = 180_000  # ms: the machine is loaded and the worker draws a PDF


def _dot_answer_list(tmp_path, registration):
    path = tmp_path / "dot-osp.csv"
    path.write_text(
        "OSP registration number,Company,Address,Status,Valid till\n"
        f"{registration},Sigma Voice Pvt Ltd,Cyber City,Granted,31/12/2027\n"
        "OSP/GGN/2019/77,Phantom Tech Support,Sohna Road,Granted,31/12/2027\n",
        encoding="utf-8",
    )
    return path


def test_cyber_team_asks_dot_sends_the_letter_and_reconciles_its_answer(
    page, live_server, celery_worker_process, cyber, sho_a, sho_b, locality_a, locality_b, tmp_path
):
    agencies_seed()  # a transactional test flushes the seeded agencies
    sigma = register(sho_a, locality_a, "Sigma Voice", company_name="Sigma Voice Pvt Ltd",
                     company_registration="U74999HR2018PTC070001", address="Plot 5, Cyber City")
    delta = register(sho_a, locality_a, "Delta Dialers", company_name="Delta Dialers Pvt Ltd",
                     company_registration="U74999HR2020PTC090002", address="Plot 7, Cyber City")
    quiet = register(sho_a, locality_a, "Quiet Calls", address="Plot 6, Cyber City")
    register(sho_b, locality_b, "Bravo Outsider", address="Plot 9, Bravo Market")  # another station: not picked

    # 1. From the navigation to the request page; station A's call centres picked by the list's filter.
    login(page, cyber.username, PASSWORD)
    page.get_by_test_id("menu-verification").click()
    page.locator("[data-testid=main-nav]").get_by_role("link", name="Letters", exact=True).click()
    page.get_by_role("link", name="Letters to agencies for call centres").click()
    page.wait_for_selector("[data-testid=letter-pick]")
    page.select_option("[data-testid=letter-pick] #id_station", "alpha-station")
    page.locator("[data-testid=letter-pick]").get_by_role("button", name="Pick").click()
    page.wait_for_url("**station=alpha-station**")
    assert "3 call centres picked" in page.locator("[data-testid=letter-count]").inner_text()
    picked = page.locator("main").inner_text()
    assert "Sigma Voice" in picked and "Quiet Calls" in picked and "Bravo Outsider" not in picked
    form = page.locator("[data-testid=letter-request-form]")
    form.get_by_label("Department of Telecommunications (DoT), Haryana LSA").check()
    form.get_by_role("button", name="Draft the letters").click()

    # 2. The job page: the progress bar runs to its end (a real worker), then on to the register.
    page.wait_for_url("**/jobs/**")
    assert "The letters are being drafted." in page.locator("body").inner_text()
    page.wait_for_selector("[data-testid=job-progress][data-status=succeeded]", timeout=JOB_TIMEOUT)
    bar = page.locator("[data-testid=job-progress] [role=progressbar]")
    assert bar.get_attribute("aria-valuenow") == "100" and bar.inner_text().strip() == "100%"
    job = Job.objects.get(kind="letters")
    assert job.status == JobStatus.SUCCEEDED and job.progress == job.total, job.error
    page.locator("[data-testid=job-progress]").get_by_role("link", name="Continue").click()
    page.wait_for_selector("[data-testid=letter-list]")
    letter = Letter.objects.get()
    assert letter.agency.code == "DOT"
    row = page.locator(f"[data-testid=letter-list] tr[data-reference='{letter.reference}']")
    assert "Department of Telecommunications" in row.inner_text()
    assert row.locator("td").nth(4).inner_text().strip() == "3"  # call centres in the enclosure
    assert row.locator("[data-state]").get_attribute("data-state") == "drafted"

    # 3. DoT's letter and its PDF.
    row.get_by_role("link", name=letter.reference).click()
    page.wait_for_selector("[data-testid=letter-facts]")
    enclosures = page.locator("[data-testid=letter-enclosures]").inner_text()
    for cc in (sigma, delta, quiet):
        assert cc.name in enclosures
    assert "U74999HR2018PTC070001" in enclosures
    with page.expect_download() as download_info:
        page.locator("[data-testid=letter-pdf]").click()
    download = download_info.value
    assert download.suggested_filename == f"{letter.reference.replace('/', '-')}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # 4. Marked sent with a dispatch number and today's date, shown back day first. (The field is the
    #    browser's date picker; headless Chromium lays it out month first whatever the locale, so the
    #    date goes in through Playwright's fill, and the day-first reading is checked on the page.)
    today = timezone.localdate()  # the server's day (Asia/Kolkata), which may be ahead of the browser's
    step = page.locator("[data-testid=letter-step-sent]")
    step.locator("#id_sent-dispatch_number").fill("CC/DSP/2026/118")
    step.locator("#id_sent-sent_on").fill(today.isoformat())
    step.get_by_role("button", name="Save").click()
    page.wait_for_selector("[data-testid=letter-facts]")
    assert f"Letter {letter.reference}: saved." in page.locator("body").inner_text()
    facts = page.locator("[data-testid=letter-facts]").inner_text()
    assert f"{today:%d/%m/%Y} · dispatch no. CC/DSP/2026/118" in facts
    assert page.locator("h1 [data-state]").get_attribute("data-state") == "sent"
    assert page.locator("[data-testid=letter-step-sent]").count() == 0
    letter.refresh_from_db()
    assert (letter.state, letter.sent_on, letter.dispatch_number) == ("sent", today, "CC/DSP/2026/118")

    # 5. DoT's answer list: previewed (one matched, one unmatched), then saved.
    page.get_by_role("link", name="Import the agency's answer list").click()
    page.set_input_files("[data-testid=answers-upload] input[type=file]",
                         str(_dot_answer_list(tmp_path, sigma.company_registration)))
    page.get_by_role("button", name="Read the list").click()
    page.wait_for_selector("[data-testid=answers-preview]")
    preview = page.locator("[data-testid=answers-preview]")
    assert "Matched (1)" in preview.inner_text() and "Uncertain (0)" in preview.inner_text()
    assert "Unmatched (1)" in preview.inner_text()
    matched = page.locator("[data-testid=answers-matched] tbody tr")
    assert matched.count() == 1 and "Sigma Voice Pvt Ltd" in matched.inner_text()
    assert matched.get_by_role("link", name=f"#{sigma.pk}").count() == 1
    unmatched = page.locator("[data-testid=answers-unmatched] tbody tr")
    assert unmatched.count() == 1 and "Phantom Tech Support" in unmatched.inner_text()
    assert not Licence.objects.exists()  # a preview records nothing
    preview.get_by_role("button", name="Record the matched answers").click()
    page.wait_for_selector("[data-testid=answers-preview] h2")
    assert "1 licence answers recorded." in page.locator("body").inner_text()
    assert page.locator("h1 .badge", has_text="Saved").count() == 1
    assert "Recorded" in page.locator("[data-testid=answers-matched] tbody tr").inner_text()
    assert page.get_by_role("button", name="Record the matched answers").count() == 0
    licence = Licence.objects.get()
    assert (licence.call_centre_id, licence.status, licence.reference) == (sigma.pk, "held", letter.reference)

    # 6. The reconciliation: the agency's figures against the registry's.
    page.locator(".breadcrumb").get_by_role("link", name=letter.reference).click()
    page.locator("[data-testid=letter-reconciliation]").click()
    page.wait_for_selector("[data-testid=reconciliation-summary]")
    assert page.locator("h1").inner_text().strip() == "DoT reconciliation: OSP registrations granted"
    assert page.locator("[data-testid=reconciliation-summary]").inner_text().strip() == (
        "The answer lists 2 entries, of which 2 were granted: 1 to call centres on the registry and 1 to "
        "operators the registry does not know."
    )
    unknown = page.locator("[data-testid=reconciliation-unknown] tbody tr")
    assert unknown.count() == 1 and "OSP/GGN/2019/77" in unknown.inner_text()
    known = page.locator("[data-testid=reconciliation-known] tbody tr")
    assert known.count() == 1 and "U74999HR2018PTC070001" in known.inner_text()
    not_named = page.locator("[data-testid=reconciliation-not-named] li")
    assert sorted(not_named.all_inner_texts()) == ["Delta Dialers · Delta Dialers Pvt Ltd", "Quiet Calls"]
    for heading in ("Granted to operators the registry does not know (1)", "Granted to call centres on the registry (1)",
                    "Enclosed call centres the answer does not name (2)"):
        assert page.get_by_role("heading", name=heading).count() == 1, heading
