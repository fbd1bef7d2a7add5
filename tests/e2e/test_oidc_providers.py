"""OpenID Connect providers: CreateOpenIDConnectProvider GetOpenIDConnectProvider ListOpenIDConnectProviders
DeleteOpenIDConnectProvider AddClientIDToOpenIDConnectProvider RemoveClientIDFromOpenIDConnectProvider
UpdateOpenIDConnectProviderThumbprint TagOpenIDConnectProvider UntagOpenIDConnectProvider
ListOpenIDConnectProviderTags.

Messages as AWS answers them (recorded against AWS in localstack's test_iam_oidc.snapshot.json, 2026-02):
the two NoSuchEntity wordings (Get's and Delete's differ), "Thumbprint list must contain fewer than 5
entries." for six thumbprints, the tag limit's own message."""

from __future__ import annotations

from e2e_helpers import ACCOUNT_ID, aws_error, unique

THUMB = "a" * 40


def provider_arn(host_and_path: str) -> str:
    return f"arn:aws:iam::{ACCOUNT_ID}:oidc-provider/{host_and_path}"


def new_url(suffix: str = "") -> str:
    return f"https://{unique('oidc')}.example.com{suffix}"


def test_create_get_list_delete(iam):
    url = new_url("/id/ABC123")
    host = url.removeprefix("https://")
    created = iam.create_open_id_connect_provider(Url=url, ClientIDList=["sts.amazonaws.com", "sts.amazonaws.com"],
                                                  ThumbprintList=[THUMB])
    arn = created["OpenIDConnectProviderArn"]
    assert arn == provider_arn(host)
    assert "Tags" not in created
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert got["Url"] == host  # AWS answers the URL without its scheme
    assert got["ClientIDList"] == ["sts.amazonaws.com"]
    assert got["ThumbprintList"] == [THUMB]
    assert got["Tags"] == []
    assert "CreateDate" in got
    assert arn in [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    with aws_error("NoSuchEntity", 404, f"OpenIDConnect Provider not found for arn {arn}"):
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    with aws_error("NoSuchEntity", 404, f"OpenId connect Provider {arn} cannot be found."):
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert arn not in [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]


def test_thumbprints_and_client_ids_are_optional(iam):
    url = new_url()
    arn = iam.create_open_id_connect_provider(Url=url)["OpenIDConnectProviderArn"]
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert got["ClientIDList"] == [] and got["ThumbprintList"] == []


def test_url_must_be_https_without_query(iam):
    for url in ("example.org", "http://example.org", "https://", "https:///path", "https://a.example.com/?x=1",
                "https://a.example.com/#frag", "https://a b.example.com"):
        with aws_error("ValidationError", 400, "Invalid Open ID Connect Provider URL"):
            iam.create_open_id_connect_provider(Url=url, ThumbprintList=[THUMB])
    with aws_error("ValidationError", 400) as err:
        iam.create_open_id_connect_provider(Url="https://" + "b" * 248)
    assert "Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255" in err.message
    # A port is part of the issuer (a loopback test issuer has one).
    port_url = new_url().replace(".example.com", ".example.com:8443")
    arn = iam.create_open_id_connect_provider(Url=port_url)["OpenIDConnectProviderArn"]
    assert arn == provider_arn(port_url.removeprefix("https://"))


def test_duplicate_url(iam):
    url = new_url()
    iam.create_open_id_connect_provider(Url=url, ThumbprintList=[THUMB])
    with aws_error("EntityAlreadyExists", 409, f"Provider with url {url} already exists."):
        iam.create_open_id_connect_provider(Url=url, ThumbprintList=[THUMB])
    # A trailing slash names the same issuer.
    with aws_error("EntityAlreadyExists", 409):
        iam.create_open_id_connect_provider(Url=url + "/")


def test_thumbprint_limits(iam):
    five = [c * 40 for c in "abcde"]
    arn = iam.create_open_id_connect_provider(Url=new_url(), ThumbprintList=five)["OpenIDConnectProviderArn"]
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)["ThumbprintList"] == five
    with aws_error("InvalidInput", 400, "Thumbprint list must contain fewer than 5 entries."):
        iam.create_open_id_connect_provider(Url=new_url(), ThumbprintList=five + ["f" * 40])
    with aws_error("InvalidInput", 400, "Thumbprint list must contain fewer than 5 entries."):
        iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn, ThumbprintList=five + ["f" * 40])
    with aws_error("InvalidInput", 400):
        iam.create_open_id_connect_provider(Url=new_url(), ThumbprintList=["g" * 40])
    with aws_error("ValidationError", 400) as err:
        iam.create_open_id_connect_provider(Url=new_url(), ThumbprintList=["b" * 41], ClientIDList=["c" * 256])
    assert err.message.startswith("2 validation errors detected: ")
    assert "Value at 'thumbprintList' failed to satisfy constraint" in err.message
    assert "Value at 'clientIDList' failed to satisfy constraint" in err.message
    with aws_error("ValidationError", 400):
        iam.create_open_id_connect_provider(Url=new_url(), ThumbprintList=["b" * 39])
    iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn, ThumbprintList=["C" * 40, "d" * 40])
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)["ThumbprintList"] == ["C" * 40, "d" * 40]


def test_client_id_limits(iam):
    hundred = [f"client-{i}" for i in range(100)]
    arn = iam.create_open_id_connect_provider(Url=new_url(), ClientIDList=hundred)["OpenIDConnectProviderArn"]
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100"):
        iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="client-100")
    # Adding one it already has changes nothing, even at the limit.
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="client-0")
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100"):
        iam.create_open_id_connect_provider(Url=new_url(), ClientIDList=hundred + ["client-100"])

    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="client-5")
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="never-added")
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="client-100")
    ids = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)["ClientIDList"]
    assert len(ids) == 100 and "client-5" not in ids and ids[-1] == "client-100"
    with aws_error("ValidationError", 400):
        iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="")


