import Foundation
import RampartCore
import RampartPolicy
import Testing

@testable import RampartServices

/// Service-linked roles as AWS names them, and the catalog's own consistency.
struct LinkedServiceTests {
    @Test func namesPathAndTrustPolicy() throws {
        let service = try #require(
            LinkedServiceCatalog.service(principal: "autoscaling.amazonaws.com", in: .commercial))
        #expect(service.roleName(customSuffix: nil) == "AWSServiceRoleForAutoScaling")
        #expect(service.roleName(customSuffix: "batch") == "AWSServiceRoleForAutoScaling_batch")
        #expect(service.path == "/aws-service-role/autoscaling.amazonaws.com/")
        let trust = try PolicyDocument(json: service.trustPolicy, kind: .trust)
        #expect(trust.statements.count == 1)
        #expect(trust.statements[0].principals?["Service"] == ["autoscaling.amazonaws.com"])
    }

    @Test func principalsAreCaseSensitive() {
        #expect(LinkedServiceCatalog.service(principal: "ECS.amazonaws.com", in: .commercial) == nil)
        #expect(LinkedServiceCatalog.service(principal: "ecs.amazonaws.com", in: .commercial)?.roleNameSuffix == "ECS")
    }

    @Test func chinaAlsoTakesTheLegacyPrincipalAndKeepsItsName() throws {
        let legacy = try #require(
            LinkedServiceCatalog.service(principal: "elasticmapreduce.amazonaws.com.cn", in: .china))
        #expect(legacy.roleName(customSuffix: nil) == "AWSServiceRoleForEMRCleanup")
        #expect(legacy.path == "/aws-service-role/elasticmapreduce.amazonaws.com.cn/")
        let trust = try PolicyDocument(json: legacy.trustPolicy, kind: .trust)
        #expect(trust.statements[0].principals?["Service"] == ["elasticmapreduce.amazonaws.com.cn"])
        #expect(
            LinkedServiceCatalog.service(principal: "autoscaling.amazonaws.com.cn", in: .china)?.allowsCustomSuffix
                == true)
        // The global name works in China too; the legacy one nowhere else, and not for an unknown service.
        #expect(LinkedServiceCatalog.service(principal: "ecs.amazonaws.com", in: .china)?.roleNameSuffix == "ECS")
        for partition in [Partition.commercial, .govCloud, Partition(rawValue: "aws-iso")] {
            #expect(LinkedServiceCatalog.service(principal: "ecs.amazonaws.com.cn", in: partition) == nil)
        }
        #expect(LinkedServiceCatalog.service(principal: "nothing.amazonaws.com.cn", in: .china) == nil)
        #expect(LinkedServiceCatalog.service(principal: "ecs.amazonaws.cn", in: .china) == nil)
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
