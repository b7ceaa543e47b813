//! The mediator's cash panels: the session (open, its payments, cancel, reprint, close) on the home
//! screen, and the payment of the selected service line on the attendance screen.
//!
//! Like the rest of the workbench, these panels only read the state and push commands; what is typed
//! (the float, the cash handed over, a reference, a reason, the counted amounts) stays in the view's
//! drafts until the store accepts it. Every input has an accessible label, so the kittest flow drives
//! the till the way a screen reader would.

use crate::cash::{ClosingDraft, PaymentDraft};
use crate::command::Command;
use crate::state::AppState;
use crate::theme;
use balcao_accounts::Permission;
use balcao_core::cash::{self, MethodKind};
use balcao_core::money::Money;
use balcao_i18n::I18n;
use egui::{RichText, Ui};

/// The cash panels' drafts.
#[derive(Debug, Default)]
pub struct CashUi {
    /// The opening float, as typed.
    pub float: String,
    /// The payment being composed.
    pub payment: PaymentDraft,
    /// The reason for a cancellation.
    pub cancel_reason: String,
    /// The closing being composed.
    pub closing: ClosingDraft,
}

/// A method's name ("Dinheiro", "Multibanco", …).
pub fn method_label(i18n: &I18n, method: MethodKind) -> String {
    i18n.tr(&format!("app-cash-method-{}", method.slug()))
}

fn labelled_field(ui: &mut Ui, label: &str, value: &mut String) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.text_edit_singleline(value).labelled_by(l.id)
    })
    .inner
}

/// A reason's field: it goes to the agency, so its empty field says to leave personal data out (the
/// core refuses a NIF, phone or e-mail in it, `balcao_core::privacy`).
fn reason_field(ui: &mut Ui, label: &str, value: &mut String, i18n: &I18n) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(egui::TextEdit::singleline(value).hint_text(i18n.tr("app-cash-reason-hint")))
            .labelled_by(l.id)
    })
    .inner
}

/// The session on the home screen: open it, or its payments and the closing.
pub fn session_ui(ui: &mut Ui, state: &AppState, view: &mut CashUi, i18n: &I18n, out: &mut Vec<Command>) {
    ui.label(RichText::new(i18n.tr("app-cash")).size(theme::MEDIATOR_HEADING_SIZE));
    if let Some((record, path)) = &state.cash.last_closing {
        ui.label(
            RichText::new(i18n.tr_args(
                "app-cash-closed",
                &[
                    ("number", record.number.clone()),
                    ("path", path.display().to_string()),
                ],
            ))
            .color(theme::OK),
        );
    }
    let Some(session) = &state.cash.session else {
        labelled_field(ui, &i18n.tr("app-cash-float"), &mut view.float);
        if ui.button(i18n.tr("app-cash-open")).clicked() {
            out.push(Command::OpenCash(view.float.clone()));
        }
        return;
    };
    if state.cash.stale {
        ui.label(
            RichText::new(i18n.tr_args(
                "app-cash-stale-since",
                &[("opened", state.config.time_zone.date_time_text(session.opened_at))],
            ))
            .color(theme::WARN)
            .strong(),
        );
    } else {
        ui.label(i18n.tr_args(
            "app-cash-open-since",
            &[("opened", state.config.time_zone.date_time_text(session.opened_at))],
        ));
    }
    // The session's payments, with their numbers, each cancellable with the reason typed below by
    // whoever may cancel a receipt (a supervisor); a mediator sees no cancel button at all.
    let may_cancel = state.session.may(Permission::CancelReceipt);
    if may_cancel {
        reason_field(
            ui,
            &i18n.tr("app-cash-cancel-reason"),
            &mut view.cancel_reason,
            i18n,
        );
    }
    for e in &state.cash.entries {
        ui.horizontal(|ui| {
            let p = &e.payment;
            let service = state
                .catalogue
                .service(&p.service_id)
                .map(|s| s.name.get(state.lang))
                .unwrap_or("?");
            let mut text = format!(
                "{} · {} · {} · {}",
                p.receipt_number,
                service,
                method_label(i18n, p.method.kind()),
                p.collected
            );
            if let Some(c) = &e.cancellation {
                text.push_str(&format!(
                    " · {}",
                    i18n.tr_args("app-cash-cancelled-by", &[("number", c.receipt_number.clone())])
                ));
            }
            ui.label(text);
            if ui
                .small_button(i18n.tr_args("app-cash-reprint", &[("number", p.receipt_number.clone())]))
                .clicked()
            {
                out.push(Command::ReprintReceipt(p.id.clone()));
            }
            if e.cancellation.is_none()
                && may_cancel
                && ui
                    .small_button(i18n.tr_args("app-cash-cancel", &[("number", p.receipt_number.clone())]))
                    .clicked()
            {
                out.push(Command::CancelPayment(p.id.clone(), view.cancel_reason.clone()));
            }
        });
    }
    ui.add_space(6.0);
    ui.label(RichText::new(i18n.tr("app-cash-closing")).strong());
    let expected = state.cash.expected;
    for (method, slot) in [
        (MethodKind::Cash, &mut view.closing.cash),
        (MethodKind::Card, &mut view.closing.card),
        (MethodKind::MbWay, &mut view.closing.mb_way),
    ] {
        let label = i18n.tr_args(
            "app-cash-counted",
            &[
                ("method", method_label(i18n, method)),
                ("expected", expected.get(method).to_string()),
            ],
        );
        labelled_field(ui, &label, slot);
    }
    // The difference as counted so far, so the mediator sees it before closing.
    let counted: Option<Vec<Money>> = [&view.closing.cash, &view.closing.card, &view.closing.mb_way]
        .iter()
        .map(|t| Money::parse(t))
        .collect();
    let mut differs = false;
    if let Some(counted) = counted {
        // Per method, as the store compares them: a card surplus does not hide a cash shortfall.
        differs = [MethodKind::Cash, MethodKind::Card, MethodKind::MbWay]
            .iter()
            .zip(&counted)
            .any(|(method, counted)| expected.get(*method) != *counted);
        let difference: i64 = counted.iter().map(|m| m.cents()).sum::<i64>()
            - [MethodKind::Cash, MethodKind::Card, MethodKind::MbWay]
                .iter()
                .map(|m| expected.get(*m).cents())
                .sum::<i64>();
        ui.label(i18n.tr_args(
            "app-cash-difference",
            &[("difference", Money::from_cents(difference).to_string())],
        ));
    }
    // Closing with a difference is a supervisor's decision: a mediator is told so before trying,
    // and the button waits for a count that matches (or for a supervisor's login).
    let may_differ = state.session.may(Permission::CloseWithDifference);
    if may_differ {
        reason_field(
            ui,
            &i18n.tr("app-cash-difference-reason"),
            &mut view.closing.reason,
            i18n,
        );
    } else if differs {
        ui.label(
            RichText::new(i18n.tr("login-difference-supervisor"))
                .color(theme::WARN)
                .strong(),
        );
    }
    if ui
        .add_enabled(
            may_differ || !differs,
            egui::Button::new(RichText::new(i18n.tr("app-cash-close")).strong()),
        )
        .clicked()
    {
        out.push(Command::CloseCash(view.closing.clone()));
    }
}

