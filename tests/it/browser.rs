//! The form in a real browser (headless Chromium through chromedriver's WebDriver protocol, spoken
//! with the plain HTTP client of `serve`): a wrong figure in table 三 gets its T3-IDENT message
//! beside the cell, fixing it removes the message, the preview shows the new figure and saving
//! writes the file.
//!
//! Skipped with a message where `chromium` or `chromedriver` is missing, unless `CI` is set.
//! `XXGK_UPDATE_SCREENSHOT=1` writes the book's screenshot (`book/src/images/form.png`).

use super::serve::{folder, request, start};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            request(self.port, "DELETE", &format!("/session/{}", self.session), &[], b"");
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(chromedriver: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let mut driver = Driver { child, port, session: String::new() };
        let ready = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(ready.elapsed() < Duration::from_secs(20), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({ "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": {
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900", "--lang=zh-CN",
                     "--disable-dev-shm-usage"] } } } });
        let reply = driver.call("POST", "/session", Some(caps));
        driver.session = reply["sessionId"].as_str().expect("a session").to_string();
        driver
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let headers = [("Content-Type", "application/json")];
        let reply = request(self.port, method, path, &headers, body.as_bytes());
        let value = reply.json();
        assert_eq!(reply.status, 200, "{method} {path}: {value}");
        value["value"].clone()
    }

    fn session(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn find(&self, css: &str) -> String {
        let v = self.session("POST", "/element", Some(json!({ "using": "css selector", "value": css })));
        v[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css}")).to_string()
    }

    fn script(&self, script: &str) -> Value {
        self.session("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    /// Waits until a script returns true.
    fn until(&self, what: &str, script: &str) {
        let start = Instant::now();
        while self.script(script) != json!(true) {
            assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting: {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Focuses an input and types, as a clerk does (focus selects, typing replaces).
    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.session("POST", &format!("/element/{e}/click"), Some(json!({})));
        self.session("POST", &format!("/element/{e}/value"), Some(json!({ "text": text })));
    }
}

fn cell(id: &str) -> String {
    format!("td[data-field=\"{id}\"]")
}

#[test]
fn the_form_checks_previews_and_saves_in_a_browser() {
    let (Some(_), Some(chromedriver)) = (on_path("chromium"), on_path("chromedriver")) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI 环境必须安装 chromium 和 chromedriver（chromium-driver）"
        );
        eprintln!(
            "跳过浏览器测试：未找到 chromium 或 chromedriver（Debian：apt install chromium chromium-driver）"
        );
        return;
    };
    let dir = folder();
    let port = start(dir.path());
    let driver = Driver::start(&chromedriver);
    let url = format!("http://127.0.0.1:{port}/edit?file=county-2021.yaml");
    driver.session("POST", "/url", Some(json!({ "url": url })));
    driver
        .until("the first check", "return document.getElementById('status').textContent.startsWith('通过')");

    let path = dir.path().join("county-2021.yaml");
    let (_, mut expected) = xxgk::load_file(&path).unwrap();
    let new_id = "申请.本年新收.0";
    let out_id = "申请.结转下年度.0";
    let out_row = expected.requests.rows.iter().position(|r| r.def.key == "结转下年度").unwrap();
    let new = expected.requests.rows[0].values[0].value;
    let out = expected.requests.rows[out_row].values[0].value;

    // A wrong figure: T3-IDENT beside the cell, the cell marked, the list names it.
    driver.type_into(&format!("{} input", cell(new_id)), &(new + 7).to_string());
    let msg = format!("document.querySelector('{} .cellmsg').textContent", cell(new_id).replace('"', "\\\""));
    driver.until("T3-IDENT beside the cell", &format!("return {msg}.includes('T3-IDENT')"));
    assert_eq!(
        driver.script(&format!(
            "return document.querySelector('{} input').className",
            cell(new_id).replace('"', "\\\"")
        )),
        json!("error")
    );
    driver.until(
        "the finding in the list",
        "return document.getElementById('findings').textContent.includes('T3-IDENT')",
    );
    driver.script(&format!(
        "document.querySelector('{}').scrollIntoView({{block: 'center'}}); return 0",
        cell(new_id).replace('"', "\\\"")
    ));
    let shot = driver.session("GET", "/screenshot", None);
    let png = base64(shot.as_str().unwrap());
    assert!(png.starts_with(b"\x89PNG"));
    let shot_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("form.png");
    std::fs::write(&shot_path, &png).unwrap();
    if std::env::var_os("XXGK_UPDATE_SCREENSHOT").is_some() {
        std::fs::write(Path::new(env!("CARGO_MANIFEST_DIR")).join("book/src/images/form.png"), &png).unwrap();
    }

    // Fixed (the carry-over to next year was missing the seven): the message goes.
    driver.type_into(&format!("{} input", cell(out_id)), &(out + 7).to_string());
    driver.until("the message gone", &format!("return !{msg}.includes('T3-IDENT') && document.getElementById('status').textContent.startsWith('通过')"));

    // The preview shows the new figure.
    let frame = driver.find("#preview");
    driver.session("POST", "/frame", Some(json!({ "id": { ELEMENT: frame } })));
    let body = driver.find("body");
    let text = driver.session("GET", &format!("/element/{body}/text"), None);
    assert!(text.as_str().unwrap().contains(&(new + 7).to_string()), "{text}");
    driver.session("POST", "/frame/parent", Some(json!({})));

    // Saved: the file on disk is the example with the two figures, in init's layout.
    driver.session("POST", &format!("/element/{}/click", driver.find("#save")), Some(json!({})));
    driver.until("saved", "return document.getElementById('note').textContent.startsWith('已保存')");
    expected.requests.rows[0].values[0].value = new + 7;
    expected.requests.rows[out_row].values[0].value = out + 7;
    expected.requests.given_total = None;
    expected.requests.rows.iter_mut().for_each(|r| r.given_total = None);
    expected.appeals.groups.iter_mut().for_each(|g| g.given_total = None);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), xxgk::datafile::write(&expected));
    let _ = request(port, "GET", "/", &[], b"");
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text.bytes().filter(|c| !matches!(c, b'=' | b'\n' | b'\r')).map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &d)| acc | (u32::from(d) << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}
