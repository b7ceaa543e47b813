//! An automated accessibility check of a rendered page, and the WCAG contrast ratio.
//!
//! The tests run [`check`] on every page this crate renders, in both languages, with and without
//! errors, so a template change that drops a label or skips a heading level fails `cargo test`
//! instead of reaching a citizen with a screen reader. It parses the page as a browser does (HTML5,
//! through `scraper`/html5ever) and checks the rules that can be checked mechanically:
//!
//! - `<html lang>` is `pt-PT` or `en`, and the document has a non-empty `<title>`;
//! - exactly one `<main>`, and a `<header>` and a `<footer>` (or `role="banner"`/`"contentinfo"`);
//! - every `input` (except hidden, submit, button, reset), `select` and `textarea` has a
//!   `<label for>` that names its id, or an `aria-label`/`aria-labelledby`;
//! - radio buttons are inside a `<fieldset>` whose first child is a `<legend>`;
//! - headings start at `<h1>` and never skip a level going down;
//! - every `<svg>` that is not `aria-hidden` has `role="img"` and a `<title>` or `aria-label`;
//! - every `<table>` has a `<caption>` and `<th>`s, each with a `scope`;
//! - no `style` attribute, no `<script>`, no `<style>` (the Content-Security-Policy would block them);
//! - links have text (or an `aria-label`); `<img>` has `alt`; ids are unique;
//! - and the parser reported no error (unclosed or misnested tags).
//!
//! It is no substitute for a person with a screen reader, but it makes the basics impossible to lose.
//! Each rule has a negative test showing it catches the problem.

use std::collections::HashMap;
use std::fmt;

use scraper::{ElementRef, Html};

use crate::theme::parse_hex;

/// A problem found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The HTML parser reported an error (such as a misnested tag).
    Parse(String),
    /// `<html>` has no `lang`, or one other than `pt-PT` or `en`.
    Lang(Option<String>),
    /// The document has no `<title>`, or an empty one.
    NoTitle,
    /// There is not exactly one `<main>` (the count found).
    MainCount(usize),
    /// There is no `<header>` (nor `role="banner"`).
    NoHeader,
    /// There is no `<footer>` (nor `role="contentinfo"`).
    NoFooter,
    /// A form control has no label (its tag and its id or name).
    Unlabelled(String),
    /// A radio button is not inside a `<fieldset>` with a `<legend>` (its name).
    RadioWithoutFieldset(String),
    /// A `<fieldset>` does not start with a `<legend>`.
    FieldsetWithoutLegend,
    /// The first heading is not an `<h1>` (its level).
    FirstHeading(u8),
    /// A heading skips a level going down (from, to).
    HeadingSkip(u8, u8),
    /// An `<svg>` has no `role="img"`.
    SvgRole,
    /// An `<svg>` has neither a `<title>` nor an `aria-label`.
    SvgName,
    /// A `<table>` has no `<caption>`.
    TableCaption,
    /// A `<table>` has no header cell.
    TableHeaders,
    /// A `<th>` has no `scope`.
    ThScope,
    /// An element has a `style` attribute (its tag).
    StyleAttribute(String),
    /// The page has a `<script>`.
    Script,
    /// The page has a `<style>`.
    StyleElement,
    /// A link has no text (its href).
    EmptyLink(String),
    /// An image has no `alt`.
    ImageAlt,
    /// An id is used more than once.
    DuplicateId(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Parse(e) => write!(f, "HTML parse error: {e}"),
            Problem::Lang(l) => write!(f, "<html lang> is {l:?}, not pt-PT or en"),
            Problem::NoTitle => write!(f, "no <title>"),
            Problem::MainCount(n) => write!(f, "{n} <main> elements, not one"),
            Problem::NoHeader => write!(f, "no <header>"),
            Problem::NoFooter => write!(f, "no <footer>"),
            Problem::Unlabelled(c) => write!(f, "control {c} has no label"),
            Problem::RadioWithoutFieldset(n) => write!(f, "radio {n} not in a fieldset with legend"),
            Problem::FieldsetWithoutLegend => write!(f, "fieldset without legend"),
            Problem::FirstHeading(l) => write!(f, "first heading is h{l}, not h1"),
            Problem::HeadingSkip(a, b) => write!(f, "heading skips from h{a} to h{b}"),
            Problem::SvgRole => write!(f, "svg without role=img"),
            Problem::SvgName => write!(f, "svg without title or aria-label"),
            Problem::TableCaption => write!(f, "table without caption"),
            Problem::TableHeaders => write!(f, "table without th"),
            Problem::ThScope => write!(f, "th without scope"),
            Problem::StyleAttribute(t) => write!(f, "style attribute on <{t}>"),
            Problem::Script => write!(f, "<script> element"),
            Problem::StyleElement => write!(f, "<style> element"),
            Problem::EmptyLink(h) => write!(f, "link to {h} has no text"),
            Problem::ImageAlt => write!(f, "img without alt"),
            Problem::DuplicateId(id) => write!(f, "id {id} used more than once"),
        }
    }
}

