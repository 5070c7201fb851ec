//! HTML writer: one standalone page (UTF-8, `lang="zh-CN"`, embedded CSS resembling the printed
//! report, A4 print styles), ready to publish on a government website.

use std::fmt::Write as _;

use super::escape_xml as escape;
use crate::doc::{Block, CellRole, DRAFT_MARK, Document, Paragraph, Table, TableKind};
use crate::style::{FontKind, FontRole};
use crate::write::{Output, Setup, WriteError, Writer};

/// Splits text into plain parts and web addresses (`http://` / `https://` followed by URL
/// characters, without trailing punctuation): `(is_url, part)`.
pub fn split_urls(s: &str) -> Vec<(bool, &str)> {
    let mut parts = Vec::new();
    let mut rest = s;
    loop {
        let start = match (rest.find("http://"), rest.find("https://")) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        let tail = &rest[start..];
        let mut end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)))
            .unwrap_or(tail.len());
        while end > 0 && ".,;:!?)'".contains(&tail[end - 1..end]) {
            end -= 1;
        }
        let url = &tail[..end];
        if url.len() <= "https://".len() || url.contains(['<', '>', '\\', '"']) {
            // Not a usable address: keep it as text and look further on.
            parts.push((false, &rest[..start + url.len().max(1)]));
            rest = &rest[start + url.len().max(1)..];
            continue;
        }
        if start > 0 {
            parts.push((false, &rest[..start]));
        }
        parts.push((true, url));
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        parts.push((false, rest));
    }
    parts
}

