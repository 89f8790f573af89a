//! Text from the runner's files and flags made safe to print: plan names, notes
//! and the pieces of input that error messages quote.
//!
//! A plan file is text anyone can hand a runner. Printed raw, an escape sequence
//! in its name could clear the screen, retitle the terminal or hide the rest of
//! a line, and a bidi override could make one thing read as another. So every
//! such text goes through [`clean`] before it is printed, and what an error
//! quotes goes through [`quote`], which also keeps it short: a 10 KB steps
//! string deserves one line, not ten kilobytes.

use std::borrow::Cow;

/// The most characters an error message quotes of the input it complains about.
pub const QUOTE_CHARS: usize = 60;

/// Characters that steer the terminal or the order text is shown in: C0 and C1
/// controls, DEL, and the bidirectional marks, embeddings, overrides and
/// isolates (the "Trojan Source" set), and the Unicode line separators.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// Push `c` as it may be shown: line breaks and tabs as a space (the text is
/// shown on one line), every other unsafe character as a visible `\u{1b}`.
fn push_clean(out: &mut String, c: char) {
    if !is_unsafe(c) {
        out.push(c);
    } else if matches!(c, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}') {
        out.push(' ');
    } else {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    }
}

/// `text` without anything that could steer the terminal, on one line.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_clean(&mut out, c);
    }
    Cow::Owned(out)
}

/// `text` cleaned and cut to at most [`QUOTE_CHARS`] characters: a longer one
/// keeps its beginning and its end with `…` between them, so the reader still
/// sees where it starts and how it ends. Never reads more of `text` than that.
pub fn quote(text: &str) -> String {
    shorten(text, QUOTE_CHARS)
}

/// `text` cleaned and cut to at most `max` characters (at least 20), as [`quote`].
pub fn shorten(text: &str, max: usize) -> String {
    let max = max.max(20);
    let tail_len = max / 3;
    let head_len = max - tail_len - 1;
    // Clean at most one character more than fits: enough to know whether
    // the whole text fits, without reading (or copying) all of a huge one.
    let mut head = String::new();
    let mut cut = false;
    for (i, c) in text.chars().enumerate() {
        if i == max {
            cut = true;
            break;
        }
        push_clean(&mut head, c);
    }
    if !cut && head.chars().count() <= max {
        return head;
    }
    // Both ends are cleaned per character, so they are a prefix and a suffix
    // of the cleaned text, which is longer than both together.
    let head: String = head.chars().take(head_len).collect();
    let tail_raw: Vec<char> = text.chars().rev().take(tail_len).collect();
    let mut tail = String::new();
    for c in tail_raw.into_iter().rev() {
        push_clean(&mut tail, c);
    }
    let skip = tail.chars().count().saturating_sub(tail_len);
    let tail: String = tail.chars().skip(skip).collect();
    format!("{head}…{tail}")
}

/// A message from another crate (clap, toml) that quotes what it was given in
/// full between `mark`s: each quoted piece is cut as [`quote`] cuts, the words
/// around them to 200 characters (in case a quote typed inside a value shifted
/// the pairs), and all of it cleaned.
pub fn shorten_quotes(message: &str, mark: char) -> String {
    let mut out = String::new();
    for (i, piece) in message.split(mark).enumerate() {
        if i > 0 {
            out.push(mark);
        }
        let max = if i % 2 == 1 { QUOTE_CHARS } else { 200 };
        out.push_str(&shorten(piece, max));
    }
    out
}

/// [`quote`] between single quotes, as messages show what they found.
pub fn quoted(text: &str) -> String {
    format!("'{}'", quote(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched_and_not_copied() {
        assert!(matches!(clean("Couch to 5K: été"), Cow::Borrowed(_)));
        assert_eq!(quote("run 1m"), "run 1m");
    }

    #[test]
    fn escapes_controls_and_bidi_become_visible() {
        assert_eq!(clean("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(clean("x\u{9b}y\u{7f}"), "x\\u{9b}y\\u{7f}");
        assert_eq!(clean("abc\u{202e}def\u{2066}"), "abc\\u{202e}def\\u{2066}");
        assert_eq!(clean("two\nlines\tand\r"), "two lines and ");
    }

    #[test]
    fn long_text_keeps_both_ends_within_the_limit() {
        let long = format!("start{}end", "x".repeat(10_000));
        let q = quote(&long);
        assert_eq!(q.chars().count(), QUOTE_CHARS);
        assert!(q.starts_with("startxx") && q.ends_with("xxend"), "{q}");
        assert!(q.contains('…'));
        let exact = "y".repeat(QUOTE_CHARS);
        assert_eq!(quote(&exact), exact);
        assert_eq!(quote(&format!("{exact}z")).chars().count(), QUOTE_CHARS);
    }

    #[test]
    fn messages_from_other_crates_keep_their_words_and_cut_their_quotes() {
        let key = "k".repeat(5000);
        let m = shorten_quotes(&format!("unknown field `{key}`, expected `name`"), '`');
        assert!(
            m.starts_with("unknown field `kkk") && m.ends_with("kk`, expected `name`"),
            "{m}"
        );
        assert!(m.chars().count() < 100, "{m}");
    }

    #[test]
    fn escapes_count_toward_the_limit() {
        let q = quote(&"\u{1b}".repeat(30));
        assert!(q.chars().count() <= QUOTE_CHARS, "{q}");
        assert!(!q.contains('\u{1b}'));
    }
}
