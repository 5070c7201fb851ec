//! HTML as saved from a government site: the page's text and tables in reading order, whatever
//! chrome surrounds the report (the interpretation finds the report's own parts by their headings).
//!
//! Pages pasted from Word or produced by site editors are rarely well-formed, and what matters here
//! is only text, block boundaries and table cells with their spans. So the page is read as a stream
//! of start tags, end tags and text (a tokenizer, below), and a small state machine closes what the
//! page leaves open, as a browser does: a `<td>` starting while a cell is open ends that cell, an
//! end tag with nothing to close is ignored. (`tl`, tried first, drops every end tag that does not
//! match the innermost open element, which on corpus 005 put everything after table 四 inside it;
//! a full HTML5 parser, html5ever, costs ~50 crates and ~55 s of clean build for no gain here.)

use super::blocks::{Block, Blocks, Cell, Table};
use super::decode;

/// Reads an HTML page (any encoding [`decode::decode`] knows).
pub fn read(bytes: &[u8]) -> Blocks {
    let charset = decode::html_charset(bytes);
    let (text, _) = decode::decode(bytes, charset.as_deref());
    read_str(&text)
}

/// Reads HTML text.
pub fn read_str(text: &str) -> Blocks {
    let mut b = Builder::default();
    let mut skipping: Option<String> = None;
    for token in (Tokens { rest: text }) {
        match token {
            Token::Start { name, rowspan, colspan } => {
                if skipping.is_none() {
                    if SKIPPED.contains(&name.as_str()) {
                        skipping = Some(name);
                    } else {
                        b.start(&name, rowspan, colspan);
                    }
                }
            }
            Token::End(name) => match &skipping {
                Some(s) if *s == name => skipping = None,
                Some(_) => {}
                None => b.end(&name),
            },
            Token::Text(t) => {
                if skipping.is_none() {
                    b.text(&entities(t));
                }
            }
        }
    }
    b.flush_paragraph();
    while !b.tables.is_empty() {
        b.end_table();
    }
    Blocks { blocks: b.out }
}

/// Elements whose content is never report text.
const SKIPPED: [&str; 7] = ["script", "style", "noscript", "template", "select", "button", "iframe"];
/// Elements that start and end a paragraph.
const BLOCKS: [&str; 20] = [
    "title",
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "blockquote",
    "center",
    "header",
    "footer",
    "pre",
    "dd",
];

enum Token<'a> {
    Start { name: String, rowspan: usize, colspan: usize },
    End(String),
    Text(&'a str),
}

/// HTML tokens: tags with the two attributes that matter, text, and nothing for comments,
/// declarations and processing instructions. Text inside `<script>`/`<style>` is one text token.
struct Tokens<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            let Some(lt) = self.rest.find('<') else {
                let t = self.rest;
                self.rest = "";
                return Some(Token::Text(t));
            };
            if lt > 0 {
                let t = &self.rest[..lt];
                self.rest = &self.rest[lt..];
                return Some(Token::Text(t));
            }
            let r = self.rest;
            if let Some(body) = r.strip_prefix("<!--") {
                self.rest = body.find("-->").map_or("", |e| &body[e + 3..]);
                continue;
            }
            if r.starts_with("<!") || r.starts_with("<?") {
                self.rest = r.find('>').map_or("", |e| &r[e + 1..]);
                continue;
            }
            let closing = r[1..].starts_with('/');
            let name_start = if closing { 2 } else { 1 };
            let name_len = r[name_start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == ':' || c == '-'))
                .unwrap_or(r.len() - name_start);
            if name_len == 0 || !r[name_start..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                // A lone “<” is text.
                self.rest = &r[1..];
                return Some(Token::Text("<"));
            }
            let name = r[name_start..name_start + name_len].to_ascii_lowercase();
            let end = tag_end(r);
            let attrs = &r[name_start + name_len..end.saturating_sub(1).max(name_start + name_len)];
            self.rest = &r[end..];
            if closing {
                return Some(Token::End(name));
            }
            if matches!(name.as_str(), "script" | "style") {
                // Raw text up to the matching end tag, case-insensitively.
                let lower = self.rest.to_ascii_lowercase();
                let close = format!("</{name}");
                let at = lower.find(&close).unwrap_or(self.rest.len());
                self.rest = &self.rest[at..];
            }
            return Some(Token::Start {
                rowspan: span(attrs, "rowspan"),
                colspan: span(attrs, "colspan"),
                name,
            });
        }
    }
}

/// The byte after a tag's `>`, skipping `>` inside quoted attribute values.
fn tag_end(r: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in r.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            (None, '<') => return i,
            _ => {}
        }
    }
    r.len()
}

/// The largest span read: the official tables span at most 24 rows and 15 columns; a larger one is
/// capped so that a hostile page cannot make the grid huge.
const MAX_SPAN: usize = 100;

