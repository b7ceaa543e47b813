//! The receipt and the closing report, read back as text the way an auditor's tools would read them.
//!
//! Each test renders a document and extracts its text with `pdf-extract` (a pure-Rust PDF reader,
//! so no external program is needed), then checks what a person checks on paper: the number, the
//! amounts in Portuguese format, the entity with its accents, the copy marking on a reprint and
//! only there, the cancelled receipt and the reason on a cancellation, the card's terminal
//! reference and nothing more, and, for a busy day, that every payment is listed across pages
//! numbered "Página N de M". One test also writes the documents to `target/pdf-samples/` for a
//! person to look at.
//!
//! The extractor turns the no-break spaces of amounts (WinAnsi code 0xA0) into ordinary spaces, so
//! texts are compared after normalising U+00A0 to a space; the bytes themselves are checked in the
//! crate's unit tests.

// Test code: a failed expectation should stop the test loudly (the kiosk rule is for shipped code).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use balcao_core::money::Money;
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_pdf::{
    CancellationRow, ClosingDoc, EntityTotal, Header, MESSAGE_IDS, Method, MethodKind, MethodLine,
    PaymentRow, ReceiptDoc, closing_pdf, receipt_pdf,
};
use std::collections::BTreeMap;
use std::path::PathBuf;

const IRN: &str = "Instituto dos Registos e do Notariado";
const AT: &str = "Autoridade Tributária e Aduaneira";
const ISS: &str = "Instituto da Segurança Social";
const IMT: &str = "Instituto da Mobilidade e dos Transportes";
const COPY_PT: &str = "2.ª VIA — CÓPIA";

fn header() -> Header {
    Header {
        spot_code: "0420".into(),
        spot_name: "Espaço Cidadão de Lisboa — Saldanha".into(),
        host_entity: "Câmara Municipal de Lisboa".into(),
        counter: "1".into(),
        mediator: "Ana Conceição".into(),
    }
}

fn receipt() -> ReceiptDoc {
    ReceiptDoc {
        header: header(),
        number: "EC-0420-1-2026/000123".into(),
        copy: false,
        issued_at: "23/11/2026 14:05".into(),
        entity: IRN.into(),
        service: "Certidão permanente do registo predial".into(),
        variant: Some("Urgente".into()),
        amount: Money::from_cents(123_450),
        method: Method::Cash {
            tendered: Money::from_cents(125_000),
            change: Money::from_cents(1_550),
        },
        attendance_id: "ATD-20261123-0042".into(),
        cancels: None,
        training: false,
    }
}

/// The text of a PDF, no-break spaces as plain spaces.
fn text_of(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf)
        .expect("the PDF reads back")
        .replace('\u{a0}', " ")
}

/// The text of each page.
fn pages_of(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .expect("the PDF reads back")
        .into_iter()
        .map(|page| page.replace('\u{a0}', " "))
        .collect()
}

