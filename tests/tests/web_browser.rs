//! The web side in a real browser: Debian's Chromium, driven through its chromedriver by a Rust
//! WebDriver client (fantoccini), against the real central server over a throwaway PostgreSQL.
//!
//! The in-process tests of `balcao-central` (`tests/dashboard.rs`, `tests/survey.rs`) prove what the
//! server answers; they cannot prove that a browser does what the pages are meant to make it do. This
//! test does, with the browser a citizen or a coordinator would use:
//!
//! - **The survey on a phone.** With a 390 × 844 phone viewport (Chromium's mobile emulation), the
//!   citizen opens `/q/<ticket>`, taps the *labels* of the choices (the large boxes a finger hits; each
//!   at least 24 CSS pixels), types a comment and sends it: the thanks page comes. The same survey sent
//!   again from a second tab that still had the form open, and the address opened again, both say it
//!   was already answered. On another ticket a comment with a phone number is refused: the error
//!   summary is shown with a link to the comment field, the choices already made are kept, and once
//!   the number is removed the answer is accepted. The page never scrolls sideways on the phone.
//! - **The dashboard on a desktop.** The coordinator is sent from `/painel` to the login form, signs
//!   in through it (the `__Host-` cookies are `Secure`; Chromium keeps them from `http://127.0.0.1`, a
//!   potentially trustworthy origin), sets the filter form's dates and entity, and lands on an address
//!   that holds the filters, showing the seeded figures. The CSV link of the spots table downloads a
//!   file (into a temporary folder, through Chromium's download preferences) whose rows are those of
//!   the table on the page: same names, same counts, same numbers once the page's pt-PT formatting
//!   (no-break-space thousands, decimal commas, `%`, `min`) is read back. One spot's page opens from
//!   its link; the logout button ends the session, and `/painel` then shows the login form again.
//!
//! Each page is also checked with axe-core (WCAG 2.2 A and AA rules; serious and critical violations
//! fail), injected through WebDriver, when `scripts/test` has installed it under `target/axe/` (or
//! `BALCAO_AXE_DIR`); without it that check says it was skipped, or fails where the browser is required.
//!
//! Screenshots of each page are saved under `target/web/` (the workspace's target directory, or
//! `CARGO_TARGET_DIR`) for people to look at: `survey-form.png`, `survey-error.png`,
//! `survey-thanks.png`, `login.png`, `overview.png`, `spot.png`.
//!
//! **Running it.** `cargo test -p balcao-tests --test web_browser -- --nocapture`. It needs
//! `/usr/bin/chromium` and `/usr/bin/chromedriver` (Debian's `chromium` and `chromium-driver`) and
//! PostgreSQL's server binaries; nothing is downloaded while it runs. Without Chromium it prints
//! why it was skipped and passes, except with `BALCAO_BROWSER_TESTS=required`, which `scripts/test`
//! sets after installing the two packages when they are missing: there a missing browser fails it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod browser;

use balcao_audit::DeviceKey;
use balcao_central::api::now_ms;
use balcao_central::ratelimit::RateLimit;
use balcao_central::web::dashboard::civil_date;
use balcao_central::web::session;
use balcao_central::{Options, admin};
use balcao_core::text::Lang;
use balcao_i18n::I18n;
use balcao_survey::Ticket;
use balcao_tests::harness::{Central, unlimited};
use browser::*;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use uuid::Uuid;

const PASSWORD: &str = "Correto-Cavalo-Bateria-9";
const DAY_MS: i64 = 86_400_000;
const MIN_MS: i64 = 60_000;
const IRN: &str = "irn-alterar-morada-cartao-cidadao";
const IMT: &str = "imt-revalidar-carta-conducao";
/// How many attendances the busy spot had: enough for the page to group thousands.
const BUSY: usize = 1_200;
/// What the seeding left for the browser to use.
struct Seed {
    /// Two surveys of Braga's attendances: one answered directly, one after a refused comment.
    tickets: [String; 2],
    from: String,
    to: String,
}

