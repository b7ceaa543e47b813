//! The coordinators' dashboard: sign-in, the signed-in frame, a data-driven page body, and error pages.
//!
//! The server decides what a page shows (overview, a spot, a service) and fills a [`DashboardPage`]:
//! a title, the filters, and [`Section`]s, each with headline facts, a chart, the chart's table and a
//! CSV link. Keeping the page generic means a new report is a new query in the server, not a new
//! template here, and every report gets the same accessible structure for free: one `<h1>`, an `<h2>`
//! per section, figures with captions, tables with captions and header scopes.
//!
//! Forms are plain HTML. Sign-in and sign-out are POSTs carrying the server's CSRF token in a hidden
//! `csrf` field; the filters are a GET form, so a filtered view is a bookmarkable, shareable address and
//! the language switch can keep its parameters.

use balcao_core::text::Lang;
use balcao_i18n::I18n;
use maud::{Markup, html};

use crate::chart::{Chart, chart_figure};
use crate::layout::{Frame, Kind, LangLinks, lang_param, page};
use crate::table::{Table, table_html};

/// The dashboard's home, always in the navigation.
pub const OVERVIEW_HREF: &str = "/painel";

/// Why a sign-in failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginError {
    /// Unknown user or wrong password (the page does not say which).
    Invalid,
    /// Too many failed attempts; wait.
    TooManyAttempts,
    /// The form's CSRF token had expired.
    Expired,
    /// The account exists but may not use the dashboard.
    Disabled,
}

impl LoginError {
    fn message_id(self) -> &'static str {
        match self {
            LoginError::Invalid => "web-login-error-invalid",
            LoginError::TooManyAttempts => "web-login-error-too-many",
            LoginError::Expired => "web-login-error-expired",
            LoginError::Disabled => "web-login-error-disabled",
        }
    }
}

/// The sign-in page's view model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// The reader's language.
    pub lang: Lang,
    /// Where the form posts.
    pub action: String,
    /// The CSRF token, sent back in the hidden `csrf` field.
    pub csrf_token: String,
    /// Why the last attempt failed, if it did.
    pub error: Option<LoginError>,
    /// The user name typed last time (never the password).
    pub login_value: String,
    /// The page's address, for the language switch.
    pub lang_links: LangLinks,
}

/// The sign-in page: a POST form with `login`, `password`, `csrf` and `lang`.
pub fn login_page(login: &Login) -> String {
    let i18n = I18n::new(login.lang);
    let title = i18n.tr("web-login-title");
    let error = login.error.map(|e| i18n.tr(e.message_id()));
    let main = html! {
        h1 { (title) }
        @if let Some(message) = &error {
            div class="error-summary" role="alert" {
                p id="login-error" class="field-error" { (message) }
            }
        }
        form method="post" action=(login.action) class="field-narrow" {
            input type="hidden" name="csrf" value=(login.csrf_token);
            input type="hidden" name="lang" value=(lang_param(login.lang));
            div class="field" {
                label for="login" { (i18n.tr("web-login-login")) }
                input type="text" id="login" name="login" value=(login.login_value)
                    autocomplete="username" autocapitalize="none" spellcheck="false" required
                    aria-invalid=[error.is_some().then_some("true")]
                    aria-describedby=[error.is_some().then_some("login-error")];
            }
            div class="field" {
                label for="password" { (i18n.tr("web-login-password")) }
                input type="password" id="password" name="password" autocomplete="current-password"
                    required aria-invalid=[error.is_some().then_some("true")];
            }
            button type="submit" { (i18n.tr("web-login-submit")) }
        }
    };
    page(
        Frame {
            i18n: &i18n,
            title: &title,
            kind: Kind::Dashboard,
            links: &login.lang_links,
            header_tools: html! {},
            nav: None,
        },
        main,
    )
}

/// What the signed-in coordinator may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every spot in the country.
    National,
    /// The spots of one host entity (its name, as shown).
    Entity(String),
}

/// The signed-in user, as the header shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserBadge {
    /// The user's display name.
    pub name: String,
    /// What they may see.
    pub scope: Scope,
}

/// A link of the dashboard's navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavLink {
    /// Where it leads.
    pub href: String,
    /// Its text.
    pub label: String,
    /// Whether it is the page being shown (`aria-current="page"`).
    pub current: bool,
}

