/// A SAML response signed over its Assertion, and one signed over the whole Response, by signxml (lxml's
/// canonicalization, independent of Rampart's) with the key of `certificate`; valid for ten years from
/// December 2026. Generated with tests/e2e/saml_idp.py.
enum SAMLFixture {
    static let entityID = "https://idp.test/fixture"
    static let roleArn = "arn:aws:iam::123456789012:role/fixture"
    static let providerArn = "arn:aws:iam::123456789012:saml-provider/fixture"
    static let certificate =
        "MIICsjCCAZqgAwIBAgIUZzDYpDOHDFkCMSBpy16VHhcYxSQwDQYJKoZIhvcNAQELBQAwEzERMA8GA1UEAwwIaWRwLnRlc3QwHhcNMjYxMjA1MTkzNTMxWhcNMjcxMjA2MTkzNTMxWjATMREwDwYDVQQDDAhpZHAudGVzdDCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAMMb9dGKCPtcXWjbq4RipraVMVf0IBHBysSqL69T4NqdFZh3o6LvCnGYPXqcsWOw6CHPXcW3PoE53/ZcT/rzQOo7iZfo1buTLQ1kIH/dZVpiZCoELD0DhxJdl4vHxTDk0Vbc9yyYG+NV+5LfVrbhlbrI0bjjIfEvejuQXx1jR/SBr9CD34tBAcWNQWLyFTbIjXHTAnB2Q0lBVUjyrS2oTqkgX63X/r75wF3PghCBU1PdkmqTzD3OrluGt9AZ/AXgBwyZALdzGquGaqvnLEwSV9Yur0h+LBU70QKi9O7LEo/7xLAZ+oUThNgrarK2MitWGZda3+wYxSKzGyfk3vfaTtMCAwEAATANBgkqhkiG9w0BAQsFAAOCAQEAqImHY8J1SrOSxQKUkHd97Bx0CKmW2ZWVKI5MPgntXp0cnJx/raWAA8yjWzHQh73q5dEziTrkzPfRoFvThmKh3fGecm18urF3CWLRedRIOGUhc2QWvH7g9kwh9VTo6BpALq+MhpbWS2MBiKb6hnbnzZnM7ox1cW9jppqLLV/odjc2qBaWVZqih1QWdfg9BcvEMp0w6+2G7xiRNbKLfUDamuqIcvB5x0d8LwbXoJCdzKGmUXzoBAn4Aszm7J3gufRZe4sCKkddgDrZMpDdiYp6i2GLnFFUblc1jLiu/2FZIAatqeiKgj5e9ptHuA7pK06FO0d8H8UatxU6fNsWmAMMcA=="
    static let signedAssertion = """
        <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r6f3898de968443e9a0f15d2d8377a98b" Version="2.0" IssueInstant="2026-12-06T19:35:32.366Z" Destination="https://signin.aws.amazon.com/saml">
          <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://idp.test/fixture</saml:Issuer>
          <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
          <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_fixture1" Version="2.0" IssueInstant="2026-12-06T19:35:31.742Z">
            <saml:Issuer>https://idp.test/fixture</saml:Issuer>
            <saml:Subject>
              <saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice@example.com</saml:NameID>
              <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
                <saml:SubjectConfirmationData NotOnOrAfter="2036-12-03T19:35:31.742Z" Recipient="https://signin.aws.amazon.com/saml"/>
              </saml:SubjectConfirmation>
            </saml:Subject>
            <saml:Conditions NotBefore="2026-12-06T19:34:31.742Z" NotOnOrAfter="2036-12-03T19:35:31.742Z">
              <saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience></saml:AudienceRestriction>
            </saml:Conditions>
            <saml:AuthnStatement AuthnInstant="2026-12-06T19:35:31.742Z" SessionIndex="_fixture1">
              <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
            </saml:AuthnStatement>
            <saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue xsi:type="xs:string">arn:aws:iam::123456789012:role/fixture,arn:aws:iam::123456789012:saml-provider/fixture</saml:AttributeValue></saml:Attribute><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue xsi:type="xs:string">alice</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>
          <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#_fixture1"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>mqXNm9CETLUwiDeVsor5n/f9LHzI5qP6xwIj5qrLlEI=</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>oq6TbHlx9M/ilvn5IwmfUAGfqf/4GiuknWuSznZKDzSdEAb6x2t0yAa1DOGFbSwkkzwyJsKRxh2QoqJBMfSjzMhy4PsGnldZN9dlhunRMdC6h60h1qsry9+16udQa0C1Bvq006YrSoX7ONBkFT5DILiJMs5Vb1DSwZfPo6inRutAqAmbzdClAtnf4wS1m9CrJuDVJG23S4EFujfudQRKzcbx1m+dfYIwXioJTFzbM8xTc7TqK6os4c1ylMl1lfEDFAAUFncSWkm8nnHChmZOBjZ6vstY4MhbQV3mju0Okui8ZxZmhu8Ewx4QCf2mOspZ15LpS7UEQqPRb3FDta41Hw==</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>MIICsjCCAZqgAwIBAgIUZzDYpDOHDFkCMSBpy16VHhcYxSQwDQYJKoZIhvcNAQEL
        BQAwEzERMA8GA1UEAwwIaWRwLnRlc3QwHhcNMjYxMjA1MTkzNTMxWhcNMjcxMjA2
        MTkzNTMxWjATMREwDwYDVQQDDAhpZHAudGVzdDCCASIwDQYJKoZIhvcNAQEBBQAD
        ggEPADCCAQoCggEBAMMb9dGKCPtcXWjbq4RipraVMVf0IBHBysSqL69T4NqdFZh3
        o6LvCnGYPXqcsWOw6CHPXcW3PoE53/ZcT/rzQOo7iZfo1buTLQ1kIH/dZVpiZCoE
        LD0DhxJdl4vHxTDk0Vbc9yyYG+NV+5LfVrbhlbrI0bjjIfEvejuQXx1jR/SBr9CD
        34tBAcWNQWLyFTbIjXHTAnB2Q0lBVUjyrS2oTqkgX63X/r75wF3PghCBU1PdkmqT
        zD3OrluGt9AZ/AXgBwyZALdzGquGaqvnLEwSV9Yur0h+LBU70QKi9O7LEo/7xLAZ
        +oUThNgrarK2MitWGZda3+wYxSKzGyfk3vfaTtMCAwEAATANBgkqhkiG9w0BAQsF
        AAOCAQEAqImHY8J1SrOSxQKUkHd97Bx0CKmW2ZWVKI5MPgntXp0cnJx/raWAA8yj
        WzHQh73q5dEziTrkzPfRoFvThmKh3fGecm18urF3CWLRedRIOGUhc2QWvH7g9kwh
        9VTo6BpALq+MhpbWS2MBiKb6hnbnzZnM7ox1cW9jppqLLV/odjc2qBaWVZqih1QW
        dfg9BcvEMp0w6+2G7xiRNbKLfUDamuqIcvB5x0d8LwbXoJCdzKGmUXzoBAn4Aszm
        7J3gufRZe4sCKkddgDrZMpDdiYp6i2GLnFFUblc1jLiu/2FZIAatqeiKgj5e9ptH
        uA7pK06FO0d8H8UatxU6fNsWmAMMcA==
        </ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature></saml:Assertion>
        </samlp:Response>
        """
    static let signedResponse = """
        <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r0d7c75cf69a6477a8c0771ea1056d548" Version="2.0" IssueInstant="2026-12-06T19:35:32.367Z" Destination="https://signin.aws.amazon.com/saml">
          <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://idp.test/fixture</saml:Issuer>
          <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
          <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_fixture2" Version="2.0" IssueInstant="2026-12-06T19:35:32.366Z">
            <saml:Issuer>https://idp.test/fixture</saml:Issuer>
            <saml:Subject>
              <saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice@example.com</saml:NameID>
              <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
                <saml:SubjectConfirmationData NotOnOrAfter="2036-12-03T19:35:32.366Z" Recipient="https://signin.aws.amazon.com/saml"/>
              </saml:SubjectConfirmation>
            </saml:Subject>
            <saml:Conditions NotBefore="2026-12-06T19:34:32.366Z" NotOnOrAfter="2036-12-03T19:35:32.366Z">
              <saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience></saml:AudienceRestriction>
            </saml:Conditions>
            <saml:AuthnStatement AuthnInstant="2026-12-06T19:35:32.366Z" SessionIndex="_fixture2">
              <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
            </saml:AuthnStatement>
            <saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue xsi:type="xs:string">arn:aws:iam::123456789012:role/fixture,arn:aws:iam::123456789012:saml-provider/fixture</saml:AttributeValue></saml:Attribute><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue xsi:type="xs:string">alice</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>
          </saml:Assertion>
        <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#_r0d7c75cf69a6477a8c0771ea1056d548"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>RO8Bpp+mKwNEHLpEwV/uYv4PNViQyGBwTZCyVKt6RxQ=</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>Ifekj7uTvFFTGNMFef8100UR8EZcn4MSHYG1bUsenf3lpwFLDtxECFkV1BrAl6dywHD19ukflxVRi+iks8tJbI232VOXVnt62R6O6AMl4qzmVvIRgx1jTKAyQNELZjI7XR1o+J4W0aPwe3RRV9+iIL0yI+HLE/wjet0mMTb0FnlZW7GExlOoFj6WuShNO4SVuuejsyErzPUKHszFmrq7rLyF/LzVcEoteG6G9mG7HrMUOBugsKbMYIBKRpd6YBdSqSv3Jyo3Uj8v4I8cGVyt0NGyxlppS2RNT2J7uOz/0RVdi29uoaMeQirhzrS5t6asN22WfQe1foEsOUcj37knzA==</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>MIICsjCCAZqgAwIBAgIUZzDYpDOHDFkCMSBpy16VHhcYxSQwDQYJKoZIhvcNAQEL
        BQAwEzERMA8GA1UEAwwIaWRwLnRlc3QwHhcNMjYxMjA1MTkzNTMxWhcNMjcxMjA2
        MTkzNTMxWjATMREwDwYDVQQDDAhpZHAudGVzdDCCASIwDQYJKoZIhvcNAQEBBQAD
        ggEPADCCAQoCggEBAMMb9dGKCPtcXWjbq4RipraVMVf0IBHBysSqL69T4NqdFZh3
        o6LvCnGYPXqcsWOw6CHPXcW3PoE53/ZcT/rzQOo7iZfo1buTLQ1kIH/dZVpiZCoE
        LD0DhxJdl4vHxTDk0Vbc9yyYG+NV+5LfVrbhlbrI0bjjIfEvejuQXx1jR/SBr9CD
        34tBAcWNQWLyFTbIjXHTAnB2Q0lBVUjyrS2oTqkgX63X/r75wF3PghCBU1PdkmqT
        zD3OrluGt9AZ/AXgBwyZALdzGquGaqvnLEwSV9Yur0h+LBU70QKi9O7LEo/7xLAZ
        +oUThNgrarK2MitWGZda3+wYxSKzGyfk3vfaTtMCAwEAATANBgkqhkiG9w0BAQsF
        AAOCAQEAqImHY8J1SrOSxQKUkHd97Bx0CKmW2ZWVKI5MPgntXp0cnJx/raWAA8yj
        WzHQh73q5dEziTrkzPfRoFvThmKh3fGecm18urF3CWLRedRIOGUhc2QWvH7g9kwh
        9VTo6BpALq+MhpbWS2MBiKb6hnbnzZnM7ox1cW9jppqLLV/odjc2qBaWVZqih1QW
        dfg9BcvEMp0w6+2G7xiRNbKLfUDamuqIcvB5x0d8LwbXoJCdzKGmUXzoBAn4Aszm
        7J3gufRZe4sCKkddgDrZMpDdiYp6i2GLnFFUblc1jLiu/2FZIAatqeiKgj5e9ptH
        uA7pK06FO0d8H8UatxU6fNsWmAMMcA==
        </ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature></samlp:Response>
        """
}
