//! sitegen: a static documentation-site generator. The pipeline runs on one `Site` value:
//! load (config, theme, strings, content, Markdown) → check → render → write.

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod faq;
pub mod html;
pub mod i18n;
pub mod links;
pub mod markdown;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;
pub mod translations;