/// The filters of a dashboard page, rendered as a GET form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterForm {
    /// Where the form goes (the page itself).
    pub action: String,
    /// The first day, `yyyy-mm-dd`, as given (kept even if invalid, so it can be corrected).
    pub from: String,
    /// The last day, `yyyy-mm-dd`.
    pub to: String,
    /// The chosen entity's value, if any.
    pub entity: Option<String>,
    /// The chosen spot's value, if any.
    pub spot: Option<String>,
    /// The chosen service's value, if any.
    pub service: Option<String>,
    /// The entities to choose from: value and label. Empty hides the choice.
    pub entities: Vec<(String, String)>,
    /// The spots to choose from.
    pub spots: Vec<(String, String)>,
    /// The services to choose from.
    pub services: Vec<(String, String)>,
}

/// A part of a dashboard page, under its own `<h2>`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// The section's id (unique on the page; the heading's id is `{id}-heading`).
    pub id: String,
    /// The heading.
    pub heading: String,
    /// A sentence under the heading (how a figure is computed, a caveat).
    pub note: Option<String>,
    /// Headline figures: label and value, already formatted.
    pub facts: Vec<(String, String)>,
    /// A chart of the table's data.
    pub chart: Option<Chart>,
    /// The data, as a table (always given with a chart).
    pub table: Option<Table>,
    /// Where the table's CSV is downloaded.
    pub csv_href: Option<String>,
}

/// A dashboard page's view model.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardPage {
    /// The reader's language.
    pub lang: Lang,
    /// The signed-in user.
    pub user: UserBadge,
    /// The page's `<h1>`.
    pub title: String,
    /// A line under the title (the period and filters in words).
    pub subtitle: Option<String>,
    /// The CSRF token for the logout form.
    pub csrf_token: String,
    /// Where the logout form posts.
    pub logout_action: String,
    /// Navigation links after the overview (which is added unless present).
    pub nav: Vec<NavLink>,
    /// The filters, if the page has them.
    pub filters: Option<FilterForm>,
    /// The page's sections, in order.
    pub sections: Vec<Section>,
    /// The page's address, for the language switch.
    pub lang_links: LangLinks,
}

fn header_tools(user: &UserBadge, csrf: &str, logout_action: &str, i18n: &I18n) -> Markup {
    let scope = match &user.scope {
        Scope::National => i18n.tr("web-user-scope-national"),
        Scope::Entity(name) => name.clone(),
    };
    html! {
        p class="user-badge" {
            span { (i18n.tr_args("web-user-signed-in", &[("name", user.name.clone())])) }
            span { (i18n.tr_args("web-user-scope", &[("scope", scope)])) }
        }
        form method="post" action=(logout_action) {
            input type="hidden" name="csrf" value=(csrf);
            button type="submit" { (i18n.tr("web-logout")) }
        }
    }
}

fn navigation(links: &[NavLink], i18n: &I18n) -> Markup {
    let overview = NavLink {
        href: OVERVIEW_HREF.to_string(),
        label: i18n.tr("web-nav-overview"),
        current: false,
    };
    // A link to the overview with filters or a language (`/painel?from=…`) is the overview too.
    let has_overview = links
        .iter()
        .any(|l| l.href.split('?').next() == Some(OVERVIEW_HREF));
    let all = (!has_overview)
        .then_some(&overview)
        .into_iter()
        .chain(links.iter());
    html! {
        nav class="site-nav" aria-label=(i18n.tr("web-nav")) {
            div class="wrap" {
                ul {
                    @for link in all {
                        li { a href=(link.href) aria-current=[link.current.then_some("page")] { (link.label) } }
                    }
                }
            }
        }
    }
}

fn select(
    name: &str,
    label_id: &str,
    all_id: &str,
    options: &[(String, String)],
    chosen: Option<&str>,
    i18n: &I18n,
) -> Markup {
    let id = format!("filter-{name}");
    html! {
        @if !options.is_empty() {
            div class="field" {
                label for=(id) { (i18n.tr(label_id)) }
                select id=(id) name=(name) {
                    option value="" selected[chosen.is_none_or(str::is_empty)] { (i18n.tr(all_id)) }
                    @for (value, label) in options {
                        option value=(value) selected[chosen == Some(value.as_str())] { (label) }
                    }
                }
            }
        } @else if let Some(value) = chosen {
            // A choice the list does not offer (the user's scope fixes it) is kept as it is.
            input type="hidden" name=(name) value=(value);
        }
    }
}

