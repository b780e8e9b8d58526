//! The real toolkit built for, and served by, a local server under `/toolkit/`, the way GitHub
//! Pages serves a project site; shared by the whole-site checks (`tests/suite/site_*.rs`).
//!
//! Declared once, with every helper,
//! in `tests/suite/main.rs`.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use crate::site_server::SiteServer;
use crate::toolkit::{self, BuiltToolkit};

/// Where the site is served, as on GitHub Pages for a repository called `toolkit`.
pub const BASE_PATH: &str = "/toolkit/";

/// The toolkit built with the server's own URL as base URL, and the server.
pub struct ServedToolkit {
    pub site: BuiltToolkit,
    pub server: SiteServer,
}

/// Starts a server on an empty folder, then builds into it with the server's own URL, so that
/// canonical URLs point at pages the browser can load.
pub fn serve() -> ServedToolkit {
    let dir = toolkit::temp_output();
    let server = SiteServer::start(dir.path().join("site"), BASE_PATH).expect("start the server");
    let site = toolkit::build_into(dir, &server.url(""));
    ServedToolkit { site, server }
}
