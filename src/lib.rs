//! sitegen: a static documentation-site generator. The pipeline runs one way: load (config,
//! presentation, content, Markdown) → check → render → write; ARCHITECTURE.md maps the modules.

mod ages;
mod baseline;
pub mod cli;
pub mod config;
pub mod content;
mod data;
pub mod diagnostics;
mod external;
pub mod faq;
mod files;
pub mod git;
mod highlight;
mod html;
pub mod i18n;
mod links;
pub mod markdown;
mod menus;
pub mod output;
pub mod render;
mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
mod support;
mod templates;
mod theme;
mod toc;
mod versions;
mod view;
