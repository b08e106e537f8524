//! FAQ heading attributes: `## Question {#id added=2024-03-04 reviewed=…}` rendered, then the
//! dates parsed as the FAQ analysis does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitegen::{faq, markdown};

fuzz_target!(|body: &str| {
    let out = markdown::render(body, 0, &markdown::NoHooks);
    for h in &out.headings {
        let (added, reviewed) = faq::heading_dates(h);
        if let (Some(Ok(a)), Some(Ok(r))) = (added, reviewed) {
            // Ages are computed from any pair of valid dates, in either order.
            let _ = faq::days_between(a, r);
            let _ = faq::days_between(r, a);
            let _ = sitegen::i18n::format_date(a, "en");
            let _ = sitegen::i18n::format_date(r, "zh");
        }
    }
});
