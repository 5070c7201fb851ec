//! `xxgk serve` over HTTP: every endpoint on a real socket, and the guards (Host, Origin, token,
//! paths, body size).

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use xxgk::serve::{Options, Server};

/// A reply: status, headers (lower-case names) and body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request on its own connection; `Host` is this server's unless given.
pub fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // A server may answer (413) before reading a large body and close.
    let _ = s.write_all(body);
    // Read to the end of the body its Content-Length gives (a server may keep the connection).
    s.set_read_timeout(Some(std::time::Duration::from_secs(120))).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok());
            if length.is_some_and(|n: usize| raw.len() >= split + 4 + n) {
                break;
            }
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a reply head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Reply { status, headers, body }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&raw[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 4 + size..];
    }
    out
}

/// A server on a free port over `path`, serving on its own thread; its port.
pub fn start(path: &Path) -> u16 {
    let server = Server::bind(&Options { path: path.to_path_buf(), port: 0, templates: None }).expect("bind");
    let port = server.url().split(':').nth(2).unwrap().split('/').next().unwrap().parse().unwrap();
    std::thread::spawn(move || server.run());
    port
}

/// The boot data of a page: the JSON in its `boot` script element.
pub fn boot(html: &str) -> Value {
    let start =
        html.find("type=\"application/json\">").expect("boot data") + "type=\"application/json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("boot JSON")
}

