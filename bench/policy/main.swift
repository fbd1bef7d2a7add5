// Policy decisions in process, free of HTTP and the store:
//     swift run -c release rampart-policy-bench [path/to/cases.json]
// First the agreement report on the IAM decision corpus (path from the argument, RAMPART_POLICY_CORPUS, or
// the shared default; skipped with a note when absent), then decisions per second and µs per decision for a
// realistic 20-policy set and for a single policy.
import Foundation
import RampartPolicy

/// Runs `operation` in growing batches until at least `minimum` has passed and reports the rate, by the wall
/// clock and by this thread's CPU time (which other processes on a busy machine do not inflate). Each call
/// returns a number folded into `sink`, used in a condition the optimiser cannot see through, so the work
/// cannot be dropped.
func measure(_ name: String, unit: String = "decision", minimum: Duration = .seconds(2), _ operation: () -> Int) {
    let clock = ContinuousClock()
    var sink = 0
    for _ in 0..<1000 { sink &+= operation() }
    var iterations = 0
    var batch = 1000
    let start = clock.now
    let cpuStart = threadCPUSeconds()
    var elapsed = Duration.zero
    while elapsed < minimum {
        for _ in 0..<batch { sink &+= operation() }
        iterations += batch
        batch *= 2
        elapsed = clock.now - start
    }
    let cpu = threadCPUSeconds() - cpuStart
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let perSecond = Double(iterations) / seconds
    let line = name.padding(toLength: 56, withPad: " ", startingAt: 0)
    let rate = String(format: "%10.0f", perSecond) + " \(unit)s/s"
    let latency = String(format: "%7.3f", 1e6 / perSecond) + " µs/\(unit)"
    print(
        line + rate + " " + latency + " (CPU time " + String(format: "%7.3f", cpu * 1e6 / Double(iterations)) + " µs)")
    if sink == Int.min { print("unreachable in practice") }
}

func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

func compile(_ json: String, _ id: String, _ kind: PolicyDocument.Kind = .identity) -> CompiledPolicy {
    do {
        return try CompiledPolicy(json: json, id: id, kind: kind)
    } catch {
        fatalError("bench policy \(id) does not compile: \(error.message)")
    }
}

// MARK: - Corpus agreement

let path =
    CommandLine.arguments.count > 1
    ? CommandLine.arguments[1] : PolicyCorpus.path(environment: ProcessInfo.processInfo.environment)
if FileManager.default.fileExists(atPath: path) {
    do {
        print(try PolicyCorpus(contentsOf: path).run(PolicyEvaluator()).text)
    } catch {
        print("corpus at \(path) not run: \(error.message)")
    }
} else {
    print("corpus not found at \(path); agreement report skipped")
}
print("")

// MARK: - The policy set