/// The non-empty lines of a text, trimmed.
fn lines_of(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// An amount as the text reads back: pt-PT format with plain spaces.
fn amount(cents: i64) -> String {
    Money::from_cents(cents).to_plain_string()
}

#[test]
fn receipt_shows_number_entity_service_amount_and_method() {
    let pdf = receipt_pdf(&receipt(), &I18n::new(Lang::Pt));
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text_of(&pdf);
    for expected in [
        "RECIBO",
        "N.º EC-0420-1-2026/000123",
        "Espaço Cidadão de Lisboa — Saldanha (0420)",
        "Entidade anfitriã Câmara Municipal de Lisboa",
        "Balcão 1",
        "Mediador(a) Ana Conceição",
        "Data e hora 23/11/2026 14:05",
        "Atendimento ATD-20261123-0042",
        "Cobrado por conta de Instituto dos Registos e do Notariado",
        "Serviço Certidão permanente do registo predial",
        "Modalidade Urgente",
        "Valor pago 1 234,50 €",
        "Meio de pagamento Numerário",
        "Valor entregue 1 250,00 €",
        "Troco 15,50 €",
        "Página 1 de 1",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in:\n{text}");
    }
    assert_eq!(amount(123_450), "1 234,50 €");
    assert!(!text.contains("1234.50") && !text.contains("1234,50"), "{text}");
    // An original is not a copy, nor a cancellation.
    assert!(
        !text.contains(COPY_PT),
        "an original must not be marked as a copy:\n{text}"
    );
    assert!(!text.contains("CÓPIA") && !text.contains("Anula"), "{text}");
    assert_eq!(pages_of(&pdf).len(), 1);
}

#[test]
fn a_reprint_is_marked_as_a_copy_on_every_page() {
    let mut doc = receipt();
    doc.copy = true;
    let pdf = receipt_pdf(&doc, &I18n::new(Lang::Pt));
    let text = text_of(&pdf);
    assert!(text.contains(COPY_PT), "{text}");
    assert!(text.contains("N.º EC-0420-1-2026/000123") && text.contains("1 234,50 €") && text.contains(IRN));
    // The banner, the diagonal marking and the footer: three times on the page.
    assert!(text.matches(COPY_PT).count() >= 3, "{text}");

    // A receipt that runs to a second page (an absurdly long exemption ground) carries the marking
    // on both.
    doc.method = Method::Exempt {
        reason: "Isenção prevista na lei, ".repeat(400),
    };
    doc.amount = Money::ZERO;
    let pages = pages_of(&receipt_pdf(&doc, &I18n::new(Lang::Pt)));
    assert!(pages.len() > 1, "the long reason should need a second page");
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(COPY_PT),
            "page {} lacks the copy marking:\n{page}",
            i + 1
        );
        assert!(
            page.contains(&format!("Página {} de {}", i + 1, pages.len())),
            "{page}"
        );
        assert!(page.contains("EC-0420-1-2026/000123"), "{page}");
    }
}

#[test]
fn a_cancellation_names_the_original_and_the_reason() {
    let mut doc = receipt();
    doc.number = "EC-0420-1-2026/000124".into();
    doc.issued_at = "23/11/2026 14:20".into();
    doc.cancels = Some((
        "EC-0420-1-2026/000123".into(),
        "Serviço errado: o cidadão pretendia a certidão do registo comercial.".into(),
    ));
    let text = text_of(&receipt_pdf(&doc, &I18n::new(Lang::Pt)));
    for expected in [
        "ANULAÇÃO DE RECIBO",
        "N.º EC-0420-1-2026/000124",
        "Anula o recibo n.º EC-0420-1-2026/000123",
        "Motivo da anulação",
        "Serviço errado: o cidadão pretendia a certidão do registo comercial.",
        "Valor anulado 1 234,50 €",
        "Anulação n.º EC-0420-1-2026/000124",
        IRN,
    ] {
        assert!(text.contains(expected), "missing «{expected}» in:\n{text}");
    }
    assert!(!text.contains("Valor pago"), "{text}");
    assert!(!text.contains(COPY_PT), "{text}");
}

#[test]
fn a_card_receipt_shows_only_the_method_and_the_terminal_reference() {
    let mut doc = receipt();
    doc.amount = Money::from_cents(2_500);
    doc.method = Method::Card {
        terminal_ref: "TPA 58231-0042 AUT 774019".into(),
    };
    let text = text_of(&receipt_pdf(&doc, &I18n::new(Lang::Pt)));
    let lines = lines_of(&text);
    let start = lines
        .iter()
        .position(|l| l.starts_with("Meio de pagamento"))
        .expect("a method line");
    let end = lines
        .iter()
        .position(|l| l.starts_with("Valor cobrado pelo Espaço Cidadão"))
        .expect("the closing note");
    // Between the method and the closing note there is the terminal reference and nothing else.
    assert_eq!(
        &lines[start..end],
        &[
            "Meio de pagamento Cartão bancário (TPA Multibanco)",
            "Referência do terminal TPA 58231-0042 AUT 774019",
        ],
        "{text}"
    );
    assert!(text.contains("Valor pago 25,00 €"), "{text}");
    for absent in ["Troco", "Valor entregue", "MB WAY", "Fundamento"] {
        assert!(!text.contains(absent), "«{absent}» on a card receipt:\n{text}");
    }
}

