#!/usr/bin/env python3
"""Generates Rampart's AWS JSON 1.1 wire layer from the botocore service models.

    python3 codegen/generate_wire.py     # writes the Query and the JSON 1.1 services

Writes, for every service in JSON_SERVICES:

    Sources/RampartServices/Generated/<S>Shapes.swift        `public enum <S> {}` and its structures
    Sources/RampartServices/Generated/<S>Handler.swift       the handler protocol
    Sources/RampartWire/Generated/<S>JSONDecoding.swift      request body -> typed input + validation
    Sources/RampartWire/Generated/<S>JSONConstraints.swift   per-shape constraint checks, patterns
    Sources/RampartWire/Generated/<S>JSONEncoding.swift      typed output -> response body
    Sources/RampartWire/Generated/<S>JSONService.swift       the `JSONService`: target -> handler
    Sources/RampartWire/Generated/<S>Errors.swift            the model's error shapes

The shapes, the handler, the constraint checks, the patterns and the errors come from the same
code as the Query services' (generate_wire.py); what is JSON's own is here. Python 3 standard
library only; the output is deterministic.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_wire as wire  # noqa: E402
from generate_wire import (  # noqa: E402
    DEFAULTS, DecodeContext, PatternTable, Service, gen_constraints, gen_errors, gen_handler, gen_shapes,
    has_constraints, header, decoder_end, lower_camel, member_location, method_name, operation_tables,
    property_name, routes_table, validator_name, wire_path_name, wrap_long,
)

# --------------------------------------------------------------------------------------------
# Configuration. A JSON 1.1 service is one more entry: its model, the error a handler's
# non-AWS failure becomes, and the operations Rampart routes (every operation of the model
# here, so the handler protocol has them all; PartialHandler answers the ones not written yet).
# --------------------------------------------------------------------------------------------

JSON_SERVICES = [
    {
        "name": "Organizations",
        "model": "organizations",
        "version": "2016-11-28",
        # The model's own internal error (`"fault": true`, so 500).
        "internal_error": {
            "code": "ServiceException",
            "status": 500,
            "message": "The request processing has failed because of an unknown error, exception or failure.",
        },
        "operations": """
            AcceptHandshake AttachPolicy CancelHandshake CloseAccount CreateAccount CreateGovCloudAccount
            CreateOrganization CreateOrganizationalUnit CreatePolicy DeclineHandshake DeleteOrganization
            DeleteOrganizationalUnit DeletePolicy DeleteResourcePolicy DeregisterDelegatedAdministrator
            DescribeAccount DescribeCreateAccountStatus DescribeEffectivePolicy DescribeHandshake
            DescribeOrganization DescribeOrganizationalUnit DescribePolicy DescribeResourcePolicy
            DescribeResponsibilityTransfer DetachPolicy DisableAWSServiceAccess DisablePolicyType
            EnableAWSServiceAccess EnableAllFeatures EnablePolicyType InviteAccountToOrganization
            InviteOrganizationToTransferResponsibility LeaveOrganization ListAWSServiceAccessForOrganization
            ListAccounts ListAccountsForParent ListAccountsWithInvalidEffectivePolicy ListChildren
            ListCreateAccountStatus ListDelegatedAdministrators ListDelegatedServicesForAccount
            ListEffectivePolicyValidationErrors ListHandshakesForAccount ListHandshakesForOrganization
            ListInboundResponsibilityTransfers ListOrganizationalUnitsForParent ListOutboundResponsibilityTransfers
            ListParents ListPolicies ListPoliciesForTarget ListRoots ListTagsForResource ListTargetsForPolicy
            MoveAccount PutResourcePolicy RegisterDelegatedAdministrator RemoveAccountFromOrganization
            TagResource TerminateResponsibilityTransfer UntagResource UpdateOrganizationalUnit UpdatePolicy
            UpdateResponsibilityTransfer
        """.split(),
    },
    {
        "name": "CloudTrail",
        "model": "cloudtrail",
        "version": "2013-11-01",
        # The model has no internal error shape; AWS answers this one for its own failures.
        "internal_error": {
            "code": "InternalServerError",
            "status": 500,
            "message": "An internal error occurred.",
        },
        # The trail's lookup; trails, event data stores and Lake queries are not part of Rampart.
        "operations": ["LookupEvents"],
    },
    {
        "name": "Config",
        "model": "config",
        "version": "2014-11-12",
        # The model has no internal error shape; AWS's common error for its own failures.
        "internal_error": {
            "code": "InternalFailure",
            "status": 500,
            "message": "The request processing has failed because of an unknown error, exception or failure.",
        },
        # The part of Config that judges identities: recorders, a delivery channel, rules and
        # their compliance, tags; organization rules and aggregators over the organization's or
        # authorizing accounts' compliance. Conformance packs are not here.
        "operations": """
            PutConfigurationRecorder DescribeConfigurationRecorders DescribeConfigurationRecorderStatus
            StartConfigurationRecorder StopConfigurationRecorder DeleteConfigurationRecorder PutDeliveryChannel
            DescribeDeliveryChannelStatus
            DescribeDeliveryChannels DeleteDeliveryChannel PutConfigRule DescribeConfigRules DeleteConfigRule
            StartConfigRulesEvaluation DescribeConfigRuleEvaluationStatus DescribeComplianceByConfigRule
            DescribeComplianceByResource GetComplianceDetailsByConfigRule GetComplianceDetailsByResource
            GetComplianceSummaryByConfigRule GetComplianceSummaryByResourceType TagResource UntagResource
            ListTagsForResource
            PutOrganizationConfigRule DescribeOrganizationConfigRules DescribeOrganizationConfigRuleStatuses
            GetOrganizationConfigRuleDetailedStatus DeleteOrganizationConfigRule
            PutConfigurationAggregator DescribeConfigurationAggregators DeleteConfigurationAggregator
            PutAggregationAuthorization DescribeAggregationAuthorizations DeleteAggregationAuthorization
            DescribeAggregateComplianceByConfigRules GetAggregateComplianceDetailsByConfigRule
            GetAggregateConfigRuleComplianceSummary
        """.split(),
    },
    {
        "name": "EventBridge",
        "model": "events",
        "version": "2015-10-07",
        # The model's own internal error (`"fault": true`, so 500).
        "internal_error": {
            "code": "InternalException",
            "status": 500,
            "message": "The request processing has failed because of an unknown error, exception or failure.",
        },
        # Alerts: rules on the default bus, their targets, API destinations and their connections,
        # PutEvents and TestEventPattern, tags. Custom buses, archives, replays and endpoints are not here.
        "operations": """
            PutRule DescribeRule ListRules DeleteRule EnableRule DisableRule PutTargets RemoveTargets
            ListTargetsByRule TestEventPattern TagResource UntagResource ListTagsForResource CreateConnection
            DescribeConnection DeleteConnection ListConnections CreateApiDestination DescribeApiDestination
            DeleteApiDestination ListApiDestinations PutEvents
        """.split(),
    },
]

# What every JSON service shares in the Service configuration.
JSON_DEFAULTS = {
    "generator": "generate_json.py",
    "declare_namespace": True,
    "not_implemented_code": "UnknownOperationException",
    "url_encoded_shapes": [],
}

# The accessor of JSONValue (Runtime/JSONValue+Decoding.swift) for each scalar type.
SCALAR_ACCESSORS = {
    "string": "asString", "integer": "asInt32", "long": "asInt64", "boolean": "asBool", "float": "asDouble",
    "double": "asDouble", "timestamp": "asTimestamp", "blob": "asBlob",
}

# The JSONWriter call for each scalar type.
SCALAR_WRITERS = {
    "string": "string", "integer": "int", "long": "int", "boolean": "bool", "float": "double", "double": "double",
    "timestamp": "timestamp", "blob": "base64",
}


class JSONDecodeContext(DecodeContext):
    def __init__(self, svc, patterns):
        super().__init__(svc, patterns)
        self.map_key_checks = set()
        self.map_value_checks = set()


def constraints_enum(svc):
    return f"{svc.name}JSONConstraints"


def message_key(svc):
    """The name the model gives the message of its errors (`Message` in Organizations, `message`
    in Config), `message` when no error shape has one."""
    names = [m for s in svc.shapes.values() if s.get("exception") for m in s.get("members", {})
             if m.lower() == "message"]
    return max(sorted(set(names)), key=names.count) if names else "message"


# --------------------------------------------------------------------------------------------
# Decoding (RampartWire)
# --------------------------------------------------------------------------------------------

def gen_read(ctx, shape_name, access, path_expr, var, indent, depth=0):
    """Statements declaring `var` (Optional) with the value `access(accessor)` reads, recording
    the constraint violations of nested members under `path_expr`."""
    svc = ctx.svc
    s = svc.shape(shape_name)
    t = s["type"]
    pad = " " * indent
    typ = svc.swift_type(shape_name)
    fresh = ctx.fresh
    if t in SCALAR_ACCESSORS:
        return [f"{pad}let {var} = try {access(SCALAR_ACCESSORS[t])}"]
    if t == "structure":
        obj = fresh("object", depth)
        return [
            f"{pad}var {var}: {typ}? = nil",
            f"{pad}if let {obj} = try {access('asStructure')} {{",
            f"{pad}    {var} = try {typ}(json: {obj}, path: {path_expr}, errors: &errors)",
            f"{pad}}}",
        ]
    if t == "list":
        return gen_read_list(ctx, s, typ, access, path_expr, var, indent, depth)
    if t == "map":
        return gen_read_map(ctx, s, typ, access, path_expr, var, indent, depth)
    sys.exit(f"{svc.name}: unsupported input shape type {t} of {shape_name}")


def count_checks(s, count, path_expr, pad):
    """A list's or map's own length constraints, before its elements', as AWS orders them."""
    lines = []
    if "min" in s:
        lines.append(f"{pad}if {count} < {s['min']} {{ errors.record({path_expr}, Constraint.minLength({s['min']})) }}")
    if "max" in s:
        lines.append(f"{pad}if {count} > {s['max']} {{ errors.record({path_expr}, Constraint.maxLength({s['max']})) }}")
    return lines


