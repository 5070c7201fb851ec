//! Writers: one [`crate::doc::Document`] to each output format.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod typst;

/// Whether XML 1.0 allows `c` in a document (tab and newline aside, which callers handle).
pub fn xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Appends `s` escaped for XML and HTML text and attribute values. Tab and newline are kept;
/// other characters XML forbids (control characters) are dropped.
pub fn escape_xml(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
}
