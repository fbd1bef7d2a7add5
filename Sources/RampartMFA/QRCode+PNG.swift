extension QRCode {
    /// A PNG image of the symbol: `scale` pixels per module, `quietZone` modules of white border (the standard asks
    /// for 4; readers may fail with less). Black and white only, so it is stored one bit per pixel.
    public func png(scale: Int = 6, quietZone: Int = 4) -> [UInt8] {
        precondition(scale >= 1 && quietZone >= 0, "scale must be positive and the quiet zone not negative")
        let side = (size + 2 * quietZone) * scale
        var dark = [Bool](repeating: false, count: side * side)
        for y in 0..<size {
            for x in 0..<size where self[x, y] {
                for pixelY in ((y + quietZone) * scale)..<((y + quietZone + 1) * scale) {
                    let rowStart = pixelY * side
                    for pixelX in ((x + quietZone) * scale)..<((x + quietZone + 1) * scale) {
                        dark[rowStart + pixelX] = true
                    }
                }
            }
        }
        return PNGEncoder.blackAndWhite(width: side, height: side, dark: dark)
    }
}
