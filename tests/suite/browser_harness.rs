//! Proves the browser-test harness itself works: `SiteServer` serves a hand-written page under
//! `/toolkit/` and `Browser` drives headless Chromium against it.

use crate::browser;
use crate::site_server;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use browser::{chromium_available, find_browser, Browser, Key};
use serde_json::json;
use site_server::SiteServer;

const INDEX_HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harness page</title>
  <link rel="stylesheet" href="style.css">
  <script src="app.js" defer></script>
</head>
<body>
  <p id="status">loading</p>
  <label>Name <input id="name" autocomplete="off"></label>
  <p id="echo"></p>
  <p id="submitted"></p>
</body>
</html>
"#;

const APP_JS: &str = r#"
const status = document.getElementById('status');
fetch('data.json')
  .then((response) => response.json())
  .then((data) => {
    status.textContent = 'ready: ' + data.greeting;
    status.dataset.ready = 'yes';
  });
const input = document.getElementById('name');
input.addEventListener('input', () => {
  document.getElementById('echo').textContent = input.value.toUpperCase();
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    document.getElementById('submitted').textContent = 'submitted ' + input.value;
  }
});
"#;

/// Writes the tiny test site into a fresh temp dir.
fn write_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("create temp dir");
    let files = [
        ("index.html", INDEX_HTML),
        ("app.js", APP_JS),
        ("style.css", "body { font-family: sans-serif; }\n"),
        ("data.json", r#"{"greeting": "hello from data.json"}"#),
        (
            "sub/index.html",
            "<!doctype html><title>Sub</title><p>sub page</p>\n",
        ),
    ];
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// A bare HTTP/1.1 GET; returns the status code, the `Location` header and the body.
fn http_get(server: &SiteServer, path: &str) -> std::io::Result<(u16, Option<String>, String)> {
    let mut stream = TcpStream::connect(server.addr())?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr()
    )?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw)?;
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let location = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("location")
            .then(|| value.trim().to_string())
    });
    Ok((status, location, body.to_string()))
}

#[test]
fn find_browser_returns_none_for_bogus_paths() {
    let bogus_chromium = vec![PathBuf::from("/nonexistent/partnerkit/chromium")];
    let bogus_driver = vec![PathBuf::from("/nonexistent/partnerkit/chromedriver")];
    assert_eq!(find_browser(&bogus_chromium, &bogus_driver), None);

    // Real executables are found, first match wins; a missing driver or a
    // non-executable file still means "no browser".
    let dir = tempfile::tempdir().unwrap();
    let exe = |name: &str, mode: u32| -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.path().join(name);
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    };
    let chromium = exe("chromium", 0o755);
    let driver = exe("chromedriver", 0o755);
    let not_executable = exe("chromedriver-noexec", 0o644);
    let found = find_browser(
        &[bogus_chromium[0].clone(), chromium.clone()],
        std::slice::from_ref(&driver),
    )
    .expect("fake executables should be found");
    assert_eq!(found.chromium, chromium);
    assert_eq!(found.chromedriver, driver);
    assert_eq!(
        find_browser(std::slice::from_ref(&chromium), &bogus_driver),
        None
    );
    assert_eq!(find_browser(&[chromium], &[not_executable]), None);
    assert_eq!(find_browser(&[dir.path().to_path_buf()], &[driver]), None);

    // Without the override variable, the Debian path comes first.
    let candidates = browser::candidates(
        "PARTNERKIT_TEST_UNSET_VARIABLE",
        "/usr/bin/chromium",
        "chromium",
    );
    assert_eq!(candidates[0], Path::new("/usr/bin/chromium"));
}

