//! EC-FI in the app: the cash session, payments, receipts, cancellations and the closing, as commands.
//!
//! The rules live in `balcao-core::cash` and the records in `balcao-store` (gapless numbers, final
//! records); this module turns what the mediator typed into those calls, keeps the state's view of the
//! session up to date, and writes the documents: each payment's receipt (printed at once; a reprint is
//! marked as a copy), each cancellation's document, and the numbered closing report. Documents are PDF
//! files under the documents folder, named by their number, then sent to the system's printer.
//!
//! What was typed stays in the mediator's drafts (view state) until the store accepts it; a refusal is
//! said in the banner and changes nothing.

pub use crate::cash_state::CashState;
use crate::env::Env;
use crate::state::AppState;
use balcao_core::attendance::UtcMillis;
use balcao_core::cash::{MethodKind, PaymentMethod, PerMethod};
use balcao_core::money::Money;
use balcao_i18n::I18n;
use balcao_pdf::{
    CancellationRow, ClosingDoc, EntityTotal, Header, Method, MethodLine, PaymentRow, ReceiptDoc,
};
use balcao_store::{Cancellation, ClosingRecord, NewPayment, Payment, PaymentEntry, StoreError};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The mediator's payment being composed for the selected line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentDraft {
    /// The fee variant's slug (empty: the service's first).
    pub variant: String,
    /// How it is paid.
    pub method: Option<MethodKind>,
    /// Cash handed over, as typed.
    pub tendered: String,
    /// The terminal's or MB WAY's reference.
    pub reference: String,
    /// The exemption's legal reason.
    pub reason: String,
}

/// The closing being composed: what was counted per method, and the reason for a difference.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClosingDraft {
    /// Cash in the drawer, as typed.
    pub cash: String,
    /// The card terminal's day total.
    pub card: String,
    /// The MB WAY total.
    pub mb_way: String,
    /// Why the count differs.
    pub reason: String,
}

type Applied = Result<(), String>;

fn amount(i18n: &I18n, text: &str) -> Result<Money, String> {
    Money::parse(text).ok_or_else(|| i18n.tr_args("app-cash-not-an-amount", &[("text", text.to_string())]))
}

/// Reloads the session, its payments and what it should hold.
pub fn refresh(state: &mut AppState, env: &mut Env<'_>) {
    let result = (|| -> Result<(), StoreError> {
        let session = env
            .store
            .open_session(&state.config.spot_code, &state.config.counter)?;
        state.cash.entries = match &session {
            Some(s) => env.store.session_payments(&s.id)?,
            None => Vec::new(),
        };
        state.cash.expected = match &session {
            Some(s) => env.store.session_expected(&s.id)?,
            None => PerMethod::default(),
        };
        state.cash.session = session;
        state.cash.stale = state.cash.stale(&state.config.time_zone, env.now);
        Ok(())
    })();
    if let Err(e) = result {
        state.banner = Some(crate::state::Banner {
            error: true,
            text: env.i18n.localize(&e),
        });
    }
}

/// Opens the counter's session with the float typed.
pub fn open(state: &mut AppState, env: &mut Env<'_>, float: &str) -> Applied {
    let float = amount(env.i18n, float)?;
    let origin = state.origin();
    let session = env
        .store
        .begin_session(origin, float, env.now)
        .map_err(|e| env.i18n.localize(&e))?;
    tracing::info!(session = %session.id, float = float.cents(), "cash session opened");
    refresh(state, env);
    Ok(())
}

