//! What the runner says after a session: how hard it was, whether anything
//! hurt, and a note; and what a note says about the runner's body.
//!
//! A note is free text ("had to stop, sharp shin pain"), so it is read for
//! the red flags a coach listens for (docs/coaching.md, "Safety"): sharp pain
//! and limping, chest pain or tightness, dizziness, fainting, palpitations,
//! breathlessness out of the ordinary; a niggle; and the signs of a session
//! run too hard ("could not talk", "burning"). Negation is heard ("no pain",
//! "not dizzy", "pain-free"), within a clause: "no pain but dizzy" is dizzy.
//! When in doubt a word counts, since a false alarm costs a rest day and a
//! missed one can cost far more.

use super::Pain;

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

/// The answer to "any pain?": `none`, `niggle` or `sharp` (or their usual
/// words: `no`, `a bit`, `limping`...), a note may follow (`niggle, left
/// knee`); or words alone that say it (`knee a bit sore`). Empty: not said.
pub fn parse_pain_answer(line: &str) -> Result<(Option<Pain>, Option<String>), String> {
    let line = line.trim();
    if line.is_empty() {
        return Ok((None, None));
    }
    let lower = line.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '!'))
        .filter(|w| !w.is_empty())
        .collect();
    // "a niggle", "a bit": the article says nothing.
    let skip = usize::from(words.len() > 1 && words[0] == "a");
    let first = words.get(skip).copied().unwrap_or("");
    let pain = match first {
        "none" | "no" | "nope" | "n" | "0" | "nothing" | "fine" => Some(Pain::None),
        "niggle" | "niggles" | "niggly" | "bit" | "slight" | "little" | "mild" | "twinge" => {
            Some(Pain::Niggle)
        }
        "sharp" | "s" | "limp" | "limping" | "bad" => Some(Pain::Sharp),
        "yes" | "y" | "some" => {
            return Err(
                "a niggle (you notice it, and it eases as you warm up) or sharp \
                 (sharp, growing as you run, or a limp)?"
                    .to_string(),
            )
        }
        _ => None,
    };
    if let Some(pain) = pain {
        // The note is what follows the answer, as the runner wrote it.
        let rest = after_words(line, skip + 1);
        let noted = note(rest.trim_start_matches([',', ';', ':', '.', '-', ' ']));
        // "none, but dizzy": the words count as well as the answer.
        let heard = noted.as_deref().map_or(Pain::None, pain_in);
        return Ok((Some(pain.max(heard)), noted));
    }
    match pain_in(line) {
        Pain::None => Err(format!(
            "expected none, niggle or sharp (a note may follow), found '{line}'"
        )),
        p => Ok((Some(p), note(line))),
    }
}

/// The text after the first `n` words of `line`.
fn after_words(line: &str, n: usize) -> &str {
    let mut rest = line.trim_start();
    for _ in 0..n {
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '!'))
            .unwrap_or(rest.len());
        rest = rest[end..].trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '!')
        });
    }
    rest
}

/// The pain a note speaks of: sharp for a sharp pain or a limp, a niggle for
/// pain of any other kind, else none.
pub fn pain_in(note: &str) -> Pain {
    let flags = flags_in(note);
    if flags.iter().any(|f| f.level() == Level::Injury) {
        Pain::Sharp
    } else if flags.contains(&Flag::Niggle) {
        Pain::Niggle
    } else {
        Pain::None
    }
}

fn note(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Something a note says that a coach acts on, most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    /// Chest pain, tightness or pressure.
    Chest,
    /// Fainting, or nearly: passed out, blacked out.
    Faint,
    Dizzy,
    /// A racing, fluttering or irregular heartbeat.
    Palpitations,
    /// Breathlessness out of the ordinary: could not breathe, wheezing.
    Breathless,
    /// Sharp, stabbing or growing pain; a joint that swelled or gave way.
    SharpPain,
    Limp,
    /// Pain of any other kind: noticed, and easing as the runner warms up.
    Niggle,
    /// Too out of breath to talk: the talk test failed.
    CouldNotTalk,
    /// Burning legs or lungs.
    Burning,
    /// Out of breath, gasping.
    OutOfBreath,
}

