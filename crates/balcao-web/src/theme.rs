//! The colours and the stylesheet, with the contrast rules they must keep.
//!
//! The pages carry no inline style (the server's Content-Security-Policy forbids it), so every rule is
//! in one file, `assets/balcao.css`, served at `/static/balcao.css` and embedded here as
//! [`STYLESHEET`]. Its colours are custom properties; [`TOKENS`] lists the same names and values so Rust
//! can check them: each pair of [`PAIRS`] (a colour used on a background) must reach its WCAG 2.2 AA
//! ratio — 4.5:1 for text, 3:1 for graphics such as chart lines, input borders and focus rings. The
//! tests compute the ratios and check that the CSS declares exactly these values, so a colour changed
//! in one place and not the other fails the build instead of quietly failing a reader.
//!
//! The chart colours are the first of Okabe and Ito's colour-blind-safe palette, darkened where needed
//! to reach 3:1 on white; the SVG charts ([`crate::chart`]) take them from [`CHART_PALETTE`].

/// The stylesheet of every page, to be served at [`STYLESHEET_HREF`].
pub const STYLESHEET: &str = include_str!("../assets/balcao.css");

/// Where the pages link the stylesheet; the server serves [`STYLESHEET`] there.
pub const STYLESHEET_HREF: &str = "/static/balcao.css";

/// The colour tokens: a custom property's name (without `--`) and its `#rrggbb` value.
pub const TOKENS: &[(&str, &str)] = &[
    ("text", "#1b1b1b"),
    ("muted", "#4a4a4a"),
    ("bg", "#ffffff"),
    ("surface", "#f3f5f7"),
    ("link", "#0b4f8a"),
    ("header-bg", "#0b3d66"),
    ("header-text", "#ffffff"),
    ("accent", "#0b6e3a"),
    ("accent-hover", "#08552c"),
    ("button-text", "#ffffff"),
    ("error", "#b00020"),
    ("error-bg", "#fdecee"),
    ("warning-bg", "#fff4ce"),
    ("border", "#5c5c5c"),
    ("rule", "#d0d7de"),
    ("focus", "#0b4f8a"),
    ("focus-on-dark", "#ffdd00"),
    ("chart-1", "#0072b2"),
    ("chart-2", "#b35900"),
    ("chart-3", "#007a5a"),
    ("chart-4", "#a9508a"),
];

/// WCAG 2.2 AA's minimum for text (1.4.3).
pub const TEXT_RATIO: f64 = 4.5;
/// WCAG 2.2 AA's minimum for graphics and the parts of controls (1.4.11).
pub const GRAPHIC_RATIO: f64 = 3.0;

/// Every foreground used on a background in the stylesheet or the charts, with the ratio it needs.
pub const PAIRS: &[(&str, &str, f64)] = &[
    ("text", "bg", TEXT_RATIO),
    ("text", "surface", TEXT_RATIO),
    ("text", "warning-bg", TEXT_RATIO),
    ("text", "error-bg", TEXT_RATIO),
    ("muted", "bg", TEXT_RATIO),
    ("muted", "surface", TEXT_RATIO),
    ("link", "bg", TEXT_RATIO),
    ("link", "surface", TEXT_RATIO),
    ("header-text", "header-bg", TEXT_RATIO),
    ("button-text", "accent", TEXT_RATIO),
    ("button-text", "accent-hover", TEXT_RATIO),
    ("error", "bg", TEXT_RATIO),
    ("error", "error-bg", TEXT_RATIO),
    ("border", "bg", GRAPHIC_RATIO),
    ("border", "surface", GRAPHIC_RATIO),
    ("focus", "bg", GRAPHIC_RATIO),
    ("focus", "surface", GRAPHIC_RATIO),
    ("focus-on-dark", "header-bg", GRAPHIC_RATIO),
    ("chart-1", "bg", GRAPHIC_RATIO),
    ("chart-2", "bg", GRAPHIC_RATIO),
    ("chart-3", "bg", GRAPHIC_RATIO),
    ("chart-4", "bg", GRAPHIC_RATIO),
];

/// The colours of a chart's series, in order (tokens `chart-1` to `chart-4`).
pub const CHART_PALETTE: [&str; 4] = ["#0072b2", "#b35900", "#007a5a", "#a9508a"];

/// A token's value, if the token exists.
pub fn token(name: &str) -> Option<&'static str> {
    TOKENS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// A `#rrggbb` colour as its red, green and blue bytes.
pub fn parse_hex(hex: &str) -> Option<(u8, u8, u8)> {
    let digits = hex.strip_prefix('#')?;
    if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::a11y::contrast_ratio;

    #[test]
    fn every_pair_meets_its_wcag_ratio() {
        for (fg, bg, min) in PAIRS {
            let f = token(fg).unwrap_or_else(|| panic!("no token {fg}"));
            let b = token(bg).unwrap_or_else(|| panic!("no token {bg}"));
            let ratio = contrast_ratio(f, b).unwrap();
            assert!(ratio >= *min, "{fg} on {bg}: {ratio:.2} < {min}");
        }
    }

    #[test]
    fn the_stylesheet_declares_exactly_the_tokens() {
        for (name, value) in TOKENS {
            let declaration = format!("--{name}: {value};");
            assert!(STYLESHEET.contains(&declaration), "missing {declaration}");
        }
        // Every colour written in the stylesheet is a token's value, declared once in :root; rules use
        // `var(--name)`, so no unchecked colour can slip in.
        let mut rest = STYLESHEET;
        let mut seen = 0;
        while let Some(i) = rest.find('#') {
            let candidate = rest.get(i..i + 7).unwrap_or("");
            if parse_hex(candidate).is_some() {
                assert!(
                    TOKENS.iter().any(|(_, v)| *v == candidate),
                    "{candidate} is not a token"
                );
                seen += 1;
            }
            rest = &rest[i + 1..];
        }
        assert_eq!(seen, TOKENS.len(), "each colour is written once, in :root");
    }

    #[test]
    fn the_chart_palette_is_the_chart_tokens() {
        for (i, colour) in CHART_PALETTE.iter().enumerate() {
            assert_eq!(token(&format!("chart-{}", i + 1)), Some(*colour));
        }
    }

    #[test]
    fn the_stylesheet_uses_no_fixed_pixel_widths() {
        // Zooming to 200 % must reflow (WCAG 1.4.10): widths are in rem, ch or percentages.
        for line in STYLESHEET.lines() {
            let l = line.trim();
            if l.starts_with("width") || l.starts_with("max-width") || l.starts_with("min-width") {
                assert!(
                    !l.contains("px") || l.contains("1px"),
                    "fixed width in the stylesheet: {l}"
                );
            }
        }
        assert!(!STYLESHEET.contains("@import"), "no external resources");
        assert!(!STYLESHEET.contains("url("), "no external resources");
    }

    #[test]
    fn hex_colours_parse() {
        assert_eq!(parse_hex("#0b4f8a"), Some((0x0b, 0x4f, 0x8a)));
        assert_eq!(parse_hex("0b4f8a"), None);
        assert_eq!(parse_hex("#0b4f8"), None);
        assert_eq!(parse_hex("#0b4f8g"), None);
    }
}
