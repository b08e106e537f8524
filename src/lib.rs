//! sitegen: a static documentation-site generator. The pipeline runs one way: load (config,
//! presentation, content, Markdown) → check → render → write; ARCHITECTURE.md maps the modules.

mod baseline;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
mod external;
pub mod faq;
mod files;
mod highlight;
mod html;
pub mod i18n;
mod links;
pub mod markdown;
pub mod output;
pub mod render;
mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
mod templates;
mod theme;
mod view;