/// The payment of the selected line: the fee variant, the method and its detail, and what was paid.
pub fn payment_ui(
    ui: &mut Ui,
    state: &AppState,
    view: &mut CashUi,
    service: &balcao_core::catalogue::Service,
    i18n: &I18n,
    out: &mut Vec<Command>,
) {
    if service.fees.is_empty() {
        return;
    }
    let Some(a) = &state.attendance else { return };
    ui.label(RichText::new(i18n.tr("app-cash-payment")).strong());
    let mut paid = false;
    for e in state.cash.line_entries(&a.id, state.selected_line) {
        let p = &e.payment;
        let status = match &e.cancellation {
            Some(c) => i18n.tr_args("app-cash-cancelled-by", &[("number", c.receipt_number.clone())]),
            None => {
                paid = true;
                i18n.tr("app-cash-paid")
            }
        };
        ui.label(format!(
            "{} · {} · {} · {status}",
            p.receipt_number,
            method_label(i18n, p.method.kind()),
            p.collected
        ));
    }
    if paid {
        // Settled: the draft is done with.
        view.payment = PaymentDraft::default();
        return;
    }
    if state.cash.session.is_none() {
        ui.label(RichText::new(i18n.tr("store-no-session")).color(theme::WARN));
        return;
    }
    if service.fees.len() > 1 {
        ui.horizontal_wrapped(|ui| {
            for (i, fee) in service.fees.iter().enumerate() {
                let selected =
                    view.payment.variant == fee.variant || (view.payment.variant.is_empty() && i == 0);
                let text = format!("{} ({})", fee.label.get(state.lang), fee.amount);
                if ui.radio(selected, text).clicked() {
                    view.payment.variant = fee.variant.clone();
                }
            }
        });
    }
    let fee = service
        .fees
        .iter()
        .find(|f| f.variant == view.payment.variant)
        .or(service.fees.first())
        .map(|f| f.amount)
        .unwrap_or(Money::ZERO);
    ui.label(i18n.tr_args("app-cash-due", &[("amount", fee.to_string())]));
    ui.horizontal(|ui| {
        for method in MethodKind::ALL {
            if ui
                .radio(view.payment.method == Some(method), method_label(i18n, method))
                .clicked()
            {
                view.payment.method = Some(method);
            }
        }
    });
    match view.payment.method {
        Some(MethodKind::Cash) => {
            labelled_field(ui, &i18n.tr("app-cash-tendered"), &mut view.payment.tendered);
            if let Some(tendered) = Money::parse(&view.payment.tendered)
                && let Ok(change) = cash::change(fee, tendered)
            {
                ui.label(
                    RichText::new(i18n.tr_args("app-cash-change", &[("amount", change.to_string())]))
                        .size(theme::MEDIATOR_HEADING_SIZE),
                );
            }
        }
        Some(MethodKind::Card) => {
            labelled_field(ui, &i18n.tr("app-cash-terminal-ref"), &mut view.payment.reference);
        }
        Some(MethodKind::MbWay) => {
            labelled_field(ui, &i18n.tr("app-cash-mbway-ref"), &mut view.payment.reference);
        }
        Some(MethodKind::Exempt) => {
            reason_field(
                ui,
                &i18n.tr("app-cash-exempt-reason"),
                &mut view.payment.reason,
                i18n,
            );
        }
        None => {}
    }
    if ui.button(i18n.tr("app-cash-record")).clicked() {
        out.push(Command::RecordPayment(state.selected_line, view.payment.clone()));
    }
}
