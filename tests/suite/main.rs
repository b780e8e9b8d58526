//! Every integration test of partnerkit, in one test binary.
//!
//! One binary links the dependency tree once instead of once per test file: a clean
//! `cargo test` needed 4.4 GB of disk and ran out of it on CI with 60 binaries. Each feature
//! keeps its own module (`tests/suite/NAME.rs`, run alone with `cargo test NAME::`), and the
//! helpers under `tests/support/` are declared here once, for every module to `use crate::…`.

// Shared helpers: each module uses only part of them.
#[path = "../support/assessment_page.rs"]
mod assessment_page;
#[path = "../support/browser.rs"]
mod browser;
#[path = "../support/crawl.rs"]
mod crawl;
#[path = "../support/emulation.rs"]
mod emulation;
#[path = "../support/failing.rs"]
mod failing;
#[path = "../support/failing_build.rs"]
mod failing_build;
#[path = "../support/fixture.rs"]
mod fixture;
#[path = "../support/offline_site.rs"]
mod offline_site;
#[path = "../support/page_probe.rs"]
mod page_probe;
#[path = "../support/pdf_text.rs"]
mod pdf_text;
#[path = "../support/print_site.rs"]
mod print_site;
#[path = "../support/search_ui.rs"]
mod search_ui;
#[path = "../support/served_toolkit.rs"]
mod served_toolkit;
#[path = "../support/site_server.rs"]
mod site_server;
#[path = "../support/toolkit.rs"]
mod toolkit;
#[path = "../support/tools.rs"]
mod tools;

// One module per feature.
mod assessment_action_plan;
mod assessment_chart_browser;
mod assessment_embed;
mod assessment_export;
mod assessment_gates;
mod assessment_guide;
mod assessment_import;
mod assessment_meeting;
mod assessment_print;
mod assessment_register;
mod assessment_roles;
mod assessment_scoring;
mod assessment_screens;
mod assessment_storage;
mod assessment_team;
mod assessment_validation;
mod browser_harness;
mod build_errors;
mod build_output;
mod cli;
mod cli_flags;
mod cli_habits;
mod content_kinds;
mod content_security;
mod content_sources;
mod csp_browser;
mod error_collisions;
mod error_ids;
mod error_messages;
mod error_positions;
mod glossary;
mod html_validity;
mod init_publishing;
mod input_never_panics;
mod input_unicode;
mod module_registers_browser;
mod offline_files;
mod offline_save_browser;
mod offline_update_browser;
mod output_folder;
mod page_dates;
mod pages_workflow;
mod print_pdf;
mod print_toolkit_page;
mod reader_contents_browser;
mod reader_forms_browser;
mod reader_navigation_browser;
mod reader_screenshots_browser;
mod readme_commands;
mod release_workflow;
mod role_paths;
mod scaffold;
mod search_bundle;
mod search_index_content;
mod search_keyboard_and_filters_browser;
mod search_links_and_sheet_browser;
mod search_loading_browser;
mod search_relevance_browser;
mod search_results_browser;
mod search_settings;
mod search_vendor_patches;
mod serve;
mod serve_hosts;
mod serve_incremental;
mod site_accessibility;
mod site_brand;
mod site_links;
mod site_loading;
mod site_meta;
mod storage_scope_browser;
mod template_functions;
mod theme_eject;