/// Records the selected line's payment, then prints its receipt.
pub fn pay(state: &mut AppState, env: &mut Env<'_>, line: usize, draft: &PaymentDraft) -> Applied {
    let i18n = env.i18n;
    if state.cash.stale(&state.config.time_zone, env.now) {
        return Err(i18n.tr("app-cash-stale"));
    }
    let Some(session) = state.cash.session.clone() else {
        return Err(i18n.localize(&StoreError::NoSession));
    };
    let Some(a) = &state.attendance else { return Ok(()) };
    let Some(l) = a.lines.get(line) else { return Ok(()) };
    let Some(service) = state.catalogue.service(&l.service_id) else {
        return Ok(());
    };
    let fee = service
        .fees
        .iter()
        .find(|f| f.variant == draft.variant)
        .or(service.fees.first())
        .ok_or_else(|| i18n.tr("app-cash-free-service"))?;
    let method = match draft.method {
        None => return Err(i18n.tr("app-cash-choose-method")),
        Some(MethodKind::Cash) => PaymentMethod::Cash {
            tendered: if draft.tendered.trim().is_empty() {
                fee.amount
            } else {
                amount(i18n, &draft.tendered)?
            },
        },
        Some(MethodKind::Card) => PaymentMethod::Card {
            terminal_ref: draft.reference.trim().to_string(),
        },
        Some(MethodKind::MbWay) => PaymentMethod::MbWay {
            reference: draft.reference.trim().to_string(),
        },
        Some(MethodKind::Exempt) => PaymentMethod::Exempt {
            reason: draft.reason.trim().to_string(),
        },
    };
    let new = NewPayment {
        attendance_id: a.id.clone(),
        line,
        service_id: service.id.clone(),
        entity_id: service.entity.clone(),
        variant: fee.variant.clone(),
        fee: fee.amount,
        method,
    };
    let payment = env
        .store
        .record_payment(&session.id, new, env.now)
        .map_err(|e| i18n.localize(&e))?;
    tracing::info!(
        attendance = %payment.attendance_id,
        receipt = %payment.receipt_number,
        method = payment.method.kind().slug(),
        amount = payment.collected.cents(),
        "payment recorded"
    );
    refresh(state, env);
    print_receipt(state, env, &payment, None, false)
}

/// Cancels a payment with a reason, then prints the cancelling document.
pub fn cancel(state: &mut AppState, env: &mut Env<'_>, payment_id: &str, reason: &str) -> Applied {
    let cancellation = env
        .store
        .cancel_payment(payment_id, reason, env.now)
        .map_err(|e| env.i18n.localize(&e))?;
    tracing::info!(receipt = %cancellation.receipt_number, "payment cancelled");
    refresh(state, env);
    let payment = state
        .cash
        .entries
        .iter()
        .find(|e| e.payment.id == payment_id)
        .map(|e| e.payment.clone());
    match payment {
        Some(p) => print_receipt(state, env, &p, Some(&cancellation), false),
        None => Ok(()),
    }
}

/// Prints a receipt again, marked as a copy.
pub fn reprint(state: &mut AppState, env: &mut Env<'_>, payment_id: &str) -> Applied {
    let Some(entry) = state
        .cash
        .entries
        .iter()
        .find(|e| e.payment.id == payment_id)
        .cloned()
    else {
        return Ok(());
    };
    tracing::info!(receipt = %entry.payment.receipt_number, "receipt reprinted as a copy");
    print_receipt(state, env, &entry.payment, None, true)
}

/// Closes the session with the counted amounts and the reason, then writes and prints the report.
pub fn close(state: &mut AppState, env: &mut Env<'_>, draft: &ClosingDraft) -> Applied {
    let i18n = env.i18n;
    let Some(session) = state.cash.session.clone() else {
        return Err(i18n.localize(&StoreError::NoSession));
    };
    let mut counted = PerMethod::default();
    for (method, text) in [
        (MethodKind::Cash, &draft.cash),
        (MethodKind::Card, &draft.card),
        (MethodKind::MbWay, &draft.mb_way),
    ] {
        counted.set(method, amount(i18n, text)?);
    }
    let threshold = Money::from_cents(i64::from(state.config.cash_difference_limit_cents));
    let reason = Some(draft.reason.as_str()).filter(|r| !r.trim().is_empty());
    // Closing with a difference is a supervisor's decision (`balcao_accounts::Role::may`).
    let expected = env
        .store
        .session_expected(&session.id)
        .map_err(|e| i18n.localize(&e))?;
    if expected != counted
        && !state
            .session
            .may(balcao_accounts::Permission::CloseWithDifference)
    {
        return Err(i18n.tr("login-difference-supervisor"));
    }
    let entries = state.cash.entries.clone();
    let record = env
        .store
        .close_session(&session.id, counted, threshold, reason, env.now)
        .map_err(|e| i18n.localize(&e))?;
    tracing::info!(
        closing = %record.number,
        difference = record.difference.total().map(|m| m.cents()).unwrap_or(0),
        "cash session closed"
    );
    let mut doc = closing_doc(state, i18n, &record, &entries);
    // Who opened the till, by name, when accounts are in use (the session records the account id).
    if let Some(opener) = env
        .store
        .accounts()
        .unwrap_or_default()
        .into_iter()
        .find(|a| a.id == record.session.origin.mediator)
    {
        doc.opened_at = i18n.tr_args(
            "app-cash-opened-by",
            &[("when", doc.opened_at.clone()), ("name", opener.name)],
        );
    }
    let bytes = balcao_pdf::closing_pdf(&doc, i18n);
    let path = save_and_print(env, &mut state.print_failed, &record.number, &bytes)?;
    state.cash.printed.push(path.clone());
    state.cash.last_closing = Some((record, path));
    refresh(state, env);
    Ok(())
}

