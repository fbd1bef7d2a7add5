/// Why a QR symbol could not be made.
public enum QRCodeError: Error, Equatable, Sendable {
    /// The data, of this many bytes, does not fit even a version 40 symbol at the requested error correction.
    case tooLong(Int)
}
