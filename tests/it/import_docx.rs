//! `xxgk import` of Word files: LibreOffice's conversions of the corpus pages, and Word XML written
//! by hand with merged cells (`w:gridSpan`, `w:vMerge`) and tracked changes.

use super::import::{assert_report, corpus_pair, fixtures, import};
use xxgk::import::blocks::{Block, Blocks};

/// The corpus pages converted by LibreOffice (`soffice --headless --convert-to docx`, committed).
#[test]
fn word_files_converted_from_the_corpus_pages_come_back_cell_by_cell() {
    for stem in ["005_pingtan_2024", "010_shuyang_fgj_2023"] {
        let (_, expected) = corpus_pair(stem, "yaml");
        let docx = std::fs::read(fixtures().join(format!("{stem}.docx"))).unwrap();
        let (form, got) = xxgk::import::import(&docx).unwrap();
        assert_eq!(form, xxgk::import::Form::Docx);
        assert_report(&format!("{stem}.docx"), &got, &expected);
    }
}

fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", xml_text(text))
}

/// A cell's or paragraph's text, with `edit` = (deleted, inserted) as tracked changes before it.
fn paragraph_xml(text: &str, edit: Option<(&str, &str)>) -> String {
    let changes = edit.map_or(String::new(), |(del, ins)| {
        format!(
            "<w:del w:id=\"1\" w:author=\"审核\"><w:r><w:delText>{}</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"审核\">{}</w:ins>",
            xml_text(del),
            run(ins)
        )
    });
    format!("<w:p>{changes}{}</w:p>", run(text))
}

/// Word XML written by hand from a reader's blocks: spans as `w:gridSpan` and `w:vMerge`, every
/// cell's text `217` replaced by a tracked change (216 deleted, 217 inserted), a paragraph with a
/// tracked insertion and deletion, and a deleted table row of nonsense.
fn word_xml(blocks: &Blocks) -> Vec<u8> {
    let mut body = String::new();
    for b in &blocks.blocks {
        match b {
            Block::Paragraph(p) if p.starts_with("（一）主动公开方面。") => {
                let rest = &p["（一）主动公开方面。".len()..];
                body.push_str(&format!(
                    "<w:p>{}<w:del w:id=\"3\" w:author=\"审核\"><w:r><w:delText>（删去的话）</w:delText></w:r></w:del><w:ins w:id=\"4\" w:author=\"审核\">{}</w:ins></w:p>",
                    run("（一）主动公开方面。"),
                    run(rest)
                ));
            }
            Block::Paragraph(p) => body.push_str(&paragraph_xml(p, None)),
            Block::Table(t) => {
                body.push_str("<w:tbl>");
                // Where each cell starts, and which positions a rowspan from above covers.
                let mut covered: Vec<Vec<Option<usize>>> = Vec::new();
                for (r, row) in t.rows.iter().enumerate() {
                    if covered.len() <= r {
                        covered.resize(r + 1, Vec::new());
                    }
                    if r == 4 {
                        body.push_str(
                            "<w:tr><w:trPr><w:del w:id=\"5\" w:author=\"审核\"/></w:trPr><w:tc><w:p>",
                        );
                        body.push_str(&run("（一）予以公开"));
                        body.push_str("</w:p></w:tc><w:tc><w:p>");
                        body.push_str(&run("999"));
                        body.push_str("</w:p></w:tc></w:tr>");
                    }
                    body.push_str("<w:tr>");
                    let mut c = 0;
                    let mut cells = row.iter();
                    loop {
                        if let Some(Some(span)) = covered[r].get(c).copied() {
                            body.push_str(&format!("<w:tc><w:tcPr><w:gridSpan w:val=\"{span}\"/><w:vMerge/></w:tcPr><w:p/></w:tc>"));
                            c += span;
                            continue;
                        }
                        let Some(cell) = cells.next() else { break };
                        let merge = if cell.rowspan > 1 { "<w:vMerge w:val=\"restart\"/>" } else { "" };
                        let paragraphs: String = cell
                            .text
                            .split('\n')
                            .map(|l| {
                                if l == "217" {
                                    paragraph_xml(l, Some(("216", "")))
                                } else {
                                    paragraph_xml(l, None)
                                }
                            })
                            .collect();
                        body.push_str(&format!(
                            "<w:tc><w:tcPr><w:gridSpan w:val=\"{}\"/>{merge}</w:tcPr>{paragraphs}</w:tc>",
                            cell.colspan
                        ));
                        for below in 1..cell.rowspan {
                            if covered.len() <= r + below {
                                covered.resize(r + below + 1, Vec::new());
                            }
                            let line = &mut covered[r + below];
                            if line.len() <= c {
                                line.resize(c + 1, None);
                            }
                            line[c] = Some(cell.colspan);
                        }
                        c += cell.colspan;
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn hand_written_word_xml_with_merges_and_tracked_changes() {
    let (html, expected) = corpus_pair("005_pingtan_2024", "html");
    let docx = word_xml(&xxgk::import::html::read(&html));
    let got = import(&docx);
    assert_report("005 (Word XML)", &got, &expected);
    assert!(!got.report.overview.text.contains("删去的话"));
    assert!(got.report.overview.text.contains("（一）主动公开方面。有序推进"));
}
