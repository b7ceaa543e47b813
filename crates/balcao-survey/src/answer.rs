//! A citizen's answer, and the rules it must pass.
//!
//! Three questions are required: how satisfied the citizen is (1 to 5), whether their matter was
//! done, and whether they feel able to do it alone next time (the network's digital-literacy goal).
//! The comment is optional and short ([`COMMENT_MAX_CHARS`]). Because the survey is anonymous and its
//! answers are read by coordinators, a comment that looks like it holds an e-mail address, a phone
//! number or a NIF is refused, each with its own [`Problem`], so the page can say exactly what to take
//! out. The patterns are deliberately blunt (any run of nine or more digits, any `x@y.z`): a refused
//! comment costs the citizen a moment; a kept phone number is personal data in a statistics table.

use std::fmt;

/// The longest comment kept, in characters.
pub const COMMENT_MAX_CHARS: usize = 500;

/// Whether the citizen's matter was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Done {
    /// Yes.
    Yes,
    /// In part (something is still awaited).
    Partly,
    /// No.
    No,
}

/// Whether the citizen feels able to do it alone next time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Alone {
    /// Yes.
    Yes,
    /// Not sure.
    Unsure,
    /// No.
    No,
}

impl Done {
    /// The form and database value.
    pub fn as_str(self) -> &'static str {
        match self {
            Done::Yes => "yes",
            Done::Partly => "partly",
            Done::No => "no",
        }
    }

    fn parse(text: &str) -> Option<Done> {
        [Done::Yes, Done::Partly, Done::No]
            .into_iter()
            .find(|v| v.as_str() == text)
    }
}

impl Alone {
    /// The form and database value.
    pub fn as_str(self) -> &'static str {
        match self {
            Alone::Yes => "yes",
            Alone::Unsure => "unsure",
            Alone::No => "no",
        }
    }

    fn parse(text: &str) -> Option<Alone> {
        [Alone::Yes, Alone::Unsure, Alone::No]
            .into_iter()
            .find(|v| v.as_str() == text)
    }
}

/// A valid answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub satisfaction: u8,
    /// Whether the matter was done.
    pub done: Done,
    /// Whether the citizen feels able to do it alone next time.
    pub alone: Alone,
    /// The comment, trimmed; `None` when empty.
    pub comment: Option<String>,
}

/// The kind of personal data a comment seems to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonalData {
    /// A tax number (or another nine-digit identifier).
    Nif,
    /// A phone number.
    Phone,
    /// An e-mail address.
    Email,
}

/// Why an answer is refused; one per field at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    /// No satisfaction (or a value outside 1 to 5).
    SatisfactionMissing,
    /// No answer to "was it done?".
    DoneMissing,
    /// No answer to "able to do it alone?".
    AloneMissing,
    /// The comment is longer than `max` characters.
    CommentTooLong {
        /// The limit.
        max: usize,
    },
    /// The comment seems to hold personal data.
    CommentPersonalData(PersonalData),
}

impl Problem {
    /// The form field the problem is about: `satisfaction`, `done`, `alone` or `comment`, the names
    /// [`values`] reads. A page shows each problem next to this field.
    pub fn field(self) -> &'static str {
        match self {
            Problem::SatisfactionMissing => "satisfaction",
            Problem::DoneMissing => "done",
            Problem::AloneMissing => "alone",
            Problem::CommentTooLong { .. } | Problem::CommentPersonalData(_) => "comment",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::SatisfactionMissing => f.write_str("satisfaction missing"),
            Problem::DoneMissing => f.write_str("done missing"),
            Problem::AloneMissing => f.write_str("alone missing"),
            Problem::CommentTooLong { max } => write!(f, "comment longer than {max} characters"),
            Problem::CommentPersonalData(kind) => write!(f, "comment holds personal data ({kind:?})"),
        }
    }
}

/// The values as the form sent them, kept to show the form again after a refusal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    /// `satisfaction`, when it was 1 to 5.
    pub satisfaction: Option<u8>,
    /// `done`, when it was a known value.
    pub done: Option<Done>,
    /// `alone`, when it was a known value.
    pub alone: Option<Alone>,
    /// `comment`, as typed.
    pub comment: String,
}

/// Reads the form's fields (the first of each name counts; unknown names are ignored).
pub fn values<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Values {
    let mut values = Values::default();
    let mut seen = [false; 4];
    for (name, value) in fields {
        let slot = match name {
            "satisfaction" => 0,
            "done" => 1,
            "alone" => 2,
            "comment" => 3,
            _ => continue,
        };
        if std::mem::replace(&mut seen[slot], true) {
            continue;
        }
        match slot {
            0 => values.satisfaction = value.trim().parse().ok().filter(|v| (1..=5).contains(v)),
            1 => values.done = Done::parse(value.trim()),
            2 => values.alone = Alone::parse(value.trim()),
            _ => values.comment = value.to_owned(),
        }
    }
    values
}

/// The answer the values make, or every problem with them (in the form's order).
pub fn parse(values: &Values) -> Result<Answer, Vec<Problem>> {
    let mut problems = Vec::new();
    if values.satisfaction.is_none() {
        problems.push(Problem::SatisfactionMissing);
    }
    if values.done.is_none() {
        problems.push(Problem::DoneMissing);
    }
    if values.alone.is_none() {
        problems.push(Problem::AloneMissing);
    }
    let comment = clean(&values.comment);
    if comment.chars().count() > COMMENT_MAX_CHARS {
        problems.push(Problem::CommentTooLong {
            max: COMMENT_MAX_CHARS,
        });
    } else if let Some(kind) = personal_data(&comment) {
        problems.push(Problem::CommentPersonalData(kind));
    }
    match (values.satisfaction, values.done, values.alone) {
        (Some(satisfaction), Some(done), Some(alone)) if problems.is_empty() => Ok(Answer {
            satisfaction,
            done,
            alone,
            comment: (!comment.is_empty()).then_some(comment),
        }),
        _ => Err(problems),
    }
}

/// The comment without control characters (line breaks become spaces) and surrounding spaces.
fn clean(comment: &str) -> String {
    comment
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The first kind of personal data `text` seems to hold: an e-mail address, or a run of nine or more
/// digits (spaces, dots and dashes between digits do not break a run), which is a phone number when
/// it starts with `+351`/`00351` or with 2 or 9 and has nine digits, and a NIF otherwise.
pub fn personal_data(text: &str) -> Option<PersonalData> {
    if text.split_whitespace().any(looks_like_email) {
        return Some(PersonalData::Email);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let plus = i > 0 && chars[i - 1] == '+';
        let mut digits = String::new();
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                digits.push(chars[i]);
                i += 1;
            } else if matches!(chars[i], ' ' | '.' | '-')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            {
                i += 1;
            } else {
                break;
            }
        }
        if digits.len() >= 9 {
            let national = digits
                .strip_prefix("00351")
                .or_else(|| digits.strip_prefix("351").filter(|_| plus || digits.len() == 12));
            let phone = match national {
                Some(_) => true,
                None => digits.len() == 9 && matches!(digits.as_bytes()[0], b'2' | b'9'),
            };
            return Some(if phone {
                PersonalData::Phone
            } else {
                PersonalData::Nif
            });
        }
    }
    None
}

fn looks_like_email(word: &str) -> bool {
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    let domain = domain.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
    !local.trim_start_matches(['(', '<']).is_empty()
        && domain
            .split_once('.')
            .is_some_and(|(host, tld)| !host.is_empty() && !tld.is_empty())
}