/// One `attendance.ended` record: `(service, outcome, minutes)` lines.
fn attendance(spot: &str, start: i64, end: i64, lines: &[(&str, &str, i64)]) -> Value {
    let id = Uuid::now_v7().to_string();
    let lines: Vec<Value> = lines
        .iter()
        .map(|(service, outcome, minutes)| {
            json!({"service_id": service, "started_at": start, "ended_at": start + minutes * MIN_MS,
                   "current_step": 0, "documents_checked": [], "outcome": {"kind": outcome}, "notes": ""})
        })
        .collect();
    json!({"id": id, "kind": "attendance.ended", "spot": spot, "group_id": id, "created_at": end,
           "payload": {"id": id, "origin": {"spot": spot, "counter": "1", "mediator": "ana"},
                       "started_at": start, "ended_at": end, "citizen": null, "lines": lines, "notes": ""}})
}

/// Enrolls a counter of `spot` with an audit key through `/v1/enroll`; returns its token and id.
async fn enroll(
    http: &reqwest::Client,
    central: &Central,
    spot: &str,
    name: &str,
    key: &DeviceKey,
) -> (String, Uuid) {
    let now = now_ms();
    let code = admin::create_enrollment_code(central.pool(), spot, now, now + DAY_MS)
        .await
        .unwrap();
    let body: Value = http
        .post(format!("{}/v1/enroll", central.base))
        .json(&json!({"code": code, "device_name": name, "audit_public_key": key.public().to_hex()}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        body["token"].as_str().unwrap().to_owned(),
        body["device_id"].as_str().unwrap().parse().unwrap(),
    )
}

async fn send(http: &reqwest::Client, central: &Central, token: &str, records: &[Value]) {
    let response = http
        .post(format!("{}/v1/records", central.base))
        .bearer_auth(token)
        .json(&json!({ "records": records }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

/// Two spots, a counter in each, Braga's three attendances and Faro's [`BUSY`] ones three and two
/// days ago, and a national coordinator who signs in as `coord`.
async fn seed(central: &Central) -> Seed {
    let now = now_ms();
    let http = reqwest::Client::new();
    admin::create_spot(central.pool(), "EC-0300", "Braga", now)
        .await
        .unwrap();
    admin::create_spot(central.pool(), "EC-0301", "Faro", now)
        .await
        .unwrap();
    let braga_key = DeviceKey::from_seed(&[7; 32]);
    let (braga, braga_id) = enroll(&http, central, "EC-0300", "Posto 1", &braga_key).await;
    let (faro, _) = enroll(
        &http,
        central,
        "EC-0301",
        "Posto 2",
        &DeviceKey::from_seed(&[8; 32]),
    )
    .await;
    let today = now / DAY_MS;
    let at = |day: i64, hour: i64, minute: i64| (today - day) * DAY_MS + hour * 60 * MIN_MS + minute * MIN_MS;
    let a1 = attendance(
        "EC-0300",
        at(3, 10, 0),
        at(3, 10, 30),
        &[(IRN, "concluido", 12), (IMT, "pendente", 18)],
    );
    let a2 = attendance("EC-0300", at(3, 11, 0), at(3, 11, 20), &[(IMT, "concluido", 20)]);
    let a3 = attendance(
        "EC-0300",
        at(2, 9, 0),
        at(2, 9, 15),
        &[(IRN, "nao-foi-possivel", 15)],
    );
    send(&http, central, &braga, &[a1, a2, a3]).await;
    let busy: Vec<Value> = (0..BUSY)
        .map(|i| {
            let start = at(2, 9, 0) + i64::try_from(i).unwrap() * 20_000;
            attendance("EC-0301", start, start + 10 * MIN_MS, &[(IRN, "concluido", 10)])
        })
        .collect();
    for batch in busy.chunks(400) {
        send(&http, central, &faro, batch).await;
    }
    admin::create_entity_token(central.pool(), "Coordenação nacional", None, now)
        .await
        .unwrap();
    session::set_password(central.pool(), "Coordenação nacional", "coord", PASSWORD, now)
        .await
        .unwrap();
    let ticket = |ended_at| {
        Ticket {
            device: braga_id,
            ended_at,
        }
        .issue(&braga_key)
    };
    Seed {
        tickets: [ticket(at(3, 10, 30)), ticket(at(3, 11, 20))],
        from: civil_date(today - 7),
        to: civil_date(today),
    }
}

/// The citizen's side, on a phone.
async fn survey_on_a_phone(client: &Client, base: &str, seed: &Seed) {
    let pt = I18n::new(Lang::Pt);
    let form_url = format!("{base}/q/{}", seed.tickets[0]);
    client.goto(&form_url).await.unwrap();
    heading_is(client, &pt.tr("web-survey-title")).await;
    let width = client.execute("return window.innerWidth;", vec![]).await.unwrap();
    assert_eq!(width, json!(390), "the phone's viewport");
    assert!(
        !scrolls_sideways(client).await,
        "the survey scrolls sideways on a phone"
    );
    // Every choice's label is a target a finger can hit (WCAG 2.5.8: at least 24 CSS pixels).
    for label in client.find_all(Locator::Css("fieldset label")).await.unwrap() {
        let (_, _, w, h) = label.rectangle().await.unwrap();
        assert!(
            h >= 24.0 && w >= 24.0,
            "a choice of {w}×{h} pixels is too small to tap"
        );
    }
    screenshot(client, "survey-form").await;
    accessible(client, "survey form").await;

    // A second tab keeps the same form open, as a citizen who opened the link twice would.
    let first = client.window().await.unwrap();
    let second = client.new_window(true).await.unwrap().handle;
    client.switch_to_window(second.clone()).await.unwrap();
    client.goto(&form_url).await.unwrap();
    heading_is(client, &pt.tr("web-survey-title")).await;
    client.switch_to_window(first.clone()).await.unwrap();

    for choice in ["satisfaction-4", "done-yes", "alone-unsure"] {
        click(client, &format!("label[for={choice}]")).await;
    }
    let chosen = find(client, "#satisfaction-4").await.is_selected().await.unwrap();
    assert!(chosen, "tapping the label chooses the answer");
    type_into(client, "#comment", "Fui muito bem atendida.").await;
    click(client, "form button[type=submit]").await;
    heading_is(client, &pt.tr("web-survey-thanks-title")).await;
    assert!(!scrolls_sideways(client).await);
    screenshot(client, "survey-thanks").await;
    accessible(client, "survey thanks").await;

    // The form still open in the other tab is sent too: the visit was already rated.
    client.switch_to_window(second).await.unwrap();
    for choice in ["satisfaction-1", "done-no", "alone-no"] {
        click(client, &format!("label[for={choice}]")).await;
    }
    click(client, "form button[type=submit]").await;
    heading_is(client, &pt.tr("web-survey-already-title")).await;
    client.close_window().await.unwrap();
    client.switch_to_window(first).await.unwrap();
    // Opening the address again says the same, with no form.
    client.goto(&form_url).await.unwrap();
    heading_is(client, &pt.tr("web-survey-already-title")).await;
    assert!(
        client
            .find_all(Locator::Css("textarea"))
            .await
            .unwrap()
            .is_empty()
    );

    // A comment with a phone number is refused, with a summary that leads to the field.
    client
        .goto(&format!("{base}/q/{}", seed.tickets[1]))
        .await
        .unwrap();
    heading_is(client, &pt.tr("web-survey-title")).await;
    for choice in ["satisfaction-5", "done-partly", "alone-yes"] {
        click(client, &format!("label[for={choice}]")).await;
    }
    type_into(client, "#comment", "Liguem-me para o 912 345 678").await;
    click(client, "form button[type=submit]").await;
    until("the error summary", || async {
        client.find(Locator::Css(".error-summary")).await.is_ok()
    })
    .await;
    let summary = find(client, ".error-summary").await;
    assert_eq!(summary.attr("role").await.unwrap().as_deref(), Some("alert"));
    assert!(summary.text().await.unwrap().contains(&pt.tr("web-errors-title")));
    let link = summary.find(Locator::Css("a[href='#comment']")).await.unwrap();
    assert_eq!(
        link.text().await.unwrap().trim(),
        pt.tr("web-survey-error-comment-phone")
    );
    let kept = find(client, "#satisfaction-5").await.is_selected().await.unwrap();
    assert!(kept, "the choices already made are kept");
    let comment = find(client, "#comment").await;
    assert_eq!(
        comment.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert!(!scrolls_sideways(client).await);
    screenshot(client, "survey-error").await;
    accessible(client, "survey with an error").await;
    // The summary's link takes the reader to the comment, which then has the keyboard's focus.
    link.click().await.unwrap();
    until("the comment's anchor", || async {
        client
            .current_url()
            .await
            .is_ok_and(|u| u.fragment() == Some("comment"))
    })
    .await;
    let focused = client
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, json!("comment"), "the link moves the focus to the field");
    comment.clear().await.unwrap();
    comment.send_keys("Demorou, mas resolveram.").await.unwrap();
    click(client, "form button[type=submit]").await;
    heading_is(client, &pt.tr("web-survey-thanks-title")).await;
}

/// A table's body rows as the page holds them: the row header, then each cell's text.
async fn page_rows(client: &Client, table: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for row in client
        .find_all(Locator::Css(&format!("table#{table} tbody tr")))
        .await
        .unwrap()
    {
        let mut cells = Vec::new();
        for cell in row.find_all(Locator::Css("th, td")).await.unwrap() {
            // `textContent`, not WebDriver's text, which turns no-break spaces into plain ones.
            cells.push(cell.prop("textContent").await.unwrap().unwrap_or_default());
        }
        rows.push(cells);
    }
    rows
}

/// A number as the pt-PT page shows it (`1 200`, `45,5 %`, `12,0 min`), in the CSV's units (shares
/// as fractions); `None` for the dash of a missing value.
fn page_number(text: &str) -> Option<f64> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    let number: String = compact
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '-')
        .collect::<String>()
        .replace(',', ".");
    let value: f64 = number.parse().ok()?;
    Some(if compact.contains('%') {
        value / 100.0
    } else {
        value
    })
}

/// Compares the CSV's rows with the page's, cell by cell.
fn same_rows(csv_rows: &[Vec<String>], page: &[Vec<String>]) {
    assert_eq!(
        csv_rows.len(),
        page.len(),
        "rows: CSV {csv_rows:?}, page {page:?}"
    );
    for (file, shown) in csv_rows.iter().zip(page) {
        assert_eq!(file.len(), shown.len(), "{file:?} vs {shown:?}");
        assert_eq!(file[0], shown[0].trim(), "the row's name");
        for (value, text) in file.iter().zip(shown).skip(1) {
            if value.is_empty() {
                assert_eq!(
                    page_number(text),
                    None,
                    "a missing value is shown as a dash: {text:?}"
                );
            } else if let Ok(count) = value.parse::<i64>() {
                assert_eq!(
                    page_number(text),
                    Some(count as f64),
                    "count {value} shown as {text:?}"
                );
            } else {
                let value: f64 = value.parse().unwrap();
                let shown = page_number(text).unwrap_or_else(|| panic!("{text:?} is not a number"));
                assert!((value - shown).abs() < 0.051, "{value} shown as {text:?}");
            }
        }
    }
}

/// Waits for the one finished download in `dir`.
async fn downloaded(dir: &Path) -> PathBuf {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        let done = files.iter().any(|f| f.extension().is_some_and(|e| e == "csv"));
        let partial = files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "crdownload"));
        if done && !partial {
            return files
                .into_iter()
                .find(|f| f.extension().is_some_and(|e| e == "csv"))
                .unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "no CSV in {} (saw {files:?})",
            dir.display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The coordinator's side, on a desktop.
async fn dashboard_on_a_desktop(client: &Client, base: &str, seed: &Seed, downloads: &Path) {
    let pt = I18n::new(Lang::Pt);
    client.goto(&format!("{base}/painel")).await.unwrap();
    heading_is(client, &pt.tr("web-login-title")).await;
    path_is(client, "/painel/entrar").await;
    screenshot(client, "login").await;
    accessible(client, "login").await;
    type_into(client, "#login", "coord").await;
    type_into(client, "#password", PASSWORD).await;
    click(client, "main form button[type=submit]").await;
    path_is(client, "/painel").await;
    let cookies = client.get_all_cookies().await.unwrap();
    let kept = cookies
        .iter()
        .find(|c| c.name() == session::COOKIE)
        .expect("the session cookie is kept");
    assert_eq!((kept.secure(), kept.http_only()), (Some(true), Some(true)));

    // The filters, set in the form as a coordinator would: the two dates and an entity. A date
    // control's typing order depends on the browser's locale, so its ISO value is set directly.
    for (id, date) in [("#filter-from", &seed.from), ("#filter-to", &seed.to)] {
        let input = find(client, id).await;
        assert_eq!(input.attr("type").await.unwrap().as_deref(), Some("date"));
        let script = "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));";
        let args = vec![serde_json::to_value(&input).unwrap(), json!(date)];
        client.execute(script, args).await.unwrap();
    }
    find(client, "#filter-entity")
        .await
        .select_by_value("irn")
        .await
        .unwrap();
    click(client, "form.filters button[type=submit]").await;
    until("the filtered overview", || async {
        client
            .current_url()
            .await
            .is_ok_and(|u| u.query().unwrap_or("").contains("entity=irn"))
    })
    .await;
    let url = client.current_url().await.unwrap();
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    for (name, value) in [
        ("from", seed.from.as_str()),
        ("to", seed.to.as_str()),
        ("entity", "irn"),
    ] {
        assert!(
            query.contains(&(name.to_owned(), value.to_owned())),
            "{name}={value} in {url}"
        );
    }
    find(client, "table#spots").await;
    screenshot(client, "overview").await;
    accessible(client, "overview").await;

    // The seeded figures: IRN's lines by spot, Faro's grouped in thousands with a no-break space.
    let shown = page_rows(client, "spots").await;
    let row = |name: &str| {
        shown
            .iter()
            .find(|r| r[0].trim() == name)
            .expect("the spot's row")
            .clone()
    };
    let (faro, braga) = (row("Faro"), row("Braga"));
    assert_eq!(faro[1], "1\u{a0}200", "{faro:?}");
    assert_eq!(
        page_number(&braga[1]),
        Some(2.0),
        "Braga had two IRN lines: {braga:?}"
    );
    assert_eq!(
        page_number(&braga[2]),
        Some(0.5),
        "one of them concluded: {braga:?}"
    );

    // The table's CSV link downloads the same rows.
    let link = find(client, "#section-spots .csv-link a").await;
    let href = link.attr("href").await.unwrap().unwrap();
    assert!(
        href.contains("csv=spots") && href.contains("entity=irn"),
        "{href}"
    );
    link.click().await.unwrap();
    let file = downloaded(downloads).await;
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let mut labels = Vec::new();
    for th in client
        .find_all(Locator::Css("table#spots thead th"))
        .await
        .unwrap()
    {
        labels.push(th.text().await.unwrap().trim().to_owned());
    }
    assert_eq!(header, labels, "the CSV's header is the table's");
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    same_rows(&rows, &shown);
    assert_eq!(
        client.current_url().await.unwrap(),
        url,
        "a download does not leave the page"
    );

    // A spot's page, from its link in the table.
    click(client, "table#spots tbody th a[href*='/painel/espacos/EC-0300']").await;
    path_is(client, "/painel/espacos/EC-0300").await;
    let counters = page_rows(client, "counters").await;
    assert!(counters.iter().any(|r| r[0].contains("Posto 1")), "{counters:?}");
    screenshot(client, "spot").await;
    accessible(client, "spot page").await;

    // Signing out ends the session: the dashboard asks to sign in again.
    click(client, "form[action='/painel/sair'] button").await;
    heading_is(client, &pt.tr("web-login-title")).await;
    client.goto(&format!("{base}/painel")).await.unwrap();
    heading_is(client, &pt.tr("web-login-title")).await;
    path_is(client, "/painel/entrar").await;

    // The accessibility check is not vacuous: a page with an image without text fails it.
    client
        .goto("data:text/html,<html lang=pt><title>t</title><img src=x.png>")
        .await
        .unwrap();
    if let Some(violations) = axe_violations(client).await {
        assert!(
            violations.iter().any(|v| v.starts_with("image-alt")),
            "{violations:?}"
        );
    }
}

#[test]
fn a_citizen_answers_on_a_phone_and_a_coordinator_checks_the_figures_in_chromium() {
    for program in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(program).exists() {
            skip(&format!("{program} is missing"));
            return;
        }
    }
    let started = Instant::now();
    let db = balcao_testkit::PgCluster::shared().create_database();
    let central = Central::start(
        &db,
        0,
        Options {
            survey_limit: RateLimit::UNLIMITED,
            ..unlimited()
        },
    );
    let seed = central.block_on(seed(&central));
    let base = central.base.clone();
    let driver = Chromedriver::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let profiles = tempfile::tempdir().unwrap();
        let downloads = tempfile::tempdir().unwrap();
        let phone = browser(&driver, &profiles.path().join("phone"), downloads.path(), true).await;
        survey_on_a_phone(&phone, &base, &seed).await;
        phone.close().await.unwrap();
        let desktop = browser(&driver, &profiles.path().join("desktop"), downloads.path(), false).await;
        dashboard_on_a_desktop(&desktop, &base, &seed, downloads.path()).await;
        desktop.close().await.unwrap();
    });
    println!("the browser test took {:.1} s", started.elapsed().as_secs_f64());
}
