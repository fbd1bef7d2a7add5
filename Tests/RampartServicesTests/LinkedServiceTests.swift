import Foundation
import RampartPolicy
import Testing

@testable import RampartServices

/// Service-linked roles as AWS names them, and the catalog's own consistency.
struct LinkedServiceTests {
    @Test func namesPathAndTrustPolicy() throws {
        let service = try #require(LinkedServiceCatalog.service(principal: "autoscaling.amazonaws.com"))
        #expect(service.roleName(customSuffix: nil) == "AWSServiceRoleForAutoScaling")
        #expect(service.roleName(customSuffix: "batch") == "AWSServiceRoleForAutoScaling_batch")
        #expect(service.path == "/aws-service-role/autoscaling.amazonaws.com/")
        let trust = try PolicyDocument(json: service.trustPolicy, kind: .trust)
        #expect(trust.statements.count == 1)
        #expect(trust.statements[0].principals?["Service"] == ["autoscaling.amazonaws.com"])
    }

    @Test func principalsAreCaseSensitive() {
        #expect(LinkedServiceCatalog.service(principal: "ECS.amazonaws.com") == nil)
        #expect(LinkedServiceCatalog.service(principal: "ecs.amazonaws.com")?.roleNameSuffix == "ECS")
    }

    @Test func catalogRowsAreDistinctAndFitARoleName() {
        let services = LinkedServiceCatalog.services
        #expect(Set(services.map(\.principal)).count == services.count)
        #expect(Set(services.map { $0.roleName(customSuffix: nil) }).count == services.count)
        for service in services {
            #expect(service.roleName(customSuffix: nil).utf16.count <= LinkedService.maxRoleNameLength)
            #expect(service.principal.hasSuffix(".amazonaws.com"))
        }
    }

    @Test func deletionTaskIdFormat() {
        #expect(
            LinkedService.deletionTaskId(principal: "ecs.amazonaws.com", roleName: "AWSServiceRoleForECS", uuid: "u")
                == "task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/u")
    }
}
