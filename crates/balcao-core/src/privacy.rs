//! Recognising a citizen's direct identifiers in free text, so that text which leaves the counter
//! (a cancellation's reason, an exemption's legal grounds, a closing's explanation, a survey comment)
//! can refuse them.
//!
//! The counter sends the central server what the coordination's statistics and audit need and no
//! direct identifier (`docs/privacy.md`). Structured fields are easy: the citizen's name, NIF, card
//! number, phone and e-mail are simply not sent. Free text is harder, because a mediator may write
//! "anulado a pedido de 212 345 678" into a reason that the audit does need. This module finds what
//! can be found reliably without a dictionary of names:
//!
//! - an **e-mail address**: letters, digits or `._%+-` before an `@`, and a domain with a dot after;
//! - a **long number**: nine or more digits, possibly grouped by single spaces, dots or hyphens. That
//!   covers a NIF (9 digits), a Portuguese phone number (9, or 12 with `+351`), a Citizen Card's number
//!   with its check digit (`12345678 9 ZZ1`), a social-security number (11) and an IBAN's digits,
//!   while amounts (`12,50`), dates (`2026-12-07`) and article numbers (`135/99`) stay well below.
//!
//! A name cannot be recognised this way, so the screens that ask for free text also say not to write
//! personal data. The same function runs on the counter (the mediator is told at once) and on the
//! central server (an old or tampered counter is refused), so they never disagree.

/// A kind of direct identifier found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier {
    /// Something shaped like an e-mail address.
    Email,
    /// Nine or more digits in a row (a NIF, a phone, a card or social-security number).
    Number,
}

impl Identifier {
    /// A stable word for the kind, used in the central server's answers.
    pub fn as_str(self) -> &'static str {
        match self {
            Identifier::Email => "e-mail",
            Identifier::Number => "number",
        }
    }
}

/// The shortest run of digits that counts as an identifier.
pub const MIN_DIGITS: usize = 9;

/// The first direct identifier found in `text`, if any.
pub fn find_identifier(text: &str) -> Option<Identifier> {
    if has_email(text) {
        return Some(Identifier::Email);
    }
    if longest_number(text) >= MIN_DIGITS {
        return Some(Identifier::Number);
    }
    None
}

/// The number of digits of the longest digit run, where single spaces, dots and hyphens between two
/// digits do not break the run.
fn longest_number(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let (mut best, mut run) = (0, 0);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            run += 1;
            best = best.max(run);
        } else {
            let joins = matches!(c, ' ' | '.' | '-' | '\u{a0}')
                && i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if !joins {
                run = 0;
            }
        }
    }
    best
}

fn has_email(text: &str) -> bool {
    let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_alphanumeric() || c == '-' || c == '.';
    text.char_indices().filter(|&(_, c)| c == '@').any(|(at, _)| {
        let before_ok = text[..at].chars().next_back().is_some_and(local);
        let after: String = text[at + 1..].chars().take_while(|&c| domain(c)).collect();
        let after = after.trim_end_matches('.');
        before_ok
            && after
                .rsplit_once('.')
                .is_some_and(|(host, tld)| !host.is_empty() && tld.chars().count() >= 2)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_found_in_the_ways_people_write_them() {
        for (text, kind) in [
            ("NIF 123456789", Identifier::Number),
            ("telefone 912 345 678", Identifier::Number),
            ("ligar +351 912-345-678 amanhã", Identifier::Number),
            ("CC 12345678 9 ZZ1", Identifier::Number),
            ("NISS 12345678901", Identifier::Number),
            ("123.456.789", Identifier::Number),
            ("escreva para maria.silva@exemplo.pt", Identifier::Email),
            ("joao@correio.gov.pt.", Identifier::Email),
        ] {
            assert_eq!(find_identifier(text), Some(kind), "{text}");
        }
    }

    #[test]
    fn ordinary_reasons_pass() {
        for text in [
            "Decreto-Lei n.º 135/99, artigo 12.º",
            "Erro no valor: cobrados 12,50 € em vez de 7,00 €",
            "Faltam 1 234,56 € na contagem de 2026-12-07",
            "Tarifa social",
            "@ sozinho não é endereço",
            "nome@semdominio",
            "12345678",
            "",
        ] {
            assert_eq!(find_identifier(text), None, "{text}");
        }
    }

    #[test]
    fn two_separators_in_a_row_break_a_number() {
        assert_eq!(find_identifier("1234 - 56789"), None);
        assert_eq!(find_identifier("1234-56789"), Some(Identifier::Number));
    }
}
