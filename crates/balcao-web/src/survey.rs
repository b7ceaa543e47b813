//! The citizen's survey: three questions and an optional comment, read on a phone after a visit.
//!
//! The citizen gets a short address on paper at the counter and answers on their own phone, anonymously.
//! So the page is built for the least favourable case: a small screen, a slow network, an old browser,
//! a screen reader, a person not used to forms. It is a plain HTML form posted to the server (no
//! JavaScript, no cookies): each question is a `<fieldset>` with a `<legend>` and large tappable
//! choices; a mistake is reported in a summary at the top (`role="alert"`, with links to the fields)
//! and again next to the field, and what was already chosen is kept.
//!
//! The comment is the one place a citizen might type something personal. A warning next to it says not
//! to, and the server refuses a comment that looks like a NIF, a phone number or an e-mail address
//! ([`Problem::CommentPersonalData`]), because the answers are meant to be anonymous and are read by
//! coordinators. The problems are `balcao-survey`'s own, as its rules found them; this module only
//! gives each its sentence ([`problem_message`]).

use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_survey::answer::{Alone, Done, Values};
use balcao_survey::{PersonalData, Problem};
use maud::{Markup, html};

use crate::layout::{Frame, Kind, LangLinks, lang_param, page};

/// The sentence that explains a refused answer's problem, in the reader's language; it is shown at
/// the top of the form and again at the problem's field ([`Problem::field`]).
pub fn problem_message(problem: Problem, i18n: &I18n) -> String {
    match problem {
        Problem::SatisfactionMissing => i18n.tr("web-survey-error-satisfaction-missing"),
        Problem::DoneMissing => i18n.tr("web-survey-error-done-missing"),
        Problem::AloneMissing => i18n.tr("web-survey-error-alone-missing"),
        Problem::CommentTooLong { max } => {
            i18n.tr_args("web-survey-error-comment-too-long", &[("max", max.to_string())])
        }
        Problem::CommentPersonalData(PersonalData::Nif) => i18n.tr("web-survey-error-comment-nif"),
        Problem::CommentPersonalData(PersonalData::Phone) => i18n.tr("web-survey-error-comment-phone"),
        Problem::CommentPersonalData(PersonalData::Email) => i18n.tr("web-survey-error-comment-email"),
    }
}

/// The id of the first control of the problem's field, where the summary's link leads.
fn target(problem: Problem) -> &'static str {
    match problem.field() {
        "satisfaction" => "satisfaction-1",
        "done" => "done-yes",
        "alone" => "alone-yes",
        _ => "comment",
    }
}

/// The survey form's view model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyForm {
    /// The reader's language.
    pub lang: Lang,
    /// Where the form posts (the survey's own address).
    pub action: String,
    /// What the citizen has answered so far (empty on the first visit, kept after an error), as the
    /// survey's own rules read the form.
    pub values: Values,
    /// What was wrong with the last post, in the order to show.
    pub errors: Vec<Problem>,
    /// The comment's maximum length, in characters.
    pub comment_max_chars: usize,
    /// The page's address, for the language switch.
    pub lang_links: LangLinks,
}

/// The values of the "was it dealt with" question, with their message ids.
pub const DONE_CHOICES: [&str; 3] = ["yes", "partly", "no"];
/// The values of the "could you do it alone" question.
pub const ALONE_CHOICES: [&str; 3] = ["yes", "unsure", "no"];

/// One radio choice: value, label's message id.
struct Choice {
    value: String,
    label: String,
}

/// A question with radio choices, as a fieldset.
fn radio_group(
    name: &str,
    legend: &str,
    choices: &[Choice],
    selected: Option<&str>,
    error: Option<String>,
    i18n: &I18n,
) -> Markup {
    let error_id = format!("{name}-error");
    let invalid = error.is_some();
    html! {
        fieldset role="radiogroup" class=[invalid.then_some("has-error")]
            aria-invalid=[invalid.then_some("true")]
            aria-describedby=[invalid.then_some(error_id.as_str())] {
            legend { (legend) }
            @if let Some(message) = &error {
                p class="field-error" id=(error_id) {
                    span class="visually-hidden" { (i18n.tr("web-error-prefix")) " " }
                    (message)
                }
            }
            @for choice in choices {
                @let id = format!("{name}-{}", choice.value);
                div class="choice" {
                    input type="radio" id=(id) name=(name) value=(choice.value)
                        checked[selected == Some(choice.value.as_str())];
                    label for=(id) { (choice.label) }
                }
            }
        }
    }
}

/// The error summary at the top of a form: a heading and one link per error to its field.
pub(crate) fn error_summary(items: &[(String, String)], i18n: &I18n) -> Markup {
    html! {
        @if !items.is_empty() {
            div class="error-summary" role="alert" aria-labelledby="error-summary-title" {
                h2 id="error-summary-title" { (i18n.tr("web-errors-title")) }
                ul {
                    @for (target, message) in items {
                        li { a href=(format!("#{target}")) { (message) } }
                    }
                }
            }
        }
    }
}