#[test]
fn mb_way_and_exempt_receipts_show_their_detail() {
    let mut doc = receipt();
    doc.entity = AT.into();
    doc.service = "Pedido de certidão de dívida e não dívida".into();
    doc.variant = None;
    doc.amount = Money::from_cents(4_560);
    doc.method = Method::MbWay {
        reference: "MBW-7F3A-1120".into(),
    };
    let text = text_of(&receipt_pdf(&doc, &I18n::new(Lang::Pt)));
    assert!(
        text.contains("Cobrado por conta de Autoridade Tributária e Aduaneira"),
        "{text}"
    );
    assert!(text.contains("Meio de pagamento MB WAY") && text.contains("Referência MB WAY MBW-7F3A-1120"));
    assert!(
        text.contains("Valor pago 45,60 €") && !text.contains("Modalidade"),
        "{text}"
    );

    doc.amount = Money::ZERO;
    doc.method = Method::Exempt {
        reason: "Isenção de emolumentos — alínea a) do n.º 1 do artigo 10.º".into(),
    };
    let text = text_of(&receipt_pdf(&doc, &I18n::new(Lang::Pt)));
    assert!(text.contains("Meio de pagamento Isento de pagamento"), "{text}");
    assert!(
        text.contains("Fundamento da isenção Isenção de emolumentos — alínea a) do n.º 1 do artigo 10.º"),
        "{text}"
    );
    assert!(text.contains("Valor pago 0,00 €"), "{text}");
}

#[test]
fn english_labels_come_from_the_english_messages() {
    let mut doc = receipt();
    doc.copy = true;
    let text = text_of(&receipt_pdf(&doc, &I18n::new(Lang::En)));
    for expected in [
        "RECEIPT",
        "No. EC-0420-1-2026/000123",
        "Collected on behalf of Instituto dos Registos e do Notariado",
        "Amount paid 1 234,50 €",
        "Change 15,50 €",
        "COPY — REPRINT",
        "Page 1 of 1",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in:\n{text}");
    }
    assert!(!text.contains("Recibo") && !text.contains(COPY_PT), "{text}");
}

