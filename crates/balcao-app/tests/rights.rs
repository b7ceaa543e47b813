//! A citizen asks the spot what it holds about them, and then to erase it: the supervisor finds the
//! attendances by NIF on the workbench, prints the copy (which names the citizen and says where the
//! data is and for how long, and leaves no file behind), and erases them after confirming; an open
//! attendance is left alone, and both acts are in the audit trail.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use balcao_app::app::{BalcaoApp, Effects};
use balcao_app::config::Config;
use balcao_core::attendance::{Citizen, Origin, Outcome, UtcMillis};
use balcao_store::Store;
use balcao_store::rgpd::{ACCESS, ERASURE};
use common::{RecordingBrowser, T0, banner};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::{Arc, Mutex};

fn click(h: &mut Harness<'_, BalcaoApp>, label_contains: &str) {
    h.get_by_label_contains(label_contains).click_accesskit();
    h.run();
}

/// The panel's "Procurar" button (the service search box's label also says "Procurar").
fn find(h: &mut Harness<'_, BalcaoApp>) {
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Procurar")
        .click_accesskit();
    h.run();
}

fn identified(store: &mut Store, nif: &str, at: i64, end: bool) -> String {
    let origin = Origin {
        spot: "EC-DEMO".into(),
        counter: "1".into(),
        mediator: "ana.sousa".into(),
    };
    let a = store.begin_attendance(origin, UtcMillis(at)).unwrap();
    let citizen = Citizen {
        name: Some("Maria Conceição Teste".into()),
        nif: Some(nif.into()),
        ..Citizen::default()
    };
    store
        .set_citizen(&a.id, citizen, Some(UtcMillis(at)), UtcMillis(at))
        .unwrap();
    store
        .add_service(&a.id, "imt-revalidar-carta-conducao", UtcMillis(at + 1_000))
        .unwrap();
    store
        .set_notes(&a.id, "Volta na segunda-feira", UtcMillis(at + 2_000))
        .unwrap();
    if end {
        store
            .set_outcome(&a.id, 0, Outcome::Concluido, UtcMillis(at + 3_000))
            .unwrap();
        store.end_attendance(&a.id, UtcMillis(at + 4_000)).unwrap();
    }
    a.id
}

#[test]
fn a_supervisor_hands_a_citizen_their_data_and_erases_it() {
    let dir = common::temp_dir("rights");
    let mut store = Store::open(&dir.join("balcao.sqlite3")).unwrap();
    let ended = identified(&mut store, "123456789", T0 - 86_400_000, true);
    let other = identified(&mut store, "987654321", T0 - 80_000_000, true);
    let printed = Arc::new(Mutex::new(Vec::<String>::new()));
    let copies = Arc::clone(&printed);
    let documents = common::temp_dir("rights-documents");
    let effects = Effects {
        now: Box::new(|| UtcMillis(T0)),
        browser: Box::new(RecordingBrowser(Arc::new(Mutex::new(Vec::new())))),
        print: Box::new(move |path| {
            copies.lock().unwrap().push(common::pdf_text(path));
            Ok(())
        }),
        documents: documents.clone(),
        exports: common::temp_dir("rights-exports"),
    };
    let app = common::app(Config::default(), store, effects);
    let mut h = Harness::builder()
        .with_size([1500.0, 2600.0])
        .build_eframe(move |_cc| app);
    h.run();

    // A number that is neither a NIF nor a card number is explained.
    common::type_into(&mut h, "NIF ou n.º do Cartão de Cidadão", "12345");
    find(&mut h);
    assert!(banner(&h).contains("9 algarismos"), "{}", banner(&h));

    common::type_into(&mut h, "NIF ou n.º do Cartão de Cidadão", "123 456 789");
    find(&mut h);
    assert!(
        h.query_by_label_contains("NIF 123456789: 1 atendimento com dados pessoais")
            .is_some(),
        "{}",
        banner(&h)
    );

    click(&mut h, "Imprimir cópia para o cidadão");
    let copy = printed.lock().unwrap().pop().expect("the copy was printed");
    for expected in [
        "Maria Conceição Teste",
        "NIF 123456789",
        "Volta na segunda-feira",
        "apagados 30 dias",
    ] {
        assert!(copy.contains(expected), "{expected:?} not in the copy: {copy}");
    }
    assert!(
        !copy.contains("987654321"),
        "another citizen's data is not in the copy"
    );
    assert!(banner(&h).contains("Cópia impressa"), "{}", banner(&h));
    let left: Vec<_> = std::fs::read_dir(&documents).unwrap().collect();
    assert!(left.is_empty(), "the copy's file stays on the counter: {left:?}");

    // Erasing asks for a confirmation first; meanwhile the citizen starts a new attendance here.
    click(&mut h, "Apagar estes dados");
    assert!(h.state().store().load(&ended).unwrap().citizen.is_some());
    click(&mut h, "Confirmar: apagar os dados de 1 atendimento");
    assert!(
        banner(&h).contains("Dados pessoais apagados de 1 atendimento"),
        "{}",
        banner(&h)
    );
    let store = h.state().store();
    assert_eq!(store.load(&ended).unwrap().citizen, None);
    assert_eq!(store.load(&ended).unwrap().notes, "");
    assert!(
        store.load(&other).unwrap().citizen.is_some(),
        "another citizen is untouched"
    );
    let acts: Vec<String> = store
        .audit_entries(0, 1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("privacy."))
        .map(|e| format!("{} {}", e.action, e.record_ids.join(",")))
        .collect();
    assert_eq!(
        acts,
        vec![format!("{ACCESS} {ended}"), format!("{ERASURE} {ended}")]
    );
    assert!(
        h.query_by_label_contains("com dados pessoais").is_none(),
        "the list is cleared"
    );
}
