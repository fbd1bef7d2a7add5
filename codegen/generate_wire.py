#!/usr/bin/env python3
"""Generates Rampart's AWS Query wire layer from the botocore service models, and through
generate_json.py the JSON 1.1 one.

    python3 codegen/generate_wire.py [--model-dir DIR] [--output-root REPO]

Writes, for every service in SERVICES (and generate_json.JSON_SERVICES, see there):

    Sources/RampartServices/Generated/<S>Shapes.swift      input/output structures
    Sources/RampartServices/Generated/<S>Handler.swift     the handler protocol
    Sources/RampartWire/Generated/<S>QueryDecoding.swift   Query decoding + validation
    Sources/RampartWire/Generated/<S>QueryConstraints.swift  per-shape constraint checks, patterns
    Sources/RampartWire/Generated/<S>XMLEncoding.swift     XML encoding of outputs
    Sources/RampartWire/Generated/<S>QueryDispatcher.swift action -> handler -> response body
    Sources/RampartWire/Generated/<S>Errors.swift          the model's error shapes

Python 3 standard library only. The output is deterministic: rerunning on the same model
rewrites the same bytes.
"""

import argparse
import gzip
import html
import json
import os
import re
import subprocess
import sys
import textwrap
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import java_pattern  # noqa: E402

# --------------------------------------------------------------------------------------------
# Configuration: the services and the operations Rampart implements. Add an operation here and
# rerun; the handler protocol gains a method and the dispatcher routes the action.
# --------------------------------------------------------------------------------------------

SERVICES = [
    {
        "name": "IAM",
        "model": "iam",
        "version": "2010-05-08",
        # Members whose target shape is one of these are URL-encoded in responses, as AWS does.
        "url_encoded_shapes": ["policyDocumentType"],
        # Where the model contradicts its own documentation: PolicyExclusionList's AttachmentName "supports
        # wildcard characters" (* and ?) that the model's pattern would refuse.
        "shape_overrides": {"AttachmentName": {"pattern": "[\\w+=,.@*?-]+"}},
        "internal_error": {
            "code": "ServiceFailure",
            "status": 500,
            "message": "The request processing has failed because of an unknown error, exception or failure.",
        },
        "operations": """
            CreateUser GetUser ListUsers UpdateUser DeleteUser TagUser UntagUser ListUserTags
            CreateGroup GetGroup ListGroups UpdateGroup DeleteGroup AddUserToGroup RemoveUserFromGroup
            ListGroupsForUser
            CreateRole GetRole ListRoles UpdateRole UpdateRoleDescription UpdateAssumeRolePolicy DeleteRole
            TagRole UntagRole ListRoleTags
            CreatePolicy GetPolicy ListPolicies DeletePolicy CreatePolicyVersion GetPolicyVersion
            ListPolicyVersions DeletePolicyVersion SetDefaultPolicyVersion TagPolicy UntagPolicy ListPolicyTags
            ListEntitiesForPolicy
            AttachUserPolicy DetachUserPolicy ListAttachedUserPolicies
            AttachGroupPolicy DetachGroupPolicy ListAttachedGroupPolicies
            AttachRolePolicy DetachRolePolicy ListAttachedRolePolicies
            PutUserPolicy GetUserPolicy DeleteUserPolicy ListUserPolicies
            PutGroupPolicy GetGroupPolicy DeleteGroupPolicy ListGroupPolicies
            PutRolePolicy GetRolePolicy DeleteRolePolicy ListRolePolicies
            PutUserPermissionsBoundary DeleteUserPermissionsBoundary
            PutRolePermissionsBoundary DeleteRolePermissionsBoundary
            CreateAccessKey ListAccessKeys UpdateAccessKey DeleteAccessKey GetAccessKeyLastUsed
            CreateLoginProfile GetLoginProfile UpdateLoginProfile DeleteLoginProfile ChangePassword
            UpdateAccountPasswordPolicy GetAccountPasswordPolicy DeleteAccountPasswordPolicy
            CreateAccountAlias DeleteAccountAlias ListAccountAliases
            GetAccountSummary GetAccountAuthorizationDetails
            GenerateCredentialReport GetCredentialReport
            GenerateServiceLastAccessedDetails GetServiceLastAccessedDetails
            GetServiceLastAccessedDetailsWithEntities ListPoliciesGrantingServiceAccess
            CreateVirtualMFADevice EnableMFADevice ResyncMFADevice DeactivateMFADevice DeleteVirtualMFADevice
            ListMFADevices ListVirtualMFADevices GetMFADevice TagMFADevice UntagMFADevice ListMFADeviceTags
            SimulatePrincipalPolicy SimulateCustomPolicy GetContextKeysForPrincipalPolicy GetContextKeysForCustomPolicy
            EnableOrganizationsRootCredentialsManagement DisableOrganizationsRootCredentialsManagement
            EnableOrganizationsRootSessions DisableOrganizationsRootSessions ListOrganizationsFeatures
            CreateInstanceProfile GetInstanceProfile DeleteInstanceProfile ListInstanceProfiles
            AddRoleToInstanceProfile RemoveRoleFromInstanceProfile ListInstanceProfilesForRole
            TagInstanceProfile UntagInstanceProfile ListInstanceProfileTags
            CreateOpenIDConnectProvider GetOpenIDConnectProvider ListOpenIDConnectProviders DeleteOpenIDConnectProvider
            AddClientIDToOpenIDConnectProvider RemoveClientIDFromOpenIDConnectProvider
            UpdateOpenIDConnectProviderThumbprint TagOpenIDConnectProvider UntagOpenIDConnectProvider
            ListOpenIDConnectProviderTags
            CreateSAMLProvider GetSAMLProvider ListSAMLProviders UpdateSAMLProvider DeleteSAMLProvider
            TagSAMLProvider UntagSAMLProvider ListSAMLProviderTags
            UploadSSHPublicKey GetSSHPublicKey ListSSHPublicKeys UpdateSSHPublicKey DeleteSSHPublicKey
            UploadSigningCertificate ListSigningCertificates UpdateSigningCertificate DeleteSigningCertificate
            UploadServerCertificate GetServerCertificate ListServerCertificates UpdateServerCertificate
            DeleteServerCertificate TagServerCertificate UntagServerCertificate ListServerCertificateTags
            CreateServiceSpecificCredential ListServiceSpecificCredentials ResetServiceSpecificCredential
            UpdateServiceSpecificCredential DeleteServiceSpecificCredential
            EnableOutboundWebIdentityFederation DisableOutboundWebIdentityFederation GetOutboundWebIdentityFederationInfo
            CreateDelegationRequest GetDelegationRequest ListDelegationRequests AcceptDelegationRequest
            RejectDelegationRequest AssociateDelegationRequest UpdateDelegationRequest SendDelegationToken
            CreateServiceLinkedRole DeleteServiceLinkedRole GetServiceLinkedRoleDeletionStatus
            SetSecurityTokenServicePreferences GetHumanReadableSummary
            GenerateOrganizationsAccessReport GetOrganizationsAccessReport
            GetAccountProperties PutAccountProperties GetRoleTemplateVersion AcquireRole
        """.split(),
    },
    {
        "name": "STS",
        "model": "sts",
        "version": "2011-06-15",
        "url_encoded_shapes": [],
        # STS models no ServiceFailure; AWS's common errors give InternalFailure (500).
        "internal_error": {
            "code": "InternalFailure",
            "status": 500,
            "message": "The request processing has failed because of an unknown error, exception or failure.",
        },
        # STS's validation messages still quote the value ("Value 'a/b' at 'roleSessionName' failed to satisfy
        # constraint: …", "Value null at …"), where IAM stopped in 2024. Never for the shapes that carry
        # a credential, an assertion, a token, a policy or an encoded message: those are secrets or too
        # long to echo, and the message is recorded in the trail.
        "echo_values": True,
        "unechoed_shapes": [
            "tokenCodeType", "clientTokenType", "SAMLAssertionType", "contextAssertionType", "encodedMessageType",
            "sessionPolicyDocumentType", "unrestrictedSessionPolicyDocumentType", "tradeInTokenType",
        ],
        "operations": (
            "GetCallerIdentity GetSessionToken AssumeRole AssumeRoot GetAccessKeyInfo GetFederationToken"
            " AssumeRoleWithWebIdentity AssumeRoleWithSAML DecodeAuthorizationMessage"
            " GetWebIdentityToken GetDelegatedAccessToken"
        ).split(),
    },
]

HEADER = "// Generated by codegen/{generator} from botocore's {model}/{version} model. Do not edit.\n"

SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
    "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
    "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
    "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
    "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self",
    "super", "throws", "true", "try", "Type", "Protocol",
}

MAX_LINE = 120

