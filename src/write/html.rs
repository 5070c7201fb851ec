//! HTML writer: one standalone page (UTF-8, `lang="zh-CN"`, embedded CSS resembling the printed
//! report, A4 print styles), ready to publish on a government website.

use std::fmt::Write as _;

use super::escape_xml as escape;
use crate::doc::{Block, CellRole, DRAFT_MARK, Document, Paragraph, Table, TableKind};

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

const CSS: &str = r#"
:root { --ink: #000; --rule: #000; }
a { color: #0645ad; overflow-wrap: anywhere; }
@media print { a { color: inherit; text-decoration: none; } }
html { background: #f2f2f2; }
body { margin: 0; color: var(--ink);
  font-family: "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "FandolFang", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 16pt; line-height: 28.95pt; }
.report { box-sizing: border-box; max-width: 210mm; margin: 2em auto; padding: 37mm 26mm 35mm 28mm; background: #fff;
  box-shadow: 0 0 6px rgba(0,0,0,.25); }
.title { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "SimSun", "Noto Serif CJK SC", serif;
  font-size: 22pt; line-height: 1.45; font-weight: normal; text-align: center; margin: 0 0 28.95pt; }
h2, h3, h4, h5 { font-size: 16pt; line-height: 28.95pt; font-weight: normal; margin: 0; text-indent: 2em; }
h2, .runin-1 { font-family: "黑体", "SimHei", "FandolHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; }
strong[class^="runin-"] { font-weight: normal; }
h3, .runin-2 { font-family: "楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "FandolKai", "AR PL UKai CN", serif; }
p { margin: 0; text-indent: 2em; text-align: justify; }
table.stats { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 8pt 0 14pt;
  font-family: "宋体", "SimSun", "FandolSong", "Noto Serif CJK SC", serif; font-size: 10.5pt; line-height: 1.35; }
table.stats th, table.stats td { border: 1px solid var(--rule); padding: 2pt 3pt; text-align: center;
  vertical-align: middle; font-weight: normal; overflow-wrap: anywhere; }
table.stats td.label { text-align: left; }
table.stats td.caption { font-weight: bold; }
.signature { margin-top: 28.95pt; text-align: right; padding-right: 2em; }
.signature p { text-indent: 0; text-align: right; }
.signature .date { padding-right: 0; margin-right: -2em; }
.draft-mark { border: 2px solid #c00; color: #c00; text-align: center; font-family: "黑体", "SimHei", sans-serif;
  font-size: 16pt; margin: 0 0 14pt; padding: 4pt; }
.draft-watermark { position: fixed; top: 45%; left: 0; right: 0; text-align: center; transform: rotate(-30deg);
  font-size: 48pt; color: rgba(204, 0, 0, .15); pointer-events: none; z-index: 10; }
@media screen and (max-width: 800px) {
  .report { padding: 1.2em; margin: 0; box-shadow: none; }
  table.stats { font-size: 9pt; }
}
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@media print {
  html, body { background: #fff; }
  .report { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  table.stats { page-break-inside: auto; }
  table.stats tr { page-break-inside: avoid; }
  table.stats thead { display: table-header-group; }
  h2, h3, h4, h5 { page-break-after: avoid; }
}
"#;

/// Renders the document as a standalone HTML page.
pub fn render(doc: &Document) -> String {
    let mut out = String::with_capacity(32 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(&doc.meta.title));
    let _ = writeln!(out, "<meta name=\"author\" content=\"{}\">", esc(&doc.meta.author));
    let _ = writeln!(out, "<meta name=\"generator\" content=\"xxgk {}\">", env!("CARGO_PKG_VERSION"));
    out.push_str("<style>");
    out.push_str(CSS);
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
        let html = render(&d);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("<title>标题&lt;x&gt;</title>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;&#39;"));
        assert!(html.contains("<strong class=\"runin-2\">（一）&lt;b&gt;。</strong>"));
        assert!(!html.contains("<script>"));
        assert!(html.contains(DRAFT_MARK));
        assert!(html.contains("@page { size: A4"));
    }
}
