//! Viewport size, colour scheme and print media emulation for browser tests, through
//! chromedriver's Chrome DevTools Protocol endpoint (`POST /session/{id}/goog/cdp/execute`).
//!
//! Print media lets a test ask the page what a printed sheet shows (what is laid out, how tall
//! a box is) rather than only read the PDF's text. Viewport and colour scheme stay in force
//! across navigations, so one browser can check every page at 320 px and at 1280 px, in light
//! and in dark mode, without restarting. Declared once, with every helper,
//! in `tests/suite/main.rs`.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use anyhow::{Context, Result};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

/// A colour scheme for `prefers-color-scheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    pub const BOTH: [Scheme; 2] = [Scheme::Light, Scheme::Dark];

    pub fn name(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }
}

/// One DevTools command, sent through chromedriver.
#[derive(Debug)]
struct CdpCommand {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

async fn cdp(client: &Client, method: &'static str, params: Value) -> Result<Value> {
    client
        .issue_cmd(CdpCommand { method, params })
        .await
        .with_context(|| format!("DevTools command {method}"))
}

/// Makes `prefers-color-scheme` match `scheme` on this and later pages.
pub async fn set_color_scheme(client: &Client, scheme: Scheme) -> Result<()> {
    let features = json!([{ "name": "prefers-color-scheme", "value": scheme.name() }]);
    cdp(
        client,
        "Emulation.setEmulatedMedia",
        json!({ "features": features }),
    )
    .await?;
    Ok(())
}

/// Sets the layout viewport to exactly `width` × `height` CSS pixels (scale 1, no scrollbars).
pub async fn set_viewport(client: &Client, width: u32, height: u32) -> Result<()> {
    let params =
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false });
    cdp(client, "Emulation.setDeviceMetricsOverride", params).await?;
    // Like a phone's overlay scrollbars: the page gets all `width` pixels.
    cdp(
        client,
        "Emulation.setScrollbarsHidden",
        json!({ "hidden": true }),
    )
    .await?;
    Ok(())
}

/// Lays the page out (this one and later ones) as for print (`true`) or for the screen.
pub async fn emulate_print(client: &Client, print: bool) -> Result<()> {
    let media = if print { "print" } else { "" };
    cdp(
        client,
        "Emulation.setEmulatedMedia",
        json!({ "media": media }),
    )
    .await?;
    Ok(())
}

/// Runs `source` at the start of every page loaded from now on, before the page's own
/// scripts (to listen for events a page fires while it loads, say).
pub async fn run_on_every_page(client: &Client, source: &str) -> Result<()> {
    cdp(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    )
    .await?;
    Ok(())
}

/// Enters `text` into the focused field as an input method (an emoji keyboard, say) does.
pub async fn insert_text(client: &Client, text: &str) -> Result<()> {
    cdp(client, "Input.insertText", json!({ "text": text })).await?;
    Ok(())
}
