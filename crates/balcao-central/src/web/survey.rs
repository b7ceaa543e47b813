//! `GET` and `POST /q/{ticket}`: the survey page a citizen's phone opens from the QR.
//!
//! No cookie, no JavaScript, no account: the ticket in the address is the whole context. Each answer
//! is a plain form post; a refused answer comes back as the same form with the values kept and each
//! problem named at the top and at its field (`422`). The statuses say what happened to machines as
//! well as the page does to people: `404` for a ticket that is not one (mistyped, forged), `410` for
//! an expired one, `409` for one already answered, `429` when an address asks too often.

use crate::api::{AppState, now_ms};
use crate::survey::{TicketState, store, ticket_state};
use crate::web::{WebError, address_key, first, html, lang_of, pairs, peer};
use axum::body::to_bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use balcao_core::text::Lang;
use balcao_survey::Problem;
use balcao_survey::answer::{self, COMMENT_MAX_CHARS, Values};
use balcao_web::{LangLinks, SurveyForm};
use std::time::Instant;

/// The largest survey form body read: the comment's limit in the longest UTF-8, percent-encoded, and
/// room for the rest.
const FORM_LIMIT: usize = 16 * 1024;

fn address(ticket: &str) -> String {
    format!("/q/{ticket}")
}

/// Takes one page from the address's budget; the "too many" page when it is empty.
fn budget(state: &AppState, request: &Request, lang: Lang, ticket: &str) -> Option<Response> {
    let key = address_key(peer(request));
    let retry_after = state.survey_addresses().check(&key, Instant::now()).err()?;
    let body = balcao_web::survey_too_many(lang, &LangLinks::new(address(ticket)));
    let mut response = html(StatusCode::TOO_MANY_REQUESTS, body);
    if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    Some(response)
}

/// The page for a ticket that cannot be answered, or `None` when it can.
fn closed(state: &TicketState, lang: Lang, links: &LangLinks) -> Option<Response> {
    match state {
        TicketState::Open { .. } => None,
        TicketState::Answered => Some(html(
            StatusCode::CONFLICT,
            balcao_web::survey_already_answered(lang, links),
        )),
        TicketState::Expired => Some(html(StatusCode::GONE, balcao_web::survey_expired(lang, links))),
        TicketState::Invalid => Some(html(
            StatusCode::NOT_FOUND,
            balcao_web::survey_invalid(lang, links),
        )),
    }
}

/// `GET /q/{ticket}`: the form, or why it cannot be answered.
pub async fn show(State(state): State<AppState>, Path(ticket): Path<String>, request: Request) -> Response {
    let query = pairs(request.uri().query().unwrap_or("").as_bytes());
    let lang = lang_of(first(&query, "lang"));
    if let Some(response) = budget(&state, &request, lang, &ticket) {
        return response;
    }
    let links = LangLinks::new(address(&ticket));
    let found = match ticket_state(state.pool(), &ticket, now_ms(), state.options().survey_days).await {
        Ok(found) => found,
        Err(e) => return WebError::from_api(e, lang, &address(&ticket)).into_response(),
    };
    if let Some(response) = closed(&found, lang, &links) {
        return response;
    }
    html(StatusCode::OK, form(lang, &ticket, Values::default(), Vec::new()))
}

/// `POST /q/{ticket}`: keeps the answer, or shows the form again with what to fix.
pub async fn answer(State(state): State<AppState>, Path(ticket): Path<String>, request: Request) -> Response {
    let query = pairs(request.uri().query().unwrap_or("").as_bytes());
    let query_lang = lang_of(first(&query, "lang"));
    if let Some(response) = budget(&state, &request, query_lang, &ticket) {
        return response;
    }
    let body = match to_bytes(request.into_body(), FORM_LIMIT).await {
        Ok(body) => body,
        Err(_) => {
            return WebError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                query_lang,
                "dash-error-form-too-large",
                &[],
                &address(&ticket),
            )
            .into_response();
        }
    };
    let fields = pairs(&body);
    let lang = first(&fields, "lang").map_or(query_lang, |l| lang_of(Some(l)));
    let links = LangLinks::new(address(&ticket));
    let now = now_ms();
    let found = match ticket_state(state.pool(), &ticket, now, state.options().survey_days).await {
        Ok(found) => found,
        Err(e) => return WebError::from_api(e, lang, &address(&ticket)).into_response(),
    };
    if let Some(response) = closed(&found, lang, &links) {
        return response;
    }
    let TicketState::Open { ticket: open } = found else {
        return html(StatusCode::NOT_FOUND, balcao_web::survey_invalid(lang, &links));
    };
    let values = answer::values(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match answer::parse(&values) {
        Err(problems) => html(
            StatusCode::UNPROCESSABLE_ENTITY,
            form(lang, &ticket, values, problems),
        ),
        Ok(answer) => match store(state.pool(), &open, &answer, now).await {
            Ok(true) => {
                tracing::info!(device = %open.device, "survey answered");
                html(StatusCode::OK, balcao_web::survey_thanks(lang, &links))
            }
            Ok(false) => html(
                StatusCode::CONFLICT,
                balcao_web::survey_already_answered(lang, &links),
            ),
            Err(e) => WebError::from_api(e, lang, &address(&ticket)).into_response(),
        },
    }
}

fn form(lang: Lang, ticket: &str, values: Values, errors: Vec<Problem>) -> String {
    balcao_web::survey_form(&SurveyForm {
        lang,
        action: address(ticket),
        values,
        errors,
        comment_max_chars: COMMENT_MAX_CHARS,
        lang_links: LangLinks::new(address(ticket)),
    })
}