def scalar_element(ctx, shape_name, value_expr, value, valid, checks_set, pad):
    """Reads a scalar list element or map value into `value`; `valid` turns false when it is null
    or breaks its shape's constraints."""
    svc = ctx.svc
    es = svc.shape(shape_name)
    read = f"try {value_expr}.{SCALAR_ACCESSORS[es['type']]}()"
    if not has_constraints(es):
        return [f"{pad}guard let {value} = {read} else {{", f"{pad}    {valid} = false", f"{pad}    continue",
                f"{pad}}}"]
    checks_set.add(shape_name)
    check = f"{constraints_enum(svc)}.{validator_name(shape_name)}IsValid({value})"
    return [f"{pad}guard let {value} = {read} else {{", f"{pad}    {valid} = false", f"{pad}    continue",
            f"{pad}}}", f"{pad}if !{check} {{ {valid} = false }}"]


def nested_element(ctx, shape_name, element, path, value, store, indent, depth):
    """A structure, list or map inside a list or map: read it from `element` into `value` and
    `store` it; a null one is "Member must not be null" at `path`."""
    pad = " " * indent
    lines = gen_read(ctx, shape_name, lambda accessor: f"{element}.{accessor}()", path, value, indent, depth + 1)
    return lines + [f"{pad}if let {value} {{", f"{pad}    {store}", f"{pad}}} else {{",
                    f"{pad}    errors.record({path}, Constraint.notNull)", f"{pad}}}"]


