//! partnerkit: a static site generator for partnership toolkits.
//!
//! A build runs these stages, each in its own module, passing plain values along:
//!
//! 1. **load** ([`config`], [`content`], [`theme`]): read `config.yaml`, walk `content/` into
//!    typed pages and sections, and gather the theme's templates and assets.
//! 2. **validate** ([`validate`]): check what pages say about each other (readings, roles,
//!    assessments, shortcodes) and index it as [`validate::References`].
//! 3. **Markdown** ([`markdown`], [`shortcodes`]): render bodies, resolve links, build tables of
//!    contents.
//! 4. **templates** ([`templates`], [`render`], [`listings`]): put each page through its Tera
//!    template, in parallel, and check every `#anchor` link against the final HTML
//!    ([`anchors`]) and that no two things are written to one file ([`collisions`]).
//! 5. **search index** ([`search`]): index the rendered pages with Pagefind.
//! 6. **write** ([`output`]): write everything beside the output folder and swap it in. The
//!    rendered files are written while Pagefind builds its index ([`build`] says how).
//!
//! Stages 1 and 2 and the template compile leave a [`prepared::Prepared`] site, which the later
//! stages render from. `build` runs stages 3 to 6 as [`staged`] does: pages rendered in parallel batches and written
//! to the staging folder at once, keeping only what later stages need of each, so memory is
//! bounded by a batch rather than the site. `check` and `serve` hold every page in memory
//! ([`build`]); both ways write the same bytes (tests/suite/build_output.rs).
//!
//! Every stage gathers its problems as [`diagnostics::Diagnostics`], and the build reports
//! those of all stages together (a page that fails to load is left out so the others are still
//! checked); a build with errors writes nothing. Where in a YAML file a problem is comes from
//! one place, the YAML parse's own positions (`yaml::Positions`).

pub mod anchors;
pub mod assessment;
pub mod build;
pub mod collisions;
pub mod config;
pub mod content;
pub mod context;
pub mod dates;
pub mod diagnostics;

pub mod fs_words;
pub mod glossary;
pub mod listings;
pub mod markdown;
pub mod minify;
pub mod offline;
pub mod output;
pub mod output_folder;
pub mod page_toc;
pub mod prepared;
pub mod print;
pub mod readings;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod search_copy;
pub mod serve;
pub mod shortcodes;
pub mod staged;
pub mod template_functions;
pub mod templates;
pub mod theme;
pub mod validate;
pub mod views;
mod yaml;

pub use build::{build, check, BuildOptions, BuildReport};
