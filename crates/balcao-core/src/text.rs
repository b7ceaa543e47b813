//! Bilingual text: every sentence a citizen or mediator reads exists in European Portuguese and English.
//!
//! Portuguese is the first language of the counter; English serves foreign citizens and is chosen by
//! the mediator for one attendance at a time. Catalogue text is data (written by the agency's editors),
//! so it is carried as a pair rather than looked up in the translation files, which hold the program's
//! own sentences.

use serde::{Deserialize, Serialize};

/// A language the counter speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// European Portuguese, the default.
    #[default]
    #[serde(rename = "pt-PT")]
    Pt,
    /// English, for foreign citizens.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The BCP 47 tag of the language (`pt-PT`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Pt => "pt-PT",
            Lang::En => "en",
        }
    }
}

/// A sentence in pt-PT and English.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    /// European Portuguese (always present in a valid catalogue).
    pub pt: String,
    /// English; when an editor has not written it yet, [`Text::get`] falls back to Portuguese.
    pub en: String,
}

impl Text {
    /// Builds a text from its two languages.
    pub fn new(pt: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            pt: pt.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`, falling back to Portuguese where the English is missing.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.trim().is_empty() => &self.en,
            _ => &self.pt,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_falls_back_to_portuguese() {
        let t = Text::new("Revalidação", "");
        assert_eq!(t.get(Lang::En), "Revalidação");
        let t = Text::new("Revalidação", "Revalidation");
        assert_eq!(t.get(Lang::En), "Revalidation");
        assert_eq!(t.get(Lang::Pt), "Revalidação");
    }
}
