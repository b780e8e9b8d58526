//! Headless Chromium for browser tests, driven through chromedriver with `fantoccini`.
//!
//! Declared once in `tests/suite/main.rs`; a test module uses it like this:
//!
//! ```ignore
//! use crate::browser::{chromium_available, Browser};
//!
//! #[tokio::test]
//! async fn my_page_works() {
//!     if !chromium_available("my_page_works") {
//!         return; // skipped locally; under CI a missing browser panics instead
//!     }
//!     let browser = Browser::start().await.unwrap();
//!     browser.goto("http://127.0.0.1:1234/toolkit/").await.unwrap();
//!     browser.close().await.unwrap();
//! }
//! ```
//!
//! Every [`Browser`] runs its own `chromedriver --port=<free port>` (in its own process group,
//! killed with all its Chromium processes on drop) and its own fresh `--user-data-dir`, so tests
//! in one `cargo test` process can run in parallel. The binaries are `/usr/bin/chromium` and
//! `/usr/bin/chromedriver`, or `chromium`/`chromedriver` on `PATH`; the environment variables
//! `PARTNERKIT_CHROMIUM` and `PARTNERKIT_CHROMEDRIVER` replace that lookup with one exact path
//! (set one to a bogus path to simulate a missing browser).

// Each test crate uses only part of this module.
#![allow(dead_code)]

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tempfile::TempDir;

pub use fantoccini::elements::Element;
#[allow(unused_imports)] // a re-export for tests; not every test crate presses special keys
pub use fantoccini::key::Key;

/// How long [`Browser::start`] keeps retrying to reach chromedriver and open a session.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(15);

/// The Chromium arguments every session uses (plus a fresh `--user-data-dir`).
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
];

/// Where the browser and its driver were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserPaths {
    /// The Chromium executable (passed to chromedriver as `goog:chromeOptions.binary`).
    pub chromium: PathBuf,
    /// The chromedriver executable.
    pub chromedriver: PathBuf,
}

/// Returns the first executable file among each list of candidates, or `None` if either list has none.
pub fn find_browser(
    chromium_candidates: &[PathBuf],
    chromedriver_candidates: &[PathBuf],
) -> Option<BrowserPaths> {
    let first_executable = |candidates: &[PathBuf]| {
        candidates
            .iter()
            .find(|path| {
                path.metadata()
                    .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
                    .unwrap_or(false)
            })
            .cloned()
    };
    Some(BrowserPaths {
        chromium: first_executable(chromium_candidates)?,
        chromedriver: first_executable(chromedriver_candidates)?,
    })
}

/// Candidate paths for one binary: `$env_var` alone if set, else `default` then `name` on `PATH`.
pub fn candidates(env_var: &str, default: &str, name: &str) -> Vec<PathBuf> {
    if let Some(path) = std::env::var_os(env_var) {
        return vec![PathBuf::from(path)];
    }
    let mut paths = vec![PathBuf::from(default)];
    if let Some(path_var) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path_var).map(|dir| dir.join(name)));
    }
    paths
}

/// Finds Chromium and chromedriver the default way (see the module docs).
pub fn locate_browser() -> Option<BrowserPaths> {
    find_browser(
        &candidates("PARTNERKIT_CHROMIUM", "/usr/bin/chromium", "chromium"),
        &candidates(
            "PARTNERKIT_CHROMEDRIVER",
            "/usr/bin/chromedriver",
            "chromedriver",
        ),
    )
}

/// True if the `CI` environment variable is set to something other than empty, `0` or `false`.
pub fn running_in_ci() -> bool {
    std::env::var("CI")
        .map(|v| !matches!(v.trim(), "" | "0" | "false"))
        .unwrap_or(false)
}

/// True if Chromium can be used; if not, panics under CI and otherwise prints a SKIPPED line.
pub fn chromium_available(test_name: &str) -> bool {
    if locate_browser().is_some() {
        return true;
    }
    if running_in_ci() {
        panic!(
            "{test_name}: Chromium and chromedriver are required under CI but were not found; \
             install them with: apt-get install chromium chromium-driver"
        );
    }
    // Written to the real stderr, not via `eprintln!`, which libtest captures and hides for
    // passing tests: a skip should be visible in a plain `cargo test` run.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test_name}: Chromium not found; install it with: \
         sudo apt-get install chromium chromium-driver"
    );
    false
}

/// A headless Chromium session with its own chromedriver and profile directory.
pub struct Browser {
    client: Client,
    /// chromedriver; `None` once it has been stopped.
    driver: Option<Child>,
    /// Holds the profile (`profile/`) and the chromedriver log; removed on drop.
    workdir: TempDir,
}

