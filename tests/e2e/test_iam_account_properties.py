"""GetAccountProperties / PutAccountProperties with boto3 and the aws CLI: the role manager switch
(`RoleManager/Enabled`, a boolean that starts false), the key format, one namespace per request,
typed values, and the model's limits on keys (1–50 characters, `^[A-Za-z][A-Za-z0-9/_-]*$`) and
values (1–1024)."""

from __future__ import annotations

import pytest

from e2e_helpers import aws_error

KEY = "RoleManager/Enabled"


@pytest.fixture
def restored(iam):
    yield iam
    iam.put_account_properties(Properties={KEY: "false"})


def test_round_trip(restored):
    iam = restored
    assert iam.get_account_properties()["Properties"] == {KEY: "false"}
    iam.put_account_properties(Properties={KEY: "TRUE"})
    assert iam.get_account_properties()["Properties"] == {KEY: "true"}
    iam.put_account_properties(Properties={KEY: "false"})
    assert iam.get_account_properties()["Properties"] == {KEY: "false"}


@pytest.mark.parametrize("properties,message", [
    ({KEY: "yes"}, f"Property {KEY} expects a boolean value (true or false), not yes."),
    ({"RoleManager/Unknown": "true"}, "Property key RoleManager/Unknown is not a supported account property."),
    ({"RoleManager": "true"}, "Property key RoleManager must have the format Namespace/PropertyName with exactly one '/'."),
    ({"RoleManager/Enabled/x": "true"},
     "Property key RoleManager/Enabled/x must have the format Namespace/PropertyName with exactly one '/'."),
    ({"RoleManager/": "true"}, "Property key RoleManager/ must have the format Namespace/PropertyName with exactly one '/'."),
    ({KEY: "true", "Other/Setting": "true"}, "All properties in a request must belong to the same namespace."),
])
def test_refusals(restored, properties, message):
    with aws_error("InvalidInput", 400, message):
        restored.put_account_properties(Properties=properties)
    assert restored.get_account_properties()["Properties"] == {KEY: "false"}


@pytest.mark.parametrize("key,value,constraint", [
    ("A" * 51, "true", "Member must have length less than or equal to 50"),
    ("1Role/Enabled", "true", "Member must satisfy regular expression pattern: ^[A-Za-z][A-Za-z0-9/_-]*$"),
    (KEY, "", "Member must have length greater than or equal to 1"),
    (KEY, "t" * 1025, "Member must have length less than or equal to 1024"),
])
def test_model_limits(iam, key, value, constraint):
    with aws_error("ValidationError", 400) as caught:
        iam.put_account_properties(Properties={key: value})
    assert constraint in caught.message


def test_empty_map_is_refused(iam):
    # botocore sends no entry at all for an empty map, so the required member is missing.
    with aws_error("ValidationError", 400, "Member must not be null"):
        iam.put_account_properties(Properties={})


def test_key_of_fifty_characters_passes_the_model(iam):
    key = "RoleManager/" + "E" * 38
    assert len(key) == 50
    with aws_error("InvalidInput", 400, f"Property key {key} is not a supported account property."):
        iam.put_account_properties(Properties={key: "true"})
