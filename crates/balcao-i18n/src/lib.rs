//! The translation layer: every sentence Balcão shows a person, in European Portuguese and English.
//!
//! Sentences live in [Fluent](https://projectfluent.org) files under `locales/pt-PT/` and `locales/en/`,
//! embedded at build time. Code never writes a user-visible sentence itself: it asks for a message id
//! ([`I18n::tr`]) or hands over a value that knows its id and arguments
//! ([`balcao_core::message::Localized`], as the validators' and the catalogue checker's errors do).
//!
//! Why Fluent rather than a key-value table: Portuguese agrees in gender and number ("1 serviço",
//! "2 serviços"), and Fluent's selectors let the translator handle that in the file, not in code.
//!
//! **Architecture invariant:** both locales define exactly the same message ids, and every id the core
//! and the catalogue checker can produce exists; tests enforce both, so a missing translation is a
//! failing test, never a blank label at the counter. A missing id at run time renders as `⟨id⟩` rather
//! than panicking.

use balcao_core::message::Localized;
use balcao_core::text::Lang;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

mod files {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// The Fluent sources of a language: `(file name, text)`.
pub fn sources(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Pt => files::PT_PT,
        Lang::En => files::EN,
    }
}

/// A loaded language.
pub struct I18n {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

impl I18n {
    /// Loads a language from the embedded files. Never fails: a malformed entry (which the tests
    /// forbid) is skipped and its id renders as `⟨id⟩`.
    pub fn new(lang: Lang) -> Self {
        let langid = match lang {
            Lang::Pt => unic_langid::langid!("pt-PT"),
            Lang::En => unic_langid::langid!("en"),
        };
        let mut bundle = FluentBundle::new(vec![langid]);
        // Unicode isolation marks help right-to-left scripts; here they only pollute terminal output.
        bundle.set_use_isolating(false);
        for (_, text) in sources(lang) {
            let resource =
                FluentResource::try_new((*text).to_string()).unwrap_or_else(|(partial, _)| partial);
            // Duplicate ids across files are caught by tests; at run time the first definition wins.
            bundle.add_resource_overriding(resource);
        }
        Self { lang, bundle }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether the language defines `id`.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// The message `id` without arguments.
    pub fn tr(&self, id: &str) -> String {
        self.tr_args(id, &[])
    }

    /// The message `id` with named arguments. An argument that is exactly an integer's spelling ("3",
    /// "-5") is passed as a number, so Fluent's plural selectors work; anything else ("007", a prefix
    /// typed with a leading zero) stays text and is shown as given.
    pub fn tr_args(&self, id: &str, args: &[(&str, String)]) -> String {
        self.format(id, args).unwrap_or_else(|_| format!("⟨{id}⟩"))
    }

    /// Renders a value that carries its own message id and arguments.
    pub fn localize(&self, value: &dyn Localized) -> String {
        let args: Vec<(&str, String)> = value.message_args().into_iter().collect();
        self.tr_args(value.message_id(), &args)
    }

    /// Formats a message, or says why it could not be (unknown id, missing argument, bad pattern).
    pub fn format(&self, id: &str, args: &[(&str, String)]) -> Result<String, String> {
        let message = self
            .bundle
            .get_message(id)
            .ok_or_else(|| format!("no message `{id}` in {}", self.lang.tag()))?;
        let pattern = message
            .value()
            .ok_or_else(|| format!("message `{id}` has no value"))?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value.parse::<i64>() {
                Ok(n) if n.to_string() == *value => fluent_args.set(*name, FluentValue::from(n)),
                _ => fluent_args.set(*name, FluentValue::from(value.clone())),
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        if errors.is_empty() {
            Ok(text.into_owned())
        } else {
            Err(format!("message `{id}`: {errors:?}"))
        }
    }
}

/// Every message id defined in a language's files, with the file it comes from, in file order.
pub fn message_ids(lang: Lang) -> Vec<(String, &'static str)> {
    let mut ids = Vec::new();
    for (file, text) in sources(lang) {
        for line in text.lines() {
            // A message starts at column 0 with `id =`, the id being a letter then letters, digits,
            // `-` or `_`. Continuation lines start with a space, `}`, `[` or `*`; comments with `#`.
            let Some((id, _)) = line.split_once('=') else {
                continue;
            };
            let id = id.trim_end();
            let mut chars = id.chars();
            let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
            if starts_with_letter && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                ids.push((id.to_string(), *file));
            }
        }
    }
    ids
}
