//! The policy as text: pretty JSON for the preview and the export formats.

pub mod export;
pub mod generated_json;
