//! The dev server answers only its owner: a request naming another host (DNS rebinding) and a
//! live-reload WebSocket opened by a page of another origin get 403, and the site is built into
//! a private temporary folder with an unpredictable name, removed when the server stops.

use crate::fixture;

use partnerkit::serve::{self, ServeOptions, Server};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Serves the `serve-site` fixture into its own temporary folder, allowing `allowed_hosts`.
async fn start(allowed_hosts: &[&str]) -> (fixture::Site, Server) {
    start_at(allowed_hosts, None).await
}

/// Like [`start`], previewed at `base_url` (`serve --base-url`).
async fn start_at(allowed_hosts: &[&str], base_url: Option<&str>) -> (fixture::Site, Server) {
    let site = fixture::copy("serve-site");
    let server = serve::start(ServeOptions {
        root: site.root.clone(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        base_path: None,
        base_url: base_url.map(str::to_string),
        output_dir: None,
        poll: false,
        drafts: false,
        allowed_hosts: allowed_hosts.iter().map(|h| h.to_string()).collect(),
    })
    .await
    .expect("serve starts");
    (site, server)
}

/// The status code of a raw HTTP/1.1 request for `path` with `headers` (each `Name: value`).
async fn status_of(addr: SocketAddr, path: &str, headers: &[String]) -> u16 {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let mut request = format!("GET {path} HTTP/1.1\r\n");
    if !headers.iter().any(|h| h.starts_with("Connection:")) {
        request.push_str("Connection: close\r\n");
    }
    for header in headers {
        request.push_str(header);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    // A WebSocket upgrade keeps the connection open: read only up to the end of the head.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).await.expect("read") == 1 {
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head);
    text.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"))
}

fn host(value: &str) -> String {
    format!("Host: {value}")
}

/// The headers of a browser's WebSocket handshake for the live-reload socket from `origin`.
fn websocket_from(addr: SocketAddr, origin: &str) -> Vec<String> {
    vec![
        host(&addr.to_string()),
        "Upgrade: websocket".into(),
        "Connection: Upgrade".into(),
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==".into(),
        "Sec-WebSocket-Version: 13".into(),
        format!("Origin: {origin}"),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn a_foreign_host_is_refused_and_the_owners_addresses_are_served() {
    let (_site, server) = start(&["preview.test"]).await;
    let (addr, port) = (server.addr, server.addr.port());
    let page = "/toolkit/guide/first/";
    for allowed in [
        addr.to_string(),
        format!("localhost:{port}"),
        format!("preview.test:{port}"),
    ] {
        assert_eq!(
            status_of(addr, page, &[host(&allowed)]).await,
            200,
            "{allowed}"
        );
    }
    for foreign in [
        format!("attacker.example:{port}"),
        format!("localhost.attacker.example:{port}"),
        "localhost:1".to_string(),
    ] {
        assert_eq!(
            status_of(addr, page, &[host(&foreign)]).await,
            403,
            "{foreign}"
        );
    }
    assert_eq!(
        status_of(addr, page, &[]).await,
        403,
        "a request without Host"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_previews_own_pages_may_open_the_live_reload_socket() {
    let (_site, server) = start(&[]).await;
    let addr = server.addr;
    let socket = "/toolkit/__livereload";
    let own = format!("http://{addr}");
    let foreign = format!("http://attacker.example:{}", addr.port());
    assert_eq!(
        status_of(addr, socket, &websocket_from(addr, &own)).await,
        101
    );
    assert_eq!(
        status_of(addr, socket, &websocket_from(addr, &foreign)).await,
        403
    );
    assert_eq!(
        status_of(addr, socket, &websocket_from(addr, "null")).await,
        403
    );
    server.stop().await;
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn the_serve_folder_is_private_unpredictable_and_removed_on_stop() {
    use std::os::unix::fs::PermissionsExt;
    let (_site, server) = start(&[]).await;
    let folder = server
        .output
        .parent()
        .expect("the site sits in a folder")
        .to_path_buf();
    let mode = std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{} is open to others", folder.display());
    let predictable = format!(
        "partnerkit-serve-{}-{}",
        std::process::id(),
        server.addr.port()
    );
    assert_ne!(
        folder.file_name().unwrap().to_str(),
        Some(predictable.as_str())
    );
    assert!(server.output.join("index.html").is_file());
    server.stop().await;
    assert!(!folder.exists(), "{} is left behind", folder.display());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_host_of_serves_base_url_is_allowed_without_allow_host() {
    let (_site, server) = start_at(&[], Some("http://preview.local:1111/toolkit/")).await;
    let port = server.addr.port();
    let page = "/toolkit/guide/first/";
    let named = status_of(server.addr, page, &[host(&format!("preview.local:{port}"))]).await;
    let other = status_of(server.addr, page, &[host(&format!("other.local:{port}"))]).await;
    server.stop().await;
    assert_eq!(
        named, 200,
        "the --base-url host is the reader's own address"
    );
    assert_eq!(other, 403, "a host no flag names is still refused");
}
