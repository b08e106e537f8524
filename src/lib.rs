//! sitegen: a static documentation-site generator. The pipeline runs one way: load (config,
//! presentation, content, Markdown) → check → render → write; ARCHITECTURE.md maps the modules.

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod faq;
mod files;
mod html;
pub mod i18n;
mod links;
pub mod markdown;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
mod templates;
mod theme;
mod view;
