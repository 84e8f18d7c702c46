"""Browser journeys: Playwright for Python driving Debian's Chromium against live_server."""
import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page, username: str, password: str) -> None:
    """Sign in through the form, as an officer does. Roles that need a second factor go on through
    it for real: the first time they enrol (the secret read off the page, the code computed as an
    authenticator app would), later they give a recovery code made for the test."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=main-nav], [data-testid=otp-secret], #id_token", state="attached")
    if page.locator("[data-testid=otp-secret]").count():
        page.fill("#id_token", totp_now(page.text_content("[data-testid=otp-secret]")))
        page.click("main button[type=submit]")  # (the bar's Log out button is a submit button too)
        page.click("[data-testid=otp-continue]")
    elif page.locator("#id_token").count():
        page.fill("#id_token", recovery_code_for(username))
        page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=main-nav]", state="attached")  # collapsed on a phone


def totp_now(secret_text: str) -> str:
    """The code an authenticator app shows now for the secret as the enrolment page prints it."""
    import base64

    from django_otp.oath import TOTP

    secret = "".join(secret_text.split())
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def recovery_code_for(username: str) -> str:
    """A fresh single-use recovery code for an enrolled user (the codes page showed theirs once)."""
    import secrets

    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_static.models import StaticDevice

    user = get_user_model().objects.get(username=username)
    device, _created = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    code = secrets.token_hex(4)
    device.token_set.create(token=code)
    return code


def logout(page) -> None:
    """Log out as an officer does: open the user menu (and, on a phone, the collapsed bar) first."""
    toggle = page.get_by_test_id("nav-toggle")
    if toggle.is_visible():
        toggle.click()
    page.get_by_test_id("user-menu-toggle").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/login/**")