/// A busy day: `n` payments over four entities and all four methods, one cancelled (the 57th, or
/// the middle one of a short day), and 2,00 € missing from the cash drawer.
fn busy_day(n: usize) -> ClosingDoc {
    let cancelled_index = 56.min(n / 2);
    let entities = [IRN, AT, ISS, IMT];
    let services = [
        "Renovação do Cartão de Cidadão",
        "Pedido de certidão permanente do registo predial com fotocópia certificada e envio por correio",
        "Declaração de situação contributiva",
        "Revalidação da carta de condução",
    ];
    let kinds = [
        MethodKind::Cash,
        MethodKind::Card,
        MethodKind::MbWay,
        MethodKind::Exempt,
    ];
    let mut payments = Vec::new();
    for i in 0..n {
        let kind = kinds[i % 7 % 4];
        let cents = if kind == MethodKind::Exempt {
            0
        } else {
            1_000 + (i as i64 * 137) % 9_000
        };
        let minutes = 9 * 60 + i * 2;
        payments.push(PaymentRow {
            number: format!("EC-0420-1-2026/{:06}", 100 + i),
            time: format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60),
            entity: entities[i % 4].into(),
            service: services[i % 4].into(),
            method: kind,
            amount: Money::from_cents(cents),
            cancelled: i == cancelled_index,
        });
    }
    // Expected per method and totals per entity count what was not cancelled.
    let mut expected: BTreeMap<MethodKind, i64> = BTreeMap::new();
    let mut per_entity: BTreeMap<&str, (u32, i64)> = BTreeMap::new();
    for p in payments.iter().filter(|p| !p.cancelled) {
        *expected.entry(p.method).or_default() += p.amount.cents();
        let e = per_entity
            .entry(entities.iter().find(|e| **e == p.entity).unwrap())
            .or_default();
        e.0 += 1;
        e.1 += p.amount.cents();
    }
    let methods = kinds
        .iter()
        .map(|&kind| {
            let e = expected.get(&kind).copied().unwrap_or(0);
            let counted = if kind == MethodKind::Cash { e - 200 } else { e };
            MethodLine {
                method: kind,
                expected: Money::from_cents(e),
                counted: Money::from_cents(counted),
            }
        })
        .collect();
    let cancelled = &payments[cancelled_index];
    ClosingDoc {
        header: header(),
        number: "FECHO-0420-1-2026/0213".into(),
        opened_at: "23/11/2026 09:00".into(),
        closed_at: "23/11/2026 17:35".into(),
        opening_float: Money::from_cents(5_000),
        methods,
        reason: Some("Troco entregue a mais a um cidadão às 11:40; confirmado na contagem.".into()),
        entities: per_entity
            .into_iter()
            .map(|(entity, (payments, cents))| EntityTotal {
                entity: entity.into(),
                payments,
                total: Money::from_cents(cents),
            })
            .collect(),
        cancellations: vec![CancellationRow {
            number: format!("EC-0420-1-2026/{:06}", 100 + n),
            time: "12:10".into(),
            cancels: cancelled.number.clone(),
            reason: "Serviço registado por engano; o cidadão pagou a renovação noutro balcão.".into(),
            amount: cancelled.amount,
        }],
        payments,
    }
}

