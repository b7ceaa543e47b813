//! Numbers as people read them, in Portuguese or English.
//!
//! The dashboard's tables show counts, averages, shares and durations. A coordinator in Portugal reads
//! `1 234,5` (a space between thousands, a comma before the decimals); an English reader expects
//! `1,234.5`. The grouping space is a no-break space (U+00A0), as in `balcao_core::money`, so a figure
//! never wraps across two lines of a narrow table cell. This is a handful of lines rather than an ICU
//! dependency: the two locales are fixed, and the tests pin every rule.
//!
//! Machine-readable values (the CSV downloads) never go through here: they are written with `.` and no
//! grouping, see [`crate::table::table_csv`].

use balcao_core::text::Lang;

/// The no-break space between groups of thousands and before a unit in Portuguese.
pub const NBSP: char = '\u{a0}';

fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::Pt => (NBSP, ','),
        Lang::En => (',', '.'),
    }
}

/// Puts the group separator between thousands of a string of ASCII digits.
fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    let len = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A whole number: `1 234 567` (pt) or `1,234,567` (en).
pub fn format_int(value: i64, lang: Lang) -> String {
    let (sep, _) = separators(lang);
    let digits = value.unsigned_abs().to_string();
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", group(&digits, sep))
}

/// A number with exactly `places` decimals, rounded to the nearest: `1 234,5` (pt) or `1,234.5`
/// (en). A value that is not finite yields `None` (the caller shows it as missing).
pub fn format_decimal(value: f64, places: u8, lang: Lang) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let (sep, point) = separators(lang);
    let places = usize::from(places.min(9));
    let text = format!("{:.*}", places, value.abs());
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    // A value that rounds to zero is shown without a sign: "-0,0" would only confuse.
    let is_zero = text.chars().all(|c| c == '0' || c == '.');
    let sign = if value < 0.0 && !is_zero { "-" } else { "" };
    let mut out = format!("{sign}{}", group(int_part, sep));
    if let Some(frac) = frac_part {
        out.push(point);
        out.push_str(frac);
    }
    Some(out)
}

/// A share from 0 to 1 as a percentage with one decimal: `45,2 %` (pt, with a no-break space, as the
/// Portuguese norm writes it) or `45.2%` (en).
pub fn format_percent(fraction: f64, lang: Lang) -> Option<String> {
    let number = format_decimal(fraction * 100.0, 1, lang)?;
    Some(match lang {
        Lang::Pt => format!("{number}{NBSP}%"),
        Lang::En => format!("{number}%"),
    })
}

/// A duration in minutes with one decimal and the unit given (already translated): `12,5 min`.
pub fn format_minutes(minutes: f64, unit: &str, lang: Lang) -> Option<String> {
    let number = format_decimal(minutes, 1, lang)?;
    Some(format!("{number}{NBSP}{unit}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(s: &str) -> String {
        s.replace(' ', "\u{a0}")
    }

    #[test]
    fn integers_are_grouped_by_thousands() {
        assert_eq!(format_int(0, Lang::Pt), "0");
        assert_eq!(format_int(999, Lang::Pt), "999");
        assert_eq!(format_int(1234, Lang::Pt), pt("1 234"));
        assert_eq!(format_int(1_234_567, Lang::Pt), pt("1 234 567"));
        assert_eq!(format_int(-1_234_567, Lang::En), "-1,234,567");
        assert_eq!(format_int(123_456, Lang::En), "123,456");
        assert_eq!(format_int(i64::MIN, Lang::En), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn decimals_use_the_language_s_comma_or_point() {
        assert_eq!(format_decimal(1234.5, 1, Lang::Pt), Some(pt("1 234,5")));
        assert_eq!(format_decimal(1234.5, 1, Lang::En), Some("1,234.5".into()));
        assert_eq!(format_decimal(0.126, 2, Lang::En), Some("0.13".into()));
        assert_eq!(format_decimal(2.0, 0, Lang::Pt), Some("2".into()));
        assert_eq!(format_decimal(-0.01, 1, Lang::Pt), Some("0,0".into()));
        assert_eq!(format_decimal(-1500.25, 2, Lang::Pt), Some(pt("-1 500,25")));
        assert_eq!(format_decimal(f64::NAN, 1, Lang::Pt), None);
        assert_eq!(format_decimal(f64::INFINITY, 1, Lang::En), None);
    }

    #[test]
    fn percentages_and_minutes() {
        assert_eq!(format_percent(0.4523, Lang::Pt), Some(pt("45,2 %")));
        assert_eq!(format_percent(0.4523, Lang::En), Some("45.2%".into()));
        assert_eq!(format_percent(1.0, Lang::Pt), Some(pt("100,0 %")));
        assert_eq!(format_minutes(12.26, "min", Lang::Pt), Some(pt("12,3 min")));
        assert_eq!(format_minutes(1234.0, "min", Lang::En), Some(pt("1,234.0 min")));
    }
}
