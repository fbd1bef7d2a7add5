"""Headless Chromium driven by Selenium (chromium and chromium-driver from Debian), with a screenshot
of every page a test visits saved under test-artifacts/console/."""

from __future__ import annotations

import itertools
import os
import re
import shutil
from pathlib import Path

import pytest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from e2e_helpers import REPO_ROOT

ARTIFACTS = REPO_ROOT / "test-artifacts" / "console"


def chromium_binaries() -> tuple[str | None, str | None]:
    return (shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver"))


def start_browser(client_ip: str | None = None, extra_arguments=()) -> webdriver.Chrome:
    browser, driver = chromium_binaries()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1000,900", "--no-first-run", "--password-store=basic", *extra_arguments):
        options.add_argument(argument)
    chrome = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    if client_ip:
        # The test server trusts 127.0.0.1 as a proxy: each test signs in from an address of its own.
        chrome.execute_cdp_cmd("Network.enable", {})
        chrome.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"X-Forwarded-For": client_ip}})
    return chrome


def pages_fixture(network: str):
    """A `pages` fixture: a fresh headless browser for each test of a module whose `server` fixture it
    uses, signing in from an address of `network` (three octets) that no other test of the module uses."""
    addresses = itertools.count(1)

    @pytest.fixture
    def pages(server, request):
        chrome = start_browser(client_ip=f"{network}.{next(addresses)}")
        try:
            yield Pages(chrome, f"http://localhost:{server.port}", request.node.name)
        finally:
            chrome.quit()

    return pages


class Pages:
    """Navigation helpers that screenshot each page as a test artifact."""

    def __init__(self, chrome: webdriver.Chrome, origin: str, test_name: str):
        self.chrome = chrome
        self.origin = origin
        self.prefix = re.sub(r"[^A-Za-z0-9_.-]", "_", test_name)
        self.count = 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def shot(self, label: str) -> Path:
        self.count += 1
        path = ARTIFACTS / f"{self.prefix}-{self.count:02d}-{label}.png"
        self.chrome.save_screenshot(str(path))
        return path

    def open(self, path: str, label: str):
        self.chrome.get(self.origin + path)
        self.shot(label)

    def fill(self, element_id: str, text: str):
        field = self.chrome.find_element(By.ID, element_id)
        field.clear()
        field.send_keys(text)

    def click(self, element_id: str, label: str):
        before = self.chrome.current_url
        self.chrome.find_element(By.ID, element_id).click()
        WebDriverWait(self.chrome, 10).until(
            lambda c: c.execute_script("return document.readyState") == "complete")
        self.shot(label)
        return before

    def text(self, element_id: str) -> str:
        return self.chrome.find_element(By.ID, element_id).text

    def has(self, element_id: str) -> bool:
        return bool(self.chrome.find_elements(By.ID, element_id))

    def path(self) -> str:
        return self.chrome.current_url.removeprefix(self.origin)