# Swift's Unicode.GeneralCategory cases by their two-letter Unicode code.
CATEGORY_CODES = {
    "uppercaseLetter": "Lu", "lowercaseLetter": "Ll", "titlecaseLetter": "Lt", "modifierLetter": "Lm",
    "otherLetter": "Lo", "nonspacingMark": "Mn", "spacingMark": "Mc", "enclosingMark": "Me",
    "decimalNumber": "Nd", "letterNumber": "Nl", "otherNumber": "No", "connectorPunctuation": "Pc",
    "dashPunctuation": "Pd", "openPunctuation": "Ps", "closePunctuation": "Pe", "initialPunctuation": "Pi",
    "finalPunctuation": "Pf", "otherPunctuation": "Po", "mathSymbol": "Sm", "currencySymbol": "Sc",
    "modifierSymbol": "Sk", "otherSymbol": "So", "spaceSeparator": "Zs", "lineSeparator": "Zl",
    "paragraphSeparator": "Zp",
}


# --------------------------------------------------------------------------------------------
# Model loading
# --------------------------------------------------------------------------------------------

def botocore_data_dir():
    try:
        import botocore  # noqa: PLC0415
    except ImportError:
        sys.exit("botocore is not importable; pass --model-dir pointing at botocore/data")
    return os.path.join(os.path.dirname(botocore.__file__), "data")


def load_model(model_dir, service):
    base = os.path.join(model_dir, service["model"], service["version"])
    for name, opener in (("service-2.json", open), ("service-2.json.gz", gzip.open)):
        path = os.path.join(base, name)
        if os.path.exists(path):
            with opener(path, "rt", encoding="utf-8") as handle:
                return json.load(handle)
    sys.exit("no service-2.json(.gz) under " + base)


# --------------------------------------------------------------------------------------------
# Naming
# --------------------------------------------------------------------------------------------

def lower_camel(name):
    """`UserName` -> `userName`, `MFADevices` -> `mfaDevices`, `SAMLProviderList` -> `samlProviderList`."""
    m = re.match(r"^([A-Z]+)(.*)$", name)
    if not m:
        return name
    caps, rest = m.groups()
    if not rest:
        return caps.lower()
    if len(caps) == 1:
        return caps.lower() + rest
    if rest[0].islower():
        return caps[:-1].lower() + caps[-1] + rest
    return caps.lower() + rest


def swift_name(name):
    return "`" + name + "`" if name in SWIFT_KEYWORDS else name


def property_name(member):
    return swift_name(lower_camel(member))


def wire_path_name(member):
    """The name AWS uses in validation messages: the member name with its first letter lowercased."""
    return member[:1].lower() + member[1:]


def method_name(operation):
    return swift_name(operation[:1].lower() + operation[1:])


def swift_string(text):
    """A Swift string literal; raw (#"…"#) when it holds backslashes or quotes."""
    if "\\" in text or '"' in text:
        hashes = "#"
        while '"' + hashes in text:
            hashes += "#"
        return hashes + '"' + text + '"' + hashes
    return '"' + text + '"'


