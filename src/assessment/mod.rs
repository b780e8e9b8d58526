//! Self-assessments: their definition, build-time checks and the paper form in the page.
//!
//! Scoring, saving, export and the team view run in the reader's browser
//! (`themes/default/static/js/assessment.js`); nothing here leaves the device.

pub mod form;
pub mod guide;
pub mod model;
pub mod register;
pub mod validate;
