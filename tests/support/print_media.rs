//! Print media emulation for browser tests, through chromedriver's Chrome DevTools Protocol
//! endpoint, so a test can ask the page what a printed sheet shows (what is laid out, how tall
//! a box is) rather than only read the PDF's text.
//!
//! Include it next to `support/browser.rs` with `#[path = "support/print_media.rs"] mod print_media;`.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use anyhow::{Context, Result};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::json;

#[derive(Debug)]
struct EmulateMedia(&'static str);

impl WebDriverCompatibleCommand for EmulateMedia {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "media": self.0 } });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// Lays the page out (this one and later ones) as for print (`true`) or for the screen.
pub async fn emulate_print(client: &Client, print: bool) -> Result<()> {
    let media = if print { "print" } else { "" };
    client
        .issue_cmd(EmulateMedia(media))
        .await
        .context("DevTools command Emulation.setEmulatedMedia")?;
    Ok(())
}