/// What a coach does about a [`Flag`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Stop, and see a doctor before running again.
    Doctor,
    /// Stop; rest until the pain has gone; back a week.
    Injury,
    /// Repeat the session, easy, and ask again.
    Niggle,
    /// Too hard: slow down (the talk test).
    Strain,
}

impl Flag {
    pub fn level(self) -> Level {
        match self {
            Flag::Chest | Flag::Faint | Flag::Dizzy | Flag::Palpitations | Flag::Breathless => {
                Level::Doctor
            }
            Flag::SharpPain | Flag::Limp => Level::Injury,
            Flag::Niggle => Level::Niggle,
            Flag::CouldNotTalk | Flag::Burning | Flag::OutOfBreath => Level::Strain,
        }
    }

    /// The flag in a few words, as the coach repeats it.
    pub fn words(self) -> &'static str {
        match self {
            Flag::Chest => "chest pain or tightness",
            Flag::Faint => "fainting",
            Flag::Dizzy => "dizziness",
            Flag::Palpitations => "palpitations",
            Flag::Breathless => "breathlessness out of the ordinary",
            Flag::SharpPain => "sharp pain",
            Flag::Limp => "a limp",
            Flag::Niggle => "a niggle",
            Flag::CouldNotTalk => "too out of breath to talk",
            Flag::Burning => "burning",
            Flag::OutOfBreath => "out of breath",
        }
    }
}

/// Every flag a note raises, most serious first, each once.
pub fn flags_in(note: &str) -> Vec<Flag> {
    let clauses = clauses(note);
    let mentions_pain = clauses
        .iter()
        .flatten()
        .any(|w| PAIN_WORDS.contains(&w.as_str()) || w.starts_with("niggl"));
    let mut flags = Vec::new();
    for c in &clauses {
        heard_in(c, mentions_pain, &mut flags);
    }
    flags.sort();
    flags.dedup();
    // Pain that is sharp is not also a niggle.
    if flags.iter().any(|f| f.level() == Level::Injury) {
        flags.retain(|f| *f != Flag::Niggle);
    }
    flags
}

const PAIN_WORDS: &[&str] = &[
    "pain", "pains", "painful", "ache", "aches", "aching", "achy", "hurt", "hurts", "hurting",
    "sore", "twinge", "twinges",
];

/// Joints and tendons: soreness there is a niggle, where sore muscles
/// after a run are not.
const JOINTS: &[&str] = &[
    "knee", "knees", "shin", "shins", "ankle", "ankles", "achilles", "heel", "heels", "hip",
    "hips", "foot", "feet", "arch", "arches", "tendon",
];

const CHEST_SYMPTOMS: &[&str] = &[
    "pain",
    "pains",
    "painful",
    "tight",
    "tightness",
    "tightening",
    "pressure",
    "hurt",
    "hurts",
    "hurting",
    "ache",
    "aching",
    "heavy",
    "heaviness",
    "burning",
    "crushing",
    "squeezing",
    "squeezed",
];

/// Words that end one clause and start another: negation does not reach
/// across them ("no pain but dizzy").
const BREAKS: &[&str] = &[
    "but",
    "though",
    "although",
    "yet",
    "then",
    "however",
    "and",
    "so",
    "until",
    "till",
    "except",
    "apart",
    "later",
    "afterwards",
];

const NEGATORS: &[&str] = &["no", "not", "never", "without", "nor", "zero", "none"];

