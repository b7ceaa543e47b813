//! Text to WinAnsiEncoding bytes, the single-byte encoding of the standard PDF fonts.
//!
//! The documents use the standard Type 1 fonts without embedding them, and those fonts can only be
//! addressed through a single-byte encoding. WinAnsiEncoding (Windows code page 1252, give or take
//! the unassigned codes) covers every letter of Portuguese (ã õ ç á à â é ê í ó ô ú and their
//! capitals), the euro sign, the ordinal indicators of "2.ª via" and "n.º", the guillemets of
//! European Portuguese quotation, the en and em dashes and the no-break space that [`Money`]
//! puts inside amounts. That is all a receipt needs.
//!
//! A character outside the encoding becomes `?`, visibly, rather than being dropped: a name from
//! the catalogue with, say, a Polish `ł` then prints as `?` and someone notices, instead of
//! silently printing a different name. A few characters that have an obvious equivalent inside the
//! encoding are mapped to it (the narrow and figure no-break spaces to the no-break space, the
//! Unicode minus and non-breaking hyphen to the hyphen-minus), and line breaks or tabs that slip
//! into a one-line field become spaces.
//!
//! [`Money`]: balcao_core::money::Money

/// The byte that stands for a character the encoding cannot represent.
pub(crate) const REPLACEMENT: u8 = b'?';

/// The WinAnsiEncoding byte of `c`, or `None` when the encoding has no such character.
pub(crate) fn byte(c: char) -> Option<u8> {
    let code = u32::from(c);
    match code {
        // Printable ASCII is identical in WinAnsi.
        0x20..=0x7E => u8::try_from(code).ok(),
        // Latin-1 Supplement is identical too (0xA0 is the no-break space, 0xAD the soft hyphen,
        // which the standard fonts draw as a hyphen).
        0xA0..=0xFF => u8::try_from(code).ok(),
        _ => match c {
            '€' => Some(0x80),
            '‚' => Some(0x82),
            'ƒ' => Some(0x83),
            '„' => Some(0x84),
            '…' => Some(0x85),
            '†' => Some(0x86),
            '‡' => Some(0x87),
            'ˆ' => Some(0x88),
            '‰' => Some(0x89),
            'Š' => Some(0x8A),
            '‹' => Some(0x8B),
            'Œ' => Some(0x8C),
            'Ž' => Some(0x8E),
            '\u{2018}' => Some(0x91),
            '\u{2019}' => Some(0x92),
            '\u{201C}' => Some(0x93),
            '\u{201D}' => Some(0x94),
            '•' => Some(0x95),
            '–' => Some(0x96),
            '—' => Some(0x97),
            '˜' => Some(0x98),
            '™' => Some(0x99),
            'š' => Some(0x9A),
            '›' => Some(0x9B),
            'œ' => Some(0x9C),
            'ž' => Some(0x9E),
            'Ÿ' => Some(0x9F),
            // Equivalents: spaces that must not break, and hyphens or minus signs.
            '\u{202F}' | '\u{2007}' => Some(0xA0),
            '\u{2010}' | '\u{2011}' | '\u{2212}' => Some(b'-'),
            // Whitespace control characters in a one-line field.
            '\t' | '\n' | '\r' => Some(b' '),
            _ => None,
        },
    }
}

/// Encodes `text` for a standard font: one byte per character, `?` for what the encoding lacks.
pub(crate) fn encode(text: &str) -> Vec<u8> {
    text.chars().map(|c| byte(c).unwrap_or(REPLACEMENT)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portuguese_letters_and_signs_have_their_windows_1252_bytes() {
        assert_eq!(
            encode("ãçõéêáàíóôúÃÇÉÓ"),
            b"\xE3\xE7\xF5\xE9\xEA\xE1\xE0\xED\xF3\xF4\xFA\xC3\xC7\xC9\xD3"
        );
        assert_eq!(encode("€–—«»ªº"), b"\x80\x96\x97\xAB\xBB\xAA\xBA");
        assert_eq!(encode("1\u{a0}234,50\u{a0}€"), b"1\xA0234,50\xA0\x80");
    }

    #[test]
    fn what_the_encoding_lacks_becomes_a_question_mark() {
        assert_eq!(encode("Łódź"), b"?\xF3d?");
        assert_eq!(encode("→ 😀"), b"? ?");
        // The unassigned codes of code page 1252 are never produced.
        assert_eq!(encode("\u{81}\u{8D}\u{7F}"), b"???");
    }

    #[test]
    fn equivalents_and_line_breaks() {
        assert_eq!(encode("1\u{202F}000 \u{2212}5"), b"1\xA0000 -5");
        assert_eq!(encode("a\nb\tc"), b"a b c");
    }
}