/// A folder with copies of the two examples.
pub fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["county-2021.yaml", "kaifu-2019.yaml"] {
        std::fs::copy(Path::new("examples").join(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn post(port: u16, token: &str, path: &str, body: &Value) -> Reply {
    let body = body.to_string();
    request(
        port,
        "POST",
        path,
        &[("X-XXGK-Token", token), ("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

fn open(port: u16, file: &str) -> Value {
    let page = request(port, "GET", &format!("/edit?file={file}"), &[], b"");
    assert_eq!(page.status, 200, "{}", page.text());
    boot(&page.text())
}

#[test]
fn the_folder_lists_its_files_and_creates_one() {
    let dir = folder();
    let port = start(dir.path());
    let list = request(port, "GET", "/", &[], b"");
    assert_eq!(list.status, 200);
    let b = boot(&list.text());
    assert_eq!(b["view"], "list");
    let files = b["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["name"], "county-2021.yaml");
    assert_eq!(files[0]["errors"], 0);
    let token = b["token"].as_str().unwrap();
    let created = post(port, token, "/api/new", &json!({ "agency": "某某县统计局", "year": 2024 }));
    assert_eq!(created.status, 200, "{}", created.text());
    let name = created.json()["file"].as_str().unwrap().to_string();
    let (_, report) = xxgk::load_file(&dir.path().join(&name)).unwrap();
    assert_eq!(report.agency.value, "某某县统计局");
    // Never over an existing one.
    let again = post(port, token, "/api/new", &json!({ "agency": "某某县统计局", "year": 2024 }));
    assert_eq!(again.status, 400);
}

#[test]
fn a_changed_cell_is_checked_saved_and_rendered() {
    let dir = folder();
    let port = start(dir.path());
    let b = open(port, "county-2021.yaml");
    assert_eq!(b["view"], "form");
    let token = b["token"].as_str().unwrap();
    let mut state = b["form"]["state"].clone();

    let r = post(port, token, "/api/check", &json!({ "state": state }));
    assert_eq!(r.status, 200, "{}", r.text());
    let r = r.json();
    assert_eq!((r["loaded"].as_bool(), r["errors"].as_u64()), (Some(true), Some(0)), "{r}");
    assert!(r["preview"]["html"].as_str().unwrap().contains("<table"));

    let cell = "申请.本年新收.0";
    let n: u64 = state["values"][cell].as_str().unwrap().parse().unwrap();
    state["values"][cell] = json!((n + 40).to_string());
    let r = post(port, token, "/api/check", &json!({ "state": state })).json();
    let ident: Vec<&Value> =
        r["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "T3-IDENT").collect();
    assert_eq!(ident.len(), 1, "{r}");
    assert_eq!(ident[0]["field"], cell);
    assert!(ident[0]["message"].as_str().unwrap().contains(&format!("本年新收({})", n + 40)));
    // The preview shows the figure as typed.
    assert!(r["preview"]["html"].as_str().unwrap().contains(&format!(">{}<", n + 40)));

    // Saved in init's layout: the CLI's check finds what the form found.
    let path = dir.path().join("county-2021.yaml");
    let before = std::fs::read_to_string(&path).unwrap();
    let saved = post(
        port,
        token,
        "/api/save",
        &json!({ "file": "county-2021.yaml", "state": state, "base": b["digest"] }),
    );
    assert_eq!(saved.status, 200, "{}", saved.text());
    let saved = saved.json();
    assert_eq!(std::fs::read_to_string(dir.path().join("county-2021.yaml.bak")).unwrap(), before);
    let (source, report) = xxgk::load_file(&path).unwrap();
    assert_eq!(source.text, xxgk::datafile::write(&report));
    let rules: Vec<String> = xxgk::check(&report, None).iter().map(|f| f.rule.to_string()).collect();
    let form_rules: Vec<String> =
        r["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect();
    assert_eq!(rules, form_rules);
    assert_eq!(report.requests.rows[0].values[0].value, n + 40);

    // A stale page may not overwrite a newer file without being told to.
    let stale = post(
        port,
        token,
        "/api/save",
        &json!({ "file": "county-2021.yaml", "state": state, "base": b["digest"] }),
    );
    assert_eq!(stale.status, 409);
    assert!(stale.json()["error"].as_str().unwrap().contains("已被其他程序修改"));
    let forced = json!({ "file": "county-2021.yaml", "state": state, "base": b["digest"], "force": true });
    assert_eq!(post(port, token, "/api/save", &forced).status, 200);
    let fresh = json!({ "file": "county-2021.yaml", "state": state, "base": saved["digest"] });
    assert_eq!(post(port, token, "/api/save", &fresh).status, 200);
}

#[test]
fn downloads_in_each_format() {
    let dir = folder();
    let port = start(dir.path());
    let b = open(port, "kaifu-2019.yaml");
    let token = b["token"].as_str().unwrap();
    let state = &b["form"]["state"];
    for (format, magic, mime) in [
        ("docx", &b"PK"[..], "wordprocessingml"),
        ("pdf", b"%PDF", "application/pdf"),
        ("md", "#".as_bytes(), "markdown"),
    ] {
        let r = post(
            port,
            token,
            "/api/download",
            &json!({ "file": "kaifu-2019.yaml", "state": state, "format": format }),
        );
        assert_eq!(r.status, 200, "{format}: {}", r.text());
        assert!(r.body.starts_with(magic), "{format}");
        assert!(r.header("content-type").unwrap().contains(mime));
        assert!(r.header("content-disposition").unwrap().contains(&format!(".{format}")));
    }
    let r = post(
        port,
        token,
        "/api/download",
        &json!({ "file": "kaifu-2019.yaml", "state": state, "format": "docx", "beside": true }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let written = r.json()["written"].as_str().unwrap().to_string();
    assert!(std::fs::read(dir.path().join(written)).unwrap().starts_with(b"PK"));
    let bad = post(
        port,
        token,
        "/api/download",
        &json!({ "file": "kaifu-2019.yaml", "state": state, "format": "exe" }),
    );
    assert_eq!(bad.status, 400);
}

#[test]
fn last_years_file_fills_the_carry_over_and_checks_across_years() {
    let dir = folder();
    let this_year = std::fs::read_to_string(dir.path().join("county-2021.yaml")).unwrap().replacen(
        "年度: 2021",
        "年度: 2022",
        1,
    );
    std::fs::write(dir.path().join("this.yaml"), this_year).unwrap();
    let port = start(dir.path());
    let b = open(port, "this.yaml");
    let token = b["token"].as_str().unwrap();
    let mut state = b["form"]["state"].clone();
    let (_, last) = xxgk::load_file(&dir.path().join("county-2021.yaml")).unwrap();
    let carried = last.requests.rows.iter().find(|r| r.def.kind == xxgk::model::RowKind::CarriedOut).unwrap();

    let r = post(port, token, "/api/last", &json!({ "last": "county-2021.yaml", "state": state }));
    assert_eq!(r.status, 200, "{}", r.text());
    let values = r.json()["values"].clone();
    let carry_in: Vec<(&String, &Value)> =
        values.as_object().unwrap().iter().filter(|(k, _)| k.starts_with("申请.")).collect();
    assert_eq!(carry_in.len(), 6);
    for (i, v) in carried.values.iter().enumerate() {
        assert!(
            carry_in
                .iter()
                .any(|(k, x)| k.ends_with(&format!(".{i}")) && x.as_str() == Some(&v.value.to_string()))
        );
    }
    // Cross-year rules run once last year's file is named: a wrong carry-over is flagged.
    let (id, _) = carry_in[0];
    state["values"][id] = json!("999");
    let r = post(port, token, "/api/check", &json!({ "state": state, "last": "county-2021.yaml" })).json();
    assert!(r["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "XY-CARRY"), "{r}");
    let r = post(port, token, "/api/check", &json!({ "state": state })).json();
    assert!(!r["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "XY-CARRY"));
}

#[test]
fn a_file_that_does_not_load_opens_as_text() {
    let dir = folder();
    std::fs::write(dir.path().join("broken.yaml"), "机关: 某局\n年度：2024\n申请: [\n").unwrap();
    let port = start(&dir.path().join("broken.yaml"));
    // A file given alone: the root leads to it.
    let root = request(port, "GET", "/", &[], b"");
    assert_eq!(root.status, 303);
    assert_eq!(root.header("location"), Some("/edit?file=broken.yaml"));
    let b = open(port, "broken.yaml");
    assert_eq!(b["view"], "text");
    assert!(b["text"].as_str().unwrap().starts_with("机关: 某局"));
    let findings = b["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(
        findings.iter().all(|f| f["line"].as_u64().is_some() && !f["message"].as_str().unwrap().is_empty())
    );
    // Fixed as text, it opens as the form.
    let token = b["token"].as_str().unwrap();
    let fixed = xxgk::init::data_file(2024, "某局");
    let r =
        post(port, token, "/api/save", &json!({ "file": "broken.yaml", "text": fixed, "base": b["digest"] }));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(open(port, "broken.yaml")["view"], "form");
}

#[test]
fn foreign_hosts_origins_tokens_paths_and_large_bodies_are_refused() {
    let dir = folder();
    let port = start(dir.path());
    let b = open(port, "county-2021.yaml");
    let token = b["token"].as_str().unwrap();
    let check = json!({ "state": b["form"]["state"] }).to_string();
    let json_ct = ("Content-Type", "application/json");

    // DNS rebinding: a foreign name for this address.
    assert_eq!(request(port, "GET", "/", &[("Host", "evil.example:80")], b"").status, 403);
    assert_eq!(request(port, "GET", "/", &[("Host", &format!("localhost:{port}"))], b"").status, 200);
    // Another page posting to the server.
    let from = [("X-XXGK-Token", token), json_ct, ("Origin", "http://evil.example")];
    assert_eq!(request(port, "POST", "/api/check", &from, check.as_bytes()).status, 403);
    let own = format!("http://127.0.0.1:{port}");
    let from = [("X-XXGK-Token", token), json_ct, ("Origin", own.as_str())];
    assert_eq!(request(port, "POST", "/api/check", &from, check.as_bytes()).status, 200);
    // No token, or a wrong one.
    assert_eq!(request(port, "POST", "/api/check", &[json_ct], check.as_bytes()).status, 403);
    assert_eq!(
        request(port, "POST", "/api/check", &[json_ct, ("X-XXGK-Token", "0")], check.as_bytes()).status,
        403
    );

    // Nothing outside the folder.
    for file in
        ["../county-2021.yaml", "%2Fetc%2Fpasswd", "..%2Fx.yaml", "C:%5Cx.yaml", "sub%2Fx.yaml", "x.txt"]
    {
        let r = request(port, "GET", &format!("/edit?file={file}"), &[], b"");
        assert_eq!(r.status, 403, "{file}");
    }
    let outside = dir.path().parent().unwrap().join("xxgk-serve-escape.yaml");
    let save = json!({ "file": "../xxgk-serve-escape.yaml", "text": "机关: x\n", "base": "" });
    assert_eq!(post(port, token, "/api/save", &save).status, 403);
    assert!(!outside.exists());
    let last = json!({ "last": "../../etc/passwd", "state": b["form"]["state"] });
    assert_eq!(post(port, token, "/api/last", &last).status, 403);
    #[cfg(unix)]
    {
        let target = tempfile::NamedTempFile::new().unwrap();
        std::os::unix::fs::symlink(target.path(), dir.path().join("link.yaml")).unwrap();
        assert_eq!(request(port, "GET", "/edit?file=link.yaml", &[], b"").status, 403);
    }

    // Bodies beyond the limit.
    let big = vec![b' '; xxgk::serve::MAX_BODY_BYTES + 1024];
    let r = request(port, "POST", "/api/check", &[("X-XXGK-Token", token), json_ct], &big);
    assert_eq!(r.status, 413);
}

#[test]
fn prose_is_data_in_the_page() {
    let dir = folder();
    let path = dir.path().join("county-2021.yaml");
    let text: Vec<String> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("机关:") {
                "机关: \"</script><script>alert(1)</script>某局\"".into()
            } else {
                l.into()
            }
        })
        .collect();
    std::fs::write(&path, text.join("\n")).unwrap();
    let port = start(dir.path());
    let page = request(port, "GET", "/edit?file=county-2021.yaml", &[], b"").text();
    assert!(!page.contains("</script><script>alert"), "the boot data must not close its element");
    assert_eq!(boot(&page)["form"]["state"]["values"]["机关"], "</script><script>alert(1)</script>某局");
    let csp = request(port, "GET", "/", &[], b"");
    assert!(csp.header("content-security-policy").unwrap().contains("default-src 'self'"));
}

/// The command prints the address, serves it, and stops on Ctrl+C (the terminal's SIGINT).
#[cfg(unix)]
#[test]
fn the_command_prints_its_address_and_stops_on_ctrl_c() {
    use std::io::BufRead;
    let dir = folder();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["serve", "--port", "0"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("填报页面：").unwrap_or_else(|| panic!("{line}"));
    let port: u16 = url.trim_start_matches("http://127.0.0.1:").trim_end_matches('/').parse().unwrap();
    assert_eq!(request(port, "GET", "/", &[], b"").status, 200);
    let stopped =
        std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(stopped.success());
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "still serving after Ctrl+C");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(130));
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "the port is released");
}
