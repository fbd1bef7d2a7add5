/// The penalty score of ISO/IEC 18004 section 7.8.3.1 for a masked symbol; the mask with the lowest wins.
///
/// Scored on the whole matrix, function patterns included, with the format and version information not yet drawn
/// (see `QRCode.bestMask`). Readings of the standard differ on details; the choices here are noted by each rule.
enum QRPenalty {
    /// Dark, light, dark × 3, light, dark: the 1:1:3:1:1 cross-section of a finder pattern.
    private static let finderLike: [Bool] = [true, false, true, true, true, false, true]

    static func score(_ modules: [Bool], size: Int) -> Int {
        var score = 0
        for index in 0..<size {
            let row = Array(modules[(index * size)..<((index + 1) * size)])
            let column = (0..<size).map { modules[$0 * size + index] }
            score += runs(row) + runs(column) + finderLikePatterns(row) + finderLikePatterns(column)
        }
        return score + blocks(modules, size: size) + balance(modules)
    }

    /// N1: 3 points for each run of 5 same-coloured modules in a line, plus 1 for each module beyond 5.
    static func runs(_ line: [Bool]) -> Int {
        var score = 0
        var length = 0
        for (index, module) in line.enumerated() {
            length = index > 0 && module == line[index - 1] ? length + 1 : 1
            let runEnds = index == line.count - 1 || line[index + 1] != module
            if runEnds && length >= 5 { score += 3 + (length - 5) }
        }
        return score
    }

    /// N2: 3 points for each 2 × 2 square of one colour. Overlapping squares each count, which scores an m × n
    /// block as 3 × (m - 1) × (n - 1), the standard's formula.
    static func blocks(_ modules: [Bool], size: Int) -> Int {
        var score = 0
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let module = modules[y * size + x]
                if modules[y * size + x + 1] == module && modules[(y + 1) * size + x] == module
                    && modules[(y + 1) * size + x + 1] == module
                {
                    score += 3
                }
            }
        }
        return score
    }

    /// N3: 40 points for each finder-like pattern with four light modules on at least one side. Beyond the edge
    /// is the quiet zone, which is light, so a pattern touching the edge has its light side there.
    static func finderLikePatterns(_ line: [Bool]) -> Int {
        guard line.count >= finderLike.count else { return 0 }
        func isLight(_ range: Range<Int>) -> Bool {
            range.allSatisfy { !line.indices.contains($0) || !line[$0] }
        }
        var score = 0
        for start in 0...(line.count - finderLike.count) {
            // An index loop rather than comparing slices: this runs for every module of every line of every mask.
            var offset = 0
            while offset < finderLike.count && line[start + offset] == finderLike[offset] { offset += 1 }
            guard offset == finderLike.count else { continue }
            let end = start + finderLike.count
            if isLight((start - 4)..<start) || isLight(end..<(end + 4)) { score += 40 }
        }
        return score
    }

    /// N4: 10 points for each full 5% by which the share of dark modules departs from 50%.
    static func balance(_ modules: [Bool]) -> Int {
        let dark = modules.count { $0 }
        // |dark / total - 1/2| / 5%, in integers: |20 dark - 10 total| / total, rounded down.
        return 10 * (abs(20 * dark - 10 * modules.count) / modules.count)
    }
}
