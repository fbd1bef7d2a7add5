/// Why `backup` or `restore` stopped before writing anything, in words that say what to do.
struct BackupRefusal: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
