//! The real-browser test's plumbing: chromedriver as a child process, a headless Chromium session
//! (phone or desktop, downloads into a folder), screenshots, waits, and the axe-core check.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long any wait for the browser may take.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Says why the test does not run; fails it instead when the browser is required.
pub fn skip(why: &str) {
    assert!(
        std::env::var("BALCAO_BROWSER_TESTS").as_deref() != Ok("required"),
        "BALCAO_BROWSER_TESTS=required, but {why}"
    );
    println!("skipped: {why} (scripts/test installs what is missing)");
}

/// The workspace's `target/web`, where the screenshots go.
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("web");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A port nobody listens on (the kernel's choice, released for chromedriver to take).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver as a child process, killed when dropped.
pub struct Chromedriver {
    child: Child,
    url: String,
}

impl Chromedriver {
    pub fn start() -> Chromedriver {
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let driver = Chromedriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + PATIENCE;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session: a fresh profile, downloads into `downloads`, a phone or a desktop viewport.
pub async fn browser(driver: &Chromedriver, profile: &Path, downloads: &Path, phone: bool) -> Client {
    let mut args = vec![
        "--headless=new".to_owned(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-quic".into(),
        "--lang=pt-PT".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    if !phone {
        args.push("--window-size=1280,1000".into());
    }
    let mut options = json!({
        "binary": CHROMIUM,
        "args": args,
        "prefs": {
            "download.default_directory": downloads.display().to_string(),
            "download.prompt_for_download": false,
            "download.directory_upgrade": true,
            "safebrowsing.enabled": false,
            "intl.accept_languages": "pt-PT,pt",
        },
    });
    if phone {
        options["mobileEmulation"] = json!({
            "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2.0, "mobile": true, "touch": true},
            "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) \
                          Chrome/126.0 Mobile Safari/537.36",
        });
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("chromedriver starts Chromium")
}

/// A Chrome DevTools command through chromedriver's `goog/cdp/execute` endpoint.
#[derive(Debug)]
pub struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({"cmd": self.cmd, "params": self.params});
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// Saves a screenshot of the whole page (beyond the viewport) as `target/web/<name>.png`.
pub async fn screenshot(client: &Client, name: &str) {
    let metrics = client
        .issue_cmd(Cdp {
            cmd: "Page.getLayoutMetrics",
            params: json!({}),
        })
        .await
        .unwrap();
    let size = &metrics["cssContentSize"];
    let shot = client
        .issue_cmd(Cdp {
            cmd: "Page.captureScreenshot",
            params: json!({"format": "png", "captureBeyondViewport": true,
                           "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}}),
        })
        .await
        .unwrap();
    let png = STANDARD.decode(shot["data"].as_str().unwrap()).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap();
    println!("screenshot: {}", path.display());
}

/// Polls `check` until it says yes, or fails with `what` after [`PATIENCE`].
pub async fn until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + PATIENCE;
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the page's first `<h1>` reads `title`.
pub async fn heading_is(client: &Client, title: &str) {
    until(&format!("the heading {title:?}"), || async {
        match client.find(Locator::Css("h1")).await {
            Ok(h1) => h1.text().await.map(|t| t.trim() == title).unwrap_or(false),
            Err(_) => false,
        }
    })
    .await;
}

/// The element `css` selects (the test fails, naming it, when there is none).
pub async fn find(client: &Client, css: &str) -> Element {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
}

/// Clicks the element `css` selects.
pub async fn click(client: &Client, css: &str) {
    find(client, css).await.click().await.unwrap();
}

/// Types `text` into the element `css` selects.
pub async fn type_into(client: &Client, css: &str, text: &str) {
    find(client, css).await.send_keys(text).await.unwrap();
}

/// Waits until the current address's path is `path`.
pub async fn path_is(client: &Client, path: &str) {
    until(&format!("the page {path}"), || async {
        client.current_url().await.is_ok_and(|u| u.path() == path)
    })
    .await;
}

/// Whether the page is wider than its viewport (a phone page must never scroll sideways).
pub async fn scrolls_sideways(client: &Client) -> bool {
    let wider = client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    wider.as_bool().unwrap()
}

/// axe-core's script, when `scripts/test` installed it (`npm install --prefix target/axe axe-core`).
pub fn axe_script() -> Option<String> {
    let dir = std::env::var_os("BALCAO_AXE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| screenshot_dir().join("../axe"));
    std::fs::read_to_string(dir.join("node_modules/axe-core/axe.min.js")).ok()
}

/// axe-core's serious and critical violations (WCAG 2.2 A and AA rules) on the current page, as
/// `rule: elements` lines, or `None` without axe-core. The script is injected through WebDriver, which
/// the page's Content-Security-Policy does not govern. A run that checked no rule is an error.
pub async fn axe_violations(client: &Client) -> Option<Vec<String>> {
    let axe = axe_script()?;
    client.execute(&axe, vec![]).await.unwrap();
    let run = "const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
           .then(r => done(r.passes.length === 0 ? ['axe checked no rule'] :
                 r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                   .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
           .catch(e => done(['axe failed: ' + e]));";
    let found = client.execute_async(run, vec![]).await.unwrap();
    Some(serde_json::from_value(found).unwrap())
}

/// Fails on any serious or critical accessibility violation of the current page (see
/// [`axe_violations`]); without axe-core, says the check was skipped (or fails, where required).
pub async fn accessible(client: &Client, page: &str) {
    match axe_violations(client).await {
        Some(violations) => assert!(violations.is_empty(), "{page}: {violations:#?}"),
        None => skip(&format!(
            "{page}: axe-core is not installed under target/axe (or BALCAO_AXE_DIR)"
        )),
    }
}