pub(crate) fn header(state: &AppState) -> Header {
    Header {
        spot_code: state.config.spot_code.clone(),
        spot_name: state.config.spot_name.clone(),
        host_entity: state.config.host_entity.clone(),
        counter: state.config.counter.clone(),
        // Who signs: the person logged in (the configured name only in demo mode, without accounts).
        mediator: state
            .session
            .account()
            .map_or_else(|| state.config.mediator.clone(), |a| a.name.clone()),
    }
}

fn entity_name(state: &AppState, id: &str) -> String {
    state
        .catalogue
        .entity(id)
        .map(|e| e.name.get(state.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn service_name(state: &AppState, id: &str) -> String {
    state
        .catalogue
        .service(id)
        .map(|s| s.name.get(state.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn time_of(state: &AppState, at: UtcMillis) -> String {
    state.config.time_zone.local(at).time_text()
}

/// The receipt (or the cancelling document) of a payment.
pub fn receipt_doc(
    state: &AppState,
    payment: &Payment,
    cancels: Option<&Cancellation>,
    copy: bool,
) -> ReceiptDoc {
    let service = state.catalogue.service(&payment.service_id);
    let variant = service
        .and_then(|s| s.fees.iter().find(|f| f.variant == payment.variant))
        .filter(|_| service.is_some_and(|s| s.fees.len() > 1))
        .map(|f| f.label.get(state.lang).to_string());
    let method = match &payment.method {
        PaymentMethod::Cash { tendered } => Method::Cash {
            tendered: *tendered,
            change: payment.change,
        },
        PaymentMethod::Card { terminal_ref } => Method::Card {
            terminal_ref: terminal_ref.clone(),
        },
        PaymentMethod::MbWay { reference } => Method::MbWay {
            reference: reference.clone(),
        },
        PaymentMethod::Exempt { reason } => Method::Exempt {
            reason: reason.clone(),
        },
    };
    ReceiptDoc {
        header: header(state),
        number: cancels.map_or_else(|| payment.receipt_number.clone(), |c| c.receipt_number.clone()),
        copy,
        issued_at: state
            .config
            .time_zone
            .date_time_text(cancels.map_or(payment.created_at, |c| c.created_at)),
        entity: entity_name(state, &payment.entity_id),
        service: service_name(state, &payment.service_id),
        variant,
        amount: payment.collected,
        method,
        attendance_id: payment.attendance_id.clone(),
        cancels: cancels.map(|c| (payment.receipt_number.clone(), c.reason.clone())),
        training: state.training,
    }
}

/// The closing report of a session, from its record and its payments.
pub fn closing_doc(
    state: &AppState,
    _i18n: &I18n,
    record: &ClosingRecord,
    entries: &[PaymentEntry],
) -> ClosingDoc {
    let mut per_entity: BTreeMap<String, (u32, i64)> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.cancellation.is_none()) {
        let slot = per_entity
            .entry(entity_name(state, &e.payment.entity_id))
            .or_default();
        slot.0 += 1;
        slot.1 = slot.1.saturating_add(e.payment.collected.cents());
    }
    ClosingDoc {
        header: header(state),
        number: record.number.clone(),
        opened_at: state.config.time_zone.date_time_text(record.session.opened_at),
        closed_at: state
            .config
            .time_zone
            .date_time_text(record.session.closed_at.unwrap_or(record.session.opened_at)),
        opening_float: record.session.opening_float,
        methods: MethodKind::ALL
            .into_iter()
            .map(|m| MethodLine {
                method: m,
                expected: record.expected.get(m),
                counted: record.counted.get(m),
            })
            .collect(),
        reason: record.reason.clone(),
        entities: per_entity
            .into_iter()
            .map(|(entity, (payments, cents))| EntityTotal {
                entity,
                payments,
                total: Money::from_cents(cents),
            })
            .collect(),
        payments: entries
            .iter()
            .map(|e| PaymentRow {
                number: e.payment.receipt_number.clone(),
                time: time_of(state, e.payment.created_at),
                entity: entity_name(state, &e.payment.entity_id),
                service: service_name(state, &e.payment.service_id),
                method: e.payment.method.kind(),
                amount: e.payment.collected,
                cancelled: e.cancellation.is_some(),
            })
            .collect(),
        cancellations: entries
            .iter()
            .filter_map(|e| {
                let c = e.cancellation.as_ref()?;
                Some(CancellationRow {
                    number: c.receipt_number.clone(),
                    time: time_of(state, c.created_at),
                    cancels: e.payment.receipt_number.clone(),
                    reason: c.reason.clone(),
                    amount: e.payment.collected,
                })
            })
            .collect(),
    }
}

fn print_receipt(
    state: &mut AppState,
    env: &mut Env<'_>,
    payment: &Payment,
    cancels: Option<&Cancellation>,
    copy: bool,
) -> Applied {
    let doc = receipt_doc(state, payment, cancels, copy);
    // On the paper the spot's receipt printer takes (`receipt_paper`).
    let bytes = match state.config.receipt_paper {
        balcao_config::ReceiptPaper::A4 => balcao_pdf::receipt_pdf(&doc, env.i18n),
        balcao_config::ReceiptPaper::Roll80 => balcao_pdf::receipt_roll_pdf(&doc, env.i18n),
    };
    let name = if copy {
        format!("{}-copia", doc.number)
    } else {
        doc.number.clone()
    };
    let path = save_and_print(env, &mut state.print_failed, &name, &bytes)?;
    state.cash.printed.push(path);
    Ok(())
}

/// Writes a document under the documents folder (its number, `/` made `-`, as the file name) and sends
/// it to the printer. The file is kept: the counter's paper trail survives a jammed printer.
/// A document the printer did not take is remembered in `failed`, so the banner offers to send it
/// again or to save a copy elsewhere.
fn save_and_print(
    env: &mut Env<'_>,
    failed: &mut Option<PathBuf>,
    name: &str,
    bytes: &[u8],
) -> Result<PathBuf, String> {
    let file = format!("{}.pdf", name.replace(['/', '\\'], "-"));
    let path = env.documents.join(file);
    let written = std::fs::create_dir_all(env.documents).and_then(|()| std::fs::write(&path, bytes));
    if let Err(e) = written {
        tracing::error!(error = %e, "a document could not be written");
        return Err(env.i18n.tr_args(
            "app-cash-document-not-written",
            &[("path", path.display().to_string()), ("detail", e.to_string())],
        ));
    }
    if let Err(detail) = (env.print)(&path) {
        tracing::warn!("a document could not be sent to the printer");
        *failed = Some(path.clone());
        return Err(env.i18n.tr_args(
            "app-cash-not-printed",
            &[("path", path.display().to_string()), ("detail", detail)],
        ));
    }
    Ok(path)
}

/// "Guardar PDF": copies the document the printer did not take to the exports folder, so the mediator
/// can print it elsewhere or hand it over on a USB stick; the original stays in the documents folder.
pub fn save_pdf(state: &mut AppState, env: &mut Env<'_>) -> Applied {
    let i18n = env.i18n;
    let Some(path) = state.print_failed.clone() else {
        return Ok(());
    };
    let name = path
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    let target = env.exports.join(name);
    std::fs::create_dir_all(env.exports)
        .and_then(|()| std::fs::copy(&path, &target))
        .map_err(|e| {
            tracing::warn!(error = %e, "a document could not be saved for printing elsewhere");
            i18n.tr_args(
                "app-save-pdf-failed",
                &[("path", target.display().to_string()), ("detail", e.to_string())],
            )
        })?;
    tracing::info!("a document the printer did not take was saved for printing elsewhere");
    state.banner = Some(crate::state::Banner {
        error: false,
        text: i18n.tr_args("app-pdf-saved", &[("path", target.display().to_string())]),
    });
    Ok(())
}
