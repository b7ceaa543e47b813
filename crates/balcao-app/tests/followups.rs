//! Pending follow-ups across a simulated week, with the clock held by the test: the *pendente* form
//! proposes the catalogue's due day and asks how to tell the citizen; the home screen lists what is
//! awaited, overdue in words; the citizen's return closes it; and a due day typed wrong saves nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_app::command::Command;
use balcao_app::config::Config;
use balcao_core::attendance::Outcome;
use balcao_store::Store;
use common::{T0, banner, push, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::atomic::Ordering;

const DAY: i64 = 86_400_000;

fn radio(h: &mut Harness<'_, balcao_app::app::BalcaoApp>, label: &str) {
    h.get_by_role_and_label(Role::RadioButton, label)
        .click_accesskit();
    h.run();
}

fn harness(
    name: &str,
) -> (
    Harness<'static, balcao_app::app::BalcaoApp>,
    std::sync::Arc<std::sync::atomic::AtomicI64>,
    std::path::PathBuf,
) {
    let dir = common::temp_dir(name);
    let db = dir.join("balcao.db");
    let (effects, clock) = common::held_clock_effects(T0, &format!("{name}-docs"));
    let app = common::app(Config::default(), Store::open(&db).unwrap(), effects);
    let mut h = Harness::builder()
        .with_size([1400.0, 2600.0])
        .build_eframe(move |_cc| app);
    h.run();
    (h, clock, db)
}

/// Sets the selected line *pendente* through the form, as a mediator does.
fn pending_through_the_form(
    h: &mut Harness<'_, balcao_app::app::BalcaoApp>,
    awaiting: &str,
    due: Option<&str>,
) {
    radio(h, "Pendente");
    type_into(h, "O que fica pendente?", awaiting);
    if let Some(due) = due {
        type_into(h, "Resultado previsto a", due);
    }
    radio(h, "Telefone");
    h.get_by_label("Registar resultado").click_accesskit();
    h.run();
}

#[test]
fn a_pending_service_is_followed_across_a_week_until_the_citizen_comes_back() {
    let (mut h, clock, db) = harness("followup-week");
    // Monday 23 November 2026: the CC address change, whose confirmation letter takes ten days.
    push(
        &mut h,
        Command::AddService("irn-alterar-morada-cartao-cidadao".into()),
    );
    push(
        &mut h,
        Command::SetField(balcao_app::state::CitizenField::Name, "Maria Alves".into()),
    );
    push(
        &mut h,
        Command::SetField(balcao_app::state::CitizenField::Phone, "912345678".into()),
    );
    push(&mut h, Command::SetConsent(true));
    push(&mut h, Command::SaveCitizen);
    radio(&mut h, "Pendente");
    // The due day is proposed from the catalogue's result time (10 days).
    let proposed = common::field(&h, "Resultado previsto a")
        .value()
        .unwrap_or_default();
    assert_eq!(proposed, "03/12/2026");
    pending_through_the_form(&mut h, "Carta com o código de confirmação da morada", None);
    assert!(
        matches!(
            h.state().state().attendance.as_ref().unwrap().lines[0].outcome,
            Some(Outcome::Pendente { .. })
        ),
        "{}",
        banner(&h)
    );
    push(&mut h, Command::EndAttendance);
    push(&mut h, Command::NextCitizen);

    // The home screen lists it, with the citizen's name and the phone to call.
    assert!(h.query_by_label_contains("Pendentes (1)").is_some());
    assert!(h.query_by_label_contains("Previsto a 03/12/2026").is_some());
    let phone = h.state().state().followups[0]
        .phone
        .clone()
        .expect("the phone to call");
    assert!(
        h.query_by_label_contains(&format!("Avisar: Telefone {phone}"))
            .is_some(),
        "{phone}"
    );
    assert!(h.query_by_label_contains("Aguarda: Carta com o código").is_some());

    // Friday 4 December: a day late, and the list says so.
    clock.store(T0 + 11 * DAY, Ordering::SeqCst);
    push(&mut h, Command::NewDay);
    assert!(h.query_by_label_contains("Pendentes (1, 1 em atraso)").is_some());
    assert!(
        h.query_by_label_contains("Em atraso desde 03/12/2026 (1 dia)")
            .is_some(),
        "the overdue item says since when"
    );

    // The citizen comes back: the new attendance is linked and has the same service.
    h.get_by_label("O cidadão voltou: atender").click_accesskit();
    h.run();
    let back = h.state().state().attendance.clone().expect("a return attendance");
    assert_eq!(back.lines[0].service_id, "irn-alterar-morada-cartao-cidadao");
    assert!(
        banner(&h).contains("Atendimento de regresso iniciado"),
        "{}",
        banner(&h)
    );
    push(&mut h, Command::SetOutcome(0, Outcome::Concluido));
    push(&mut h, Command::EndAttendance);
    push(&mut h, Command::NextCitizen);
    assert!(h.query_by_label_contains("Não há serviços pendentes.").is_some());

    // The records the coordination gets: opened then closed, the return linked, nothing personal.
    let store = Store::open(&db).unwrap();
    let rows = store.outbox_peek(1000).unwrap();
    let followups: Vec<(String, serde_json::Value)> = rows
        .into_iter()
        .filter(|r| r.kind.starts_with("followup."))
        .map(|r| (r.kind, serde_json::from_str(&r.payload).unwrap()))
        .collect();
    assert_eq!(followups.len(), 2, "{followups:?}");
    assert_eq!(followups[0].0, "followup.opened");
    assert_eq!(followups[0].1["due_on"], "2026-12-03");
    assert_eq!(followups[0].1["notify"], "phone");
    assert_eq!(followups[1].0, "followup.closed");
    assert_eq!(followups[1].1["outcome"], "concluido");
    assert_eq!(followups[1].1["linked_attendance_id"], back.id.as_str());
    for (_, payload) in &followups {
        let text = payload.to_string();
        assert!(
            !text.contains("Maria")
                && !text.contains("912345678")
                && !text.contains("912 345 678")
                && !text.contains("Carta"),
            "{text}"
        );
    }
}

#[test]
fn a_due_day_typed_wrong_saves_nothing_and_a_pending_closes_without_a_visit() {
    let (mut h, clock, _db) = harness("followup-close");
    push(&mut h, Command::AddService("adse-enviar-pedido-reembolso".into()));
    pending_through_the_form(&mut h, "Reembolso da ADSE", Some("31/02/2026"));
    assert!(banner(&h).contains("não é uma data"), "{}", banner(&h));
    pending_through_the_form(&mut h, "Reembolso da ADSE", Some("01/11/2026"));
    assert!(banner(&h).contains("já passou"), "{}", banner(&h));
    assert!(
        h.state().state().attendance.as_ref().unwrap().lines[0]
            .outcome
            .is_none(),
        "nothing was saved"
    );
    pending_through_the_form(&mut h, "Reembolso da ADSE", Some("30/11/2026"));
    push(&mut h, Command::EndAttendance);
    push(&mut h, Command::NextCitizen);
    assert!(h.query_by_label_contains("Previsto a 30/11/2026").is_some());

    // Three days later the reimbursement arrived by bank transfer: closed from the list, no visit.
    clock.store(T0 + 3 * DAY, Ordering::SeqCst);
    push(&mut h, Command::NewDay);
    h.get_by_label("Fechar: concluído").click_accesskit();
    h.run();
    assert!(h.query_by_label_contains("Não há serviços pendentes.").is_some());
    assert!(h.state().state().followups.is_empty());
}