def test_unknown_and_malformed_arns(iam):
    ghost = provider_arn(f"{unique('ghost')}.example.com")
    for call in (
        lambda: iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ghost, ClientID="x"),
        lambda: iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=ghost, ClientID="x"),
        lambda: iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=ghost, ThumbprintList=[THUMB]),
        lambda: iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=ghost, Tags=[{"Key": "k", "Value": "v"}]),
        lambda: iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=ghost, TagKeys=["k"]),
        lambda: iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=ghost),
    ):
        with aws_error("NoSuchEntity", 404, f"OpenIDConnect Provider not found for arn {ghost}"):
            call()
    # Another account's provider is not this account's.
    url = new_url()
    arn = iam.create_open_id_connect_provider(Url=url)["OpenIDConnectProviderArn"]
    with aws_error("NoSuchEntity", 404):
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn.replace(ACCOUNT_ID, "210987654321"))
    with aws_error("InvalidInput", 400):
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn="not-an-arn-but-long-enough")


def test_tags(iam):
    tags = [{"Key": f"k{i:02}", "Value": f"v{i}"} for i in range(10)]
    created = iam.create_open_id_connect_provider(Url=new_url(), Tags=tags)
    arn = created["OpenIDConnectProviderArn"]
    assert created["Tags"] == tags
    first = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn, MaxItems=4)
    assert first["Tags"] == tags[:4] and first["IsTruncated"]
    second = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn, MaxItems=4, Marker=first["Marker"])
    assert second["Tags"] == tags[4:8]
    last = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn, Marker=second["Marker"])
    assert last["Tags"] == tags[8:] and not last["IsTruncated"] and "Marker" not in last
    iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=arn, TagKeys=[t["Key"] for t in tags[1:]])
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)["Tags"] == tags[:1]
    iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn,
                                     Tags=[{"Key": f"more{i:02}", "Value": "v"} for i in range(49)])
    with aws_error("LimitExceeded", 409, "The number of tags has reached the maximum limit."):
        iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn, Tags=[{"Key": "string", "Value": "string"}])
    # Replacing a value at the limit is no new tag.
    iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn, Tags=[{"Key": "K00", "Value": "new"}])


def test_summary_counts_providers(iam):
    before = iam.get_account_summary()["SummaryMap"]["Providers"]
    arn = iam.create_open_id_connect_provider(Url=new_url())["OpenIDConnectProviderArn"]
    assert iam.get_account_summary()["SummaryMap"]["Providers"] == before + 1
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert iam.get_account_summary()["SummaryMap"]["Providers"] == before


def test_resource_is_the_provider_arn(iam, make_user, connect):
    arn = iam.create_open_id_connect_provider(Url=new_url())["OpenIDConnectProviderArn"]
    other = iam.create_open_id_connect_provider(Url=new_url())["OpenIDConnectProviderArn"]
    user, session = make_user()
    iam.put_user_policy(UserName=user, PolicyName="oidc", PolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetOpenIDConnectProvider",'
        f'"Resource":"{arn}"}}]}}'))
    limited = connect(session, "iam")
    limited.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    with aws_error("AccessDenied", 403) as err:
        limited.get_open_id_connect_provider(OpenIDConnectProviderArn=other)
    assert other in err.message


def test_cli_walk(aws, iam):
    url = new_url("/realms/ci")
    arn = aws("iam", "create-open-id-connect-provider", "--url", url, "--client-id-list", "sts.amazonaws.com",
              "--thumbprint-list", THUMB, "--tags", "Key=team,Value=ci")["OpenIDConnectProviderArn"]
    assert arn == provider_arn(url.removeprefix("https://"))
    aws("iam", "add-client-id-to-open-id-connect-provider", "--open-id-connect-provider-arn", arn,
        "--client-id", "my-app")
    got = aws("iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", arn)
    assert got["ClientIDList"] == ["sts.amazonaws.com", "my-app"]
    aws("iam", "remove-client-id-from-open-id-connect-provider", "--open-id-connect-provider-arn", arn,
        "--client-id", "my-app")
    aws("iam", "update-open-id-connect-provider-thumbprint", "--open-id-connect-provider-arn", arn,
        "--thumbprint-list", "b" * 40)
    assert aws("iam", "list-open-id-connect-provider-tags", "--open-id-connect-provider-arn", arn)["Tags"] == [
        {"Key": "team", "Value": "ci"}]
    aws("iam", "untag-open-id-connect-provider", "--open-id-connect-provider-arn", arn, "--tag-keys", "team")
    assert arn in [p["Arn"] for p in aws("iam", "list-open-id-connect-providers")["OpenIDConnectProviderList"]]
    aws("iam", "delete-open-id-connect-provider", "--open-id-connect-provider-arn", arn)
    with aws_error("NoSuchEntity", 404):
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)


def test_trail_records_the_new_provider_arn(iam, admin, connect):
    from trail_helpers import lookup_all, records, since

    start = since()
    url = new_url()
    arn = iam.create_open_id_connect_provider(Url=url, ClientIDList=["sts.amazonaws.com"])["OpenIDConnectProviderArn"]
    events = records(lookup_all(connect(admin, "cloudtrail"), "EventName", "CreateOpenIDConnectProvider",
                                StartTime=start))
    mine = [e for e in events if e["requestParameters"]["url"] == url]
    assert len(mine) == 1
    assert mine[0]["requestParameters"]["clientIDList"] == ["sts.amazonaws.com"]
    assert mine[0]["responseElements"] == {"openIDConnectProviderArn": arn}