def gen_read_list(ctx, s, typ, access, path_expr, var, indent, depth):
    svc = ctx.svc
    pad = " " * indent
    inner = pad + "    "
    fresh = ctx.fresh
    items, elements = fresh("items", depth), fresh("elements", depth)
    element = fresh("element", depth)
    element_shape = s["member"]["shape"]
    es = svc.shape(element_shape)
    lines = [
        f"{pad}var {var}: {typ}? = nil",
        f"{pad}if let {elements} = try {access('asList')} {{",
        f"{inner}var {items} = {typ}()",
        f"{inner}{items}.reserveCapacity({elements}.count)",
    ]
    lines += count_checks(s, f"{elements}.count", path_expr, inner)
    if es["type"] in SCALAR_ACCESSORS:
        valid, value = fresh("valid", depth), fresh("value", depth)
        lines.append(f"{inner}var {valid} = true")
        lines.append(f"{inner}for {element} in {elements} {{")
        lines += scalar_element(ctx, element_shape, element, value, valid, ctx.element_checks, inner + "    ")
        lines.append(f"{inner}    {items}.append({value})")
        lines.append(f"{inner}}}")
        if has_constraints(es):
            constraint = f"{constraints_enum(svc)}.{validator_name(element_shape)}ElementConstraints"
        else:
            constraint = "Constraint.elements([Constraint.notNull])"
        lines.append(f"{inner}if !{valid} {{ errors.record({path_expr}, {constraint}) }}")
    else:
        index, element_path, value = fresh("index", depth), fresh("elementPath", depth), fresh("value", depth)
        lines.append(f"{inner}for ({index}, {element}) in {elements}.enumerated() {{")
        lines.append(f"{inner}    let {element_path} = ValidationErrors.element({path_expr}, {index} + 1)")
        lines += nested_element(ctx, element_shape, element, element_path, value, f"{items}.append({value})",
                                indent + 8, depth)
        lines.append(f"{inner}}}")
    lines.append(f"{inner}{var} = {items}")
    lines.append(f"{pad}}}")
    return lines