fn elements(doc: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    doc.root_element().descendants().filter_map(ElementRef::wrap)
}

fn name<'a>(el: &ElementRef<'a>) -> &'a str {
    el.value().name()
}

fn attr<'a>(el: &ElementRef<'a>, key: &str) -> Option<&'a str> {
    el.value().attr(key)
}

fn has_name_attr(el: &ElementRef<'_>) -> bool {
    ["aria-label", "aria-labelledby"]
        .iter()
        .any(|a| attr(el, a).is_some_and(|v| !v.trim().is_empty()))
}

fn ancestor_named<'a>(el: &ElementRef<'a>, tag: &str) -> Option<ElementRef<'a>> {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| name(a) == tag)
}

fn starts_with_legend(fieldset: &ElementRef<'_>) -> bool {
    fieldset
        .children()
        .filter_map(ElementRef::wrap)
        .next()
        .is_some_and(|first| name(&first) == "legend")
}

fn heading_level(tag: &str) -> Option<u8> {
    match tag {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Checks a whole HTML document against the rules in the module doc; an empty list means it passes.
pub fn check(html: &str) -> Vec<Problem> {
    let doc = Html::parse_document(html);
    let mut problems: Vec<Problem> = doc.errors.iter().map(|e| Problem::Parse(e.to_string())).collect();

    let all: Vec<ElementRef<'_>> = elements(&doc).collect();
    let named = |tag: &'static str| all.iter().filter(move |e| name(e) == tag);
    let with_role = |role: &str| all.iter().any(|e| attr(e, "role") == Some(role));

    // The root element is `html` itself; `descendants` includes it.
    let lang = all
        .iter()
        .find(|e| name(e) == "html")
        .and_then(|e| attr(e, "lang"));
    if !matches!(lang, Some("pt-PT" | "en")) {
        problems.push(Problem::Lang(lang.map(str::to_string)));
    }
    let titled = named("title")
        .filter(|t| ancestor_named(t, "svg").is_none())
        .any(|t| !t.text().collect::<String>().trim().is_empty());
    if !titled {
        problems.push(Problem::NoTitle);
    }
    let mains = named("main").count() + all.iter().filter(|e| attr(e, "role") == Some("main")).count();
    if mains != 1 {
        problems.push(Problem::MainCount(mains));
    }
    if named("header").next().is_none() && !with_role("banner") {
        problems.push(Problem::NoHeader);
    }
    if named("footer").next().is_none() && !with_role("contentinfo") {
        problems.push(Problem::NoFooter);
    }

    let label_targets: Vec<&str> = named("label").filter_map(|l| attr(l, "for")).collect();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut last_heading: Option<u8> = None;

    for el in &all {
        let tag = name(el);
        if let Some(id) = attr(el, "id") {
            *ids.entry(id).or_default() += 1;
        }
        if attr(el, "style").is_some() {
            problems.push(Problem::StyleAttribute(tag.to_string()));
        }
        match tag {
            "script" => problems.push(Problem::Script),
            "style" => problems.push(Problem::StyleElement),
            "input" | "select" | "textarea" => {
                let kind = attr(el, "type").unwrap_or("text").to_ascii_lowercase();
                let exempt =
                    tag == "input" && matches!(kind.as_str(), "hidden" | "submit" | "button" | "reset");
                let labelled =
                    attr(el, "id").is_some_and(|id| label_targets.contains(&id)) || has_name_attr(el);
                if !exempt && !labelled {
                    let what = attr(el, "id").or(attr(el, "name")).unwrap_or("?");
                    problems.push(Problem::Unlabelled(format!("<{tag}> {what}")));
                }
                if tag == "input" && kind == "radio" {
                    let grouped = ancestor_named(el, "fieldset").is_some_and(|f| starts_with_legend(&f));
                    if !grouped {
                        let what = attr(el, "name").unwrap_or("?").to_string();
                        problems.push(Problem::RadioWithoutFieldset(what));
                    }
                }
            }
            "fieldset" if !starts_with_legend(el) => problems.push(Problem::FieldsetWithoutLegend),
            "svg" if attr(el, "aria-hidden") != Some("true") => {
                if attr(el, "role") != Some("img") {
                    problems.push(Problem::SvgRole);
                }
                let has_title = el
                    .children()
                    .filter_map(ElementRef::wrap)
                    .any(|c| name(&c) == "title" && !c.text().collect::<String>().trim().is_empty());
                if !has_title && !has_name_attr(el) {
                    problems.push(Problem::SvgName);
                }
            }
            "table" => {
                let inner: Vec<ElementRef<'_>> = el.descendants().filter_map(ElementRef::wrap).collect();
                if !inner.iter().any(|c| name(c) == "caption") {
                    problems.push(Problem::TableCaption);
                }
                if !inner.iter().any(|c| name(c) == "th") {
                    problems.push(Problem::TableHeaders);
                }
            }
            "th" if attr(el, "scope").is_none() => problems.push(Problem::ThScope),
            "a" => {
                let text = el.text().collect::<String>();
                let svg_named = el
                    .descendants()
                    .filter_map(ElementRef::wrap)
                    .any(|c| name(&c) == "img" && attr(&c, "alt").is_some_and(|a| !a.trim().is_empty()));
                if text.trim().is_empty() && !has_name_attr(el) && !svg_named {
                    problems.push(Problem::EmptyLink(attr(el, "href").unwrap_or("").to_string()));
                }
            }
            "img" if attr(el, "alt").is_none() => problems.push(Problem::ImageAlt),
            _ => {}
        }
        if let Some(level) = heading_level(tag) {
            match last_heading {
                None if level != 1 => problems.push(Problem::FirstHeading(level)),
                Some(previous) if level > previous + 1 => {
                    problems.push(Problem::HeadingSkip(previous, level));
                }
                _ => {}
            }
            last_heading = Some(level);
        }
    }
    let mut duplicated: Vec<&str> = ids
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect();
    duplicated.sort_unstable();
    problems.extend(
        duplicated
            .into_iter()
            .map(|id| Problem::DuplicateId(id.to_string())),
    );
    problems
}

/// The relative luminance of an sRGB colour, as WCAG 2.2 defines it.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// The WCAG contrast ratio (1 to 21) between two `#rrggbb` colours, or `None` if one does not parse.
pub fn contrast_ratio(foreground: &str, background: &str) -> Option<f64> {
    let a = luminance(parse_hex(foreground)?);
    let b = luminance(parse_hex(background)?);
    let (light, dark) = if a > b { (a, b) } else { (b, a) };
    Some((light + 0.05) / (dark + 0.05))
}
