//! `partnerkit serve`, started in process on a free port against a temporary copy of
//! `tests/fixtures/serve-site/`: pages are served, edits reload open pages over the WebSocket,
//! a broken page keeps the last good site and shows the errors (in headless Chromium too),
//! a burst of edits ends equal to a clean build, and nothing outside the output is served.

use crate::browser;
use crate::fixture;

use futures_util::StreamExt;
use partnerkit::serve::{self, ServeOptions, Server};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;

const FIRST: &str = "content/guide/first.md";
/// Generous: a rebuild takes milliseconds, but CI machines stall.
const PATIENCE: Duration = Duration::from_secs(20);

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The fixture, served with its output in a subfolder of the same temporary folder.
async fn start(poll: bool) -> (fixture::Site, Server) {
    let site = fixture::copy("serve-site");
    let server = serve::start(ServeOptions {
        root: site.root.clone(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        base_path: None,
        base_url: None,
        output_dir: Some(site.out.clone()),
        poll,
        drafts: false,
        allowed_hosts: Vec::new(),
    })
    .await
    .expect("serve starts");
    (site, server)
}

/// A raw HTTP/1.1 GET (no client library: traversal paths must reach the server as written).
async fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(String::from)
        })
        .unwrap_or_default();
    (status, content_type, body.to_string())
}

async fn connect(server: &Server) -> Socket {
    let url = format!("{}__livereload", server.url.replacen("http", "ws", 1));
    tokio_tungstenite::connect_async(url.as_str())
        .await
        .expect("the live-reload socket accepts")
        .0
}