def gen_read_map(ctx, s, typ, access, path_expr, var, indent, depth):
    """Entries in key order (so messages are stable); keys and scalar values that break their
    constraints are reported once each on the map, as AWS does ("Map keys must satisfy …")."""
    svc = ctx.svc
    pad = " " * indent
    inner = pad + "    "
    fresh = ctx.fresh
    entries, members = fresh("entries", depth), fresh("members", depth)
    key, element = fresh("key", depth), fresh("element", depth)
    key_shape, value_shape = s["key"]["shape"], s["value"]["shape"]
    if svc.shape(key_shape)["type"] != "string":
        sys.exit(f"{svc.name}: map keys of type {svc.shape(key_shape)['type']} are not supported")
    vs = svc.shape(value_shape)
    lines = [
        f"{pad}var {var}: {typ}? = nil",
        f"{pad}if let {members} = try {access('asMap')} {{",
        f"{inner}var {entries} = {typ}()",
    ]
    lines += count_checks(s, f"{members}.count", path_expr, inner)
    keys_checked = has_constraints(svc.shape(key_shape))
    keys_valid, values_valid = fresh("keysValid", depth), fresh("valuesValid", depth)
    if keys_checked:
        ctx.map_key_checks.add(key_shape)
        lines.append(f"{inner}var {keys_valid} = true")
    scalar = vs["type"] in SCALAR_ACCESSORS
    if scalar:
        lines.append(f"{inner}var {values_valid} = true")
    lines.append(f"{inner}for ({key}, {element}) in {members}.sorted(by: {{ $0.key < $1.key }}) {{")
    body = inner + "    "
    if keys_checked:
        check = f"{constraints_enum(svc)}.{validator_name(key_shape)}IsValid({key})"
        lines.append(f"{body}if !{check} {{ {keys_valid} = false }}")
    value = fresh("value", depth)
    if scalar:
        lines += scalar_element(ctx, value_shape, element, value, values_valid, ctx.map_value_checks, body)
        lines.append(f"{body}{entries}[{key}] = {value}")
    else:
        entry_path = fresh("entryPath", depth)
        lines.append(f"{body}let {entry_path} = ValidationErrors.member({path_expr}, {key})")
        lines += nested_element(ctx, value_shape, element, entry_path, value, f"{entries}[{key}] = {value}",
                                indent + 8, depth)
    lines.append(f"{inner}}}")
    if keys_checked:
        constraint = f"{constraints_enum(svc)}.{validator_name(key_shape)}KeyConstraints"
        lines.append(f"{inner}if !{keys_valid} {{ errors.record({path_expr}, {constraint}) }}")
    if scalar:
        # Also for a value shape without constraints: the text then names only "Member must not be null".
        ctx.map_value_checks.add(value_shape)
        constraint = f"{constraints_enum(svc)}.{validator_name(value_shape)}ValueConstraints"
        lines.append(f"{inner}if !{values_valid} {{ errors.record({path_expr}, {constraint}) }}")
    lines.append(f"{inner}{var} = {entries}")
    lines.append(f"{pad}}}")
    return lines


