"""GetHumanReadableSummary. AWS (API reference): "At this time, the only supported entity type is
delegation-request", summarized by a large language model for whoever may read the request; Locale is one
of the AWS Management Console's languages. A delegation request that does not exist (or that the caller may
not read) answers NoSuchEntity; any other entity is refused with InvalidInput. The messages are Rampart's
own (no public record quotes AWS's)."""

from __future__ import annotations

from e2e_helpers import ACCOUNT_ID, aws_error

REQUEST_ARN = f"arn:aws:iam::{ACCOUNT_ID}:delegation-request/dr-0123456789abcdef"


def test_a_delegation_request_that_does_not_exist(iam):
    with aws_error("NoSuchEntity", 404, f"The delegation request {REQUEST_ARN} cannot be found."):
        iam.get_human_readable_summary(EntityArn=REQUEST_ARN)
    with aws_error("NoSuchEntity", 404):
        iam.get_human_readable_summary(EntityArn=REQUEST_ARN, Locale="ja-JP")


def test_other_entities_are_not_supported(iam):
    for arn in (f"arn:aws:iam::{ACCOUNT_ID}:role/some-role", f"arn:aws:iam::{ACCOUNT_ID}:user/someone",
                f"arn:aws:s3:::bucket/delegation-request/x", "not an arn at all, twenty+",
                f"arn:aws:iam::{ACCOUNT_ID}:delegation-request/"):
        with aws_error("InvalidInput", 400,
                       f"The entity {arn} is not supported. The only supported entity type is delegation-request."):
            iam.get_human_readable_summary(EntityArn=arn)


def test_locales(iam):
    with aws_error("InvalidInput", 400, "The locale xx-XX is not supported."):
        iam.get_human_readable_summary(EntityArn=REQUEST_ARN, Locale="xx-XX")
    with aws_error("ValidationError", 400, "Member must have length greater than or equal to 2"):
        iam.get_human_readable_summary(EntityArn=REQUEST_ARN, Locale="x")
    with aws_error("ValidationError", 400, "Member must have length less than or equal to 12"):
        iam.get_human_readable_summary(EntityArn=REQUEST_ARN, Locale="x" * 13)


def test_model_constraints(iam):
    with aws_error("ValidationError", 400, "Member must have length greater than or equal to 20"):
        iam.get_human_readable_summary(EntityArn="arn:aws:iam::1:x")
    with aws_error("ValidationError", 400, "Member must have length less than or equal to 2048"):
        iam.get_human_readable_summary(EntityArn="a" * 2049)
