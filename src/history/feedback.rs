//! What the runner says after a session: how hard it was, and a note.

/// The answer to "how hard was it": an optional effort from 1 to 10, then an
/// optional note, as in `7`, `7 calves tight`, `8, windy` or just `windy`.
/// An answer that starts with a number must start with one from 1 to 10.
pub fn parse_effort_answer(line: &str) -> Result<(Option<u8>, Option<String>), String> {
    let line = line.trim();
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Ok((None, note(line)));
    }
    let (number, rest) = line.split_at(digits);
    let bad = || format!("expected a number from 1 to 10 first, found '{number}'");
    let effort: u8 = number.parse().map_err(|_| bad())?;
    if !(1..=10).contains(&effort) {
        return Err(bad());
    }
    // "7 windy", "7, windy", "7: windy"; "7x" is a typo, not a note.
    let rest = match rest.chars().next() {
        None => "",
        Some(c) if c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '.') => &rest[1..],
        Some(_) => return Err(format!("expected a number from 1 to 10, found '{line}'")),
    };
    Ok((Some(effort), note(rest)))
}

fn note(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_effort_a_note_or_both() {
        assert_eq!(parse_effort_answer(""), Ok((None, None)));
        assert_eq!(parse_effort_answer(" 7 "), Ok((Some(7), None)));
        assert_eq!(
            parse_effort_answer("7 calves tight"),
            Ok((Some(7), Some("calves tight".into())))
        );
        assert_eq!(
            parse_effort_answer("10, windy"),
            Ok((Some(10), Some("windy".into())))
        );
        assert_eq!(
            parse_effort_answer("windy but fine"),
            Ok((None, Some("windy but fine".into())))
        );
        assert!(parse_effort_answer("0").is_err());
        assert!(parse_effort_answer("11 ok").is_err());
        assert!(parse_effort_answer("7x").is_err());
    }
}
