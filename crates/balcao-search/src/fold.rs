//! Text folding: how a mediator's typing and the catalogue's text are made comparable.
//!
//! Mediators type fast, often without accents, sometimes in capitals, with a citizen dictating. So both
//! the catalogue and the query go through the same fold: Unicode compatibility decomposition (NFKD, which
//! also turns the ordinal `ª` into `a`), removal of combining marks (`ç` → `c`, `ã` → `a`), lower case,
//! and splitting on anything that is not a letter or digit. "Revalidação" and "REVALIDACAO" both become
//! `revalidacao`.
//!
//! Two Portuguese habits get special care: ordinals (`2.ª via`, `2ª via`, `2a via`, and `2 via` typed
//! in a hurry all become `2a via`), and the small words (`de`, `da`, `do`, …) that carry no meaning for
//! search and are dropped.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words dropped from both the index and queries (Portuguese, and English for the English texts).
const STOPWORDS: &[&str] = &[
    "a", "o", "as", "os", "e", "de", "da", "do", "das", "dos", "em", "no", "na", "nos", "nas", "um", "uma",
    "uns", "umas", "para", "por", "pelo", "pela", "com", "ao", "aos", "que", "se", "ou", "meu", "minha",
    "the", "of", "and", "to", "for", "in", "on", "an", "or", "my",
];

/// Whether a folded token is a stop word.
pub fn is_stopword(token: &str) -> bool {
    STOPWORDS.contains(&token)
}

/// Folds a text and splits it into tokens, keeping stop words (callers decide).
pub fn tokens(text: &str) -> Vec<String> {
    // Drop the dot of "2.ª" so the ordinal stays glued to its number.
    let mut cleaned = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let ordinal_dot = c == '.'
            && i > 0
            && chars.get(i - 1).is_some_and(char::is_ascii_digit)
            && chars.get(i + 1).is_some_and(|n| matches!(n, 'ª' | 'º'));
        if !ordinal_dot {
            cleaned.push(c);
        }
    }
    let folded: String = cleaned
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut out: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    // "2 via" typed in a hurry means "2.ª via".
    for i in 0..out.len().saturating_sub(1) {
        let is_number = out
            .get(i)
            .is_some_and(|t| t.len() == 1 && t.bytes().all(|b| b.is_ascii_digit()));
        if is_number
            && out.get(i + 1).is_some_and(|t| t == "via")
            && let Some(t) = out.get_mut(i)
        {
            t.push('a');
        }
    }
    out
}

/// Folds a text into its meaningful tokens (stop words removed).
pub fn terms(text: &str) -> Vec<String> {
    tokens(text).into_iter().filter(|t| !is_stopword(t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_ordinals() {
        assert_eq!(
            terms("Revalidação da Carta de Condução"),
            ["revalidacao", "carta", "conducao"]
        );
        assert_eq!(terms("REVALIDACAO"), ["revalidacao"]);
        assert_eq!(terms("Pedir a 2.ª via"), ["pedir", "2a", "via"]);
        assert_eq!(terms("2ª via"), ["2a", "via"]);
        assert_eq!(terms("2 via"), ["2a", "via"]);
        assert_eq!(
            terms("Cartão de Cidadão — alteração de morada"),
            ["cartao", "cidadao", "alteracao", "morada"]
        );
        assert_eq!(terms("e-mail"), ["mail"]);
    }

    #[test]
    fn a_query_of_only_stop_words_is_empty() {
        assert!(terms("de da do").is_empty());
    }
}