#[test]
fn closing_report_reconciles_methods_and_entities_and_lists_every_payment_across_pages() {
    let doc = busy_day(200);
    let pdf = closing_pdf(&doc, &I18n::new(Lang::Pt));
    let pages = pages_of(&pdf);
    let text = text_of(&pdf);
    let n = pages.len();
    assert!(n > 1, "200 payments cannot fit on one page");
    assert!(text.contains("Página 2 de"), "{text}");
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Página {} de {n}", i + 1)),
            "page {}:\n{page}",
            i + 1
        );
        assert!(
            page.contains("Relatório de fecho n.º FECHO-0420-1-2026/0213 — documento final, não editável."),
            "page {} lacks the final-document note:\n{page}",
            i + 1
        );
    }
    // The continuation pages repeat the section title and the column headings.
    let continued = pages
        .iter()
        .skip(1)
        .filter(|p| {
            p.contains("Pagamentos do dia (200) (continuação)")
                && p.contains("N.º Hora Entidade e serviço Meio Valor")
        })
        .count();
    assert!(continued >= 2, "{continued} continuation pages with headings");

    // The header.
    for expected in [
        "Relatório de fecho de caixa",
        "N.º FECHO-0420-1-2026/0213",
        "Abertura 23/11/2026 09:00",
        "Fecho 23/11/2026 17:35",
        "Fundo de caixa inicial 50,00 €",
        "Mediador(a) Ana Conceição",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in:\n{}", pages[0]);
    }

    // Expected against counted per method, with signed differences and the reason.
    for line in &doc.methods {
        let name = match line.method {
            MethodKind::Cash => "Numerário",
            MethodKind::Card => "Cartão bancário (TPA Multibanco)",
            MethodKind::MbWay => "MB WAY",
            MethodKind::Exempt => "Isento de pagamento",
        };
        let diff = line.counted.cents() - line.expected.cents();
        let diff = if diff == 0 { amount(0) } else { amount(diff) };
        let row = format!(
            "{name} {} {} {diff}",
            amount(line.expected.cents()),
            amount(line.counted.cents())
        );
        assert!(
            text.contains(&row),
            "missing method row «{row}» in:\n{}",
            pages[0]
        );
    }
    let cash = &doc.methods[0];
    assert!(
        cash.expected.cents() > 100_000,
        "the fixture should have thousands in cash"
    );
    assert!(text.contains("-2,00 €"), "{}", pages[0]);
    assert!(text.contains(
        "Motivo da diferença Troco entregue a mais a um cidadão às 11:40; confirmado na contagem."
    ));

    // The totals per entity and the grand total, the figures the host entity reconciles.
    for e in &doc.entities {
        let row = format!("{} {} {}", e.entity, e.payments, amount(e.total.cents()));
        assert!(text.contains(&row), "missing entity row «{row}»");
    }
    let grand: i64 = doc.entities.iter().map(|e| e.total.cents()).sum();
    let grand_row = format!("Total cobrado 199 {}", amount(grand));
    assert!(
        text.contains(&grand_row),
        "missing «{grand_row}» in:\n{}",
        pages[0]
    );
    assert!(
        grand >= 100_000,
        "the grand total should show a thousands separator"
    );

    // Every payment is listed, in order, none lost at a page break; the cancelled one is marked.
    let mut from = 0;
    for p in &doc.payments {
        let at = text[from..].find(&p.number).map(|i| i + from);
        let at = at.unwrap_or_else(|| panic!("payment {} is missing or out of order", p.number));
        from = at + p.number.len();
    }
    let cancelled = text.find(&doc.payments[56].number).unwrap();
    let next = text.find(&doc.payments[57].number).unwrap();
    assert!(
        text[cancelled..next].contains("ANULADO"),
        "{}",
        &text[cancelled..next]
    );
    assert_eq!(
        text.matches("ANULADO").count(),
        1,
        "exactly one cancelled payment"
    );
    assert!(text.contains("Renovação do Cartão de Cidadão"));
    assert!(text.contains("Segurança Social") && text.contains(AT) && text.contains(IRN));

    // The cancellation, with its reason.
    assert!(text.contains("Anulações (1)"));
    // The reason wraps within its column, beside the amount.
    assert!(
        text.contains("Serviço registado por engano; o cidadão pagou a"),
        "{text}"
    );
    assert!(text.contains("renovação noutro balcão."), "{text}");
    assert!(
        text.contains("EC-0420-1-2026/000300 12:10 EC-0420-1-2026/000156"),
        "{text}"
    );
}

#[test]
fn a_quiet_day_fits_on_one_page_and_says_what_is_missing() {
    let mut doc = busy_day(6);
    let cash = doc.methods[0].expected;
    doc.methods[0].counted = cash;
    doc.reason = None;
    doc.cancellations.clear();
    let pdf = closing_pdf(&doc, &I18n::new(Lang::Pt));
    let text = text_of(&pdf);
    assert_eq!(pages_of(&pdf).len(), 1, "{text}");
    assert!(text.contains("Página 1 de 1"));
    assert!(
        text.contains("Sem diferenças entre o valor esperado e o contado."),
        "{text}"
    );
    assert!(text.contains("Não houve anulações."), "{text}");
    assert!(!text.contains("continuação"));

    // A difference without a reason is flagged rather than left blank.
    doc.methods[0].counted = Money::from_cents(cash.cents() + 350);
    let text = text_of(&closing_pdf(&doc, &I18n::new(Lang::Pt)));
    assert!(text.contains("+3,50 €"), "{text}");
    assert!(text.contains("Motivo da diferença não indicado"), "{text}");
}

#[test]
fn the_same_document_renders_to_the_same_bytes() {
    let i18n = I18n::new(Lang::Pt);
    assert_eq!(receipt_pdf(&receipt(), &i18n), receipt_pdf(&receipt(), &i18n));
    let doc = busy_day(30);
    assert_eq!(closing_pdf(&doc, &i18n), closing_pdf(&doc, &i18n));
}