def gen_struct_decoder(ctx, struct_name):
    svc = ctx.svc
    typ = f"{svc.name}.{struct_name}"
    members = svc.members(struct_name)
    out = [f"extension {typ}: JSONDecodable {{",
           "    public init(json: [String: JSONValue], path: String, errors: inout ValidationErrors) throws(AWSError) {"]
    arguments = []
    for member, ref, required in members:
        shape_name = ref["shape"]
        s = svc.shape(shape_name)
        prop = property_name(member).strip("`")
        wire_name = member_location(ref, member)
        value_var = prop + "Value"
        path_expr = f'ValidationErrors.member(path, "{wire_path_name(member)}")'
        out.append(f"        // {member}")
        out += gen_read(ctx, shape_name, lambda accessor, w=wire_name: f'json["{w}"]?.{accessor}()', path_expr,
                        value_var, 8)
        if has_constraints(s):
            ctx.validators.add(shape_name)
            call = f"{constraints_enum(svc)}.{validator_name(shape_name)}(v, {path_expr}, &errors)"
            out.append(f"        if let v = {value_var} {{ {call} }}")
        if not required:
            arguments.append(f"{prop}: {value_var}")
            continue
        out.append(f"        if {value_var} == nil {{ errors.record({path_expr}, Constraint.notNull) }}")
        if s["type"] == "structure":
            # A stand-in so the initializer can run; the recorded violation is thrown before it is used.
            stype = svc.swift_type(shape_name)
            out.append(f"        let {prop}Final: {stype}")
            out.append(f"        if let {value_var} {{")
            out.append(f"            {prop}Final = {value_var}")
            out.append("        } else {")
            out.append("            var ignored = ValidationErrors()")
            out.append(f"            {prop}Final = try {stype}(json: [:], path: path, errors: &ignored)")
            out.append("        }")
            arguments.append(f"{prop}: {prop}Final")
        else:
            arguments.append(f"{prop}: {value_var} ?? {DEFAULTS[s['type']]}")
    return out + decoder_end(arguments)


def gen_decoding(svc, patterns):
    ctx = JSONDecodeContext(svc, patterns)
    out = [header(svc), "import Foundation", "import RampartCore", "import RampartServices", ""]
    for k, name in enumerate(svc.input_structs):
        if k:
            out.append("")
        out += gen_struct_decoder(ctx, name)
    return "\n".join(wrap_long(out)) + "\n", ctx


# --------------------------------------------------------------------------------------------
# Encoding (RampartWire)
# --------------------------------------------------------------------------------------------

def gen_write(svc, shape_name, expr, indent, depth):
    """Statements writing the value `expr` (its key, if any, is already written)."""
    s = svc.shape(shape_name)
    t = s["type"]
    pad = " " * indent
    if t in SCALAR_WRITERS:
        return [f"{pad}json.{SCALAR_WRITERS[t]}({expr})"]
    if t == "structure":
        return [f"{pad}{expr}.encode(to: &json)"]
    if t == "list":
        element = "element" if depth == 0 else f"element{depth}"
        return ([f"{pad}json.beginArray()", f"{pad}for {element} in {expr} {{"]
                + gen_write(svc, s["member"]["shape"], element, indent + 4, depth + 1)
                + [f"{pad}}}", f"{pad}json.endArray()"])
    if t == "map":
        entry = "entry" if depth == 0 else f"entry{depth}"
        return ([f"{pad}json.beginObject()", f"{pad}for {entry} in {expr}.sorted(by: {{ $0.key < $1.key }}) {{",
                 f"{pad}    json.dynamicKey({entry}.key)"]
                + gen_write(svc, s["value"]["shape"], f"{entry}.value", indent + 4, depth + 1)
                + [f"{pad}}}", f"{pad}json.endObject()"])
    sys.exit(f"{svc.name}: unsupported output shape type {t} of {shape_name}")


