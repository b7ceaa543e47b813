//! The central server's web side: the citizen's survey, the coordinators' dashboard, their charts and
//! CSV downloads, as pure functions from view models to text.
//!
//! **Why server-rendered, with no JavaScript.** The survey is answered on whatever phone a citizen has,
//! often old, often on a weak mobile signal; the dashboard runs on the agency's intranet, where nothing
//! may be fetched from outside. Plain HTML forms work everywhere, are fast, and leave nothing to break.
//! The server sends a strict Content-Security-Policy (`default-src 'none'; style-src 'self'; …`), so
//! the pages have no script, no inline `style` and no `<style>`: all presentation is one stylesheet,
//! [`STYLESHEET`], which the server serves at [`STYLESHEET_HREF`].
//!
//! **Why pure functions.** The server (`balcao-central`) queries PostgreSQL and fills plain structs
//! ([`SurveyForm`], [`DashboardPage`], [`Table`], [`Chart`]); this crate turns them into HTML, SVG and
//! CSV. No I/O, no database, no HTTP and no async here, so every page is tested as a string, quickly,
//! without a server. Templates are `maud` macros: checked when compiling, and every value inserted is
//! HTML-escaped, so a comment saying `<script>` is shown, never run.
//!
//! **Why accessibility is tested, not promised.** Public services in Portugal must meet WCAG 2.2 AA
//! (Decreto-Lei 83/2018). Every page shares one frame ([`layout`]): `lang`, a skip link, landmarks,
//! visible focus, 44-pixel targets, no fixed widths. [`a11y::check`] parses each rendered page and
//! checks labels, fieldsets, headings, tables, SVG names and the CSP rules; the tests run it on every
//! page in both languages, and compute the stylesheet's contrast ratios ([`theme`]).
//!
//! **Why charts come with tables, and CSV from the same table.** A chart is drawn on the server as SVG
//! ([`chart`]) with a title and role, but a picture is never the only copy of the numbers: each chart is
//! followed by its [`Table`], and the CSV download is written from that same [`Table`]
//! ([`table_csv`]), so the file always equals the page.
//!
//! Every sentence comes from the translation layer (`balcao-i18n`, ids `web-*`), in European
//! Portuguese and English; numbers follow the reader's language ([`format`]).

pub mod a11y;
pub mod chart;
pub mod dashboard;
pub mod format;
pub mod layout;
pub mod survey;
pub mod table;
pub mod theme;

pub use chart::{Chart, chart_figure, chart_svg};
pub use dashboard::{
    DashboardPage, FilterForm, Login, LoginError, NavLink, OVERVIEW_HREF, Scope, Section, UserBadge,
    dashboard_page, error_page, login_page,
};
pub use layout::{LangLinks, lang_param};
pub use survey::{
    SurveyForm, problem_message, survey_already_answered, survey_expired, survey_form, survey_invalid,
    survey_thanks, survey_too_many,
};
pub use table::{Cell, Column, Table, table_csv, table_html};
pub use theme::{STYLESHEET, STYLESHEET_HREF};
