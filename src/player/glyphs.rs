//! Big letters and digits for the treadmill screen: a 5-row bitmap font drawn
//! at any whole scale, so the segment and the time left grow with the window
//! and can be read from a few metres away.

/// Rows of every glyph at scale 1.
pub const GLYPH_ROWS: usize = 5;

/// A glyph's rows, `#` for ink. Unknown characters are a narrow blank.
fn glyph(ch: char) -> [&'static str; GLYPH_ROWS] {
    match ch {
        'A' => [" ### ", "#   #", "#####", "#   #", "#   #"],
        'C' => [" ####", "#    ", "#    ", "#    ", " ####"],
        'D' => ["#### ", "#   #", "#   #", "#   #", "#### "],
        'E' => ["#####", "#    ", "#### ", "#    ", "#####"],
        'K' => ["#   #", "#  # ", "###  ", "#  # ", "#   #"],
        'L' => ["#    ", "#    ", "#    ", "#    ", "#####"],
        'M' => ["#   #", "## ##", "# # #", "#   #", "#   #"],
        'N' => ["#   #", "##  #", "# # #", "#  ##", "#   #"],
        'O' => [" ### ", "#   #", "#   #", "#   #", " ### "],
        'P' => ["#### ", "#   #", "#### ", "#    ", "#    "],
        'R' => ["#### ", "#   #", "#### ", "#  # ", "#   #"],
        'S' => [" ####", "#    ", " ### ", "    #", "#### "],
        'U' => ["#   #", "#   #", "#   #", "#   #", " ### "],
        'W' => ["#   #", "#   #", "# # #", "## ##", "#   #"],
        '0' => [" ### ", "#   #", "#   #", "#   #", " ### "],
        '1' => ["  #  ", " ##  ", "  #  ", "  #  ", " ### "],
        '2' => [" ### ", "#   #", "  ## ", " #   ", "#####"],
        '3' => ["#### ", "    #", " ### ", "    #", "#### "],
        '4' => ["#   #", "#   #", "#####", "    #", "    #"],
        '5' => ["#####", "#    ", "#### ", "    #", "#### "],
        '6' => [" ### ", "#    ", "#### ", "#   #", " ### "],
        '7' => ["#####", "    #", "   # ", "  #  ", "  #  "],
        '8' => [" ### ", "#   #", " ### ", "#   #", " ### "],
        '9' => [" ### ", "#   #", " ####", "    #", " ### "],
        ':' => [" ", "#", " ", "#", " "],
        _ => ["  ", "  ", "  ", "  ", "  "],
    }
}

/// Width of `text` at scale 1, in glyph pixels (one pixel between glyphs).
pub fn width(text: &str) -> usize {
    let glyphs: usize = text.chars().map(|c| glyph(c)[0].len()).sum();
    glyphs + text.chars().count().saturating_sub(1)
}

/// `text` in blocks, each pixel `sx` columns wide and `sy` rows high; rows
/// trimmed at the end, `GLYPH_ROWS * sy` of them.
pub fn draw(text: &str, sx: usize, sy: usize) -> Vec<String> {
    let (sx, sy) = (sx.max(1), sy.max(1));
    let mut rows = Vec::with_capacity(GLYPH_ROWS * sy);
    for r in 0..GLYPH_ROWS {
        let mut row = String::new();
        for (i, ch) in text.chars().enumerate() {
            if i > 0 {
                row.push_str(&" ".repeat(sx));
            }
            for px in glyph(ch)[r].chars() {
                let cell = if px == '#' { "█" } else { " " };
                row.push_str(&cell.repeat(sx));
            }
        }
        let row = row.trim_end().to_string();
        rows.extend(std::iter::repeat_n(row, sy));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_at_scale_one_is_five_rows_of_blocks() {
        let run = draw("RUN", 1, 1);
        assert_eq!(run.len(), 5);
        assert_eq!(run[0], "████  █   █ █   █");
        assert_eq!(width("RUN"), 17);
    }

    #[test]
    fn scaling_multiplies_rows_and_columns() {
        let t = draw("1:30", 3, 2);
        assert_eq!(t.len(), 10);
        assert_eq!(t[0], t[1], "each pixel row is drawn twice");
        let widest = t.iter().map(|r| r.chars().count()).max().unwrap();
        assert_eq!(widest, width("1:30") * 3);
    }
}
