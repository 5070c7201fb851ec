//! Word (DOCX): the body's paragraphs and tables in order. Merged cells come back as spans
//! (`w:gridSpan` across, `w:vMerge` down); tracked changes are read as accepted: insertions kept,
//! deletions (and deleted table rows) dropped, as the document reads once its changes are taken.

use super::ImportError;
use super::blocks::{Block, Blocks, Cell, Table};
use std::io::Read;

/// Largest `word/document.xml` read (a report's is well under a megabyte).
const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;

pub fn read(bytes: &[u8]) -> Result<Blocks, ImportError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| ImportError::Docx("文件已损坏，或不是 Word 文档（无法按 zip 格式打开）".into()))?;
    let mut xml = String::new();
    {
        let part = zip
            .by_name("word/document.xml")
            .map_err(|_| ImportError::Docx("不是 Word 文档（没有 word/document.xml）".into()))?;
        part.take(MAX_XML_BYTES)
            .read_to_string(&mut xml)
            .map_err(|_| ImportError::Docx("正文部分无法读取（不是 UTF-8 的 XML）".into()))?;
    }
    let doc = roxmltree::Document::parse(&xml)
        .map_err(|e| ImportError::Docx(format!("正文部分的 XML 有错误（{}）", e.pos())))?;
    let mut blocks = Vec::new();
    // The document's title property (what a page's <title> becomes when an office suite converts
    // it): the interpretation takes it only if it reads as a report title.
    if let Some(title) = core_title(&mut zip) {
        blocks.push(Block::Paragraph(title));
    }
    if let Some(body) = doc.root_element().children().find(|n| n.tag_name().name() == "body") {
        body_blocks(body, &mut blocks);
    }
    Ok(Blocks { blocks })
}

fn core_title(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>) -> Option<String> {
    let mut xml = String::new();
    zip.by_name("docProps/core.xml").ok()?.take(1 << 20).read_to_string(&mut xml).ok()?;
    let doc = roxmltree::Document::parse(&xml).ok()?;
    let title = doc.descendants().find(|n| n.tag_name().name() == "title")?.text()?.trim().to_string();
    (!title.is_empty()).then_some(title)
}

fn body_blocks(node: roxmltree::Node, out: &mut Vec<Block>) {
    for child in node.children().filter(|n| n.is_element()) {
        match child.tag_name().name() {
            "p" => {
                let text = paragraph(child);
                if !text.trim().is_empty() {
                    out.push(Block::Paragraph(text));
                }
            }
            "tbl" => out.push(Block::Table(table(child))),
            // Content controls and tracked insertions of whole blocks hold blocks.
            "sdt" | "sdtContent" | "ins" | "customXml" => body_blocks(child, out),
            _ => {}
        }
    }
}

/// A paragraph's text as it reads with its tracked changes accepted.
fn paragraph(p: roxmltree::Node) -> String {
    let mut s = String::new();
    runs(p, &mut s);
    s
}

fn runs(node: roxmltree::Node, out: &mut String) {
    for child in node.children().filter(|n| n.is_element()) {
        match child.tag_name().name() {
            "t" => out.push_str(child.text().unwrap_or("")),
            "tab" => out.push(' '),
            "br" | "cr" => out.push('\n'),
            "noBreakHyphen" => out.push('-'),
            // Deleted text, field codes, properties and what only the layout shows.
            "del" | "delText" | "instrText" | "moveFrom" | "pPr" | "rPr" | "fldData" | "drawing" | "pict" => {
            }
            _ => runs(child, out),
        }
    }
}

/// A table with its spans: `w:gridSpan` is a colspan; a `w:vMerge` continuation cell adds a row
/// to the span of the cell it continues (the one starting at the same grid column above).
fn table(tbl: roxmltree::Node) -> Table {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    // For each grid column, the (row, index) of the cell a vertical merge there started.
    let mut open: std::collections::HashMap<usize, (usize, usize)> = std::collections::HashMap::new();
    for tr in tbl.children().filter(|n| n.tag_name().name() == "tr") {
        let props = child(tr, "trPr");
        if props.and_then(|p| child(p, "del")).is_some() {
            continue;
        }
        let r = rows.len();
        let mut row = Vec::new();
        let mut col = props.and_then(|p| child(p, "gridBefore")).and_then(val).unwrap_or(0).min(100);
        for tc in cells_of(tr) {
            let tc_pr = child(tc, "tcPr");
            let span = tc_pr.and_then(|p| child(p, "gridSpan")).and_then(val).unwrap_or(1).clamp(1, 100);
            let merge = tc_pr.and_then(|p| child(p, "vMerge"));
            let restart = merge.is_some_and(|m| attr(m, "val") == Some("restart"));
            if merge.is_some() && !restart {
                if let Some(&(sr, si)) = open.get(&col) {
                    let start: &mut Cell = &mut rows[sr][si];
                    start.rowspan += 1;
                    col += span;
                    continue;
                }
            } else {
                open.remove(&col);
            }
            let text: Vec<String> = tc
                .children()
                .filter(|n| n.is_element())
                .flat_map(|n| match n.tag_name().name() {
                    "p" => vec![paragraph(n)],
                    "tbl" => table(n).grid().into_iter().map(|r| r.join(" ")).collect(),
                    _ => Vec::new(),
                })
                .filter(|t| !t.trim().is_empty())
                .collect();
            if restart {
                open.insert(col, (r, row.len()));
            }
            row.push(Cell { text: text.join("\n"), rowspan: 1, colspan: span });
            col += span;
        }
        rows.push(row);
    }
    Table { rows }
}

/// The cells of a row, including those inside content controls.
fn cells_of<'a, 'i>(tr: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    let mut out = Vec::new();
    for n in tr.children().filter(|n| n.is_element()) {
        match n.tag_name().name() {
            "tc" => out.push(n),
            "sdt" | "sdtContent" | "customXml" => out.extend(cells_of(n)),
            _ => {}
        }
    }
    out
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|n| n.tag_name().name() == name)
}

/// The `w:val` attribute (any namespace prefix).
fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes().find(|a| a.name() == name).map(|a| a.value())
}

fn val(node: roxmltree::Node) -> Option<usize> {
    attr(node, "val")?.trim().parse().ok()
}