/// The note lowercased, its contractions spelled out ("couldn't" is "could
/// not"), cut into clauses of words.
fn clauses(note: &str) -> Vec<Vec<String>> {
    let text = note
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '`'], "'")
        .replace(" - ", ", ")
        .replace(['-', '/'], " ");
    let mut clauses = vec![Vec::new()];
    for piece in text.split(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '\n' | '"' | '&' | '+'
        )
    }) {
        for raw in piece.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
            let word = raw.trim_matches('\'');
            if word.is_empty() {
                continue;
            }
            if BREAKS.contains(&word) {
                clauses.push(Vec::new());
                continue;
            }
            let spelled: &[&str] = match word {
                "can't" | "cant" | "cannot" => &["can", "not"],
                "won't" => &["will", "not"],
                "couldnt" => &["could", "not"],
                "didnt" => &["did", "not"],
                "wasnt" => &["was", "not"],
                "isnt" => &["is", "not"],
                "dont" => &["do", "not"],
                "doesnt" => &["does", "not"],
                "havent" => &["have", "not"],
                "hadnt" => &["had", "not"],
                _ => &[],
            };
            let current = clauses.last_mut().expect("one clause at least");
            if !spelled.is_empty() {
                current.extend(spelled.iter().map(|w| w.to_string()));
            } else if let Some(stem) = word.strip_suffix("n't") {
                current.push(stem.to_string());
                current.push("not".to_string());
            } else {
                current.push(word.to_string());
            }
        }
        clauses.push(Vec::new());
    }
    clauses.retain(|c| !c.is_empty());
    clauses
}

/// Whether the word at `i` of a clause is negated: by a "no", "not",
/// "never"... up to three words before it, by "free" right after it ("pain
/// free"), or as the next item of a negated list ("not dizzy or faint").
fn negated_at(c: &[String], i: usize) -> bool {
    let w = |j: usize| c.get(j).map_or("", String::as_str);
    let from = i.saturating_sub(3);
    (from..i).any(|j| NEGATORS.contains(&w(j)))
        || w(i + 1) == "free"
        || (from..i).any(|j| matches!(w(j), "or" | "nor") && j > 0 && negated_at(c, j - 1))
}