/// The survey form (see the module doc). The form posts `satisfaction` (1 to 5), `done`
/// (`yes`/`partly`/`no`), `alone` (`yes`/`unsure`/`no`), `comment` and `lang` (`pt`/`en`).
pub fn survey_form(form: &SurveyForm) -> String {
    let i18n = I18n::new(form.lang);
    let error_for = |field: &str| {
        let messages: Vec<String> = form
            .errors
            .iter()
            .filter(|e| e.field() == field)
            .map(|&e| problem_message(e, &i18n))
            .collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    };
    let summary: Vec<(String, String)> = form
        .errors
        .iter()
        .map(|&e| (target(e).to_string(), problem_message(e, &i18n)))
        .collect();
    let satisfaction: Vec<Choice> = (1..=5)
        .map(|n| Choice {
            value: n.to_string(),
            label: i18n.tr(&format!("web-survey-satisfaction-{n}")),
        })
        .collect();
    let choices = |question: &str, values: &[&str]| -> Vec<Choice> {
        values
            .iter()
            .map(|v| Choice {
                value: (*v).to_string(),
                label: i18n.tr(&format!("web-survey-{question}-{v}")),
            })
            .collect()
    };
    let selected_satisfaction = form.values.satisfaction.map(|n| n.to_string());
    let comment_error = error_for("comment");
    let mut described = vec!["comment-hint", "comment-warning"];
    if comment_error.is_some() {
        described.push("comment-error");
    }
    let title = i18n.tr("web-survey-title");
    let main = html! {
        h1 { (title) }
        p class="lead" { (i18n.tr("web-survey-intro")) }
        (error_summary(&summary, &i18n))
        form method="post" action=(form.action) {
            input type="hidden" name="lang" value=(lang_param(form.lang));
            (radio_group("satisfaction", &i18n.tr("web-survey-satisfaction"), &satisfaction,
                selected_satisfaction.as_deref(), error_for("satisfaction"), &i18n))
            (radio_group("done", &i18n.tr("web-survey-done"), &choices("done", &DONE_CHOICES),
                form.values.done.map(Done::as_str), error_for("done"), &i18n))
            (radio_group("alone", &i18n.tr("web-survey-alone"), &choices("alone", &ALONE_CHOICES),
                form.values.alone.map(Alone::as_str), error_for("alone"), &i18n))
            div class={ "field" @if comment_error.is_some() { " has-error" } } {
                label for="comment" { (i18n.tr("web-survey-comment")) }
                p class="hint" id="comment-hint" {
                    (i18n.tr_args("web-survey-comment-hint", &[("max", form.comment_max_chars.to_string())]))
                }
                p class="warning" id="comment-warning" { (i18n.tr("web-survey-comment-warning")) }
                @if let Some(message) = &comment_error {
                    p class="field-error" id="comment-error" {
                        span class="visually-hidden" { (i18n.tr("web-error-prefix")) " " }
                        (message)
                    }
                }
                textarea id="comment" name="comment" rows="5" maxlength=(form.comment_max_chars)
                    autocomplete="off" aria-describedby=(described.join(" "))
                    aria-invalid=[comment_error.is_some().then_some("true")] {
                    (form.values.comment)
                }
            }
            button type="submit" { (i18n.tr("web-survey-submit")) }
        }
    };
    page(
        Frame {
            i18n: &i18n,
            title: &title,
            kind: Kind::Survey,
            links: &form.lang_links,
            header_tools: html! {},
            nav: None,
        },
        main,
    )
}

/// A short page with a heading and one sentence, for the survey's outcomes.
fn survey_message(lang: Lang, links: &LangLinks, title_id: &str, text_id: &str) -> String {
    let i18n = I18n::new(lang);
    let title = i18n.tr(title_id);
    let main = html! {
        h1 { (title) }
        p class="lead" { (i18n.tr(text_id)) }
    };
    page(
        Frame {
            i18n: &i18n,
            title: &title,
            kind: Kind::Survey,
            links,
            header_tools: html! {},
            nav: None,
        },
        main,
    )
}

/// The page after an answer was recorded.
pub fn survey_thanks(lang: Lang, lang_links: &LangLinks) -> String {
    survey_message(
        lang,
        lang_links,
        "web-survey-thanks-title",
        "web-survey-thanks-text",
    )
}

/// The page for a survey already answered (each visit is rated once).
pub fn survey_already_answered(lang: Lang, lang_links: &LangLinks) -> String {
    survey_message(
        lang,
        lang_links,
        "web-survey-already-title",
        "web-survey-already-text",
    )
}

/// The page for a survey whose time has passed.
pub fn survey_expired(lang: Lang, lang_links: &LangLinks) -> String {
    survey_message(
        lang,
        lang_links,
        "web-survey-expired-title",
        "web-survey-expired-text",
    )
}

/// The page for a code that matches no survey (mistyped or forged; the page does not say which).
pub fn survey_invalid(lang: Lang, lang_links: &LangLinks) -> String {
    survey_message(
        lang,
        lang_links,
        "web-survey-invalid-title",
        "web-survey-invalid-text",
    )
}

/// The page for too many requests from the same place (rate limited).
pub fn survey_too_many(lang: Lang, lang_links: &LangLinks) -> String {
    survey_message(
        lang,
        lang_links,
        "web-survey-too-many-title",
        "web-survey-too-many-text",
    )
}
