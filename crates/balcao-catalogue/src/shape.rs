//! The shape of single values in catalogue files: ids (slugs), addresses, dates, and text that is only
//! a placeholder.
//!
//! These are the checks that need no context (no other file, no other entry), so they live apart from
//! the loader ([`crate::load`], which re-exports them) and can be tested one value at a time.

use crate::problem::Problem;

/// Whether `s` is a slug: lower-case ASCII letters and digits in hyphen-separated runs.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Why a URL is not acceptable for the catalogue, if it is not.
pub fn url_problem(url: &str) -> Option<Problem> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Some(Problem::NotHttps { url: url.to_string() });
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.' || c == ':');
    if !host_ok || url.chars().any(char::is_whitespace) {
        return Some(Problem::InvalidUrl { url: url.to_string() });
    }
    None
}

/// Whether a text is a placeholder instead of content: a leftover marker (`TODO`, `FIXME`, `XXX`,
/// `TBD`, lorem ipsum) anywhere, or a whole text that is only a generic word and maybe a number
/// ("Passo 1", "texto", "exemplo"). A real sentence that merely contains "texto" is fine.
pub fn is_placeholder(s: &str) -> bool {
    let markers = ["TODO", "FIXME", "XXX", "TBD"];
    if s.split(|c: char| !c.is_alphanumeric())
        .any(|w| markers.contains(&w))
    {
        return true;
    }
    let lower = s.trim().to_lowercase();
    if lower.contains("lorem ipsum") || lower.starts_with("lorem") {
        return true;
    }
    let generic = [
        "passo",
        "step",
        "texto",
        "text",
        "exemplo",
        "example",
        "placeholder",
        "a definir",
        "teste",
        "test",
    ];
    let without_number =
        lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace());
    generic.contains(&without_number)
}

/// Whether `s` is a calendar date written `YYYY-MM-DD`.
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return false };
    // Digits only: `u32::from_str` also takes a sign, so "2026-11-+3" would otherwise pass.
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if y.len() != 4 || m.len() != 2 || d.len() != 2 || ![y, m, d].iter().all(|p| digits(p)) {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}