impl Browser {
    /// Starts chromedriver and Chromium, retrying for up to [`STARTUP_TIMEOUT`].
    pub async fn start() -> Result<Browser> {
        let paths = locate_browser().ok_or_else(|| {
            anyhow!("Chromium not found; install it with: apt-get install chromium chromium-driver")
        })?;
        let workdir = tempfile::Builder::new()
            .prefix("partnerkit-browser-")
            .tempdir()?;
        let profile = workdir.path().join("profile");
        std::fs::create_dir(&profile)?;
        let log_path = workdir.path().join("chromedriver.log");
        let capabilities = capabilities(&paths.chromium, &profile);

        let deadline = Instant::now() + STARTUP_TIMEOUT;
        let mut last_error = anyhow!("chromedriver was not started");
        // A new driver (and port) only if the previous one died, e.g. because the port got taken.
        for _attempt in 0..5 {
            if Instant::now() >= deadline {
                break;
            }
            let port = free_port()?;
            let mut driver = spawn_driver(&paths.chromedriver, port, &log_path)?;
            match connect(&mut driver, port, &capabilities, deadline).await {
                Ok(client) => {
                    return Ok(Browser {
                        client,
                        driver: Some(driver),
                        workdir,
                    })
                }
                Err(err) => {
                    stop_driver(driver);
                    last_error = err;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(last_error.context(format!(
            "could not start a Chromium session within {STARTUP_TIMEOUT:?}; chromedriver log tail:\n{}",
            tail.join("\n")
        )))
    }

    /// The underlying fantoccini client, for anything this wrapper does not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Navigates to `url` and waits for the page to load.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.client
            .goto(url)
            .await
            .with_context(|| format!("goto {url}"))?;
        self.wait_until_loaded(url).await
    }

    /// Waits until the page's document is fully loaded. ChromeDriver 148 on a busy machine
    /// sometimes ends a navigation early ("Not attached to an active page"), and a test that
    /// then reads or screenshots the page sees half of it, or none.
    async fn wait_until_loaded(&self, url: &str) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let state = self
                .client
                .execute("return document.readyState;", vec![])
                .await;
            match state {
                Ok(Value::String(state)) if state == "complete" => return Ok(()),
                _ if Instant::now() > deadline => bail!("{url} did not finish loading"),
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// The current URL.
    pub async fn current_url(&self) -> Result<String> {
        Ok(self.client.current_url().await?.to_string())
    }

    /// Runs `js` as a function body (use `return`; arguments in `arguments[i]`) and returns its JSON result.
    pub async fn execute(&self, js: &str, args: Vec<Value>) -> Result<Value> {
        self.client
            .execute(js, args)
            .await
            .with_context(|| format!("execute script: {js}"))
    }

    /// Runs async `js`, which must call `arguments[arguments.length - 1](result)` to finish.
    pub async fn execute_async(&self, js: &str, args: Vec<Value>) -> Result<Value> {
        self.client
            .execute_async(js, args)
            .await
            .with_context(|| format!("execute async script: {js}"))
    }

    /// The first element matching the CSS selector (error if there is none).
    pub async fn find(&self, css: &str) -> Result<Element> {
        self.client
            .find(Locator::Css(css))
            .await
            .with_context(|| format!("find `{css}`"))
    }

    /// All elements matching the CSS selector (possibly none).
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .with_context(|| format!("find all `{css}`"))
    }

    /// Waits up to `timeout` for an element matching the CSS selector to exist.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element> {
        self.client
            .wait()
            .at_most(timeout)
            .every(Duration::from_millis(50))
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("wait up to {timeout:?} for `{css}`"))
    }

    /// The rendered (visible) text of the first element matching the CSS selector.
    pub async fn text_of(&self, css: &str) -> Result<String> {
        let element = self.find(css).await?;
        element
            .text()
            .await
            .with_context(|| format!("text of `{css}`"))
    }

    /// Clicks the first element matching the CSS selector.
    pub async fn click(&self, css: &str) -> Result<()> {
        let element = self.find(css).await?;
        element
            .click()
            .await
            .with_context(|| format!("click `{css}`"))
    }