fn filter_form(filters: &FilterForm, i18n: &I18n) -> Markup {
    html! {
        form class="filters" method="get" action=(filters.action) aria-label=(i18n.tr("web-filter")) {
            input type="hidden" name="lang" value=(lang_param(i18n.lang()));
            div class="field" {
                label for="filter-from" { (i18n.tr("web-filter-from")) }
                input type="date" id="filter-from" name="from" value=(filters.from);
            }
            div class="field" {
                label for="filter-to" { (i18n.tr("web-filter-to")) }
                input type="date" id="filter-to" name="to" value=(filters.to);
            }
            (select("entity", "web-filter-entity", "web-filter-entity-all", &filters.entities,
                filters.entity.as_deref(), i18n))
            (select("spot", "web-filter-spot", "web-filter-spot-all", &filters.spots,
                filters.spot.as_deref(), i18n))
            (select("service", "web-filter-service", "web-filter-service-all", &filters.services,
                filters.service.as_deref(), i18n))
            div class="field" {
                button type="submit" { (i18n.tr("web-filter-submit")) }
            }
        }
    }
}

fn section(section: &Section, i18n: &I18n) -> Markup {
    let heading_id = format!("{}-heading", section.id);
    html! {
        section class="section" id=(section.id) aria-labelledby=(heading_id) {
            h2 id=(heading_id) { (section.heading) }
            @if let Some(note) = &section.note {
                p class="note" { (note) }
            }
            @if !section.facts.is_empty() {
                dl class="facts" {
                    @for (label, value) in &section.facts {
                        div { dt { (label) } dd { (value) } }
                    }
                }
            }
            @if let Some(chart) = &section.chart {
                (chart_figure(chart, i18n))
            }
            @if let Some(table) = &section.table {
                @if table.is_empty() && section.chart.is_none() {
                    p class="note" { (i18n.tr("web-no-data")) }
                }
                @if !table.is_empty() {
                    (table_html(table, i18n))
                }
            }
            @if let Some(href) = &section.csv_href {
                p class="csv-link" { a href=(href) download { (i18n.tr("web-csv-download")) } }
            }
        }
    }
}

/// A dashboard page: the signed-in frame, the title, the filters and the sections.
pub fn dashboard_page(p: &DashboardPage) -> String {
    let i18n = I18n::new(p.lang);
    let main = html! {
        h1 { (p.title) }
        @if let Some(subtitle) = &p.subtitle {
            p class="lead" { (subtitle) }
        }
        @if let Some(filters) = &p.filters {
            (filter_form(filters, &i18n))
        }
        @for s in &p.sections {
            (section(s, &i18n))
        }
    };
    page(
        Frame {
            i18n: &i18n,
            title: &p.title,
            kind: Kind::Dashboard,
            links: &p.lang_links,
            header_tools: header_tools(&p.user, &p.csrf_token, &p.logout_action, &i18n),
            nav: Some(navigation(&p.nav, &i18n)),
        },
        main,
    )
}

/// The title of an error page for an HTTP status.
fn error_title(status: u16, i18n: &I18n) -> String {
    match status {
        400 | 403 | 404 | 409 | 410 | 429 | 500 => i18n.tr(&format!("web-error-title-{status}")),
        _ => i18n.tr("web-error-title-other"),
    }
}

/// An error page: a title for the status, the server's sentence (already translated, such as "O filtro
/// «de» não é uma data (aaaa-mm-dd)."), the status code in small print and a link back.
pub fn error_page(lang: Lang, status: u16, message: &str, back_href: &str, lang_links: &LangLinks) -> String {
    let i18n = I18n::new(lang);
    let title = error_title(status, &i18n);
    let main = html! {
        h1 { (title) }
        @if !message.is_empty() {
            p class="problem" { (message) }
        }
        p class="note" { (i18n.tr_args("web-error-code", &[("status", status.to_string())])) }
        p { a href=(back_href) { (i18n.tr("web-error-back")) } }
    };
    page(
        Frame {
            i18n: &i18n,
            title: &title,
            kind: Kind::Dashboard,
            links: lang_links,
            header_tools: html! {},
            nav: None,
        },
        main,
    )
}
