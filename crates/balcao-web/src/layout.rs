//! The frame every page shares: document head, skip link, header, one `<main>`, footer, and the
//! language switch.
//!
//! Putting the frame in one place is how every page gets the same accessibility basics without each
//! page remembering them: the `lang` attribute (a screen reader picks its voice from it), the viewport
//! meta (so a phone does not shrink the page), a skip link as the first focusable element, landmarks,
//! and the stylesheet link (the only styling allowed by the server's Content-Security-Policy).
//!
//! The language switch is a plain link, not a form or a script: it points at the same page with the same
//! query parameters and `lang=en` or `lang=pt`. The server tells us the path and the other parameters
//! ([`LangLinks`]); we only swap `lang`.

use balcao_core::text::Lang;
use balcao_i18n::I18n;
use maud::{DOCTYPE, Markup, html};

use crate::theme::STYLESHEET_HREF;

/// What the language switch needs to link to the same page in the other language: the page's path and
/// its query parameters other than `lang` (a `lang` given here is ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LangLinks {
    /// The page's path, such as `/painel/espacos` or `/q/K7M2QX`.
    pub path: String,
    /// The query parameters to keep, in order, not yet percent-encoded.
    pub query: Vec<(String, String)>,
}

impl LangLinks {
    /// The links of a page with no query parameters.
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            query: Vec::new(),
        }
    }

    /// Adds a query parameter to keep (an empty value is kept too: it is what the form sent).
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// The address of this page in `lang`: the path, the kept parameters and `lang=pt` or `lang=en`.
    pub fn href(&self, lang: Lang) -> String {
        let mut out = self.path.clone();
        let mut first = true;
        let pairs = self
            .query
            .iter()
            .filter(|(name, _)| name != "lang")
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .chain(std::iter::once(("lang", lang_param(lang))));
        for (name, value) in pairs {
            out.push(if first { '?' } else { '&' });
            first = false;
            out.push_str(&percent_encode(name));
            out.push('=');
            out.push_str(&percent_encode(value));
        }
        out
    }
}

/// The value of the `lang` query parameter and hidden field for a language: `pt` or `en`.
pub fn lang_param(lang: Lang) -> &'static str {
    match lang {
        Lang::Pt => "pt",
        Lang::En => "en",
    }
}

/// The other language, the one the switch offers.
pub(crate) fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Pt => Lang::En,
        Lang::En => Lang::Pt,
    }
}

/// Percent-encodes a query component: everything but ASCII letters, digits and `-._~`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Which kind of page: it picks the body's class (the survey's narrow column) and the footer's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Survey,
    Dashboard,
}

/// A page's parts, given to [`page`].
pub(crate) struct Frame<'a> {
    pub i18n: &'a I18n,
    /// The page's heading, also the document's title.
    pub title: &'a str,
    pub kind: Kind,
    pub links: &'a LangLinks,
    /// What goes in the header after the site's name (the user's badge and the logout form).
    pub header_tools: Markup,
    /// The navigation under the header, if any.
    pub nav: Option<Markup>,
}

/// Renders a whole document around `main` (which starts with the page's `<h1>`).
pub(crate) fn page(frame: Frame<'_>, main: Markup) -> String {
    let i18n = frame.i18n;
    let lang = i18n.lang();
    let switch_to = other(lang);
    let doc_title = i18n.tr_args("web-page-title", &[("title", frame.title.to_string())]);
    let (body_class, site_name, footer) = match frame.kind {
        Kind::Survey => ("survey", i18n.tr("web-site-name"), "web-survey-footer"),
        Kind::Dashboard => ("dashboard", i18n.tr("web-dashboard-name"), "web-footer"),
    };
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (doc_title) }
                link rel="stylesheet" href=(STYLESHEET_HREF);
            }
            body class=(body_class) {
                a class="skip-link" href="#main" { (i18n.tr("web-skip-to-content")) }
                header class="site-header" {
                    div class="wrap" {
                        p class="site-name" { (site_name) }
                        div class="header-tools" {
                            (frame.header_tools)
                            a class="lang-switch" href=(frame.links.href(switch_to))
                                hreflang=(switch_to.tag()) lang=(switch_to.tag()) {
                                (i18n.tr("web-language-switch"))
                            }
                        }
                    }
                }
                @if let Some(nav) = frame.nav {
                    (nav)
                }
                main id="main" tabindex="-1" {
                    div class="wrap" { (main) }
                }
                footer class="site-footer" {
                    div class="wrap" {
                        @if frame.kind == Kind::Survey {
                            p { (i18n.tr(footer)) }
                        }
                        p { (i18n.tr("web-footer")) }
                    }
                }
            }
        }
    };
    markup.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_keeps_the_other_parameters_and_swaps_lang() {
        let links = LangLinks::new("/painel/espacos")
            .with("from", "2026-01-01")
            .with("lang", "pt")
            .with("entity", "AT & SS");
        assert_eq!(
            links.href(Lang::En),
            "/painel/espacos?from=2026-01-01&entity=AT%20%26%20SS&lang=en"
        );
        assert_eq!(LangLinks::new("/q/K7M2").href(Lang::Pt), "/q/K7M2?lang=pt");
        assert_eq!(
            LangLinks::new("/x").with("s", "ç").href(Lang::Pt),
            "/x?s=%C3%A7&lang=pt"
        );
    }
}
