import RampartCore

/// The services CreateServiceLinkedRole knows, with the role names AWS documents for each (the IAM
/// User Guide's "AWS services that work with IAM" and each service's "Using service-linked roles"
/// page). A principal not listed here is answered as unknown; add a row to support another service.
enum LinkedServiceCatalog {
    /// The service `principal` names in an account of `partition`. China's regions also know many
    /// services by a legacy principal ending in `.amazonaws.com.cn` (`elasticmapreduce.amazonaws.com.cn`)
    /// beside the global one; an `aws-cn` account takes both, and a role made for the legacy name keeps
    /// that name in its path and trust policy, as the service then assumes it under that name.
    static func service(principal: String, in partition: Partition) -> LinkedService? {
        if let service = byPrincipal[principal] { return service }
        guard partition == .china, principal.hasSuffix(chinaSuffix),
            let global = byPrincipal[String(principal.dropLast(chinaSuffix.count - globalSuffix.count))]
        else { return nil }
        return LinkedService(
            principal: principal, roleNameSuffix: global.roleNameSuffix, allowsCustomSuffix: global.allowsCustomSuffix)
    }

    private static let globalSuffix = ".amazonaws.com"
    private static let chinaSuffix = ".amazonaws.com.cn"

    private static let byPrincipal = Dictionary(uniqueKeysWithValues: services.map { ($0.principal, $0) })

    /// Principal, the role name after `AWSServiceRoleFor`, and whether a CustomSuffix is accepted.
    static let services: [LinkedService] = [
        row("access-analyzer.amazonaws.com", "AccessAnalyzer"),
        row("apigateway.amazonaws.com", "APIGateway"),
        row("autoscaling.amazonaws.com", "AutoScaling", customSuffix: true),
        row("backup.amazonaws.com", "Backup"),
        row("batch.amazonaws.com", "Batch"),
        row("cloudtrail.amazonaws.com", "CloudTrail"),
        row("codestar-notifications.amazonaws.com", "CodeStarNotifications"),
        row("compute-optimizer.amazonaws.com", "ComputeOptimizer"),
        row("config.amazonaws.com", "Config"),
        row("dynamodb.application-autoscaling.amazonaws.com", "ApplicationAutoScaling_DynamoDBTable"),
        row("ecs.amazonaws.com", "ECS"),
        row("ecs.application-autoscaling.amazonaws.com", "ApplicationAutoScaling_ECSService"),
        row("eks.amazonaws.com", "AmazonEKS"),
        row("eks-nodegroup.amazonaws.com", "AmazonEKSNodegroup"),
        row("elasticache.amazonaws.com", "ElastiCache"),
        row("elasticbeanstalk.amazonaws.com", "ElasticBeanstalk"),
        row("elasticloadbalancing.amazonaws.com", "ElasticLoadBalancing"),
        row("elasticmapreduce.amazonaws.com", "EMRCleanup"),
        row("emr-containers.amazonaws.com", "AmazonEMRContainers"),
        row("es.amazonaws.com", "AmazonElasticsearchService"),
        row("fms.amazonaws.com", "FMS"),
        row("globalaccelerator.amazonaws.com", "GlobalAccelerator"),
        row("guardduty.amazonaws.com", "AmazonGuardDuty"),
        row("inspector2.amazonaws.com", "AmazonInspector2"),
        row("kafka.amazonaws.com", "Kafka"),
        row("lex.amazonaws.com", "LexBots"),
        row("lexv2.amazonaws.com", "LexV2Bots", customSuffix: true),
        row("macie.amazonaws.com", "AmazonMacie"),
        row("member.org.stacksets.cloudformation.amazonaws.com", "CloudFormationStackSetsOrgMember"),
        row("observabilityadmin.amazonaws.com", "ObservabilityAdmin"),
        row("opensearchservice.amazonaws.com", "AmazonOpenSearchService"),
        row("organizations.amazonaws.com", "Organizations"),
        row("osis.amazonaws.com", "AmazonOpenSearchIngestionService"),
        row("ram.amazonaws.com", "ResourceAccessManager"),
        row("rds.amazonaws.com", "RDS"),
        row("redshift.amazonaws.com", "Redshift"),
        row("securityhub.amazonaws.com", "SecurityHub"),
        row("servicequotas.amazonaws.com", "ServiceQuotas"),
        row("spot.amazonaws.com", "EC2Spot"),
        row("spotfleet.amazonaws.com", "EC2SpotFleet"),
        row("ssm.amazonaws.com", "AmazonSSM"),
        row("sso.amazonaws.com", "SSO"),
        row("support.amazonaws.com", "Support"),
        row("transitgateway.amazonaws.com", "VPCTransitGateway"),
        row("trustedadvisor.amazonaws.com", "TrustedAdvisor"),
    ]

    private static func row(_ principal: String, _ roleName: String, customSuffix: Bool = false) -> LinkedService {
        LinkedService(principal: principal, roleNameSuffix: roleName, allowsCustomSuffix: customSuffix)
    }
}
