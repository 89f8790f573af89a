//! The Vorbis comment block that Ogg Opus (OpusTags) and FLAC
//! (VORBIS_COMMENT) share: the names a player shows, and the chapters as
//! CHAPTERxxx / CHAPTERxxxNAME pairs (the Xiph chapter extension, which
//! ffmpeg and podcast players read).

use super::Tags;

/// The comment block: vendor, then `KEY=value` entries, lengths little-endian.
pub(super) fn block(tags: &Tags) -> Vec<u8> {
    let mut entries = vec![
        format!("TITLE={}", tags.title),
        format!("ARTIST={}", tags.artist),
    ];
    if let Some(album) = &tags.album {
        entries.push(format!("ALBUM={album}"));
    }
    if let Some(n) = tags.track {
        entries.push(format!("TRACKNUMBER={n}"));
    }
    for (i, c) in tags.chapters.iter().enumerate() {
        let n = i + 1;
        entries.push(format!("CHAPTER{n:03}={}", timestamp(c.start_ms)));
        entries.push(format!("CHAPTER{n:03}NAME={}", c.title));
    }
    let vendor = concat!("walkrun ", env!("CARGO_PKG_VERSION"));
    let mut out = Vec::new();
    push_string(&mut out, vendor);
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for e in &entries {
        push_string(&mut out, e);
    }
    out
}

fn push_string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// HH:MM:SS.mmm
fn timestamp(ms: u32) -> String {
    let (h, m, s, ms) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{h:02}:{m:02}:{s:02}.{ms:03}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::encode::Chapter;

    #[test]
    fn names_and_chapters_as_key_value_entries() {
        let tags = Tags {
            title: "W1D1 · Couch to 5K".into(),
            album: Some("Couch to 5K".into()),
            artist: "walkrun".into(),
            track: Some(1),
            chapters: vec![Chapter {
                start_ms: 3_723_456,
                end_ms: 3_800_000,
                title: "Run 1 of 8, 60 s".into(),
            }],
        };
        let b = block(&tags);
        let text = String::from_utf8_lossy(&b);
        for e in [
            "TITLE=W1D1 · Couch to 5K",
            "ALBUM=Couch to 5K",
            "TRACKNUMBER=1",
            "CHAPTER001=01:02:03.456",
            "CHAPTER001NAME=Run 1 of 8, 60 s",
        ] {
            assert!(text.contains(e), "{e} in {text}");
        }
        let vendor = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        let count = u32::from_le_bytes(b[4 + vendor..8 + vendor].try_into().unwrap());
        assert_eq!(count, 6);
    }
}