def first_sentence(doc):
    if not doc:
        return ""
    text = re.sub(r"<[^>]+>", " ", doc)
    text = html.unescape(text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = m.group(1) if m else text
    return sentence.replace("*/", "* /")


def doc_lines(doc, indent):
    sentence = first_sentence(doc)
    if not sentence:
        return []
    prefix = " " * indent + "/// "
    return [prefix + line for line in textwrap.wrap(sentence, MAX_LINE - len(prefix))]


def wrap_items(items, indent, first_prefix="", sep=", ", last_suffix=""):
    """Lays out separated items after `first_prefix` over lines no longer than MAX_LINE."""
    pieces = [item + (sep.rstrip() if k < len(items) - 1 else last_suffix) for k, item in enumerate(items)]
    lines, current, has_items = [], " " * indent + first_prefix, False
    for piece in pieces:
        candidate = current + (" " if has_items else "") + piece
        if has_items and len(candidate) > MAX_LINE:
            lines.append(current)
            current = " " * (indent + 4) + piece
        else:
            current = candidate
        has_items = True
    lines.append(current)
    return lines


# --------------------------------------------------------------------------------------------
# The service being generated
# --------------------------------------------------------------------------------------------

class Service:
    def __init__(self, config, model):
        self.config = config
        self.model = model
        self.name = config["name"]
        self.shapes = model["shapes"]
        self.ops = model["operations"]
        self.metadata = model["metadata"]
        self.version = self.metadata["apiVersion"]
        self.namespace = self.metadata.get("xmlNamespace")
        missing = [op for op in config["operations"] if op not in self.ops]
        if missing:
            sys.exit(f"{self.name}: operations not in the model: {missing}")
        self.operations = sorted(config["operations"])
        self.url_encoded = set(config["url_encoded_shapes"])
        self.input_structs = self._reachable([self.ops[o]["input"]["shape"] for o in self.operations
                                              if "input" in self.ops[o]])
        self.output_structs = self._reachable([self.ops[o]["output"]["shape"] for o in self.operations
                                               if "output" in self.ops[o]])
        self._check_no_recursion()

    def shape(self, name):
        return self.shapes[name]

    def _reachable(self, roots):
        seen = set()

        def visit(name):
            s = self.shapes[name]
            t = s["type"]
            if t == "structure":
                if name in seen:
                    return
                seen.add(name)
                for member in s.get("members", {}).values():
                    visit(member["shape"])
            elif t == "list":
                visit(s["member"]["shape"])
            elif t == "map":
                visit(s["key"]["shape"])
                visit(s["value"]["shape"])

        for root in roots:
            visit(root)
        return sorted(seen)

    def _check_no_recursion(self):
        """A struct cannot hold itself as a (optional) member; through an array or a dictionary it
        can (Organizations' `HandshakeResource.Resources`), their storage is already indirect."""
        def walk(name, stack):
            if name in stack:
                sys.exit(f"{self.name}: recursive shape {name}; value types cannot hold themselves")
            for member in self.shapes[name].get("members", {}).values():
                if self.shapes[member["shape"]]["type"] == "structure":
                    walk(member["shape"], stack + [name])

        for name in sorted(set(self.input_structs) | set(self.output_structs)):
            walk(name, [])

    def swift_type(self, name):
        s = self.shapes[name]
        t = s["type"]
        if t == "string":
            return "String"
        if t in ("integer", "long"):
            return "Int"
        if t == "boolean":
            return "Bool"
        if t in ("float", "double"):
            return "Double"
        if t == "timestamp":
            return "Date"
        if t == "blob":
            return "[UInt8]"
        if t == "list":
            return "[" + self.swift_type(s["member"]["shape"]) + "]"
        if t == "map":
            return "[" + self.swift_type(s["key"]["shape"]) + ": " + self.swift_type(s["value"]["shape"]) + "]"
        if t == "structure":
            return self.name + "." + name
        sys.exit(f"{self.name}: unsupported shape type {t} of {name}")

    def members(self, struct_name):
        s = self.shapes[struct_name]
        required = set(s.get("required", []))
        return [(m, ref, m in required) for m, ref in s.get("members", {}).items()]

    def input_shape(self, op):
        return self.ops[op].get("input", {}).get("shape")

    def output_shape(self, op):
        return self.ops[op].get("output", {}).get("shape")


def header(svc):
    return HEADER.format(generator=svc.config.get("generator", "generate_wire.py"), model=svc.config["model"],
                         version=svc.version)


def member_location(ref, default):
    return ref.get("locationName", default)


# --------------------------------------------------------------------------------------------
# Shapes (RampartServices)
# --------------------------------------------------------------------------------------------

def gen_shapes(svc):
    out = [header(svc), "import Foundation", ""]
    names = sorted(set(svc.input_structs) | set(svc.output_structs))
    if svc.config.get("declare_namespace"):
        out.append(f"/// The wire shapes of {svc.metadata.get('serviceFullName', svc.name)}, generated from its model.")
        out.append(f"public enum {svc.name} {{}}")
        out.append("")
    out.append(f"extension {svc.name} {{")
    for index, name in enumerate(names):
        if index:
            out.append("")
        shape = svc.shape(name)
        out += doc_lines(shape.get("documentation"), 4)
        out.append(f"    public struct {name}: Sendable, Equatable {{")
        members = svc.members(name)
        params = []
        for member, ref, required in members:
            typ = svc.swift_type(ref["shape"])
            prop = property_name(member)
            out += doc_lines(ref.get("documentation"), 8)
            out.append(f"        public var {prop}: {typ}{'' if required else '?'}")
            params.append(f"{prop}: {typ}" + ("" if required else "? = nil"))
        if members:
            out.append("")
        if not params:
            out.append("        public init() {}")
        elif len("        public init(" + ", ".join(params) + ") {") <= MAX_LINE:
            out.append("        public init(" + ", ".join(params) + ") {")
        else:
            out.append("        public init(")
            out += wrap_items(params, 12)
            out.append("        ) {")
        if params:
            for member, _, _ in members:
                prop = property_name(member)
                out.append(f"            self.{prop} = {prop}")
            out.append("        }")
        out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# Handler protocol (RampartServices)
# --------------------------------------------------------------------------------------------

def handler_signature(svc, op):
    params = []
    if svc.input_shape(op):
        params.append(f"_ input: {svc.name}.{svc.input_shape(op)}")
    params.append("_ call: CallContext")
    result = f" -> {svc.name}.{svc.output_shape(op)}" if svc.output_shape(op) else ""
    return f"func {method_name(op)}({', '.join(params)}) async throws{result}"


def gen_handler(svc):
    n = svc.name
    unimplemented = svc.config.get("not_implemented_code", "InvalidAction")
    out = [header(svc), "import RampartCore", ""]
    out.append(f"/// The {n} operations Rampart serves, one method per operation, typed by the model's shapes.")
    out.append("/// Throw `AWSError` for every failure a client should see; anything else becomes a")
    out.append(f"/// `{svc.config['internal_error']['code']}` ({svc.config['internal_error']['status']}) "
               "without detail.")
    out.append(f"public protocol {n}Handler: Sendable {{")
    for k, op in enumerate(svc.operations):
        if k:
            out.append("")
        out += doc_lines(svc.ops[op].get("documentation"), 4)
        out += wrap_sig("    " + handler_signature(svc, op))
    out.append("}")
    out.append("")
    out.append(f"/// An `{n}Handler` that implements only some operations: the others answer `{unimplemented}`,")
    out.append("/// as the dispatcher does for operations Rampart has not implemented.")
    out.append(f"public protocol Partial{n}Handler: {n}Handler {{}}")
    out.append("")
    out.append(f"extension Partial{n}Handler {{")
    for k, op in enumerate(svc.operations):
        if k:
            out.append("")
        out += wrap_sig("    public " + handler_signature(svc, op) + " {")
        out.append(f"        throw {n}.notImplemented(\"{op}\")")
        out.append("    }")
    out.append("}")
    out.append("")
    out.append(f"extension {n} {{")
    out.append("    /// Every operation of the model, implemented or not, in name order: the service's actions,")
    out.append("    /// as IAM's access advisor lists the ones it tracks.")
    out.append("    public static let modelOperationNames: [String] = [")
    line = "       "
    for op in sorted(svc.ops):
        item = f' "{op}",'
        if len(line) + len(item) > MAX_LINE:
            out.append(line)
            line = "       "
        line += item
    out.append(line)
    out.append("    ]")
    out.append("")
    out.append("    /// The error for an operation of the model that Rampart does not implement yet.")
    out.append("    public static func notImplemented(_ operation: String) -> AWSError {")
    out.append("        AWSError(")
    out.append(f"            code: \"{unimplemented}\", message: \"Rampart does not implement the {n} operation "
               "\\(operation) yet.\",")
    out.append("            httpStatus: 400)")
    out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"


def wrap_sig(line):
    """`func f(_ a: A, _ b: B) async throws -> R` over three lines when it is too long."""
    if len(line) <= MAX_LINE:
        return [line]
    indent = line[:len(line) - len(line.lstrip())]
    open_paren = line.index("(")
    close_paren = line.index(") async")
    return [line[:open_paren + 1], indent + "    " + line[open_paren + 1:close_paren], indent + line[close_paren:]]


# --------------------------------------------------------------------------------------------
# Constraints and patterns (RampartWire)
# --------------------------------------------------------------------------------------------

def has_constraints(shape):
    t = shape["type"]
    if t == "string":
        return any(k in shape for k in ("min", "max", "pattern", "enum"))
    if t in ("integer", "long"):
        return "min" in shape or "max" in shape
    return False


def element_constraint_texts(shape, patterns):
    """The constraint texts AWS lists for an element shape inside `Member must satisfy
    constraint: [...]`, in the order AWS prints them for tag keys."""
    texts = []
    t = shape["type"]
    if t == "string":
        if "max" in shape:
            texts.append(f"Constraint.maxLength({shape['max']})")
        if "min" in shape:
            texts.append(f"Constraint.minLength({shape['min']})")
    if t in ("integer", "long"):
        if "max" in shape:
            texts.append(f"Constraint.maxValue({shape['max']})")
        if "min" in shape:
            texts.append(f"Constraint.minValue({shape['min']})")
    if "pattern" in shape:
        texts.append(f"Constraint.pattern({patterns.svc.name}Patterns.{patterns.check_name(shape['pattern'])}Source)")
    if "enum" in shape:
        texts.append(f"Constraint.enumValues({swift_string(', '.join(shape['enum']))})")
    texts.append("Constraint.notNull")
    return texts


class PatternTable:
    """The distinct patterns of a service: one Swift check per pattern, named after the first
    shape (alphabetically) that uses it."""

    def __init__(self, svc):
        self.svc = svc
        self.by_pattern = {}
        self.sets = {}
        for name in sorted(svc.shapes):
            pattern = svc.shapes[name].get("pattern")
            if pattern is not None and pattern not in self.by_pattern:
                self.by_pattern[pattern] = None
        self.used = {}

    def check_name(self, pattern):
        if pattern not in self.used:
            self.used[pattern] = f"pattern{len(self.used)}"
        return self.used[pattern]

    def set_name(self, cs):
        key = cs.key()
        if key not in self.sets:
            self.sets[key] = (f"set{len(self.sets)}", cs)
        return self.sets[key][0]

    def emit(self):
        out = []
        regexes = []
        bodies = []
        for pattern, name in sorted(self.used.items(), key=lambda kv: int(kv[1][7:])):
            try:
                alternatives = java_pattern.compile_pattern(pattern)
            except java_pattern.Unsupported:
                alternatives = None
            plans = self._plans(pattern) if alternatives is None else None
            body = [f"    /// `{pattern}`"] if len(pattern) < MAX_LINE - 12 else []
            body += long_literal(f"    static let {name}Source = ", pattern)
            if plans is not None:
                body += self._sequences(name, plans)
            elif alternatives is None:
                rx = f"{name}Regex"
                regexes.append((rx, pattern))
                body.append(f"    static func {name}(_ value: String) -> Bool {{")
                body.append(f"        (try? {rx}.wholeMatch(in: value)) != nil")
                body.append("    }")
            else:
                body += self._direct(name, alternatives)
            bodies.append(body)
        for k, body in enumerate(bodies):
            if k:
                out.append("")
            out += body
        for rx, pattern in regexes:
            out.append("")
            out.append("    // Cached Regex for a pattern the direct scan cannot express. Java syntax translated:")
            out.append("    // \\uXXXX as \\u{XXXX}; \\w \\d \\s ASCII-only and per-scalar matching, as in Java.")
            out.append(f"    nonisolated(unsafe) static let {rx} = try! Regex(")
            out += long_literal("        ", java_pattern.to_swift_regex(pattern))
            out.append("    ).matchingSemantics(.unicodeScalar).asciiOnlyWordCharacters().asciiOnlyDigits()")
            out.append("        .asciiOnlyWhitespace()")
        for key in sorted(self.sets, key=lambda k: int(self.sets[k][0][3:])):
            name, cs = self.sets[key]
            out.append("")
            out += self._set_function(name, cs)
        return out

    def _direct(self, name, alternatives):
        lines = []
        simple = len(alternatives) == 1 and not alternatives[0][0] and not alternatives[0][2] \
            and alternatives[0][1] is not None
        if simple:
            cs, low, high = alternatives[0][1]
            lines.append(f"    static func {name}(_ value: String) -> Bool {{")
            if high is None and low <= 1 and java_pattern.explicit_ranges(cs) == [(0, java_pattern.MAX_SCALAR)]:
                # `[\s\S]*`: every value matches (`+`: every value but the empty one).
                lines.append("        !value.isEmpty" if low else "        true")
                lines.append("    }")
                return lines
            setf = self.set_name(cs)
            if high is None and low <= 1:
                if low == 1:
                    lines.append("        guard !value.isEmpty else { return false }")
                lines.append(f"        for scalar in value.unicodeScalars where !{setf}(scalar) {{ return false }}")
                lines.append("        return true")
            else:
                lines.append("        var count = 0")
                lines.append("        for scalar in value.unicodeScalars {")
                lines.append(f"            guard {setf}(scalar) else {{ return false }}")
                lines.append("            count += 1")
                lines.append("        }")
                lines.append("        return " + count_test("count", low, high))
            lines.append("    }")
            return lines
        lines += self._alternatives_head(name, len(alternatives))
        for k, (prefix, variable, suffix) in enumerate(alternatives):
            lines += self._both_ends(name, k, prefix, variable, suffix)
        return lines

    def _alternatives_head(self, name, count):
        calls = [f"{name}Alternative{k}(scalars)" for k in range(count)]
        return [
            f"    static func {name}(_ value: String) -> Bool {{",
            "        let scalars = value.unicodeScalars",
            "        return " + " || ".join(calls),
            "    }",
        ]

    def _both_ends(self, name, k, prefix, variable, suffix):
        """An alternative with one variable atom: the fixed atoms from both ends, then the rest."""
        lines = [""]
        signature = f"private static func {name}Alternative{k}(_ scalars: String.UnicodeScalarView) -> Bool"
        lines.append(f"    {signature} {{")
        lines.append("        var lower = scalars.startIndex")
        lines.append(f"        {'var' if suffix else 'let'} upper = scalars.endIndex")
        for cs, count, _ in prefix:
            setf = self.set_name(cs)
            step = [
                f"guard lower < upper, {setf}(scalars[lower]) else {{ return false }}",
                "lower = scalars.index(after: lower)",
            ]
            lines += repeat_block(step, count, 8)
        for cs, count, _ in reversed(suffix):
            setf = self.set_name(cs)
            step = [
                "guard lower < upper else { return false }",
                "upper = scalars.index(before: upper)",
                f"guard {setf}(scalars[upper]) else {{ return false }}",
            ]
            lines += repeat_block(step, count, 8)
        if variable is None:
            lines.append("        return lower == upper")
        else:
            cs, low, high = variable
            setf = self.set_name(cs)
            lines.append("        var count = 0")
            lines.append("        while lower < upper {")
            lines.append(f"            guard {setf}(scalars[lower]) else {{ return false }}")
            lines.append("            count += 1")
            lines.append("            lower = scalars.index(after: lower)")
            lines.append("        }")
            lines.append("        return " + count_test("count", low, high))
        lines.append("    }")
        return lines

    def _plans(self, pattern):
        """How each alternative of a pattern that `compile_pattern` refused is matched: ('ends',
        prefix, variable, suffix) for one variable atom, ('greedy', atoms) where that is exact,
        ('automaton', items) where it is small enough; None (a Regex) otherwise."""
        try:
            sequences = java_pattern.compile_sequences(pattern)
        except java_pattern.Unsupported:
            return None
        plans = []
        for atoms in sequences:
            variable = [k for k, (_, low, high) in enumerate(atoms) if low != high]
            if len(variable) <= 1:
                k = variable[0] if variable else len(atoms)
                plans.append(("ends", atoms[:k], atoms[k] if variable else None, atoms[k + 1:]))
            elif java_pattern.greedy_exact(atoms):
                plans.append(("greedy", atoms))
            else:
                try:
                    plans.append(("automaton", java_pattern.automaton_items(atoms)))
                except java_pattern.Unsupported:
                    return None
        return plans

    def _sequences(self, name, plans):
        lines = self._alternatives_head(name, len(plans))
        for k, plan in enumerate(plans):
            if plan[0] == "ends":
                lines += self._both_ends(name, k, *plan[1:])
            elif plan[0] == "greedy":
                lines += self._greedy(name, k, plan[1])
            else:
                lines += self._automaton(name, k, plan[1])
        return lines

    def _greedy(self, name, k, atoms):
        """An alternative whose atoms each take as much as they can, left to right (exact: see
        java_pattern.greedy_exact)."""
        lines = ["", f"    private static func {name}Alternative{k}(_ scalars: String.UnicodeScalarView) -> Bool {{",
                 "        var index = scalars.startIndex",
                 "        let end = scalars.endIndex"]
        for n, (cs, low, high) in enumerate(atoms):
            setf = self.set_name(cs)
            if low == high:
                step = [
                    f"guard index < end, {setf}(scalars[index]) else {{ return false }}",
                    "index = scalars.index(after: index)",
                ]
                lines += repeat_block(step, low, 8) if low else []
                continue
            bound = "" if high is None else f"count{n} < {high}, "
            lines.append(f"        var count{n} = 0")
            lines.append(f"        while index < end, {bound}{setf}(scalars[index]) {{")
            lines.append(f"            count{n} += 1")
            lines.append("            index = scalars.index(after: index)")
            lines.append("        }")
            if low:
                lines.append(f"        guard count{n} >= {low} else {{ return false }}")
        lines.append("        return index == end")
        lines.append("    }")
        return lines

    def _automaton(self, name, k, items):
        """An alternative matched by PatternAutomaton: bit i of a mask stands for item i."""
        repeating = sum(1 << i for i, (kind, _) in enumerate(items) if kind == "repeat")
        skippable = sum(1 << i for i, (kind, _) in enumerate(items) if kind != "one")
        by_set = {}
        for i, (_, cs) in enumerate(items):
            setf = self.set_name(cs)
            by_set[setf] = by_set.get(setf, 0) | (1 << i)
        lines = ["", f"    private static func {name}Alternative{k}(_ scalars: String.UnicodeScalarView) -> Bool {{",
                 f"        PatternAutomaton.matches(",
                 f"            scalars, itemCount: {len(items)}, repeating: 0x{repeating:X}, skippable: 0x{skippable:X}",
                 "        ) { scalar in",
                 "            var items: UInt64 = 0"]
        for setf, mask in by_set.items():
            lines.append(f"            if {setf}(scalar) {{ items |= 0x{mask:X} }}")
        lines += ["            return items", "        }", "    }"]
        return lines

    def _set_function(self, name, cs):
        if cs.categories:
            # ASCII members of the categories go into the ranges, so ASCII never needs the
            # (comparatively slow) general-category lookup.
            for code in range(0x80):
                if unicodedata.category(chr(code)) in {CATEGORY_CODES[c] for c in cs.categories}:
                    cs.add(code, code)
        ranges = cs.merged()
        items = [hex_range(lo, hi) for lo, hi in ranges]
        inside, outside = ("false", "true") if cs.negated else ("true", "false")
        lines = ["    @inline(__always)", f"    private static func {name}(_ scalar: Unicode.Scalar) -> Bool {{"]
        if not items and not cs.categories:
            lines.append(f"        {outside}")
            lines.append("    }")
            return lines
        lines.append("        switch scalar.value {")
        if items:
            lines += wrap_items(items, 8, "case ", last_suffix=":")
            lines.append(f"            return {inside}")
        lines.append("        default:")
        if cs.categories:
            lines.append(f"            if scalar.value < 0x80 {{ return {outside} }}")
            lines.append("            switch scalar.properties.generalCategory {")
            lines += wrap_items(["." + c for c in cs.categories], 12, "case ", last_suffix=":")
            lines.append(f"                return {inside}")
            lines.append("            default:")
            lines.append(f"                return {outside}")
            lines.append("            }")
        else:
            lines.append(f"            return {outside}")
        lines.append("        }")
        lines.append("    }")
        return lines


def long_literal(head, text):
    """`head` followed by a string literal, split into concatenated pieces over lines if needed."""
    line = head + swift_string(text)
    if len(line) <= MAX_LINE:
        return [line]
    indent = " " * (len(head) - len(head.lstrip()) + 4)
    width = MAX_LINE - len(indent) - 8
    pieces = [text[k:k + width] for k in range(0, len(text), width)]
    # Never split inside an escape such as \u0009: move the cut before the backslash.
    fixed, carry = [], ""
    for piece in pieces:
        piece = carry + piece
        cut = piece.rfind("\\")
        carry = ""
        if cut >= len(piece) - 6 and cut != -1:
            piece, carry = piece[:cut], piece[cut:]
        fixed.append(piece)
    if carry:
        fixed.append(carry)
    lines = [head.rstrip()]
    for k, piece in enumerate(fixed):
        lines.append(indent + swift_string(piece) + (" +" if k < len(fixed) - 1 else ""))
    return lines


def count_test(var, low, high):
    tests = []
    if low > 0:
        tests.append(f"{var} >= {low}")
    if high is not None:
        tests.append(f"{var} <= {high}")
    return " && ".join(tests) if tests else "true"


def repeat_block(step, count, indent):
    pad = " " * indent
    if count == 1:
        return [pad + s for s in step]
    return [f"{pad}for _ in 0..<{count} {{"] + [pad + "    " + s for s in step] + [pad + "}"]


def hex_range(lo, hi):
    if lo == hi:
        return f"0x{lo:X}"
    return f"0x{lo:X}...0x{hi:X}"


def gen_constraints(svc, patterns, needed_validators, needed_element_checks, enum_name=None,
                    map_key_checks=(), map_value_checks=()):
    """The constraint enum: a recording check per member shape (`needed_validators`), a yes/no
    check per shape of list elements, map keys and map values, and for each of those the text
    AWS reports them with (`ElementConstraints`, `KeyConstraints`, `ValueConstraints`)."""
    n = svc.name
    enum_name = enum_name or f"{n}QueryConstraints"
    out = [header(svc), "import RampartServices", ""]
    out.append(f"/// The constraints of {n}'s scalar shapes (length in UTF-16 code units, as Java counts them;")
    out.append("/// value ranges; patterns; enums), each recording its violations under the member's path.")
    out.append(f"enum {enum_name} {{")
    first = True
    for name in sorted(needed_validators):
        shape = svc.shape(name)
        if not first:
            out.append("")
        first = False
        typ = "String" if shape["type"] == "string" else "Int"
        out.append(f"    static func {validator_name(name)}(")
        out.append(f"        _ value: {typ}, _ path: @autoclosure () -> String, _ errors: inout ValidationErrors")
        out.append("    ) {")
        echo = svc.config.get("echo_values") and name not in svc.config.get("unechoed_shapes", [])
        out += constraint_checks(shape, patterns, record=True, echo=echo)
        out.append("    }")
    for name in sorted(set(needed_element_checks) | set(map_key_checks) | set(map_value_checks)):
        shape = svc.shape(name)
        if not first:
            out.append("")
        first = False
        typ = "String" if shape["type"] == "string" else "Int"
        out.append(f"    static func {validator_name(name)}IsValid(_ value: {typ}) -> Bool {{")
        out += constraint_checks(shape, patterns, record=False)
        out.append("        return true")
        out.append("    }")
    for name in sorted(needed_element_checks):
        shape = svc.shape(name)
        out.append("")
        out.append(f"    static let {validator_name(name)}ElementConstraints = Constraint.elements([")
        for text in element_constraint_texts(shape, patterns):
            out.append(f"        {text},")
        out.append("    ])")
    # A map key is never null, so its list leaves that out.
    for names, suffix, wrapper, texts in (
            (map_key_checks, "KeyConstraints", "mapKeys", lambda shape: element_constraint_texts(shape, patterns)[:-1]),
            (map_value_checks, "ValueConstraints", "mapValues", lambda shape: element_constraint_texts(shape, patterns))):
        for name in sorted(names):
            out.append("")
            out.append(f"    static let {validator_name(name)}{suffix} = Constraint.{wrapper}([")
            for text in texts(svc.shape(name)):
                out.append(f"        {text},")
            out.append("    ])")
    out.append("}")
    out.append("")
    out.append(f"/// {n}'s patterns: a direct scan over Unicode scalars where the pattern allows it, a cached")
    out.append("/// `Regex` otherwise (see codegen/java_pattern.py).")
    out.append(f"enum {n}Patterns {{")
    out += patterns.emit()
    out.append("}")
    return "\n".join(out) + "\n"


def validator_name(shape_name):
    return swift_name(shape_name[:1].lower() + shape_name[1:])


def constraint_checks(shape, patterns, record, echo=False):
    """Swift statements checking `value` against the shape's constraints; with `echo`, a violation's
    message quotes the value."""
    lines = []
    pad = "        "
    echoed = "" if not echo else (", echoing: value" if shape["type"] == "string" else ", echoing: String(value)")

    def check(condition, text):
        action = f"errors.record(path(), {text}{echoed})" if record else "return false"
        line = f"{pad}if {condition} {{ {action} }}"
        if len(line) <= MAX_LINE:
            lines.append(line)
        else:
            lines.extend([f"{pad}if {condition} {{", f"{pad}    {action}", f"{pad}}}"])

    t = shape["type"]
    low, high = shape.get("min"), shape.get("max")
    if low == 0:
        low = None
    if t == "string":
        if low == 1 and high is None:
            check("value.isEmpty", "Constraint.minLength(1)")
        elif low is not None or high is not None:
            lines.append(f"{pad}let length = value.utf16.count")
            if low is not None:
                check(f"length < {low}", f"Constraint.minLength({low})")
            if high is not None:
                check(f"length > {high}", f"Constraint.maxLength({high})")
        if "pattern" in shape:
            name = patterns.check_name(shape["pattern"])
            check(f"!{svc_patterns(patterns)}.{name}(value)",
                  f"Constraint.pattern({svc_patterns(patterns)}.{name}Source)")
        if "enum" in shape:
            action = "return false" if not record else \
                f"errors.record(path(), Constraint.enumValues({swift_string(', '.join(shape['enum']))}){echoed})"
            lines.append(f"{pad}switch value {{")
            lines += wrap_items(['"' + v + '"' for v in shape["enum"]], 8, "case ", last_suffix=":")
            lines.append(f"{pad}    break")
            lines.append(f"{pad}default:")
            lines.append(f"{pad}    {action}")
            lines.append(f"{pad}}}")
    elif t in ("integer", "long"):
        if low is not None:
            check(f"value < {low}", f"Constraint.minValue({low})")
        if high is not None:
            check(f"value > {high}", f"Constraint.maxValue({high})")
    return lines


def svc_patterns(patterns):
    return patterns.svc.name + "Patterns"


# --------------------------------------------------------------------------------------------
# Query decoding (RampartWire)
# --------------------------------------------------------------------------------------------

class DecodeContext:
    def __init__(self, svc, patterns):
        self.svc = svc
        self.patterns = patterns
        self.validators = set()
        self.element_checks = set()
        self.map_key_checks = set()
        self.map_value_checks = set()
        self.counter = 0

    def fresh(self, base, depth=0):
        return base if depth == 0 else f"{base}{depth}"


SCALAR_READERS = {
    "integer": "try query.int32({key})",
    "long": "try query.int64({key})",
    "boolean": "try query.bool({key})",
    "timestamp": "try query.timestamp({key})",
    "blob": "try query.blob({key})",
    "string": "query[{key}]",
}

DEFAULTS = {
    "string": '""', "integer": "0", "long": "0", "boolean": "false", "timestamp": "Date(timeIntervalSince1970: 0)",
    "blob": "[]", "float": "0", "double": "0", "list": "[]", "map": "[:]",
}


def gen_read(ctx, shape_name, key_expr, path_expr, var, indent, depth=0):
    """Statements that declare `var` (Optional) holding the value at `key_expr`, recording
    constraint violations of nested members under `path_expr` (an expression computed lazily
    only where a violation needs it)."""
    svc = ctx.svc
    s = svc.shape(shape_name)
    t = s["type"]
    pad = " " * indent
    typ = svc.swift_type(shape_name)
    lines = []
    if t in SCALAR_READERS:
        lines.append(f"{pad}let {var} = {SCALAR_READERS[t].format(key=key_expr)}")
        return lines
    if t in ("float", "double"):
        sys.exit("float/double inputs are not supported yet")
    if t == "structure":
        lines.append(f"{pad}var {var}: {typ}? = nil")
        lines.append(f"{pad}if query.containsMembers(of: {key_expr}) {{")
        lines.append(f"{pad}    {var} = try {typ}(")
        lines.append(f"{pad}        query: query, prefix: {key_expr},")
        lines.append(f"{pad}        path: {path_expr},")
        lines.append(f"{pad}        errors: &errors)")
        lines.append(f"{pad}}}")
        return lines
    if t == "list":
        member_ref = s["member"]
        flattened = s.get("flattened", False)
        member_name = "nil" if flattened else '"' + member_location(member_ref, "member") + '"'
        element = member_ref["shape"]
        es = svc.shape(element)
        count = ctx.fresh("count", depth)
        items = ctx.fresh("items", depth)
        index = ctx.fresh("index", depth)
        ekey = ctx.fresh("elementKey", depth)
        lines.append(f"{pad}var {var}: {typ}? = nil")
        lines.append(f"{pad}if let {count} = query.listCount({key_expr}, memberName: {member_name}) {{")
        lines.append(f"{pad}    var {items} = {typ}()")
        lines.append(f"{pad}    {items}.reserveCapacity({count})")
        inner_pad = pad + "    "
        # List-level length constraints come before the elements' own, as AWS orders them.
        if "min" in s:
            record = f"errors.record({path_expr}, Constraint.minLength({s['min']}))"
            lines.append(f"{inner_pad}if {count} < {s['min']} {{ {record} }}")
        if "max" in s:
            record = f"errors.record({path_expr}, Constraint.maxLength({s['max']}))"
            lines.append(f"{inner_pad}if {count} > {s['max']} {{ {record} }}")
        scalar_element = es["type"] not in ("structure", "list", "map")
        if scalar_element:
            valid = ctx.fresh("valid", depth)
            checks = has_constraints(es)
            lines.append(f"{inner_pad}var {valid} = true")
            lines.append(f"{inner_pad}for {index} in stride(from: 1, through: {count}, by: 1) {{")
            lines.append(f"{inner_pad}    let {ekey} = QueryInput.elementKey({key_expr}, {member_name}, {index})")
            value = ctx.fresh("element", depth)
            lines.append(f"{inner_pad}    let {value} = {SCALAR_READERS[es['type']].format(key=ekey)}")
            if checks:
                ctx.element_checks.add(element)
                lines.append(f"{inner_pad}    if let {value} {{")
                check = f"{svc.name}QueryConstraints.{validator_name(element)}IsValid({value})"
                lines.append(f"{inner_pad}        if !{check} {{ {valid} = false }}")
                lines.append(f"{inner_pad}        {items}.append({value})")
                lines.append(f"{inner_pad}    }} else {{")
                lines.append(f"{inner_pad}        {valid} = false")
                lines.append(f"{inner_pad}    }}")
            else:
                lines.append(f"{inner_pad}    if let {value} {{ {items}.append({value}) }} else {{ {valid} = false }}")
            lines.append(f"{inner_pad}}}")
            if checks:
                constraint = f"{svc.name}QueryConstraints.{validator_name(element)}ElementConstraints"
            else:
                constraint = "Constraint.elements([Constraint.notNull])"
            lines.append(f"{inner_pad}if !{valid} {{ errors.record({path_expr}, {constraint}) }}")
        else:
            lines.append(f"{inner_pad}for {index} in stride(from: 1, through: {count}, by: 1) {{")
            lines.append(f"{inner_pad}    let {ekey} = QueryInput.elementKey({key_expr}, {member_name}, {index})")
            epath = f"ValidationErrors.element({path_expr}, {index})"
            value = ctx.fresh("element", depth)
            lines += gen_read(ctx, element, ekey, epath, value, indent + 8, depth + 1)
            lines.append(f"{inner_pad}    if let {value} {{ {items}.append({value}) }}")
            lines.append(f"{inner_pad}}}")
        lines.append(f"{pad}    {var} = {items}")
        lines.append(f"{pad}}}")
        return lines
    if t == "map":
        flattened = s.get("flattened", False)
        entry_name = "nil" if flattened else '"entry"'
        key_name = member_location(s["key"], "key")
        value_name = member_location(s["value"], "value")
        count = ctx.fresh("count", depth)
        items = ctx.fresh("entries", depth)
        index = ctx.fresh("index", depth)
        ekey = ctx.fresh("entryKey", depth)
        lines.append(f"{pad}var {var}: {typ}? = nil")
        lines.append(f"{pad}if let {count} = query.mapCount({key_expr}, entryName: {entry_name}) {{")
        lines.append(f"{pad}    var {items} = {typ}()")
        if "min" in s:
            record = f"errors.record({path_expr}, Constraint.minLength({s['min']}))"
            lines.append(f"{pad}    if {count} < {s['min']} {{ {record} }}")
        if "max" in s:
            record = f"errors.record({path_expr}, Constraint.maxLength({s['max']}))"
            lines.append(f"{pad}    if {count} > {s['max']} {{ {record} }}")
        # Keys and string values that break their constraints are reported once each on the map, as the
        # JSON 1.1 decoder does ("Map keys must satisfy constraint: […]").
        key_shape, value_shape = s["key"]["shape"], s["value"]["shape"]
        keys_checked = svc.shape(key_shape)["type"] == "string" and has_constraints(svc.shape(key_shape))
        values_checked = svc.shape(value_shape)["type"] == "string"
        keys_valid, values_valid = ctx.fresh("keysValid", depth), ctx.fresh("valuesValid", depth)
        if keys_checked:
            ctx.map_key_checks.add(key_shape)
            lines.append(f"{pad}    var {keys_valid} = true")
        if values_checked:
            ctx.map_value_checks.add(value_shape)
            lines.append(f"{pad}    var {values_valid} = true")
        lines.append(f"{pad}    for {index} in stride(from: 1, through: {count}, by: 1) {{")
        lines.append(f"{pad}        let {ekey} = QueryInput.elementKey({key_expr}, {entry_name}, {index})")
        kvar, vvar = ctx.fresh("entryName", depth), ctx.fresh("entryValue", depth)
        epath = f"ValidationErrors.member({path_expr}, \"entry\")"
        lines += gen_read(ctx, key_shape, f'{ekey} + ".{key_name}"', epath, kvar, indent + 8, depth + 1)
        lines += gen_read(ctx, value_shape, f'{ekey} + ".{value_name}"', epath, vvar, indent + 8, depth + 1)
        if keys_checked:
            check = f"{svc.name}QueryConstraints.{validator_name(key_shape)}IsValid"
            lines.append(f"{pad}        if let {kvar}, !{check}({kvar}) {{ {keys_valid} = false }}")
        if values_checked:
            check = f"{svc.name}QueryConstraints.{validator_name(value_shape)}IsValid"
            lines.append(f"{pad}        if {vvar}.map({check}) != true {{ {values_valid} = false }}")
        lines.append(f"{pad}        if let {kvar}, let {vvar} {{ {items}[{kvar}] = {vvar} }}")
        lines.append(f"{pad}    }}")
        if keys_checked:
            constraint = f"{svc.name}QueryConstraints.{validator_name(key_shape)}KeyConstraints"
            lines.append(f"{pad}    if !{keys_valid} {{ errors.record({path_expr}, {constraint}) }}")
        if values_checked:
            constraint = f"{svc.name}QueryConstraints.{validator_name(value_shape)}ValueConstraints"
            lines.append(f"{pad}    if !{values_valid} {{ errors.record({path_expr}, {constraint}) }}")
        lines.append(f"{pad}    {var} = {items}")
        lines.append(f"{pad}}}")
        return lines
    sys.exit(f"unsupported input shape type {t}")


def gen_struct_decoder(ctx, struct_name):
    svc = ctx.svc
    typ = f"{svc.name}.{struct_name}"
    out = [f"extension {typ}: QueryDecodable {{"]
    members = svc.members(struct_name)
    locals_ = [property_name(m).strip("`") + suffix for m, _, _ in members for suffix in ("Key", "Value")]
    if len(set(locals_)) != len(locals_):
        sys.exit(f"{svc.name}.{struct_name}: member names collide in generated locals")
    out.append("    public init(")
    out.append("        query: QueryInput, prefix: String, path: String, errors: inout ValidationErrors")
    out.append("    ) throws(AWSError) {")
    arguments = []
    for member, ref, required in members:
        shape_name = ref["shape"]
        s = svc.shape(shape_name)
        prop = property_name(member)
        wire = member_location(ref, member)
        key_var = prop.strip("`") + "Key"
        value_var = prop.strip("`") + "Value"
        path_expr = f'ValidationErrors.member(path, "{wire_path_name(member)}")'
        out.append(f"        // {member}")
        out.append(f'        let {key_var} = QueryInput.key(prefix, "{wire}")')
        out += gen_read(ctx, shape_name, key_var, path_expr, value_var, 8)
        if has_constraints(s):
            ctx.validators.add(shape_name)
            call = f"{svc.name}QueryConstraints.{validator_name(shape_name)}(v, {path_expr}, &errors)"
            line = f"        if let v = {value_var} {{ {call} }}"
            if len(line) > MAX_LINE:
                out.append(f"        if let v = {value_var} {{")
                out.append(f"            {call}")
                out.append("        }")
            else:
                out.append(line)
        if required:
            null = "errors.recordNull" if svc.config.get("echo_values") else "errors.record"
            notnull = "" if svc.config.get("echo_values") else ", Constraint.notNull"
            out.append(f"        if {value_var} == nil {{ {null}({path_expr}{notnull}) }}")
            if s["type"] == "structure":
                stype = svc.swift_type(shape_name)
                name = prop.strip("`")
                # A placeholder while its absence is reported; `if let`, not `??`, whose autoclosure would
                # turn the typed `throws(AWSError)` into `any Error`.
                out.append(f"        let {name}Final: {stype}")
                out.append(f"        if let v = {value_var} {{")
                out.append(f"            {name}Final = v")
                out.append("        } else {")
                out.append(f"            var ignored = ValidationErrors()")
                out.append(f"            {name}Final = try {stype}(")
                out.append(f"                query: query, prefix: {key_var}, path: path, errors: &ignored)")
                out.append("        }")
                arguments.append(f"{prop.strip('`')}: {name}Final")
            else:
                arguments.append(f"{prop.strip('`')}: {value_var} ?? {DEFAULTS[s['type']]}")
        else:
            arguments.append(f"{prop.strip('`')}: {value_var}")
    return out + decoder_end(arguments)


def decoder_end(arguments):
    """`self.init(a: aValue, …)`, one argument a line, and the braces that close a generated decoder."""
    if not arguments:
        return ["        self.init()", "    }", "}"]
    lines = ["        self.init("]
    for k, argument in enumerate(arguments):
        lines.append("            " + argument + ("," if k < len(arguments) - 1 else ")"))
    return lines + ["    }", "}"]


def gen_decoding(svc, patterns):
    ctx = DecodeContext(svc, patterns)
    out = [header(svc),
           "import Foundation", "import RampartCore", "import RampartServices", ""]
    for k, name in enumerate(svc.input_structs):
        if k:
            out.append("")
        out += gen_struct_decoder(ctx, name)
    return "\n".join(wrap_long(out)) + "\n", ctx


def split_top_level(text):
    """Splits call arguments at the commas outside parentheses and string literals."""
    parts, depth, quoted, start = [], 0, False, 0
    for k, c in enumerate(text):
        if c == '"':
            quoted = not quoted
        elif not quoted and c in "([":
            depth += 1
        elif not quoted and c in ")]":
            depth -= 1
        elif not quoted and depth == 0 and c == ",":
            parts.append(text[start:k].strip())
            start = k + 1
    parts.append(text[start:].strip())
    return parts


def wrap_long(lines):
    """Splits the generated statements that exceed MAX_LINE: an `if … { body }` into three lines,
    a call `f(args)` into `f(` and its arguments on the next line."""
    out = []
    for line in lines:
        if len(line) <= MAX_LINE:
            out.append(line)
            continue
        m = re.match(r"^(\s*)(if .*?) \{ (.*) \}$", line)
        if m:
            indent, head, body = m.groups()
            out += wrap_long([f"{indent}{head} {{", f"{indent}    {body}", f"{indent}}}"])
            continue
        indent = line[:len(line) - len(line.lstrip())]
        paren = line.find("(")
        if paren > 0 and line.endswith(")"):
            args = line[paren + 1:]
            if len(indent) + 4 + len(args) > MAX_LINE:
                parts = split_top_level(args[:-1])
                out.append(line[:paren + 1])
                out += [indent + "    " + part + ("," if k < len(parts) - 1 else ")") for k, part in enumerate(parts)]
            else:
                out += [line[:paren + 1], indent + "    " + args]
            continue
        out.append(line)
    return out


# --------------------------------------------------------------------------------------------
# XML encoding (RampartWire)
# --------------------------------------------------------------------------------------------

def gen_write(svc, shape_name, expr, indent, ctx):
    """Statements writing the content of the value `expr` (the caller writes its element)."""
    s = svc.shape(shape_name)
    t = s["type"]
    pad = " " * indent
    if t == "string":
        if shape_name in svc.url_encoded:
            return [f"{pad}xml.urlEncoded({expr})"]
        return [f"{pad}xml.text({expr})"]
    if t in ("integer", "long"):
        return [f"{pad}xml.int({expr})"]
    if t == "boolean":
        return [f"{pad}xml.bool({expr})"]
    if t == "timestamp":
        return [f"{pad}xml.timestamp({expr})"]
    if t == "blob":
        return [f"{pad}xml.base64({expr})"]
    if t == "structure":
        return [f"{pad}{expr}.encode(to: &xml)"]
    if t == "list":
        member_ref = s["member"]
        name = member_location(member_ref, "member")
        element = ctx.fresh("element", (indent - 8) // 4)
        lines = [f"{pad}for {element} in {expr} {{", f'{pad}    xml.raw("<{name}>")']
        lines += gen_write(svc, member_ref["shape"], element, indent + 4, ctx)
        lines += [f'{pad}    xml.raw("</{name}>")', f"{pad}}}"]
        return lines
    if t == "map":
        key_name = member_location(s["key"], "key")
        value_name = member_location(s["value"], "value")
        entry = ctx.fresh("entry", (indent - 8) // 4)
        lines = [f"{pad}for {entry} in {expr}.sorted(by: {{ $0.key < $1.key }}) {{",
                 f'{pad}    xml.raw("<entry><{key_name}>")']
        lines += gen_write(svc, s["key"]["shape"], f"{entry}.key", indent + 4, ctx)
        lines.append(f'{pad}    xml.raw("</{key_name}><{value_name}>")')
        lines += gen_write(svc, s["value"]["shape"], f"{entry}.value", indent + 4, ctx)
        lines += [f'{pad}    xml.raw("</{value_name}></entry>")', f"{pad}}}"]
        return lines
    sys.exit(f"unsupported output shape type {t}")


RAW_CALL = re.compile(r'^(\s*)xml\.raw\("(.*)"\)$')


def merge_raw(lines):
    """Joins consecutive `xml.raw("…")` calls at the same indent into one (fewer appends)."""
    out = []
    for line in lines:
        m = RAW_CALL.match(line)
        if m and out:
            prev = RAW_CALL.match(out[-1])
            if prev and prev.group(1) == m.group(1):
                merged = f'{m.group(1)}xml.raw("{prev.group(2)}{m.group(2)}")'
                if len(merged) <= MAX_LINE:
                    out[-1] = merged
                    continue
        out.append(line)
    return out


def gen_encoding(svc):
    out = [header(svc),
           "import Foundation", "import RampartServices", ""]
    ctx = DecodeContext(svc, None)
    for k, name in enumerate(svc.output_structs):
        if k:
            out.append("")
        out.append(f"extension {svc.name}.{name}: XMLEncodable {{")
        members = svc.members(name)
        if not members:
            out.append("    public func encode(to xml: inout XMLWriter) {}")
            out.append("}")
            continue
        out.append("    public func encode(to xml: inout XMLWriter) {")
        for member, ref, required in members:
            prop = property_name(member)
            element = member_location(ref, member)
            if required:
                out.append(f'        xml.raw("<{element}>")')
                out += gen_write(svc, ref["shape"], prop, 8, ctx)
                out.append(f'        xml.raw("</{element}>")')
            else:
                out.append(f"        if let value = {prop} {{")
                out.append(f'            xml.raw("<{element}>")')
                out += gen_write(svc, ref["shape"], "value", 12, ctx)
                out.append(f'            xml.raw("</{element}>")')
                out.append("        }")
        out.append("    }")
        out.append("}")
    return "\n".join(merge_raw(out)) + "\n"


# --------------------------------------------------------------------------------------------
# Dispatcher (RampartWire)
# --------------------------------------------------------------------------------------------

def operation_tables(svc, implemented_doc):
    """A dispatcher's `allOperationNames`, `implementedOperationNames` (from its `routes`) and
    `internalError`, each after a blank line."""
    err = svc.config["internal_error"]
    out = ["", "    /// Every operation of the model, implemented or not.", "    public static let allOperationNames: Set<String> = ["]
    out += [f'        "{op}",' for op in sorted(svc.ops)]
    out += [
        "    ]",
        "",
        f"    /// {implemented_doc}",
        "    public static var implementedOperationNames: Set<String> { Set(routes.keys) }",
        "",
        "    /// What a handler's non-AWS error becomes: no detail leaves the server.",
        "    public static let internalError = AWSError(",
        f'        code: "{err["code"]}",',
        f'        message: "{err["message"]}",',
        f"        httpStatus: {err['status']}, fault: .receiver)",
    ]
    return out


def routes_table(svc, doc):
    """`static let routes`: each configured operation's name to its private static function."""
    return ([f"    /// {doc}", "    static let routes: [String: Route] = ["]
            + [f'        "{op}": {method_name(op)},' for op in svc.operations] + ["    ]"])


def gen_dispatcher(svc):
    n = svc.name
    err = svc.config["internal_error"]
    ns_literal = svc.namespace.replace('"', '\\"')
    out = [header(svc),
           "import RampartCore", "import RampartServices", ""]
    out.append(f"/// Routes an {n} Query action to the handler and writes the complete XML response body.")
    out.append(f"public enum {n}QueryDispatcher {{")
    out.append(f'    public static let apiVersion = "{svc.version}"')
    out.append(f'    public static let xmlNamespace = "{svc.namespace}"')
    out += operation_tables(svc, "The operations Rampart implements (codegen/generate_wire.py, SERVICES).")
    out.append("")
    out.append("    /// Decodes and validates the input of `action`, calls the handler and returns the body")
    out.append(f"    /// `<{{Action}}Response xmlns=\"{svc.namespace}\">…</{{Action}}Response>`.")
    out.append("    public static func dispatch(")
    out.append(f"        action: String, query: QueryInput, handler: any {n}Handler, call: CallContext")
    out.append("    ) async throws(AWSError) -> [UInt8] {")
    out.append("        if let version = query.version, version != apiVersion {")
    out.append("            throw QueryDispatch.unknownOperation(action, version: version)")
    out.append("        }")
    out.append("        guard let route = routes[action] else {")
    out.append(f"            if allOperationNames.contains(action) {{ throw {n}.notImplemented(action) }}")
    out.append("            throw QueryDispatch.unknownOperation(action, version: apiVersion)")
    out.append("        }")
    out.append("        return try await route(query, handler, call)")
    out.append("    }")
    out.append("")
    out.append(f"    typealias Route = @Sendable (QueryInput, any {n}Handler, CallContext)")
    out.append("        async throws(AWSError) -> [UInt8]")
    out.append("")
    out += routes_table(svc, "One route per implemented operation: a hash lookup instead of a chain of string compares.")
    for op in svc.operations:
        input_shape, output_shape = svc.input_shape(op), svc.output_shape(op)
        wrapper = svc.ops[op].get("output", {}).get("resultWrapper")
        capacity = 4096 if op.startswith("List") or op == "GetAccountAuthorizationDetails" else 512
        out.append("")
        out.append(f"    private static func {method_name(op)}(")
        out.append(f"        _ query: QueryInput, _ handler: any {n}Handler, _ call: CallContext")
        out.append("    ) async throws(AWSError) -> [UInt8] {")
        args = []
        if input_shape:
            out.append(f"        let input = try {n}.{input_shape}(query: query)")
            args.append("input")
        args.append("call")
        invoke = f"try await handler.{method_name(op)}({', '.join(args)})"
        if output_shape:
            out.append("        let output = try await QueryDispatch.run(internalError) {")
        else:
            out.append("        try await QueryDispatch.run(internalError) {")
        out.append(f"            {invoke}")
        out.append("        }")
        out.append(f"        var xml = XMLWriter(capacity: {capacity})")
        out.append(f'        xml.raw("<{op}Response xmlns=\\"{ns_literal}\\">")')
        if output_shape:
            result = wrapper or f"{op}Result"
            out.append(f'        xml.raw("<{result}>")')
            out.append("        output.encode(to: &xml)")
            out.append(f'        xml.raw("</{result}>")')
        out.append("        xml.responseMetadata(requestId: call.requestId)")
        out.append(f'        xml.raw("</{op}Response>")')
        out.append("        return xml.bytes")
        out.append("    }")
    out.append("}")
    return "\n".join(merge_raw(out)) + "\n"


# --------------------------------------------------------------------------------------------
# Errors (RampartWire)
# --------------------------------------------------------------------------------------------

def error_shapes(svc, naming):
    """(shape, Swift name, code, status, fault, documentation, extra members) of every error shape.
    A shape without an `error` trait keeps its name as code and is 400, Sender, unless the shape
    says `fault` (Organizations' ServiceException): 500, Receiver."""
    errors = []
    for name in sorted(svc.shapes):
        s = svc.shapes[name]
        if not s.get("exception"):
            continue
        trait = s.get("error", {})
        code = trait.get("code", name)
        status = trait.get("httpStatusCode", 500 if s.get("fault") else 400)
        if trait:
            fault = "sender" if trait.get("senderFault") else "receiver"
        else:
            fault = "receiver" if s.get("fault") else "sender"
        base = name[:-len("Exception")] if name.endswith("Exception") else name
        extra = [m for m, ref in s.get("members", {}).items()
                 if m.lower() != "message" and svc.shape(ref["shape"])["type"] == "string"]
        errors.append((name, naming(base), code, status, fault, s.get("documentation"), extra))
    return errors


def gen_errors(svc, naming=None, field_helpers=False):
    """`naming`: the Swift name of an error from its shape name without `Exception` (IAM and STS
    keep theirs with the first letter lowercased). `field_helpers`: a typed function for each error
    with string members besides its message (`constraintViolation(_:reason:)`), which JSON 1.1
    bodies carry."""
    n = svc.name
    out = [header(svc), "import RampartCore", ""]
    errors = error_shapes(svc, naming or (lambda base: base[:1].lower() + base[1:]))
    out.append(f"/// Every error shape of the {n} model: its code, HTTP status and fault from the `error` trait")
    out.append("/// (a shape without one keeps its name as code, 400, Sender; 500, Receiver if it is a `fault`).")
    out.append(f"public enum {n}Errors {{")
    for k, (name, func, code, status, fault, doc, extra) in enumerate(errors):
        if k:
            out.append("")
        out += doc_lines(doc, 4)
        out.append(f"    public static let {swift_name(func)} = ModelError(")
        args = f'shapeName: "{name}", code: "{code}", httpStatus: {status}, fault: .{fault})'
        if len(args) + 8 <= MAX_LINE:
            out.append("        " + args)
        else:
            out.append(f'        shapeName: "{name}",')
            out.append(f'        code: "{code}",')
            out.append(f"        httpStatus: {status}, fault: .{fault})")
        if field_helpers and extra:
            params = ", ".join(f"{property_name(m)}: String" for m in extra)
            fields = ", ".join(f'"{m}": {property_name(m)}' for m in extra)
            out.append("")
            out.append(f"    /// `{code}` with its {', '.join('`' + m + '`' for m in extra)}.")
            out.append(f"    public static func {swift_name(func)}(_ message: String, {params}) -> AWSError {{")
            out.append(f"        {swift_name(func)}(message, fields: [{fields}])")
            out.append("    }")
    out.append("")
    out.append("    /// The modeled errors by code.")
    out.append("    public static let byCode: [String: ModelError] = [")
    for name, func, code, status, fault, doc, extra in sorted(errors, key=lambda e: e[2]):
        out.append(f'        "{code}": {swift_name(func)},')
    out.append("    ]")
    out.append("")
    out.append("    /// The HTTP status the model gives `code`, or nil when the model has no such error.")
    out.append("    public static func status(for code: String) -> Int? { byCode[code]?.httpStatus }")
    out.append("")
    out.append("    /// Whether `error` is one the model declares, with the model's status.")
    out.append("    public static func isModeled(_ error: AWSError) -> Bool {")
    out.append("        guard let modeled = byCode[error.code] else { return false }")
    out.append("        return modeled.httpStatus == error.httpStatus && modeled.fault == error.fault")
    out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def write(path, text, written):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    too_long = [k + 1 for k, line in enumerate(text.split("\n")) if len(line) > MAX_LINE]
    if too_long:
        print(f"warning: {os.path.relpath(path)} has lines over {MAX_LINE}: {too_long[:10]}", file=sys.stderr)
    old = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            old = handle.read()
    if old != text:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    written.append(path)


def main():
    root_default = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model-dir", help="botocore's data directory (default: from `import botocore`)")
    parser.add_argument("--output-root", default=root_default, help="the repository root")
    args = parser.parse_args()
    model_dir = args.model_dir or botocore_data_dir()

    services_dir = os.path.join(args.output_root, "Sources", "RampartServices", "Generated")
    wire_dir = os.path.join(args.output_root, "Sources", "RampartWire", "Generated")
    written = []
    for config in SERVICES:
        model = load_model(model_dir, config)
        for shape, fields in config.get("shape_overrides", {}).items():
            model["shapes"][shape].update(fields)
        svc = Service(config, model)
        n = svc.name
        write(os.path.join(services_dir, f"{n}Shapes.swift"), gen_shapes(svc), written)
        write(os.path.join(services_dir, f"{n}Handler.swift"), gen_handler(svc), written)
        patterns = PatternTable(svc)
        decoding, ctx = gen_decoding(svc, patterns)
        write(os.path.join(wire_dir, f"{n}QueryDecoding.swift"), decoding, written)
        write(os.path.join(wire_dir, f"{n}QueryConstraints.swift"),
              gen_constraints(svc, patterns, ctx.validators, ctx.element_checks,
                              map_key_checks=ctx.map_key_checks, map_value_checks=ctx.map_value_checks), written)
        write(os.path.join(wire_dir, f"{n}XMLEncoding.swift"), gen_encoding(svc), written)
        write(os.path.join(wire_dir, f"{n}QueryDispatcher.swift"), gen_dispatcher(svc), written)
        write(os.path.join(wire_dir, f"{n}Errors.swift"), gen_errors(svc), written)
    # The JSON 1.1 services (generate_json.py), so that the clean-up below knows their files too.
    import generate_json  # noqa: PLC0415 (it imports this module)
    generate_json.generate(model_dir, services_dir, wire_dir, written)
    # Remove generated files of services no longer configured.
    for directory in (services_dir, wire_dir):
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            if name.endswith(".swift") and path not in written:
                os.remove(path)
    # The checked-in output is what `swift format` makes of it, so that formatting the tree and
    # regenerating agree; the format rules come from the repository's .swift-format.
    subprocess.run(["swift", "format", "format", "-i", *written], check=True, cwd=args.output_root)
    for path in written:
        print(os.path.relpath(path, args.output_root))


if __name__ == "__main__":
    main()