    /// Focuses the element matching the CSS selector and types `text` into it (element send-keys).
    ///
    /// ChromeDriver types only characters of Unicode's Basic Multilingual Plane (version 148
    /// refuses the rest), so an emoji or other character beyond it is entered as a keyboard's
    /// input method enters it, with DevTools' `Input.insertText` into the focused field.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let element = self.find(css).await?;
        let mut rest = text;
        while !rest.is_empty() {
            let beyond = rest.find(|c: char| c as u32 > 0xFFFF).unwrap_or(rest.len());
            let (keys, tail) = rest.split_at(beyond);
            if !keys.is_empty() {
                element
                    .send_keys(keys)
                    .await
                    .with_context(|| format!("type into `{css}`"))?;
            }
            let Some(wide) = tail.chars().next() else {
                break;
            };
            if keys.is_empty() {
                self.client
                    .execute("arguments[0].focus();", vec![json!(element)])
                    .await
                    .with_context(|| format!("focus `{css}`"))?;
            }
            crate::emulation::insert_text(&self.client, &wide.to_string())
                .await
                .with_context(|| format!("type {wide:?} into `{css}`"))?;
            rest = &tail[wide.len_utf8()..];
        }
        Ok(())
    }

    /// Presses and releases each key of `keys` in turn on whatever has focus (also works on the page itself); use [`Key`] for special keys, e.g. `&Key::Escape.to_string()`.
    pub async fn press(&self, keys: &str) -> Result<()> {
        let mut actions = KeyActions::new("keyboard".to_string());
        for key in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client
            .perform_actions(actions)
            .await
            .with_context(|| format!("press keys {keys:?}"))
    }

    /// Holds down all `keys` in order, then releases them in reverse (e.g. `&[Key::Control.into(), 'k']`).
    pub async fn press_chord(&self, keys: &[char]) -> Result<()> {
        let mut actions = KeyActions::new("keyboard".to_string());
        for &key in keys {
            actions = actions.then(KeyAction::Down { value: key });
        }
        for &key in keys.iter().rev() {
            actions = actions.then(KeyAction::Up { value: key });
        }
        self.client
            .perform_actions(actions)
            .await
            .with_context(|| format!("press chord {keys:?}"))
    }

    /// Resizes the browser window (outer size, in CSS pixels).
    pub async fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.client
            .set_window_size(width, height)
            .await
            .with_context(|| format!("set window size {width}x{height}"))
    }

    /// Saves a PNG screenshot of the viewport to `path` (parent directories are created).
    pub async fn screenshot(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        // Once more after a moment if the driver lost the page (see `wait_until_loaded`).
        let png = match self.client.screenshot().await {
            Ok(png) => png,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(500)).await;
                self.client.screenshot().await.context("take screenshot")?
            }
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, png).with_context(|| format!("write {}", path.display()))
    }

    /// Sorted, de-duplicated origins (`scheme://host:port`) of the page itself and of every resource it has requested so far (per the Resource Timing API, top document only).
    pub async fn resource_hosts(&self) -> Result<Vec<String>> {
        let value = self
            .execute(
                r#"
                const origins = new Set([location.origin]);
                for (const entry of performance.getEntriesByType('resource')) {
                    try { origins.add(new URL(entry.name, location.href).origin); }
                    catch (e) { origins.add('unparsable:' + entry.name); }
                }
                return Array.from(origins).sort();
                "#,
                vec![],
            )
            .await?;
        serde_json::from_value(value).context("resource_hosts: script returned a non-string list")
    }

    /// Ends the WebDriver session (Chromium quits), then stops chromedriver.
    pub async fn close(mut self) -> Result<()> {
        let result = self.client.clone().close().await.context("close session");
        if let Some(driver) = self.driver.take() {
            stop_driver(driver);
        }
        result
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Kill chromedriver and its Chromium before the profile directory (a field) is removed.
        if let Some(driver) = self.driver.take() {
            stop_driver(driver);
        }
    }
}

/// The W3C capabilities for a headless Chromium session using `profile` as its user-data-dir.
fn capabilities(chromium: &Path, profile: &Path) -> serde_json::Map<String, Value> {
    let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": args,
        },
        // axe on a long module page takes seconds when the machine is busy: 30 s, not 10.
        "timeouts": { "script": 30_000, "pageLoad": 30_000, "implicit": 0 },
    });
    match caps {
        Value::Object(map) => map,
        _ => unreachable!("capabilities are a JSON object"),
    }
}

/// A TCP port that was free a moment ago on 127.0.0.1.
fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    Ok(listener.local_addr()?.port())
}

/// Starts `chromedriver --port=<port>` in its own process group, logging to `log_path`.
fn spawn_driver(chromedriver: &Path, port: u16, log_path: &Path) -> Result<Child> {
    let log = File::options().create(true).append(true).open(log_path)?;
    Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .process_group(0)
        .spawn()
        .with_context(|| format!("spawn {}", chromedriver.display()))
}

/// Opens a session on the driver at `port`, retrying until `deadline` unless the driver exits.
async fn connect(
    driver: &mut Child,
    port: u16,
    capabilities: &serde_json::Map<String, Value>,
    deadline: Instant,
) -> Result<Client> {
    let url = format!("http://127.0.0.1:{port}");
    let mut builder = ClientBuilder::rustls().context("rustls setup")?;
    builder.capabilities(capabilities.clone());
    loop {
        if let Some(status) = driver.try_wait()? {
            bail!("chromedriver on port {port} exited early with {status}");
        }
        match builder.connect(&url).await {
            Ok(client) => return Ok(client),
            Err(err) if Instant::now() >= deadline => {
                return Err(anyhow!("{err}").context(format!("connect to chromedriver at {url}")))
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// SIGKILLs the driver's whole process group (chromedriver and every Chromium process) and reaps it.
fn stop_driver(mut driver: Child) {
    // The group id is the driver's pid (spawned with `process_group(0)`); Chromium outlives a
    // killed chromedriver, so the whole group goes, even if chromedriver itself already exited.
    let _ = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -s KILL -- -{} 2>/dev/null", driver.id()))
        .stdin(Stdio::null())
        .status();
    let _ = driver.kill();
    let _ = driver.wait();
}
