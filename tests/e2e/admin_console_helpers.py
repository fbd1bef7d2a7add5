"""Shared pieces of the administrator's console tests: an administrator (or a read-only one) signed in
to a headless browser, and the accessibility audit (axe-core through axe-selenium-python)."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

from browser_helpers import Pages
from console_helpers import console_user
from e2e_helpers import ACCOUNT_ID, ROOT_EMAIL, ROOT_PASSWORD

PASSWORD = "Correct-Horse-9-Battery"
ADMINISTRATOR = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def signed_in(pages: Pages, iam, policy_arn: str = ADMINISTRATOR, prefix: str = "admin") -> str:
    """A new user with `policy_arn` and a console password, signed in to `pages`' browser: its name."""
    name = console_user(iam, prefix, PASSWORD, policy_arn=policy_arn)
    pages.open("/console/signin", "sign-in")
    pages.fill("account", ACCOUNT_ID)
    pages.fill("username", name)
    pages.fill("password", PASSWORD)
    click(pages, "sign-in", "signed-in")
    assert pages.path() == "/console", pages.chrome.page_source[:2000]
    return name


def message(pages: Pages) -> str:
    found = pages.chrome.find_elements(By.ID, "message")
    return found[0].text if found else ""


def submit(pages: Pages, form_id: str, label: str, press: str | None = None, **fields):
    """Fills the named fields of a form (by name) and submits it (with the button of value `press`)."""
    form = pages.chrome.find_element(By.ID, form_id)
    for name, value in fields.items():
        field = form.find_element(By.NAME, name)
        if field.tag_name == "select":
            from selenium.webdriver.support.ui import Select
            Select(field).select_by_visible_text(value)
        else:
            field.clear()
            field.send_keys(value)
    button = form.find_element(By.CSS_SELECTOR, "button[type=submit]" + (f"[value={press}]" if press else ""))
    pages.chrome.execute_script("window.beforeSubmit = true")
    button.click()
    WebDriverWait(pages.chrome, 10).until(new_page_loaded)
    pages.shot(label)


def press(pages: Pages, element, label: str):
    """Clicks a link or button that leads to another page, and waits for that page."""
    pages.chrome.execute_script("window.beforeSubmit = true")
    element.click()
    WebDriverWait(pages.chrome, 10).until(new_page_loaded)
    pages.shot(label)


def click(pages: Pages, element_id: str, label: str):
    press(pages, pages.chrome.find_element(By.ID, element_id), label)


def new_page_loaded(chrome) -> bool:
    """The page the last form led to has loaded (the marker set on the old one is gone)."""
    try:
        return chrome.execute_script(
            "return window.beforeSubmit === undefined && document.readyState === 'complete'")
    except WebDriverException:  # asked while the old page goes away
        return False


def audit(pages: Pages) -> list[dict]:
    """axe-core's serious and critical violations on the page the browser shows."""
    from axe_selenium_python import Axe
    axe = Axe(pages.chrome)
    axe.inject()
    results = axe.run()
    assert results["passes"], "axe-core did not run"  # an audit that checked nothing would pass anything
    return [v for v in map(_without_newer_tokens, results["violations"]) if v.get("impact") in ("serious", "critical")
            and v["nodes"]]


# Autocomplete values of the current HTML standard that the axe-core bundled with axe-selenium-python (3.1)
# predates: `one-time-code` (code fields, which authenticator apps and password managers fill) and
# `username webauthn` (passkey autofill on the sign-in page).
NEWER_AUTOCOMPLETE = ('autocomplete="one-time-code"', 'autocomplete="username webauthn"')


def _without_newer_tokens(violation: dict) -> dict:
    """An autocomplete-valid violation without the nodes whose only fault is a token axe 3.1 does not know
    (any other autocomplete problem still counts)."""
    if violation.get("id") != "autocomplete-valid":
        return violation
    nodes = [n for n in violation["nodes"] if not any(token in n.get("html", "") for token in NEWER_AUTOCOMPLETE)]
    return {**violation, "nodes": nodes}


def audit_pages(pages: Pages, paths: list[str]) -> dict:
    """The serious and critical violations of each page in `paths`, by path; empty when there are none."""
    found = {}
    for path in paths:
        pages.open(path, "audit")
        violations = audit(pages)
        if violations:
            found[path] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    return found


def root_signs_in(pages: Pages, email: str = ROOT_EMAIL, password: str = ROOT_PASSWORD, label: str = "root"):
    """The root user signs in to `pages`' browser, skipping the offer to set up MFA."""
    pages.open("/console/signin", "sign-in")
    pages.fill("root-email", email)
    pages.fill("root-password", password)
    pages.click("root-sign-in", f"{label}-after-password")
    if pages.path() == "/console/enroll":
        pages.click("skip", f"{label}-skipped-enrollment")


def user_signs_in(pages: Pages, user: str, password: str, label: str = "after-password"):
    """An IAM user of the test account types its name and password on the sign-in page."""
    pages.open("/console/signin", "sign-in")
    pages.fill("account", ACCOUNT_ID)
    pages.fill("username", user)
    pages.fill("password", password)
    pages.click("sign-in", label)