#[test]
fn site_server_serves_only_under_its_mount_and_records_requests() {
    let site = write_site();
    let mut server = SiteServer::start(site.path(), "toolkit").unwrap();
    assert_eq!(server.mount(), "/toolkit/");
    assert_eq!(
        server.url("/data.json"),
        format!("http://{}/toolkit/data.json", server.addr())
    );

    let (status, _, body) = http_get(&server, "/toolkit/").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("<title>Harness page</title>"), "{body}");
    let (status, _, body) = http_get(&server, "/toolkit/data.json?v=1").unwrap();
    assert_eq!(
        (status, body.as_str()),
        (200, r#"{"greeting": "hello from data.json"}"#)
    );
    assert_eq!(http_get(&server, "/toolkit/missing.html").unwrap().0, 404);
    assert_eq!(http_get(&server, "/index.html").unwrap().0, 404);
    assert_eq!(http_get(&server, "/").unwrap().0, 404);
    assert_eq!(http_get(&server, "/toolkitx/index.html").unwrap().0, 404);
    // Like GitHub Pages: the slash-less forms redirect, keeping the mount.
    let (status, location, _) = http_get(&server, "/toolkit").unwrap();
    assert_eq!((status, location.as_deref()), (301, Some("/toolkit/")));
    let (status, location, _) = http_get(&server, "/toolkit/sub").unwrap();
    assert!((300..400).contains(&status), "status {status}");
    assert_eq!(location.as_deref(), Some("/toolkit/sub/"));
    let (status, _, body) = http_get(&server, "/toolkit/sub/").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("sub page"), "{body}");

    assert_eq!(
        server.requests(),
        [
            "/toolkit/",
            "/toolkit/data.json",
            "/toolkit/missing.html",
            "/index.html",
            "/",
            "/toolkitx/index.html",
            "/toolkit",
            "/toolkit/sub",
            "/toolkit/sub/",
        ]
    );
    server.clear_requests();
    assert!(server.requests().is_empty());

    server.stop();
    assert!(
        http_get(&server, "/toolkit/").is_err(),
        "a stopped server must refuse connections"
    );
}

#[tokio::test]
async fn browser_loads_page_reads_js_text_and_types_keys() {
    if !chromium_available("browser_loads_page_reads_js_text_and_types_keys") {
        return;
    }
    let site = write_site();
    let server = SiteServer::start(site.path(), "/toolkit/").unwrap();
    let browser = Browser::start().await.unwrap();

    // The slash-less project URL redirects to the mounted site, as on GitHub Pages.
    browser
        .goto(server.url("").trim_end_matches('/'))
        .await
        .unwrap();
    assert_eq!(browser.current_url().await.unwrap(), server.url(""));
    let title = browser
        .execute("return document.title;", vec![])
        .await
        .unwrap();
    assert_eq!(title, json!("Harness page"));

    // Text set by the page's script after fetching a sibling file under the sub-path.
    browser
        .wait_for("#status[data-ready]", Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(
        browser.text_of("#status").await.unwrap(),
        "ready: hello from data.json"
    );

    // Typing fires `input` events; Enter on the focused input fires its keydown handler.
    assert_eq!(browser.text_of("#echo").await.unwrap(), "");
    browser.type_into("#name", "abc").await.unwrap();
    assert_eq!(browser.text_of("#echo").await.unwrap(), "ABC");
    browser.press("de").await.unwrap();
    browser.press(&Key::Enter.to_string()).await.unwrap();
    assert_eq!(browser.text_of("#echo").await.unwrap(), "ABCDE");
    assert_eq!(
        browser.text_of("#submitted").await.unwrap(),
        "submitted abcde"
    );

    // Everything came from the test server's own origin, under the mount.
    assert_eq!(browser.resource_hosts().await.unwrap(), [server.origin()]);
    let served = server.requests();
    for path in [
        "/toolkit",
        "/toolkit/",
        "/toolkit/app.js",
        "/toolkit/style.css",
        "/toolkit/data.json",
    ] {
        assert!(served.iter().any(|p| p == path), "{path} not in {served:?}");
    }
    browser.close().await.unwrap();
}

#[tokio::test]
async fn browser_reports_foreign_origins_resizes_and_screenshots() {
    if !chromium_available("browser_reports_foreign_origins_resizes_and_screenshots") {
        return;
    }
    let site = write_site();
    let server = SiteServer::start(site.path(), "/toolkit/").unwrap();
    let browser = Browser::start().await.unwrap();
    browser.goto(&server.url("index.html")).await.unwrap();
    assert_eq!(browser.resource_hosts().await.unwrap(), [server.origin()]);

    // A request to another origin (same loopback server, host name `localhost`) must show up.
    let other_origin = format!("http://localhost:{}", server.addr().port());
    let outcome = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0], { mode: 'no-cors' })
               .then(() => done('fetched'), (error) => done('failed: ' + error));",
            vec![json!(format!("{other_origin}/toolkit/data.json"))],
        )
        .await
        .unwrap();
    assert_eq!(outcome, json!("fetched"));
    assert_eq!(
        browser.resource_hosts().await.unwrap(),
        [server.origin(), other_origin]
    );

    browser.set_window_size(900, 700).await.unwrap();
    let width = browser
        .execute("return window.outerWidth;", vec![])
        .await
        .unwrap();
    assert_eq!(width, json!(900));

    let shot = site.path().join("shots/page.png");
    browser.screenshot(&shot).await.unwrap();
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let png_width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let expected = browser
        .execute(
            "return Math.round(window.innerWidth * window.devicePixelRatio);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(json!(png_width), expected);
    browser.close().await.unwrap();
}