/// AWS's "allows MFA-authenticated IAM users to manage their own credentials on the My security
/// credentials page" example (inventory section 8), statement by statement.
let forceMFA = #"""
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "AllowViewAccountInfo", "Effect": "Allow",
         "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], "Resource": "*"},
        {"Sid": "AllowManageOwnPasswords", "Effect": "Allow",
         "Action": ["iam:ChangePassword", "iam:GetUser"], "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnAccessKeys", "Effect": "Allow",
         "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnSigningCertificates", "Effect": "Allow",
         "Action": ["iam:DeleteSigningCertificate", "iam:ListSigningCertificates", "iam:UpdateSigningCertificate",
                    "iam:UploadSigningCertificate"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnSSHPublicKeys", "Effect": "Allow",
         "Action": ["iam:DeleteSSHPublicKey", "iam:GetSSHPublicKey", "iam:ListSSHPublicKeys", "iam:UpdateSSHPublicKey",
                    "iam:UploadSSHPublicKey"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnGitCredentials", "Effect": "Allow",
         "Action": ["iam:CreateServiceSpecificCredential", "iam:DeleteServiceSpecificCredential",
                    "iam:ListServiceSpecificCredentials", "iam:ResetServiceSpecificCredential",
                    "iam:UpdateServiceSpecificCredential"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnVirtualMFADevice", "Effect": "Allow",
         "Action": "iam:CreateVirtualMFADevice", "Resource": "arn:aws:iam::*:mfa/*"},
        {"Sid": "AllowManageOwnUserMFA", "Effect": "Allow",
         "Action": ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
         "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
                       "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],
         "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
      ]
    }
    """#

/// The rest of a realistic user's policies: IP ranges, tags, wildcards, MFA age, dates, multivalued keys.
let others: [(String, String)] = [
    (
        "office-network-only",
        #"{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideOffice","Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","198.51.100.0/24","203.0.113.0/25","2001:db8:1234::/48"]},"Bool":{"aws:ViaAWSService":"false"}}}]}"#
    ),
    (
        "iam-read-only",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*","iam:GenerateCredentialReport","iam:GenerateServiceLastAccessedDetails","iam:SimulatePrincipalPolicy"],"Resource":"*"}]}"#
    ),
    (
        "team-users-by-tag",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:TagUser","iam:UntagUser","iam:UpdateUser"],"Resource":"arn:aws:iam::123456789012:user/*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"},"ForAllValues:StringLike":{"aws:TagKeys":["team","cost-*","owner"]}}}]}"#
    ),
    (
        "team-roles-by-tag",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","iam:GetRole"],"Resource":"arn:aws:iam::123456789012:role/team-*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}"#
    ),
    (
        "s3-team-buckets",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:PutObject"],"Resource":["arn:aws:s3:::team-${aws:PrincipalTag/team}-*","arn:aws:s3:::team-${aws:PrincipalTag/team}-*/*"]}]}"#
    ),
    (
        "s3-deny-unencrypted",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:PutObject","Resource":"*","Condition":{"StringNotEqualsIfExists":{"s3:x-amz-server-side-encryption":["aws:kms","AES256"]}}},{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
    ),
    (
        "recent-mfa-for-admin",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateUser","iam:DeleteUser","iam:AttachUserPolicy","iam:DetachUserPolicy","iam:PutUserPolicy"],"Resource":"arn:aws:iam::123456789012:user/*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#
    ),
    (
        "business-hours",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["iam:Delete*","iam:Detach*"],"Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2035-12-31T23:59:59Z"}}}]}"#
    ),
    (
        "cloudwatch-read",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudwatch:Describe*","cloudwatch:Get*","cloudwatch:List*","logs:Get*","logs:Describe*","logs:FilterLogEvents"],"Resource":"*"}]}"#
    ),
    (
        "ec2-own-region",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}},{"Effect":"Deny","Action":["ec2:TerminateInstances","ec2:StopInstances"],"Resource":"arn:aws:ec2:*:123456789012:instance/*","Condition":{"StringNotEquals":{"aws:ResourceTag/owner":"${aws:username}"}}}]}"#
    ),
    (
        "kms-use-team-keys",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt","kms:GenerateDataKey*"],"Resource":"arn:aws:kms:*:123456789012:key/*","Condition":{"ForAnyValue:StringEquals":{"kms:EncryptionContextKeys":["team","project"]},"StringLike":{"kms:ViaService":"s3.*.amazonaws.com"}}}]}"#
    ),
    (
        "deny-org-outsiders",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:ResourceOrgID":"o-exampleorg1"},"Null":{"aws:ResourceOrgID":"false"}}}]}"#
    ),
    (
        "sts-session-tags",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"arn:aws:iam::*:role/team-*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/*"},"StringEquals":{"aws:PrincipalTag/team":["platform","security","data"]}}}]}"#
    ),
    (
        "deny-sensitive-tags",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["iam:TagUser","iam:TagRole","iam:UntagUser","iam:UntagRole"],"Resource":"*","Condition":{"ForAnyValue:StringEqualsIgnoreCase":{"aws:TagKeys":["admin","break-glass","security-exempt"]}}}]}"#
    ),
    (
        "lambda-team-functions",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:Invoke*","lambda:Get*","lambda:List*"],"Resource":"arn:aws:lambda:eu-west-1:123456789012:function:team-*"}]}"#
    ),
    (
        "support-and-health",
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["support:*","health:Describe*","trustedadvisor:Describe*"],"Resource":"*"}]}"#
    ),
]

let boundaryJSON =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["organizations:*","account:*"],"Resource":"*"},{"Effect":"Deny","Action":["iam:DeleteUserPermissionsBoundary","iam:PutUserPermissionsBoundary"],"Resource":"*"}]}"#
let scpJSON =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":["iam:CreateAccountAlias","iam:DeleteAccountAlias","organizations:LeaveOrganization"],"Resource":"*"},{"Effect":"Deny","NotAction":["iam:*","sts:*","support:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1","us-east-1"]}}}]}"#

let identity = [compile(forceMFA, "policy/ForceMFA")] + others.map { compile($0.1, "policy/\($0.0)") }
let realistic = PolicySet(
    identity: identity, permissionsBoundary: [compile(boundaryJSON, "policy/boundary")],
    scp: [[compile(scpJSON, "scp/root")], [compile(scpJSON, "scp/ou")]])
let policyCount = identity.count + 1 + 2
let statementCount = [forceMFA, boundaryJSON, scpJSON, scpJSON].count + others.count

// MARK: - Requests

func context(mfa: String?, ip: String = "192.0.2.44") -> ConditionContext {
    var context = ConditionContext([
        "aws:username": .string("alice"),
        "aws:PrincipalTag/team": .string("platform"),
        "aws:PrincipalArn": .string("arn:aws:iam::123456789012:user/alice"),
        "aws:SourceIp": .string(ip),
        "aws:ViaAWSService": .string("false"),
        "aws:SecureTransport": .string("true"),
        "aws:RequestedRegion": .string("eu-west-1"),
        "aws:CurrentTime": .string("2025-06-15T10:30:00Z"),
        "aws:EpochTime": .string("1749983400"),
    ])
    if let mfa {
        context.set("aws:MultiFactorAuthPresent", .string(mfa))
        if mfa == "true" { context.set("aws:MultiFactorAuthAge", .string("420")) }
    }
    return context
}

func request(_ action: String, _ resource: String, _ context: ConditionContext) -> EvaluationRequest {
    EvaluationRequest(
        principal: "arn:aws:iam::123456789012:user/alice", principalAccount: "123456789012", action: action,
        resource: resource, resourceAccount: "123456789012", context: context)
}

let withMFA = context(mfa: "true")
var tagged = withMFA
tagged.set("aws:ResourceTag/team", .string("platform"))
tagged.set("aws:TagKeys", .strings(["team", "cost-center"]))
let requests: [EvaluationRequest] = [
    request("iam:GetUser", "arn:aws:iam::123456789012:user/alice", context(mfa: nil)),
    request("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/alice", context(mfa: "false")),
    request("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/alice", withMFA),
    request("iam:ListUsers", "arn:aws:iam::123456789012:user/", withMFA),
    request("iam:TagUser", "arn:aws:iam::123456789012:user/bob", tagged),
    request("s3:GetObject", "arn:aws:s3:::team-platform-logs/2025/06/15/app.log", withMFA),
    request("s3:PutObject", "arn:aws:s3:::team-data-raw/file.csv", withMFA),
    request("iam:CreateUser", "arn:aws:iam::123456789012:user/carol", context(mfa: "true", ip: "203.0.113.200")),
    request("iam:DeleteUser", "arn:aws:iam::123456789012:user/carol", withMFA),
    request("organizations:LeaveOrganization", "*", withMFA),
]

let evaluator = PolicyEvaluator()
print(
    "policy set: \(policyCount) policies (\(identity.count) identity, 1 boundary, 2 SCP levels), \(statementCount)+ documents; \(requests.count) requests in rotation"
)
for request in requests {
    let result = evaluator.evaluate(realistic, request)
    let by = result.deniedBy.map { " by \($0.rawValue)" } ?? ""
    let missing = result.missingContextKeys.isEmpty ? "" : " missing \(result.missingContextKeys)"
    print("  \(request.action) \(request.resource): \(result.decision.rawValue)\(by)\(missing)")
}
print("")

// MARK: - Timing

// A yardstick for reading the numbers below on another machine: one Dictionary<String, Int> lookup with a
// 26-byte key (about 20–30 ns on a current laptop).
let yardstickKeys = (0..<16).map { "aws:multifactorauthpresent-\($0 % 10)\($0 / 10)" }
let yardstick = Dictionary(uniqueKeysWithValues: yardstickKeys.enumerated().map { ($1, $0) })
var probe = 0
measure("host yardstick: Dictionary<String, Int> lookup", unit: "lookup") {
    probe = probe == yardstickKeys.count - 1 ? 0 : probe + 1
    return yardstick[yardstickKeys[probe]] ?? 0
}
var next = 0
measure("20-policy set, rotating \(requests.count) requests") {
    next = next == requests.count - 1 ? 0 : next + 1
    return evaluator.evaluate(realistic, requests[next]).decision == .allow ? 1 : 0
}
let single = PolicySet(identity: [compile(forceMFA, "policy/ForceMFA")])
let singleRequest = request("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/alice", withMFA)
measure("single policy (force-MFA), one allowed request") {
    evaluator.evaluate(single, singleRequest).decision == .allow ? 1 : 0
}
let denied = request("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/alice", context(mfa: nil))
measure("single policy (force-MFA), long-term key (explicit deny)") {
    evaluator.evaluate(single, denied).decision == .explicitDeny ? 1 : 0
}
