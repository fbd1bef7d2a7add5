import RampartTestSupport
import Testing

@testable import RampartServices

/// The parser of SAML responses refuses what makes XML dangerous, and costs time linear in its input.
struct XMLInfosetTests {
    private func parse(_ xml: String, limits: XMLInfoset.Limits = .samlResponse) throws(XMLInfoset.Error)
        -> XMLInfoset
    {
        try XMLInfoset(Array(xml.utf8), limits: limits)
    }

    @Test func elementsNamespacesAttributesAndText() throws {
        let document = try parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <p:Response xmlns:p="urn:p" xmlns="urn:d" ID="r1"><Item a:x="1" xmlns:a="urn:a">one<!-- c -->two<![CDATA[<3]]></Item></p:Response>
            """)
        #expect(document.root.namespace == "urn:p")
        #expect(document.root.attribute("ID") == "r1")
        let item = document.children(of: 0, "urn:d", "Item")
        #expect(item.count == 1)
        #expect(document.text(of: item[0]) == "onetwo<3")
        #expect(
            document.elements[item[0]].attributes == [
                .init(prefix: "a", localName: "x", namespace: "urn:a", value: "1")
            ])
        #expect(document.namespace(of: "a", at: item[0]) == "urn:a")
        #expect(document.namespace(of: "a", at: 0) == nil)
    }

    @Test func refusesDoctypeAndEntities() {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <lolz>&lol2;</lolz>
            """
        #expect(throws: XMLInfoset.Error.doctypeNotAllowed) { try parse(laughs) }
        #expect(throws: XMLInfoset.Error.doctypeNotAllowed) { try parse("<r><!DOCTYPE r></r>") }
        #expect(throws: XMLInfoset.Error.undefinedEntity) { try parse("<r>&lol;</r>") }
        #expect(throws: XMLInfoset.Error.undefinedEntity) { try parse("<r a='&ext;'/>") }
        #expect(throws: XMLInfoset.Error.undefinedEntity) { try parse("<r>&#0;</r>") }
        #expect(throws: XMLInfoset.Error.undefinedEntity) { try parse("<r>&amp</r>") }
    }

    @Test func refusesProcessingInstructions() {
        #expect(throws: XMLInfoset.Error.processingInstructionNotAllowed) { try parse("<r><?php x?></r>") }
        #expect(throws: XMLInfoset.Error.processingInstructionNotAllowed) {
            try parse("<?xml-stylesheet href='x'?><r/>")
        }
        #expect(throws: XMLInfoset.Error.processingInstructionNotAllowed) { try parse("<r/><?x?>") }
    }

    @Test func refusesMalformedDocuments() {
        for xml in [
            "", "<r>", "<r></s>", "<r/><r/>", "text<r/>", "<r a='1' a='2'/>", "<r x:a='1'/>", "<a:b:c/>",
            "<r xmlns:p='urn:1' xmlns:q='urn:1' p:a='1' q:a='2'/>", "<r>]]></r>", "<r><!-- a -- b --></r>",
            "<r xmlns:p=''/>", "<r>\u{1}</r>",
        ] {
            #expect(throws: XMLInfoset.Error.self, "\(xml)") { try parse(xml) }
        }
        #expect(throws: XMLInfoset.Error.unboundPrefix("x")) { try parse("<x:r/>") }
    }

    @Test func refusesBytesThatAreNotUTF8() {
        #expect(throws: XMLInfoset.Error.notUTF8) {
            try XMLInfoset([0x3C, 0x72, 0x3E, 0xC3, 0x28, 0x3C, 0x2F, 0x72, 0x3E], limits: .samlResponse)
        }
    }

    @Test func limitsSizeAndDepth() throws {
        let limits = XMLInfoset.Limits(bytes: 64, depth: 3)
        #expect(throws: XMLInfoset.Error.tooLarge) {
            try parse("<r>" + String(repeating: "x", count: 64) + "</r>", limits: limits)
        }
        _ = try parse("<a><b><c/></b></a>", limits: limits)
        #expect(throws: XMLInfoset.Error.tooDeep) { try parse("<a><b><c><d/></c></b></a>", limits: limits) }
    }

    @Test func lineEndsAndAttributeWhiteSpaceAreNormalized() throws {
        let document = try parse("<r a='x\r\ny\tz&#10;'>1\r\n2\r3</r>")
        #expect(document.root.attribute("a") == "x y z\n")
        #expect(document.text(of: 0) == "1\n2\n3")
    }

    private static func steps(_ input: @escaping (Int) -> String) -> [String] {
        Linearity.superLinearSteps(
            input: input,
            parse: { text in
                if let document = try? XMLInfoset(Array(text.utf8), limits: .init(bytes: .max, depth: 48)) {
                    _ = ExclusiveCanonicalization().canonicalize(document, 0)
                }
            })
    }

    @Test func linearInSiblingsAttributesTextAndDeclarations() {
        #expect(Self.steps { "<r>" + String(repeating: "<c x='1'/>", count: $0 / 10) + "</r>" }.isEmpty)
        #expect(Self.steps { "<r" + (0..<($0 / 12)).map { " a\($0)='1'" }.joined() + "/>" }.isEmpty)
        #expect(Self.steps { "<r>" + String(repeating: "&amp;&#x41;", count: $0 / 11) + "</r>" }.isEmpty)
        #expect(Self.steps { "<r>" + String(repeating: "a<![CDATA[b]]>", count: $0 / 14) + "</r>" }.isEmpty)
        #expect(
            Self.steps { size in
                "<r" + (0..<(size / 24)).map { " xmlns:p\($0)='urn:\($0)'" }.joined() + ">"
                    + String(repeating: "<c/>", count: size / 8) + "</r>"
            }.isEmpty)
        let block = String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40)
        #expect(Self.steps { "<r>" + String(repeating: block, count: max(1, $0 / block.utf8.count)) + "</r>" }.isEmpty)
    }
}