/// The next live-reload message, as JSON.
async fn next_message(socket: &mut Socket) -> serde_json::Value {
    loop {
        let message = tokio::time::timeout(PATIENCE, socket.next())
            .await
            .expect("a live-reload message in time")
            .expect("the socket stays open")
            .expect("a WebSocket message");
        if let Message::Text(text) = message {
            return serde_json::from_str(&text).expect("JSON message");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn serves_a_page_and_reloads_it_after_an_edit() {
    let (site, server) = start(false).await;
    let (status, content_type, body) = get(server.addr, "/toolkit/guide/first/").await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(body.contains("The original first text."));
    assert!(
        body.contains("/toolkit/__livereload.js"),
        "reload script injected"
    );
    let mut socket = connect(&server).await;
    site.edit(FIRST, "The original first text.", "The edited first text.");
    assert_eq!(next_message(&mut socket).await["type"], "reload");
    let (_, _, body) = get(server.addr, "/toolkit/guide/first/").await;
    assert!(body.contains("The edited first text."), "{body}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn poll_watcher_sees_edits_too() {
    let (site, server) = start(true).await;
    let mut socket = connect(&server).await;
    site.edit(
        "content/guide/second.md",
        "original second",
        "polled second",
    );
    assert_eq!(next_message(&mut socket).await["type"], "reload");
    let (_, _, body) = get(server.addr, "/toolkit/guide/second/").await;
    assert!(body.contains("The polled second text."));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn broken_front_matter_keeps_the_last_good_page_until_fixed() {
    let (site, server) = start(false).await;
    let mut socket = connect(&server).await;
    site.edit(FIRST, "title: First steps", "title: [First steps");
    let message = next_message(&mut socket).await;
    assert_eq!(message["type"], "errors", "{message}");
    let error = &message["errors"][0];
    assert_eq!(error["file"], FIRST, "{message}");
    assert_eq!(error["line"], 2, "{message}");
    let (status, _, body) = get(server.addr, "/toolkit/guide/first/").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("<title>First steps"),
        "last good page still served"
    );
    // A page opened while the site is broken is told at once.
    let mut late = connect(&server).await;
    assert_eq!(next_message(&mut late).await["type"], "errors");
    site.edit(FIRST, "title: [First steps", "title: First steps, fixed");
    assert_eq!(next_message(&mut socket).await["type"], "reload");
    let (_, _, body) = get(server.addr, "/toolkit/guide/first/").await;
    assert!(body.contains("First steps, fixed"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_page_stays_an_error_while_another_is_edited() {
    let (site, server) = start(false).await;
    let mut socket = connect(&server).await;
    site.edit(FIRST, "title: First steps", "title: [First steps");
    assert_eq!(next_message(&mut socket).await["type"], "errors");
    site.edit("content/guide/second.md", "original second", "other second");
    let message = next_message(&mut socket).await;
    assert_eq!(
        message["type"], "errors",
        "a clean build would still fail: {message}"
    );
    assert_eq!(message["errors"][0]["file"], FIRST);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_quick_edits_end_equal_to_a_clean_build() {
    let (site, server) = start(false).await;
    // Mixed edits in a burst (body edits are incremental, front matter edits full builds),
    // then body edits far enough apart to be rebuilt one by one, incrementally.
    for n in 0..200 {
        let kind = if n < 180 { n % 4 } else { n % 2 };
        let (path, text) = match kind {
            0 => (FIRST, format!("---\ntitle: First steps\nweight: 1\ntags: [start]\n---\n## Meeting partners\n\nEdit {n}.\n\nSee [the next page](second.md#keeping-in-touch).\n")),
            1 => ("content/guide/second.md", format!("---\ntitle: Second steps\nweight: 2\n---\n## Keeping in touch\n\nEdit {n}.\n")),
            2 => (FIRST, format!("---\ntitle: First steps {n}\nweight: 1\ntags: [start, edit]\n---\n## Meeting partners\n\nText {n}.\n")),
            _ => ("content/guide/_index.md", format!("---\ntitle: Guide\n---\nThe guide, edit {n}.\n")),
        };
        site.write(path, text);
        let pause = if n < 180 { 3 } else { 60 };
        tokio::time::sleep(Duration::from_millis(pause)).await;
    }
    let clean_dir = site.root.parent().unwrap().join("clean");
    let clean = partnerkit::BuildOptions {
        root: site.root.clone(),
        output_dir: Some(clean_dir.clone()),
        base_url: Some(server.url.clone()),
        drafts: false,
    };
    partnerkit::build(&clean).expect("the final sources build");
    let expected = fixture::tree(&clean_dir);
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut served = live_tree(&server.output);
    while served != expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(250)).await;
        served = live_tree(&server.output);
    }
    let differing: Vec<&String> = expected
        .keys()
        .chain(served.keys())
        .filter(|path| expected.get(*path) != served.get(*path))
        .collect();
    assert!(
        differing.is_empty(),
        "served output differs from a clean build: {differing:?}"
    );
    let (status, _, body) = get(server.addr, "/toolkit/guide/first/").await;
    assert_eq!(status, 200, "still serving");
    assert!(body.contains("Edit 198."));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn traversal_gets_404_and_missing_pages_get_the_sites_404_page() {
    let (_site, server) = start(false).await;
    for path in [
        "/toolkit/../config.yaml",
        "/toolkit/%2e%2e/config.yaml",
        "/toolkit/%2E%2E/%2E%2E/Cargo.toml",
        "/toolkit/%2e%2e%2fconfig.yaml",
        "/toolkit/guide/..%2f..%2f..%2fsite/config.yaml",
        "/toolkit/..%5cconfig.yaml",
        "/../site/config.yaml",
        "/toolkit/guide/%2e%2e/%2e%2e/%2e%2e/site/content/guide/first.md",
    ] {
        let (status, _, body) = get(server.addr, path).await;
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url"), "{path} leaked config.yaml");
        assert!(!body.contains("weight: 1"), "{path} leaked a source file");
    }
    let (status, content_type, body) = get(server.addr, "/toolkit/no-such-page/").await;
    assert_eq!(status, 404);
    assert!(content_type.starts_with("text/html"));
    let site_404 = std::fs::read_to_string(server.output.join("404.html")).unwrap();
    let title = site_404
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(body.contains(title), "the site's own 404.html is served");
    server.stop().await;
}

/// The status and `Location` header of a GET.
async fn redirect_of(addr: SocketAddr, path: &str) -> (u16, Option<String>) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let location = head.lines().find_map(|line| {
        let (name, value) = line.split_once(": ")?;
        name.eq_ignore_ascii_case("location")
            .then(|| value.to_string())
    });
    (status, location)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_root_redirects_to_the_base_path() {
    let (_site, server) = start(false).await;
    assert_eq!(
        redirect_of(server.addr, "/").await,
        (302, Some("/toolkit/".to_string()))
    );
    assert_eq!(
        redirect_of(server.addr, "/toolkit").await,
        (301, Some("/toolkit/".to_string()))
    );
    let (status, _, body) = get(server.addr, "/toolkit/").await;
    assert_eq!(status, 200);
    assert!(body.contains("/toolkit/guide/"), "{body}");
    // Anything else outside the base path is still "not found".
    assert_eq!(redirect_of(server.addr, "/guide/").await, (404, None));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn base_url_sets_the_links_and_the_served_path() {
    let site = fixture::copy("serve-site");
    let server = serve::start(ServeOptions {
        root: site.root.clone(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        base_path: None,
        base_url: Some("http://192.168.1.20:1111/preview".into()),
        output_dir: Some(site.out.clone()),
        poll: false,
        drafts: false,
        allowed_hosts: Vec::new(),
    })
    .await
    .expect("serve starts");
    assert_eq!(server.url, "http://192.168.1.20:1111/preview/");
    assert_eq!(
        redirect_of(server.addr, "/").await,
        (302, Some("/preview/".to_string()))
    );
    let (status, _, body) = get(server.addr, "/preview/guide/first/").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("href=\"http://192.168.1.20:1111/preview/guide/first/\""),
        "the canonical link uses the base URL: {body}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn content_types_include_wasm() {
    let (_site, server) = start(false).await;
    let (status, content_type, _) = get(server.addr, "/toolkit/files/tiny.wasm").await;
    assert_eq!((status, content_type.as_str()), (200, "application/wasm"));
    let (_, content_type, _) = get(server.addr, "/toolkit/pagefind/pagefind.js").await;
    assert!(
        content_type.starts_with("text/javascript"),
        "{content_type}"
    );
    let (_, content_type, _) = get(server.addr, "/toolkit/sitemap.xml").await;
    assert!(content_type.contains("xml"), "{content_type}");
    server.stop().await;
}

#[test]
fn the_command_binds_to_localhost_by_default() {
    use std::io::{BufRead, BufReader};
    let site = fixture::copy("serve-site");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_partnerkit"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site.root)
        .arg("--output-dir")
        .arg(&site.out)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("partnerkit serve starts");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let serving = stdout
        .lines()
        .map_while(Result::ok)
        .find(|l| l.starts_with("Serving "));
    let _ = child.kill();
    let _ = child.wait();
    let serving = serving.expect("a Serving line");
    assert!(
        serving.starts_with("Serving http://127.0.0.1:"),
        "{serving}"
    );
    assert!(serving.contains("/toolkit/ from"), "{serving}");
}

/// Serves the fixture and opens its first guide page in a new Chromium.
async fn open_first_page() -> (fixture::Site, Server, browser::Browser) {
    let (site, server) = start(false).await;
    let chromium = browser::Browser::start().await.expect("Chromium starts");
    chromium
        .goto(&format!("{}guide/first/", server.url))
        .await
        .unwrap();
    (site, server, chromium)
}

#[tokio::test(flavor = "multi_thread")]
async fn error_overlay_appears_in_the_page_and_goes_after_the_fix() {
    if !browser::chromium_available("error_overlay_appears_in_the_page_and_goes_after_the_fix") {
        return;
    }
    let (site, server, chromium) = open_first_page().await;
    // Wait until the reload script's socket is open, so the next message reaches the page.
    wait_until(
        &chromium,
        "performance.getEntriesByType('resource').some(e => e.name.endsWith('__livereload.js'))",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    site.edit(FIRST, "title: First steps", "title: [First steps");
    let overlay = chromium
        .wait_for("#partnerkit-build-errors", PATIENCE)
        .await
        .expect("the error overlay appears");
    let text = overlay.text().await.unwrap();
    assert!(text.contains("content/guide/first.md:2"), "{text}");
    assert!(text.contains("title"), "{text}");
    let heading = chromium.text_of("h1").await.unwrap();
    assert!(
        heading.contains("First steps"),
        "the last good page stays: {heading}"
    );
    site.edit(FIRST, "title: [First steps", "title: First steps, fixed");
    wait_until(&chromium, "!document.getElementById('partnerkit-build-errors') && document.querySelector('h1')?.textContent.includes('fixed')").await;
    chromium.close().await.unwrap();
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_preview_installs_no_offline_worker() {
    if !browser::chromium_available("the_preview_installs_no_offline_worker") {
        return;
    }
    let (_site, server, chromium) = open_first_page().await;
    // The page names a worker (offline use is on), and site.js has run.
    wait_until(
        &chromium,
        "document.body.dataset.sw && document.querySelector('script[data-live-reload]') \
         && performance.getEntriesByType('resource').some(e => e.name.includes('/js/site.'))",
    )
    .await;
    // Registering takes a moment; give it one before looking.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let registrations = chromium
        .execute_async(
            "const done = arguments[0]; navigator.serviceWorker.getRegistrations().then((all) => done(all.length));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        registrations,
        serde_json::json!(0),
        "a service worker was installed in the preview"
    );
    // The "save for offline use" page says why it cannot save here, instead of waiting.
    chromium
        .goto(&format!("{}offline/", server.url))
        .await
        .unwrap();
    wait_until(
        &chromium,
        "document.querySelector('.js-offline-size')?.textContent.includes('not in the preview')",
    )
    .await;
    chromium.close().await.unwrap();
    server.stop().await;
}

/// Every file under `dir` with its bytes, skipping files that a rebuild removes while it is
/// read (the server is live; a later look sees the settled folder).
fn live_tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .into_owned();
            Some((rel, std::fs::read(e.path()).ok()?))
        })
        .collect()
}

/// Polls a JavaScript condition in the page until it holds.
async fn wait_until(chromium: &browser::Browser, condition: &str) {
    let deadline = Instant::now() + PATIENCE;
    let script = format!("return Boolean({condition});");
    loop {
        let holds = chromium.execute(&script, vec![]).await.ok();
        if holds == Some(serde_json::Value::Bool(true)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for: {condition}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