/// A `rowspan`/`colspan` attribute's value, 1 when absent or not a number.
fn span(attrs: &str, key: &str) -> usize {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        if at > 0 && lower.as_bytes()[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let rest = lower[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let digits: String =
            rest.trim_start_matches([' ', '"', '\'']).chars().take_while(char::is_ascii_digit).collect();
        return digits.parse::<usize>().map_or(1, |n| n.clamp(1, MAX_SPAN));
    }
    1
}

#[derive(Default)]
struct Builder {
    out: Vec<Block>,
    paragraph: String,
    /// Open tables, innermost last (a table inside a cell is read as that cell's text).
    tables: Vec<OpenTable>,
}

#[derive(Default)]
struct OpenTable {
    rows: Vec<Vec<Cell>>,
    row_open: bool,
    cell: Option<Cell>,
}

impl Builder {
    fn start(&mut self, name: &str, rowspan: usize, colspan: usize) {
        match name {
            "table" => {
                self.flush_paragraph();
                self.tables.push(OpenTable::default());
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_cell();
                    t.rows.push(Vec::new());
                    t.row_open = true;
                }
            }
            "td" | "th" => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_cell();
                    if !t.row_open {
                        t.rows.push(Vec::new());
                        t.row_open = true;
                    }
                    t.cell = Some(Cell { text: String::new(), rowspan, colspan });
                }
            }
            "br" => self.push_str("\n"),
            _ if BLOCKS.contains(&name) => self.line_break(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "table" => self.end_table(),
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_cell();
                    t.row_open = false;
                }
            }
            "td" | "th" => {
                if let Some(t) = self.tables.last_mut() {
                    t.close_cell();
                }
            }
            _ if BLOCKS.contains(&name) => self.line_break(),
            _ => {}
        }
    }

    fn end_table(&mut self) {
        let Some(mut t) = self.tables.pop() else { return };
        t.close_cell();
        t.rows.retain(|r| !r.is_empty());
        let table = Table { rows: t.rows };
        match self.tables.last_mut().and_then(|outer| outer.cell.as_mut()) {
            // A table nested in a cell (layout tables of old sites): its text joins the cell.
            Some(cell) => {
                for line in table.grid() {
                    cell.text.push('\n');
                    cell.text.push_str(&line.join(" "));
                }
            }
            None if !table.rows.is_empty() => self.out.push(Block::Table(table)),
            None => {}
        }
    }

    fn text(&mut self, s: &str) {
        // Source line breaks are spaces in HTML; runs of spaces collapse.
        let s: String = s.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }).collect();
        self.push_str(&s);
    }

    fn push_str(&mut self, s: &str) {
        let target = match self.tables.last_mut() {
            Some(t) => match t.cell.as_mut() {
                Some(c) => &mut c.text,
                // Text between cells (whitespace, stray markup) is not part of the table.
                None => return,
            },
            None => &mut self.paragraph,
        };
        for c in s.chars() {
            if c == ' ' && (target.ends_with(' ') || target.is_empty() || target.ends_with('\n')) {
                continue;
            }
            target.push(c);
        }
    }

    /// A block boundary: a new paragraph outside tables, a new line inside a cell.
    fn line_break(&mut self) {
        match self.tables.last_mut() {
            Some(t) => {
                if let Some(c) = t.cell.as_mut()
                    && !c.text.is_empty()
                    && !c.text.ends_with('\n')
                {
                    c.text.push('\n');
                }
            }
            None => self.flush_paragraph(),
        }
    }

    fn flush_paragraph(&mut self) {
        let p = std::mem::take(&mut self.paragraph);
        let p = p.trim_matches(|c: char| c.is_whitespace());
        if !p.is_empty() {
            self.out.push(Block::Paragraph(p.to_string()));
        }
    }
}

impl OpenTable {
    fn close_cell(&mut self) {
        if let Some(mut cell) = self.cell.take() {
            cell.text = cell.text.trim_matches(|c: char| c.is_whitespace()).to_string();
            if !self.row_open {
                self.rows.push(Vec::new());
                self.row_open = true;
            }
            if let Some(row) = self.rows.last_mut() {
                row.push(cell);
            }
        }
    }
}

/// Text with HTML character references replaced. `&nbsp;` becomes a no-break space, which the
/// interpretation treats as any other space.
pub fn entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|e| e + 1);
        let (name, after) = match end {
            Some(e) if rest[e..].starts_with(';') => (&rest[1..e], &rest[e + 1..]),
            // `&nbsp` without its semicolon is common in pasted pages.
            Some(e) => (&rest[1..e], &rest[e..]),
            None => (&rest[1..], ""),
        };
        match reference(name) {
            Some(c) => {
                out.push(c);
                rest = after;
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "nbsp" | "NBSP" => '\u{a0}',
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "times" => '×',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "deg" => '°',
        "yen" => '¥',
        "permil" => '‰',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_tables_and_spans() {
        let b = read_str(
            "<div>首页&gt;公开</div><p>一、总体情况&nbsp;</p><table><tr><td rowspan=2>甲<td colspan='2'><p>商业</p><p>企业</p></td>\
             <tr><td>1</td><td>&nbsp;</td></tr></table><p>二<br>行</p><script>var a = '<p>x</p>';</script>",
        );
        assert_eq!(
            b.blocks,
            vec![
                Block::Paragraph("首页>公开".into()),
                Block::Paragraph("一、总体情况".into()),
                Block::Table(Table {
                    rows: vec![
                        vec![
                            Cell { text: "甲".into(), rowspan: 2, colspan: 1 },
                            Cell { text: "商业\n企业".into(), rowspan: 1, colspan: 2 }
                        ],
                        vec![Cell::new("1"), Cell::new("")],
                    ]
                }),
                Block::Paragraph("二\n行".into()),
            ]
        );
    }

    #[test]
    fn character_references() {
        assert_eq!(entities("a&nbsp;b&#x4E00;&#19968;&amp;&unknown;&nbsp"), "a\u{a0}b一一&&unknown;\u{a0}");
    }
}
