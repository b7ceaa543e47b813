//! The dashboard's handlers: sign in and out, and the overview, spot and service pages, each with
//! its filters and a CSV download of each of its tables.
//!
//! A page's CSV is the page's own table: `?csv=<table id>` on the page's address, with the same
//! filters, returns that table as a file instead of the page, built by the same code from the same
//! query, so the file and the page cannot disagree. Filters are checked before anything is read: a
//! date that is not `yyyy-mm-dd`, a range backwards or longer than [`MAX_DAYS`], an entity, service or
//! spot that does not exist, or an unknown parameter, is a `400` page that names the filter; a spot of
//! another host entity is a `403` page. Without a session every page sends the browser to the login
//! (`303`).

use crate::api::{AppState, now_ms};
use crate::web::pages::{self, Page, PageKind};
use crate::web::queries::Filters;
use crate::web::session::{self, LOGIN_COOKIE, LoginRefusal, Session};
use crate::web::{WebError, address_key, cookie, first, html, lang_of, pairs, peer};
use axum::body::to_bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use balcao_core::text::Lang;
use balcao_web::{LangLinks, Login, LoginError, lang_param};
use std::time::Instant;

/// The longest date range a page accepts, in days (three years).
pub const MAX_DAYS: i64 = 3 * 366;

/// The default range: the last 30 days.
pub const DEFAULT_DAYS: i64 = 30;

const LOGIN_PATH: &str = "/painel/entrar";
const FORM_LIMIT: usize = 8 * 1024;

/// The parameters a dashboard page accepts.
const PARAMETERS: &[&str] = &["from", "to", "entity", "spot", "service", "lang", "csv"];