#[test]
fn characters_outside_winansi_print_as_question_marks() {
    let mut doc = receipt();
    doc.header.mediator = "Łukasz Żółw".into();
    let text = text_of(&receipt_pdf(&doc, &I18n::new(Lang::Pt)));
    assert!(text.contains("Mediador(a) ?ukasz ?ó?w"), "{text}");
}

#[test]
fn every_message_is_translated_in_both_languages() {
    for lang in [Lang::Pt, Lang::En] {
        let i18n = I18n::new(lang);
        for id in MESSAGE_IDS {
            let args = [
                ("number", "X".to_string()),
                ("original", "Y".to_string()),
                ("page", "1".to_string()),
                ("pages", "2".to_string()),
                ("section", "S".to_string()),
                ("count", "3".to_string()),
                ("mediator", "M".to_string()),
                ("counter", "1".to_string()),
                ("days", "30".to_string()),
                ("pending", "180".to_string()),
                ("n", "1".to_string()),
                ("when", "W".to_string()),
            ];
            let text = i18n
                .format(id, &args)
                .unwrap_or_else(|e| panic!("{}: {e}", lang.tag()));
            assert!(!text.trim().is_empty(), "{}: {id} is empty", lang.tag());
        }
    }
}

#[test]
fn writes_samples_for_review() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/pdf-samples");
    std::fs::create_dir_all(&dir).unwrap();
    let pt = I18n::new(Lang::Pt);
    let mut copy = receipt();
    copy.copy = true;
    let mut cancellation = receipt();
    cancellation.number = "EC-0420-1-2026/000124".into();
    cancellation.cancels = Some((
        "EC-0420-1-2026/000123".into(),
        "Serviço errado: o cidadão pretendia a certidão do registo comercial.".into(),
    ));
    let samples = [
        ("recibo.pdf", receipt_pdf(&receipt(), &pt)),
        ("recibo-2via.pdf", receipt_pdf(&copy, &pt)),
        ("anulacao.pdf", receipt_pdf(&cancellation, &pt)),
        ("fecho.pdf", closing_pdf(&busy_day(200), &pt)),
        ("closing-en.pdf", closing_pdf(&busy_day(20), &I18n::new(Lang::En))),
        ("fecho-curto.pdf", closing_pdf(&busy_day(6), &pt)),
    ];
    for (name, bytes) in samples {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        assert!(
            !text_of(&std::fs::read(&path).unwrap()).is_empty(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn the_citizens_copy_shows_what_is_held_where_and_for_how_long() {
    let doc = balcao_pdf::AccessDoc {
        header: Header {
            mediator: "Sofia Supervisora".into(),
            ..header()
        },
        issued: "07/12/2026 10:15".into(),
        query: "NIF 123456789".into(),
        items: vec![balcao_pdf::AccessItem {
            when: "02/12/2026 09:30".into(),
            mediator: "ana.sousa".into(),
            identification: vec![
                ("pdf-access-name", "Maria Conceição".into()),
                ("pdf-access-nif", "123456789".into()),
            ],
            services: vec![(
                "Revalidar a carta de condução".into(),
                "Pendente: código por carta".into(),
            )],
            notes: vec!["Volta na segunda-feira".into(), String::new()],
        }],
        retention_days: 30,
        pending_days: 180,
    };
    let text = text_of(&balcao_pdf::access_pdf(&doc, &I18n::new(Lang::Pt)));
    for expected in [
        "OS SEUS DADOS PESSOAIS",
        "NIF 123456789",
        "Sofia Supervisora",
        "Atendimento 1 — 02/12/2026 09:30",
        "Maria Conceição",
        "Revalidar a carta de condução — Pendente: código por carta",
        "Volta na segunda-feira",
        "apagados 30 dias",
        "180 dias",
        "Espaço Cidadão de Lisboa — Saldanha",
        "Página 1 de 1",
    ] {
        assert!(text.contains(expected), "{expected:?} is not in:\n{text}");
    }
    let none = balcao_pdf::AccessDoc {
        items: Vec::new(),
        ..doc
    };
    let text = text_of(&balcao_pdf::access_pdf(&none, &I18n::new(Lang::En)));
    assert!(text.contains("This counter holds no data about you."), "{text}");
}

/// The page sizes of a PDF, from its `/MediaBox` entries.
fn media_boxes(pdf: &[u8]) -> Vec<(f32, f32)> {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/MediaBox [")
        .map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let numbers: Vec<f32> = rest[..rest.find(']').unwrap()]
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect();
            (numbers[2], numbers[3])
        })
        .collect()
}

#[test]
fn a_roll_receipt_is_80_mm_wide_one_piece_and_says_everything_the_a4_one_does() {
    let i18n = I18n::new(Lang::Pt);
    let doc = receipt();
    let pdf = balcao_pdf::receipt_roll_pdf(&doc, &i18n);
    let boxes = media_boxes(&pdf);
    assert_eq!(boxes.len(), 1, "one piece of roll");
    let (width, height) = boxes[0];
    assert!((width - 226.77).abs() < 0.01, "80 mm wide: {width}");
    assert!(
        height > 200.0 && height < 841.0,
        "as long as its content: {height}"
    );
    let text = text_of(&pdf);
    for expected in [
        "RECIBO",
        "N.º EC-0420-1-2026/000123",
        IRN,
        "Certidão permanente do registo predial",
        "Urgente",
        &amount(123_450),
        "Numerário",
        &amount(125_000),
        &amount(1_550),
        "ATD-20261123-0042",
        "Ana Conceição",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is not on the roll:\n{text}"
        );
    }
    assert!(!text.contains("2.ª VIA"), "an original is not marked as a copy");

    // A reprinted cancellation: its own title, the receipt it cancels, the reason, the copy mark.
    let cancel = ReceiptDoc {
        number: "EC-0420-1-2026/000124".into(),
        copy: true,
        cancels: Some((
            "EC-0420-1-2026/000123".into(),
            "Cobrado duas vezes no terminal".into(),
        )),
        ..receipt()
    };
    let text = text_of(&balcao_pdf::receipt_roll_pdf(&cancel, &i18n));
    for expected in [
        "ANULAÇÃO DE RECIBO",
        "Anula o recibo n.º EC-0420-1-2026/000123",
        "Cobrado duas vezes no terminal",
        COPY_PT,
        "Valor anulado",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is not on the roll:\n{text}"
        );
    }
    // A long reason makes the roll longer, never cut.
    let long = ReceiptDoc {
        cancels: Some(("X".into(), "palavra ".repeat(200))),
        ..receipt()
    };
    let (_, long_height) = media_boxes(&balcao_pdf::receipt_roll_pdf(&long, &i18n))[0];
    assert!(long_height > height + 200.0, "{long_height} vs {height}");
    // A4 receipts stay A4.
    assert_eq!(media_boxes(&receipt_pdf(&doc, &i18n)), vec![(595.28, 841.89)]);
}

#[test]
fn a_training_receipt_says_it_is_worth_nothing_on_every_page_and_on_the_roll() {
    let i18n = I18n::new(Lang::Pt);
    let doc = ReceiptDoc {
        training: true,
        ..receipt()
    };
    for page in pages_of(&receipt_pdf(&doc, &i18n)) {
        assert!(
            page.matches("SEM VALOR — FORMAÇÃO").count() >= 2,
            "band and footer: {page}"
        );
    }
    let roll = text_of(&balcao_pdf::receipt_roll_pdf(&doc, &i18n));
    assert_eq!(roll.matches("SEM VALOR — FORMAÇÃO").count(), 2, "{roll}");
    assert!(!text_of(&receipt_pdf(&receipt(), &i18n)).contains("FORMAÇÃO"));
}