def gen_encoding(svc):
    out = [header(svc), "import Foundation", "import RampartServices", ""]
    for k, name in enumerate(svc.output_structs):
        if k:
            out.append("")
        out.append(f"extension {svc.name}.{name}: JSONEncodable {{")
        out.append("    public func encode(to json: inout JSONWriter) {")
        out.append("        json.beginObject()")
        for member, ref, required in svc.members(name):
            prop = property_name(member)
            key = member_location(ref, member)
            if required:
                out.append(f'        json.key("{key}")')
                out += gen_write(svc, ref["shape"], prop, 8, 0)
            else:
                out.append(f"        if let value = {prop} {{")
                out.append(f'            json.key("{key}")')
                out += gen_write(svc, ref["shape"], "value", 12, 0)
                out.append("        }")
        out.append("        json.endObject()")
        out.append("    }")
        out.append("}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# The service (RampartWire)
# --------------------------------------------------------------------------------------------

def gen_service(svc):
    n = svc.name
    metadata = svc.metadata
    signing_name = metadata.get("signingName", metadata["endpointPrefix"])
    out = [header(svc), "import RampartCore", "import RampartServices", ""]
    out.append(f"/// {metadata.get('serviceFullName', n)} on AWS JSON 1.1: `X-Amz-Target: {metadata['targetPrefix']}.<Operation>`,")
    out.append(f"/// signed for `{signing_name}`. Decodes and validates the body, calls the handler, writes the output.")
    out.append(f"public struct {n}JSONService: JSONService {{")
    out.append(f'    public static let targetPrefix = "{metadata["targetPrefix"]}"')
    out.append(f'    public static let signingName = "{signing_name}"')
    out.append(f'    public static let apiVersion = "{svc.version}"')
    out += operation_tables(svc, "The operations routed to the handler (codegen/generate_json.py, JSON_SERVICES).")
    out.append("")
    out.append(f"    let handler: any {n}Handler")
    out.append("")
    out.append(f"    public init(handler: any {n}Handler) {{")
    out.append("        self.handler = handler")
    out.append("    }")
    out.append("")
    out.append("    public var targetPrefix: String { Self.targetPrefix }")
    out.append("    public var operationNames: Set<String> { Self.allOperationNames }")
    out.append(f'    public var errorMessageKey: String {{ "{message_key(svc)}" }}')
    out.append("")
    out.append("    public func handle(operation: String, body: [UInt8], call: CallContext) async throws(AWSError) -> [UInt8] {")
    out.append("        guard let route = Self.routes[operation] else {")
    out.append(f"            if Self.allOperationNames.contains(operation) {{ throw {n}.notImplemented(operation) }}")
    out.append('            throw AWSError(code: "UnknownOperationException", message: "", httpStatus: 400)')
    out.append("        }")
    out.append("        return try await route(body, handler, call)")
    out.append("    }")
    out.append("")
    out.append(f"    typealias Route = @Sendable ([UInt8], any {n}Handler, CallContext) async throws(AWSError) -> [UInt8]")
    out.append("")
    out += routes_table(svc, "One route per operation: a hash lookup instead of a chain of string compares.")
    for op in svc.operations:
        input_shape, output_shape = svc.input_shape(op), svc.output_shape(op)
        out.append("")
        out.append(f"    private static func {method_name(op)}(")
        out.append(f"        _ body: [UInt8], _ handler: any {n}Handler, _ call: CallContext")
        out.append("    ) async throws(AWSError) -> [UInt8] {")
        args = ["call"]
        if input_shape:
            out.append(f"        let input = try {n}.{input_shape}(jsonBody: body)")
            args.insert(0, "input")
        else:
            # No input shape: the body must still be a JSON object (botocore sends `{}`).
            out.append("        _ = try JSONBody.object(body)")
        invoke = f"try await handler.{method_name(op)}({', '.join(args)})"
        if not output_shape:
            out.append(f"        try await QueryDispatch.run(internalError) {{ {invoke} }}")
            out.append("        return JSONWriter.emptyObject")
            out.append("    }")
            continue
        out.append(f"        let output = try await QueryDispatch.run(internalError) {{ {invoke} }}")
        capacity = 4096 if op.startswith("List") else 512
        out.append(f"        var json = JSONWriter(capacity: {capacity})")
        out.append("        output.encode(to: &json)")
        out.append("        return json.bytes")
        out.append("    }")
    out.append("}")
    return "\n".join(wrap_long(out)) + "\n"


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def generate(model_dir, services_dir, wire_dir, written):
    """Writes every JSON service's files (unformatted; generate_wire.main formats them all)."""
    for entry in JSON_SERVICES:
        config = {**JSON_DEFAULTS, **entry}
        model = wire.load_model(model_dir, config)
        if model["metadata"].get("protocol") != "json":
            sys.exit(f"{config['name']}: the model's protocol is {model['metadata'].get('protocol')}, not json")
        svc = Service(config, model)
        n = svc.name
        wire.write(os.path.join(services_dir, f"{n}Shapes.swift"), gen_shapes(svc), written)
        wire.write(os.path.join(services_dir, f"{n}Handler.swift"), gen_handler(svc), written)
        patterns = PatternTable(svc)
        decoding, ctx = gen_decoding(svc, patterns)
        wire.write(os.path.join(wire_dir, f"{n}JSONDecoding.swift"), decoding, written)
        wire.write(os.path.join(wire_dir, f"{n}JSONConstraints.swift"),
                   gen_constraints(svc, patterns, ctx.validators, ctx.element_checks, constraints_enum(svc),
                                   ctx.map_key_checks, ctx.map_value_checks), written)
        wire.write(os.path.join(wire_dir, f"{n}JSONEncoding.swift"), gen_encoding(svc), written)
        wire.write(os.path.join(wire_dir, f"{n}JSONService.swift"), gen_service(svc), written)
        wire.write(os.path.join(wire_dir, f"{n}Errors.swift"),
                   gen_errors(svc, naming=lower_camel, field_helpers=True), written)


if __name__ == "__main__":
    wire.main()
