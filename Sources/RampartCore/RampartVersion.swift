/// The release this build is: what `rampart --version` prints and a backup's header records.
/// The one place the number is written; bump it when a release is cut.
public enum RampartVersion {
    public static let current = "0.1.0"
}
