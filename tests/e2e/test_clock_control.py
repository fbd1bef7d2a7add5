"""POST /_rampart/clock (tests only) refuses offsets the server's date arithmetic cannot carry: an
offset of 1e300 seconds was once accepted, and the next sign-in trapped and ended the process."""

import pytest
import requests

from console_helpers import ConsoleClient
from e2e_helpers import ROOT_EMAIL, ROOT_PASSWORD


@pytest.mark.parametrize("offset", [1e300, -1e300, 1e10, -1e10])
def test_absurd_clock_offset_is_refused_and_the_server_keeps_serving(endpoint, clock, offset):
    resp = requests.post(endpoint + "/_rampart/clock", json={"offset_seconds": offset}, timeout=10)
    assert resp.status_code == 400, resp.text
    reply = ConsoleClient(endpoint).sign_in_root(ROOT_EMAIL, ROOT_PASSWORD)
    assert reply.status < 500, reply
    assert requests.get(endpoint + "/healthz", timeout=10).status_code == 200


def test_a_century_of_offset_is_still_accepted(clock):
    clock.set(99 * 365 * 86_400)
    clock.set(-99 * 365 * 86_400)
