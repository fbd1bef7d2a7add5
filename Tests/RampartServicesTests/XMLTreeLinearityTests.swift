import RampartTestSupport
import Testing

@testable import RampartServices

/// CreateSAMLProvider takes up to 10 MB of XML from any caller allowed to create providers: each shape
/// of input the parser walks must cost time in proportion to its size.
@Suite struct XMLTreeLinearityTests {
    private static func steps(_ input: @escaping (Int) -> String) -> [String] {
        Linearity.superLinearSteps(input: input, parse: { _ = try? XMLTree($0) })
    }

    @Test func manySiblings() {
        let steps = Self.steps { "<r>" + String(repeating: "<c x='1'/>", count: $0 / 10) + "</r>" }
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func hugeAttributeValue() {
        let steps = Self.steps { "<r a=\"" + String(repeating: "x", count: $0) + "\"/>" }
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func manyAttributesOnOneElement() {
        let steps = Self.steps { size in
            "<r" + (0..<(size / 12)).map { " a\($0)='1'" }.joined() + "/>"
        }
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func manyReferencesInText() {
        let steps = Self.steps { "<r>" + String(repeating: "&amp;&#x41;", count: $0 / 11) + "</r>" }
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func nestingAtTheDepthLimitRepeated() {
        let block = String(repeating: "<a>", count: 60) + String(repeating: "</a>", count: 60)
        let steps = Self.steps { "<r>" + String(repeating: block, count: max(1, $0 / block.utf8.count)) + "</r>" }
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func namespaceDeclarationsAtEveryLevel() {
        let block =
            (0..<60).map { "<p\($0):a xmlns:p\($0)='urn:x:\($0)'>" }.joined()
            + (0..<60).reversed().map { "</p\($0):a>" }.joined()
        let steps = Self.steps { "<r>" + String(repeating: block, count: max(1, $0 / block.utf8.count)) + "</r>" }
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func unterminatedMarkupScansOnce() {
        let comment = Self.steps { "<r><!--" + String(repeating: "--x", count: $0 / 3) }
        #expect(comment.isEmpty, "\(comment)")
        let steps = Self.steps { "<r><![CDATA[" + String(repeating: "]]x", count: $0 / 3) }
        #expect(steps.isEmpty, "\(steps)")
    }
}
