//! Who may talk to the dev server: only pages of the preview itself.
//!
//! A web page elsewhere can point a name it controls at 127.0.0.1 (DNS rebinding) and then
//! read the preview, drafts and the error stream included, as if it were its own site. Such a
//! request carries the foreign name in its `Host` header, and a WebSocket opened by a foreign
//! page carries that page's `Origin`; both are answered 403.
//!
//! Allowed hosts, always with the server's port: `localhost`, any IP address (a page can only
//! reach the server by its address if the browser connected to that address itself, which
//! rebinding cannot fake; this also lets a phone on the network open `--bind 0.0.0.0`), and
//! the names given with `--allow-host`. An `Origin` header, when there is one, must be
//! `http://` and an allowed host.

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;
use std::sync::Arc;

/// The hosts the server answers to.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    port: u16,
    names: Vec<String>,
}

impl AllowedHosts {
    /// `localhost`, IP addresses and `extra` names, on `port`.
    pub fn new(port: u16, extra: &[String]) -> Self {
        let names = std::iter::once("localhost".to_string())
            .chain(extra.iter().map(|name| name.trim().to_ascii_lowercase()))
            .collect();
        AllowedHosts { port, names }
    }

    /// Whether a `Host` value (`name:port`, `[v6]:port`) names this server.
    pub fn allows_host(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port.unwrap_or(80) != self.port {
            return false;
        }
        name.parse::<IpAddr>().is_ok() || self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// Whether an `Origin` value is a page of this server.
    pub fn allows_origin(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .is_some_and(|host| self.allows_host(host))
    }
}

/// `name:port` → (`name`, port); `[v6]:port` → (`v6`, port). `None` when malformed.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = match host.rfind(':') {
        Some(colon) if !host[colon..].contains(']') => (&host[..colon], Some(&host[colon + 1..])),
        _ => (host, None),
    };
    let port = match port {
        Some(digits) => Some(digits.parse().ok()?),
        None => None,
    };
    let inner = match name.strip_prefix('[') {
        Some(bracketed) => bracketed.strip_suffix(']')?,
        None => name,
    };
    let well_formed = !inner.is_empty() && !inner.contains(['[', ']', '/', '@']);
    well_formed.then_some((inner, port))
}

/// Answers 403 to any request whose `Host` or `Origin` is not this server's.
pub async fn check(
    State(allowed): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    let host_ok = host.is_some_and(|h| allowed.allows_host(h));
    let origin_ok = match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => origin.to_str().is_ok_and(|o| allowed.allows_origin(o)),
    };
    if host_ok && origin_ok {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "This preview answers only to pages opened at its own address (localhost, \
         127.0.0.1 or another IP address of this computer). To open it under another name, \
         start it with `partnerkit serve --allow-host NAME`.\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_checked_with_their_port() {
        let allowed = AllowedHosts::new(1111, &["Preview.Example".to_string()]);
        for host in [
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "192.168.1.5:1111",
            "preview.example:1111",
        ] {
            assert!(allowed.allows_host(host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "localhost:2222",
            "localhost",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "[::1:1111",
            "user@localhost:1111",
            "",
            ":1111",
        ] {
            assert!(!allowed.allows_host(host), "{host}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_host_or_origin_is_judged_without_panicking(value in "(\\PC|[\\[\\]:@/.]){0,60}") {
            let allowed = AllowedHosts::new(1111, &["preview.test".to_string()]);
            let _ = allowed.allows_host(&value);
            let _ = allowed.allows_origin(&value);
        }
    }

    #[test]
    fn origins_must_be_http_pages_of_an_allowed_host() {
        let allowed = AllowedHosts::new(1111, &[]);
        assert!(allowed.allows_origin("http://localhost:1111"));
        assert!(allowed.allows_origin("http://127.0.0.1:1111"));
        assert!(!allowed.allows_origin("http://evil.example:1111"));
        assert!(!allowed.allows_origin("https://localhost:1111"));
        assert!(!allowed.allows_origin("null"));
    }
}
