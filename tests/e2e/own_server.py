"""A server of a test module's own (`rampart init` with the suite's fixed account and keys, then
`serve` with the options the module tests), and boto3 clients for it."""

from __future__ import annotations

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, REGION, ROOT_KEY_ID, ROOT_SECRET, RampartServer, make_session,
    run_rampart,
)


def start_own_server(tmp_path_factory, name: str, extra_args=(), allow_clock_control=False) -> RampartServer:
    base = tmp_path_factory.mktemp(name)
    run_rampart("init", "--data", base / "data", "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET, "--root-access-key-id", ROOT_KEY_ID,
                "--root-secret-access-key", ROOT_SECRET, "--root-password", "Bootstrap-Root-Passw0rd!")
    return RampartServer(base / "data", base / "server.log", allow_clock_control=allow_clock_control,
                         extra_args=list(extra_args)).start()


def own_client(server, service, session=None, config=None):
    """A client of `server`, as the admin unless another session is given."""
    session = session or make_session(ADMIN_KEY_ID, ADMIN_SECRET)
    return session.client(service, endpoint_url=server.endpoint, region_name=REGION, config=config)