fn redirect(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn set_cookie(response: &mut Response, value: String) {
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

fn session_cookie(name: &str, value: &str, max_age: Option<i64>) -> String {
    let age = max_age.map(|s| format!("; Max-Age={s}")).unwrap_or_default();
    format!("{name}={value}; Path=/; Secure; HttpOnly; SameSite=Strict{age}")
}

/// `GET /painel/entrar`.
pub async fn login_form(request: Request) -> Response {
    let query = pairs(request.uri().query().unwrap_or("").as_bytes());
    let lang = lang_of(first(&query, "lang"));
    login_page(lang, StatusCode::OK, None, String::new())
}

fn login_page(lang: Lang, status: StatusCode, error: Option<LoginError>, login_value: String) -> Response {
    let token = match crate::secret::new_token() {
        Ok(token) => token,
        Err(e) => return WebError::from_api(e.into(), lang, LOGIN_PATH).into_response(),
    };
    let body = balcao_web::login_page(&Login {
        lang,
        action: LOGIN_PATH.to_owned(),
        csrf_token: token.clone(),
        error,
        login_value,
        lang_links: LangLinks::new(LOGIN_PATH),
    });
    let mut response = html(status, body);
    set_cookie(&mut response, session_cookie(LOGIN_COOKIE, &token, Some(3600)));
    response
}

/// `POST /painel/entrar`: `login`, `password`, `csrf`, `lang`.
pub async fn login(State(state): State<AppState>, request: Request) -> Response {
    let key = address_key(peer(&request));
    let sent_cookie = cookie(request.headers(), LOGIN_COOKIE).map(str::to_owned);
    let Ok(body) = to_bytes(request.into_body(), FORM_LIMIT).await else {
        return WebError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            Lang::Pt,
            "dash-error-form-too-large",
            &[],
            LOGIN_PATH,
        )
        .into_response();
    };
    let fields = pairs(&body);
    let lang = lang_of(first(&fields, "lang"));
    let login_value = first(&fields, "login").unwrap_or("").trim().to_owned();
    let csrf_ok = match (sent_cookie.as_deref(), first(&fields, "csrf")) {
        (Some(a), Some(b)) => session::constant_time_eq(a.as_bytes(), b.as_bytes()),
        _ => false,
    };
    if !csrf_ok {
        return login_page(
            lang,
            StatusCode::FORBIDDEN,
            Some(LoginError::Expired),
            login_value,
        );
    }
    if state.addresses().peek(&key, Instant::now()).is_err() {
        return login_page(
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            Some(LoginError::TooManyAttempts),
            login_value,
        );
    }
    let password = first(&fields, "password").unwrap_or("");
    match session::login(state.pool(), &login_value, password, now_ms()).await {
        Ok(Ok(token)) => {
            let mut response = redirect(&format!("/painel?lang={}", lang_param(lang)));
            set_cookie(&mut response, session_cookie(session::COOKIE, &token, None));
            set_cookie(&mut response, session_cookie(LOGIN_COOKIE, "", Some(0)));
            response
        }
        Ok(Err(refusal)) => {
            // A failed login takes from the address's budget like any failed authentication.
            let _ = state.addresses().check(&key, Instant::now());
            let (status, error) = match refusal {
                LoginRefusal::Wrong => (StatusCode::UNAUTHORIZED, LoginError::Invalid),
                LoginRefusal::Wait(_) => (StatusCode::TOO_MANY_REQUESTS, LoginError::TooManyAttempts),
                LoginRefusal::Locked => (StatusCode::FORBIDDEN, LoginError::Disabled),
            };
            login_page(lang, status, Some(error), login_value)
        }
        Err(e) => WebError::from_api(e, lang, LOGIN_PATH).into_response(),
    }
}

/// `POST /painel/sair`: `csrf`.
pub async fn logout(State(state): State<AppState>, request: Request) -> Response {
    let token = cookie(request.headers(), session::COOKIE).map(str::to_owned);
    let Ok(body) = to_bytes(request.into_body(), FORM_LIMIT).await else {
        return redirect(LOGIN_PATH);
    };
    let fields = pairs(&body);
    let lang = lang_of(first(&fields, "lang"));
    let now = now_ms();
    let Some(token) = token else {
        return redirect(LOGIN_PATH);
    };
    let found = match session::find(state.pool(), &token, now, idle_ms(&state)).await {
        Ok(found) => found,
        Err(e) => return WebError::from_api(e, lang, "/painel").into_response(),
    };
    let Some(found) = found else {
        return redirect(LOGIN_PATH);
    };
    if !found.csrf_ok(first(&fields, "csrf").unwrap_or("")) {
        return WebError::new(StatusCode::FORBIDDEN, lang, "dash-error-csrf", &[], "/painel").into_response();
    }
    if let Err(e) = session::end(state.pool(), &token, now).await {
        return WebError::from_api(e, lang, "/painel").into_response();
    }
    let mut response = redirect(&format!("{LOGIN_PATH}?lang={}", lang_param(lang)));
    set_cookie(&mut response, session_cookie(session::COOKIE, "", Some(0)));
    response
}

fn idle_ms(state: &AppState) -> i64 {
    i64::try_from(state.options().web_idle.as_millis()).unwrap_or(i64::MAX)
}

/// `GET /painel`.
pub async fn overview(State(state): State<AppState>, request: Request) -> Response {
    page(state, request, PageKind::Overview).await
}

/// `GET /painel/espacos/{spot}`.
pub async fn spot(State(state): State<AppState>, Path(spot): Path<String>, request: Request) -> Response {
    page(state, request, PageKind::Spot(spot)).await
}

/// `GET /painel/servicos/{service}`.
pub async fn service(
    State(state): State<AppState>,
    Path(service): Path<String>,
    request: Request,
) -> Response {
    page(state, request, PageKind::Service(service)).await
}

async fn page(state: AppState, request: Request, kind: PageKind) -> Response {
    let query = pairs(request.uri().query().unwrap_or("").as_bytes());
    let lang = lang_of(first(&query, "lang"));
    let path = request.uri().path().to_owned();
    let now = now_ms();
    let Some(token) = cookie(request.headers(), session::COOKIE) else {
        return redirect(&format!("{LOGIN_PATH}?lang={}", lang_param(lang)));
    };
    let found = match session::find(state.pool(), token, now, idle_ms(&state)).await {
        Ok(found) => found,
        Err(e) => return WebError::from_api(e, lang, &path).into_response(),
    };
    let Some(session) = found else {
        return redirect(&format!("{LOGIN_PATH}?lang={}", lang_param(lang)));
    };
    match build(&state, &session, &kind, &query, lang, &path, now).await {
        Ok(Page::Html(body)) => html(StatusCode::OK, body),
        Ok(Page::Csv { name, bytes }) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

async fn build(
    state: &AppState,
    session: &Session,
    kind: &PageKind,
    query: &[(String, String)],
    lang: Lang,
    path: &str,
    now: i64,
) -> Result<Page, WebError> {
    let bad =
        |id: &str, args: &[(&str, String)]| WebError::new(StatusCode::BAD_REQUEST, lang, id, args, path);
    if let Some((name, _)) = query.iter().find(|(k, _)| !PARAMETERS.contains(&k.as_str())) {
        return Err(bad("dash-error-unknown-filter", &[("name", name.clone())]));
    }
    let today = today(now);
    let text = |name: &str| first(query, name).map(str::trim).filter(|v| !v.is_empty());
    let to = text("to")
        .map_or(Ok(today.clone()), |v| checked_date(v).ok_or(v))
        .map_err(|v| {
            bad(
                "dash-error-date",
                &[("name", "to".to_owned()), ("value", v.to_owned())],
            )
        })?;
    let default_from = civil_date(days_of(&to).unwrap_or(0) - (DEFAULT_DAYS - 1));
    let from = text("from")
        .map_or(Ok(default_from), |v| checked_date(v).ok_or(v))
        .map_err(|v| {
            bad(
                "dash-error-date",
                &[("name", "from".to_owned()), ("value", v.to_owned())],
            )
        })?;
    let span = days_of(&to).unwrap_or(0) - days_of(&from).unwrap_or(0);
    if span < 0 {
        return Err(bad("dash-error-range-backwards", &[]));
    }
    if span >= MAX_DAYS {
        return Err(bad(
            "dash-error-range-too-long",
            &[("days", MAX_DAYS.to_string())],
        ));
    }
    let filters = Filters {
        from,
        to,
        entity: text("entity").map(str::to_owned),
        spot: text("spot").map(str::to_owned),
        service: text("service").map(str::to_owned),
    };
    pages::build(state, session, kind, filters, text("csv"), lang, path).await
}

/// The first day of the calendar the dashboard counts days from.
const EPOCH: jiff::civil::Date = jiff::civil::date(1970, 1, 1);

/// The date `days` after 1970-01-01, as `yyyy-mm-dd` (clamped to the calendar's ends, which no range
/// of [`days_of`] dates reaches).
pub fn civil_date(days: i64) -> String {
    let date = i32::try_from(days)
        .ok()
        .and_then(|days| EPOCH.checked_add(jiff::Span::new().try_days(days).ok()?).ok())
        .unwrap_or(if days < 0 {
            jiff::civil::Date::MIN
        } else {
            jiff::civil::Date::MAX
        });
    date.to_string()
}

/// The days since 1970-01-01 of a date written `yyyy-mm-dd` that exists, from 2000 on; else `None`.
pub fn days_of(date: &str) -> Option<i64> {
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return None;
    }
    let date = jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()?;
    if date.year() < 2000 {
        return None;
    }
    Some(i64::from(EPOCH.until(date).ok()?.get_days()))
}

/// Today on the mainland's clock (Madeira's is the same; the Azores' is an hour behind, so their
/// today is never later): the last day a coordinator's "last 30 days" must include. A day cut at UTC
/// midnight would leave out the mainland's first hour of each summer day.
fn today(now: i64) -> String {
    balcao_core::time::SpotZone::lisbon()
        .local(balcao_core::attendance::UtcMillis(now))
        .day_key()
}

fn checked_date(text: &str) -> Option<String> {
    days_of(text).map(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use balcao_core::time::DAY_MS;

    #[test]
    fn dates_round_trip_and_impossible_ones_are_refused() {
        for days in [10_957, 20_454, 20_513, 21_000, 30_000] {
            let date = civil_date(days);
            assert_eq!(days_of(&date), Some(days), "{date}");
        }
        assert_eq!(civil_date(20_454), "2026-01-01");
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026-01-01x",
            "2026-00-10",
            "1999-12-31",
            "",
        ] {
            assert_eq!(days_of(bad), None, "{bad}");
        }
        assert!(days_of("2028-02-29").is_some());
    }

    #[test]
    fn today_is_the_mainland_s_day() {
        // 2026-07-14 23:30 UTC is already the 15th in Lisbon (UTC+1 in summer).
        let summer_night = 1_784_071_800_000;
        assert_eq!(civil_date(summer_night / DAY_MS), "2026-07-14");
        assert_eq!(today(summer_night), "2026-07-15");
        // 2026-01-14 23:30 UTC is still the 14th in Lisbon (UTC+0 in winter).
        assert_eq!(today(1_768_433_400_000), "2026-01-14");
    }
}