/// Escapes text, making web addresses links.
fn escape_linked(s: &str, out: &mut String) {
    for (is_url, part) in split_urls(s) {
        if is_url {
            out.push_str("<a href=\"");
            escape(part, out);
            out.push_str("\">");
            escape(part, out);
            out.push_str("</a>");
        } else {
            escape(part, out);
        }
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape(s, &mut out);
    out
}

/// A font family list for CSS: the role's chain, then the generic family of its kind.
fn families(role: &FontRole) -> String {
    let mut out = String::new();
    for name in &role.fonts {
        out.push('"');
        for c in name.chars() {
            match c {
                '"' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                // `</style>` inside a name must not end the style sheet.
                '<' => out.push_str("\\3c "),
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        out.push_str("\", ");
    }
    out.push_str(match role.kind() {
        FontKind::Sans => "sans-serif",
        FontKind::Serif | FontKind::Unknown => "serif",
    });
    out
}

/// A length in points or millimetres for CSS (finite, at most three decimals).
fn num(value: f32) -> f32 {
    if value.is_finite() { (value * 1000.0).round() / 1000.0 } else { 0.0 }
}

fn weight(role: &FontRole) -> &'static str {
    if role.bold { "bold" } else { "normal" }
}

/// A role's family list, size and weight as CSS declarations.
fn font(role: &FontRole, size_pt: f32) -> String {
    format!(
        "font-family: {};\n  font-size: {}pt; font-weight: {}",
        families(role),
        num(size_pt),
        weight(role)
    )
}

/// The style sheet: the page as the locality's style sets it (paper, margins, fonts per role, sizes,
/// line pitch, indent), on screen as a sheet of paper and in print on the page itself. In print the
/// body text takes the geometry's tracking, so a full line holds as many characters as in the PDF.
fn css(setup: &Setup<'_>) -> String {
    let (s, g) = (setup.style, &setup.geometry);
    let p = &s.page;
    let pitch = num(g.pitch_pt);
    let indent = num(g.indent_pt);
    let margins = format!(
        "{}mm {}mm {}mm {}mm",
        num(p.margin_top_mm),
        num(p.margin_right_mm),
        num(p.margin_bottom_mm),
        num(p.margin_left_mm)
    );
    // Browsers know A4 by name; other papers go by their size.
    let size = if (p.width_mm, p.height_mm) == (210.0, 297.0) {
        "A4".to_string()
    } else {
        format!("{}mm {}mm", num(p.width_mm), num(p.height_mm))
    };
    let mut css = String::with_capacity(4096);
    css.push_str(
        "
:root { --ink: #000; --rule: #000; }
a { color: #0645ad; overflow-wrap: anywhere; }
@media print { a { color: inherit; text-decoration: none; } }
html { background: #f2f2f2; }
",
    );
    let _ = writeln!(
        css,
        "body {{ margin: 0; color: var(--ink);\n  {}; line-height: {pitch}pt; }}",
        font(&s.body, g.body_size_pt)
    );
    let _ = writeln!(
        css,
        ".report {{ box-sizing: border-box; max-width: {}mm; margin: 2em auto; padding: {margins}; background: #fff;\n  box-shadow: 0 0 6px rgba(0,0,0,.25); }}",
        num(p.width_mm),
    );
    let _ = writeln!(
        css,
        ".title {{ {}; line-height: 1.45; text-align: center; margin: 0 0 {pitch}pt; }}",
        font(&s.title, s.title.size_pt)
    );
    let _ = writeln!(css, "h2, h3, h4, h5 {{ line-height: {pitch}pt; margin: 0; text-indent: {indent}pt; }}");
    for level in 1..=4u8 {
        let role = s.heading(level);
        let tag = heading_tag(level);
        // Run-in headings take the level's family and weight, not its size (as in the PDF).
        let _ = writeln!(
            css,
            "{tag}, .runin-{level} {{ font-family: {}; font-weight: {}; }}\n{tag} {{ font-size: {}pt; }}",
            families(role),
            weight(role),
            num(role.size_pt),
        );
    }
    let _ = writeln!(css, "p {{ margin: 0; text-indent: {indent}pt; text-align: justify; }}");
    let _ = writeln!(
        css,
        "table.stats {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 8pt 0 14pt;\n  {}; line-height: 1.35; }}",
        font(&s.table, s.table.size_pt)
    );
    css.push_str(
        "table.stats th, table.stats td { border: 1px solid var(--rule); padding: 2pt 3pt; text-align: center;
  vertical-align: middle; font-weight: inherit; overflow-wrap: anywhere; }
table.stats td.label { text-align: left; }
table.stats td.caption { font-weight: bold; }
",
    );
    let _ = writeln!(
        css,
        ".signature {{ margin-top: {pitch}pt; text-align: right; padding-right: 2em; }}
.signature p {{ text-indent: 0; text-align: right; }}
.signature .date {{ padding-right: 0; margin-right: -2em; }}
.draft-mark {{ border: 2px solid #c00; color: #c00; text-align: center; font-family: {};
  font-size: {}pt; margin: 0 0 14pt; padding: 4pt; }}",
        families(&s.h1),
        num(s.h1.size_pt),
    );
    css.push_str(
        ".draft-watermark { position: fixed; top: 45%; left: 0; right: 0; text-align: center; transform: rotate(-30deg);
  font-size: 48pt; color: rgba(204, 0, 0, .15); pointer-events: none; z-index: 10; }
@media screen and (max-width: 800px) {
  .report { padding: 1.2em; margin: 0; box-shadow: none; }
  table.stats { font-size: 9pt; }
}
",
    );
    let _ = writeln!(css, "@page {{ size: {size}; margin: {margins}; }}");
    let _ = writeln!(
        css,
        "@media print {{
  html, body {{ background: #fff; }}
  .report {{ max-width: none; margin: 0; padding: 0; box-shadow: none; }}
  p, h2, h3, h4, h5 {{ letter-spacing: {}pt; }}
  table.stats {{ page-break-inside: auto; }}
  table.stats tr {{ page-break-inside: avoid; }}
  table.stats thead {{ display: table-header-group; }}
  h2, h3, h4, h5 {{ page-break-after: avoid; }}
}}",
        num(g.tracking_pt),
    );
    css
}

/// HTML: one standalone page whose style sheet follows the locality's style.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlWriter;

impl Writer for HtmlWriter {
    fn write(&self, doc: &Document, setup: &Setup<'_>) -> Result<Output, WriteError> {
        Ok(Output::plain(render(doc, setup)))
    }
}

/// Renders the document as a standalone HTML page.
fn render(doc: &Document, setup: &Setup<'_>) -> String {
    let mut out = String::with_capacity(32 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(&doc.meta.title));
    let _ = writeln!(out, "<meta name=\"author\" content=\"{}\">", esc(&doc.meta.author));
    let _ = writeln!(out, "<meta name=\"generator\" content=\"xxgk {}\">", env!("CARGO_PKG_VERSION"));
    out.push_str("<style>");
    out.push_str(&css(setup));
    out.push_str("</style>\n</head>\n<body>\n");
    if doc.meta.draft {
        let _ =
            writeln!(out, "<div class=\"draft-watermark\" aria-hidden=\"true\">{}</div>", esc(DRAFT_MARK));
    }
    let _ = writeln!(out, "<article class=\"report\" lang=\"{}\">", esc(&doc.meta.language));
    if doc.meta.draft {
        let _ = writeln!(out, "<p class=\"draft-mark\" role=\"note\">{}</p>", esc(DRAFT_MARK));
    }
    for block in &doc.blocks {
        match block {
            Block::Title(lines) => {
                let parts: Vec<String> = lines.iter().map(|l| esc(l)).collect();
                let _ = writeln!(out, "<h1 class=\"title\">{}</h1>", parts.join("<br>"));
            }
            Block::Heading { level, text } => {
                let tag = heading_tag(*level);
                let _ = writeln!(out, "<{tag}>{}</{tag}>", esc(text));
            }
            Block::Paragraph(p) => {
                out.push_str("<p>");
                paragraph(p, &mut out);
                out.push_str("</p>\n");
            }
            Block::Table(t) => table(t, true, &mut out),
            Block::Signature { unit, date } => {
                out.push_str("<div class=\"signature\">\n");
                if !unit.is_empty() {
                    let _ = writeln!(out, "<p class=\"unit\">{}</p>", esc(unit));
                }
                if !date.is_empty() {
                    let _ = writeln!(out, "<p class=\"date\">{}</p>", esc(date));
                }
                out.push_str("</div>\n");
            }
        }
    }
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

/// Heading levels 1–4 of the report are `h2`–`h5` (the title is the page's `h1`).
pub fn heading_tag(level: u8) -> &'static str {
    match level {
        1 => "h2",
        2 => "h3",
        3 => "h4",
        _ => "h5",
    }
}

fn paragraph(p: &Paragraph, out: &mut String) {
    for run in &p.runs {
        match run.heading {
            Some(level) => {
                let _ = write!(out, "<strong class=\"runin-{level}\">{}</strong>", esc(&run.text));
            }
            None => escape_linked(&run.text, out),
        }
    }
}

fn kind_class(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Proactive => "t-proactive",
        TableKind::Requests => "t-requests",
        TableKind::Appeals => "t-appeals",
    }
}

/// Writes a table as HTML with rowspan/colspan. `styled` adds classes and column widths (the
/// standalone page); without it the markup is plain, for Markdown renderers that strip styles.
/// The output has no blank line, so it stays one HTML block inside Markdown.
pub fn table(t: &Table, styled: bool, out: &mut String) {
    if styled {
        // `border` keeps the rules visible where a CMS strips the stylesheet.
        let _ = writeln!(out, "<table class=\"stats {}\" border=\"1\">", kind_class(t.kind));
        let total: f32 = t.widths.iter().sum();
        out.push_str("<colgroup>");
        for w in &t.widths {
            let pct = if total > 0.0 { w / total * 100.0 } else { 0.0 };
            let _ = write!(out, "<col style=\"width:{pct:.2}%\">");
        }
        out.push_str("</colgroup>\n");
    } else {
        out.push_str("<table border=\"1\">\n");
    }
    let header_rows = t.header_rows.min(t.rows.len());
    for (r, row) in t.rows.iter().enumerate() {
        if r == 0 && header_rows > 0 {
            out.push_str("<thead>\n");
        }
        if r == header_rows {
            out.push_str("<tbody>\n");
        }
        out.push_str("<tr>");
        for cell in row {
            let tag = if r < header_rows || matches!(cell.role, CellRole::Header | CellRole::Caption) {
                "th"
            } else {
                "td"
            };
            let _ = write!(out, "<{tag}");
            if cell.rowspan > 1 {
                let _ = write!(out, " rowspan=\"{}\"", cell.rowspan);
            }
            if cell.colspan > 1 {
                let _ = write!(out, " colspan=\"{}\"", cell.colspan);
            }
            if styled {
                match cell.role {
                    CellRole::Label => out.push_str(" class=\"label\""),
                    CellRole::Caption => out.push_str(" class=\"caption\""),
                    CellRole::Number => out.push_str(" class=\"num\""),
                    CellRole::Header => {}
                }
            }
            out.push('>');
            escape(&cell.text, out);
            let _ = write!(out, "</{tag}>");
        }
        out.push_str("</tr>\n");
        if r + 1 == header_rows {
            out.push_str("</thead>\n");
        }
    }
    if header_rows < t.rows.len() {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Meta, Run};

    fn doc(blocks: Vec<Block>, draft: bool) -> Document {
        Document {
            meta: Meta {
                title: "标题<x>".into(), author: "机关".into(), language: "zh-CN".into(), draft
            },
            blocks,
        }
    }

    #[test]
    fn urls_are_found_in_chinese_text() {
        let parts = split_urls("可在https://a.gov.cn/x?y=1&z=2查阅。见http://b.cn/.");
        assert_eq!(
            parts,
            vec![
                (false, "可在"),
                (true, "https://a.gov.cn/x?y=1&z=2"),
                (false, "查阅。见"),
                (true, "http://b.cn/"),
                (false, "."),
            ]
        );
        assert_eq!(split_urls("https://"), vec![(false, "https://")]);
    }

    #[test]
    fn text_is_escaped_and_page_is_standalone() {
        let d = doc(
            vec![Block::Paragraph(Paragraph {
                runs: vec![Run::heading(2, "（一）<b>。"), Run::plain("<script>alert(1)</script> & \"'")],
            })],
            true,
        );
        let style = crate::style::Style::default();
        let html = render(&d, &Setup::new(&style));
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("<title>标题&lt;x&gt;</title>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;&#39;"));
        assert!(html.contains("<strong class=\"runin-2\">（一）&lt;b&gt;。</strong>"));
        assert!(!html.contains("<script>"));
        assert!(html.contains(DRAFT_MARK));
        assert!(html.contains("@page { size: A4"));
    }

    #[test]
    fn page_css_follows_the_style() {
        let mut style = crate::style::Style::default();
        style.page.width_mm = 185.0;
        style.page.height_mm = 260.0;
        style.h1.fonts = vec!["My \"Hei\"</style>".into()];
        style.h2.bold = true;
        style.line_pitch_pt = 30.0;
        let html = render(&doc(vec![], false), &Setup::new(&style));
        assert!(html.contains("@page { size: 185mm 260mm; margin: 37mm 26mm 35mm 28mm; }"), "{html}");
        assert!(html.contains(
            r#"h2, .runin-1 { font-family: "My \"Hei\"\3c /style>", sans-serif; font-weight: normal; }"#
        ));
        assert!(html.contains("h3, .runin-2 { font-family: \"楷体_GB2312\""));
        assert!(html.contains("serif; font-weight: bold; }"));
        assert!(html.contains("line-height: 30pt"));
        assert_eq!(html.matches("</style>").count(), 1);
        let default = render(&doc(vec![], false), &Setup::new(&crate::style::Style::default()));
        assert!(default.contains("letter-spacing: -0.25pt;"), "28 characters a line in print");
    }
}