/// The flags raised in one clause.
fn heard_in(c: &[String], mentions_pain: bool, flags: &mut Vec<Flag>) {
    let w = |i: usize| c.get(i).map_or("", String::as_str);
    // A word at `i` is negated by a "no", "not", "never"... up to three words
    // before it, or by "free" right after ("pain free").
    let negated = |i: usize| negated_at(c, i);
    // Whether one of `words` is within `span` words of `i`, either side.
    let near = |i: usize, span: usize, words: &[&str]| {
        (i.saturating_sub(span)..=(i + span).min(c.len().saturating_sub(1)))
            .any(|j| j != i && words.contains(&w(j)))
    };
    let mut raise = |f: Flag| flags.push(f);
    for (i, word) in c.iter().map(String::as_str).enumerate() {
        // Words whose own "not" is the symptom: "could not breathe".
        if matches!(word, "breathe" | "breath")
            && (i.saturating_sub(3)..i).any(|j| matches!(w(j), "not" | "unable" | "struggled"))
        {
            // "could not catch my breath" is a run too fast; "could not
            // breathe" is more than that.
            let catching = (i.saturating_sub(3)..i).any(|j| w(j) == "catch");
            raise(if catching {
                Flag::OutOfBreath
            } else {
                Flag::Breathless
            });
            continue;
        }
        if matches!(word, "talk" | "speak" | "chat" | "talking" | "speaking")
            && (i.saturating_sub(3)..i).any(|j| {
                (w(j) == "not" && matches!(w(j.wrapping_sub(1)), "could" | "can"))
                    || matches!(w(j), "unable" | "too")
            })
        {
            raise(Flag::CouldNotTalk);
            continue;
        }
        if matches!(word, "weight")
            && matches!(w(i.wrapping_sub(1)), "put" | "bear" | "take")
            && (i.saturating_sub(4)..i).any(|j| matches!(w(j), "not" | "unable"))
        {
            raise(Flag::SharpPain);
            continue;
        }
        if negated(i) {
            continue;
        }
        let flag = match word {
            "chest" if near(i, 4, CHEST_SYMPTOMS) => Some(Flag::Chest),
            "angina" => Some(Flag::Chest),
            "tight" | "tightness" | "pressure" | "pain" | "burning" if near(i, 4, &["chest"]) => {
                Some(Flag::Chest)
            }
            // "felt faint", "went a bit faint"; but "a faint breeze".
            "faint"
                if i + 1 == c.len()
                    || matches!(
                        w(i.wrapping_sub(1)),
                        "felt"
                            | "feel"
                            | "feeling"
                            | "feels"
                            | "went"
                            | "going"
                            | "go"
                            | "got"
                            | "nearly"
                            | "almost"
                            | "was"
                            | "bit"
                            | "little"
                            | "very"
                            | "so"
                            | "slightly"
                            | "quite"
                    ) =>
            {
                Some(Flag::Faint)
            }
            "fainted" | "fainting" | "faintness" | "collapsed" => Some(Flag::Faint),
            "passed" | "pass" | "blacked" | "black" if w(i + 1) == "out" => Some(Flag::Faint),
            "lightheaded" | "vertigo" | "giddy" => Some(Flag::Dizzy),
            "light" if matches!(w(i + 1), "headed" | "head") => Some(Flag::Dizzy),
            "spinning" if near(i, 2, &["head", "room", "world"]) => Some(Flag::Dizzy),
            _ if word.starts_with("dizz") => Some(Flag::Dizzy),
            _ if word.starts_with("palpitat") => Some(Flag::Palpitations),
            "racing" | "fluttering" | "flutter" | "flutters" | "skipping" | "irregular"
                if near(i, 3, &["heart", "heartbeat", "pulse"]) =>
            {
                Some(Flag::Palpitations)
            }
            "skipped" | "missed" if near(i, 3, &["beat", "beats", "heartbeat"]) => {
                Some(Flag::Palpitations)
            }
            _ if word.starts_with("wheez") => Some(Flag::Breathless),
            "breathless" | "breathlessness" if near(i, 2, &["unusually", "unusual", "very"]) => {
                Some(Flag::Breathless)
            }
            "sharp" | "stabbing" | "shooting" if mentions_pain => Some(Flag::SharpPain),
            "worse" | "worsening" if near(i, 3, PAIN_WORDS) => Some(Flag::SharpPain),
            "swollen" | "swelling" | "swelled" | "sprain" | "sprained" | "torn" | "tore"
            | "popped" => Some(Flag::SharpPain),
            "twisted" | "rolled" | "turned" if near(i, 2, &["ankle", "knee"]) => {
                Some(Flag::SharpPain)
            }
            "pulled" if near(i, 2, &["muscle", "calf", "hamstring", "groin"]) => {
                Some(Flag::SharpPain)
            }
            _ if word.starts_with("limp") || word.starts_with("hobbl") => Some(Flag::Limp),
            _ if word.starts_with("niggl") => Some(Flag::Niggle),
            "twinge" | "twinges" | "painful" | "hurt" | "hurts" | "hurting" | "pain" | "pains" => {
                Some(Flag::Niggle)
            }
            "sore" | "ache" | "aches" | "aching" | "achy" | "tender" if near(i, 4, JOINTS) => {
                Some(Flag::Niggle)
            }
            "splints" if w(i.wrapping_sub(1)) == "shin" => Some(Flag::Niggle),
            "burning" | "burn" | "burned" | "burnt" => Some(Flag::Burning),
            "fire" if w(i.wrapping_sub(1)) == "on" => Some(Flag::Burning),
            "gasping" | "breathless" | "puffed" => Some(Flag::OutOfBreath),
            "out" if w(i + 1) == "of" && w(i + 2) == "breath" => Some(Flag::OutOfBreath),
            _ => None,
        };
        if let Some(f) = flag {
            raise(f);
        }
    }
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

    #[test]
    fn the_pain_answer_in_its_usual_words() {
        assert_eq!(parse_pain_answer(""), Ok((None, None)));
        assert_eq!(parse_pain_answer("none"), Ok((Some(Pain::None), None)));
        assert_eq!(parse_pain_answer("No"), Ok((Some(Pain::None), None)));
        assert_eq!(
            parse_pain_answer("a niggle, left knee"),
            Ok((Some(Pain::Niggle), Some("left knee".into())))
        );
        assert_eq!(
            parse_pain_answer("sharp shin"),
            Ok((Some(Pain::Sharp), Some("shin".into())))
        );
        assert_eq!(parse_pain_answer("limping"), Ok((Some(Pain::Sharp), None)));
        // Words alone, when they say it.
        assert_eq!(
            parse_pain_answer("knee a bit sore"),
            Ok((Some(Pain::Niggle), Some("knee a bit sore".into())))
        );
        // "none" with words that say otherwise: the words count.
        assert_eq!(
            parse_pain_answer("none, but limping at the end"),
            Ok((Some(Pain::Sharp), Some("but limping at the end".into())))
        );
        assert!(parse_pain_answer("yes").is_err_and(|e| e.contains("niggle")));
        assert!(parse_pain_answer("purple").is_err());
    }

    fn flags(note: &str) -> Vec<Flag> {
        flags_in(note)
    }

    #[test]
    fn the_red_flags_in_their_usual_wordings() {
        use Flag::*;
        assert_eq!(flags("had to stop, sharp shin pain"), [SharpPain]);
        assert_eq!(flags("shin pain, limping"), [Limp]);
        assert_eq!(flags("chest tight, dizzy"), [Chest, Dizzy]);
        assert_eq!(flags("tightness in my chest"), [Chest]);
        assert_eq!(flags("felt faint"), [Faint]);
        assert_eq!(flags("nearly passed out"), [Faint]);
        assert_eq!(flags("light-headed at the end"), [Dizzy]);
        assert_eq!(flags("palpitations on the hill"), [Palpitations]);
        assert_eq!(flags("heart racing for ages after"), [Palpitations]);
        assert_eq!(flags("couldn't breathe properly"), [Breathless]);
        assert_eq!(flags("sharp pain in the knee"), [SharpPain]);
        assert_eq!(flags("pain got worse as I went"), [SharpPain]);
        assert_eq!(flags("rolled my ankle"), [SharpPain]);
        assert_eq!(flags("no pain until the last run, then sharp"), [SharpPain]);
        assert_eq!(flags("hobbling home"), [Limp]);
        assert_eq!(flags("left knee a bit sore"), [Niggle]);
        assert_eq!(flags("a niggle in my achilles"), [Niggle]);
        assert_eq!(flags("could not talk"), [CouldNotTalk]);
        assert_eq!(flags("calves burning"), [Burning]);
        assert_eq!(flags("chest burning"), [Chest]);
    }

    #[test]
    fn negation_is_heard_within_its_clause() {
        use Flag::*;
        for quiet in [
            "no pain",
            "no pain at all, felt great",
            "pain-free",
            "not dizzy",
            "didn't feel dizzy or faint",
            "no chest pain or dizziness",
            "without any sharp pain",
            "never limped",
            "calves tight",
            "legs sore, windy",
            "felt fine, a little windy on the way back",
            "talked the whole way",
            "could talk in full sentences",
            "caught my breath quickly",
            "a faint breeze",
            "couldn't catch my breath",
        ] {
            let f = flags(quiet);
            assert!(
                f.iter().all(|f| f.level() > Level::Niggle) && !f.contains(&Faint),
                "{quiet:?}: {f:?}"
            );
        }
        assert_eq!(flags("no pain but dizzy"), [Dizzy]);
        assert_eq!(flags("not great: sharp pain"), [SharpPain]);
        assert_eq!(flags("no sharp pain, just a niggle"), [Niggle]);
        assert_eq!(flags("wasn't limping, but chest felt tight"), [Chest]);
    }
}
