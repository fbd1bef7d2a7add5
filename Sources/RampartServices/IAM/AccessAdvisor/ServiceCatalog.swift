/// The services the access advisor reports: their namespaces (the prefix of their actions, the
/// first label of their `eventSource`) and the names AWS gives them in `ServiceName`.
enum ServiceCatalog {
    /// What a policy allowing every action (`"*"`, `"*:*"`) lists: the services this server answers,
    /// the only ones whose use its trail can show. AWS lists every AWS service there.
    static let served = ["cloudtrail", "config", "iam", "organizations", "sts"]

    /// Services whose actions are tracked one by one (ACTION_LEVEL), with their actions. AWS tracks
    /// IAM's and a list of other services'; Rampart tracks the IAM actions of the model.
    static let trackedActions: [String: [String]] = ["iam": IAM.modelOperationNames]

    static func name(of namespace: String) -> String {
        names[namespace] ?? namespace
    }

    private static let names = [
        "cloudtrail": "AWS CloudTrail",
        "config": "AWS Config",
        "dynamodb": "Amazon DynamoDB",
        "ec2": "Amazon EC2",
        "events": "Amazon EventBridge",
        "iam": "AWS Identity and Access Management",
        "kms": "AWS Key Management Service",
        "lambda": "AWS Lambda",
        "logs": "Amazon CloudWatch Logs",
        "organizations": "AWS Organizations",
        "s3": "Amazon S3",
        "secretsmanager": "AWS Secrets Manager",
        "sns": "Amazon SNS",
        "sqs": "Amazon SQS",
        "sts": "AWS Security Token Service",
    ]
}
