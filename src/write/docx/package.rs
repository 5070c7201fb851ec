//! The package around the parts: header rows marked in document.xml, the core properties, and the
//! ZIP. Post-processes docx-rs's XML as text, so it relies on the exact markup docx-rs writes; it
//! never builds content.

use std::io::Cursor;

use super::DocxError;
use crate::doc::Document;
use crate::write::Stamp;

/// Parts smaller than this (bytes) are stored uncompressed.
const SMALL_PART: usize = 2048;

/// Zips the parts with Deflate. docx-rs's own packer stores them uncompressed: a report would be
/// ~200 KB instead of ~30 KB, and writing many reports would be bound by disk writes. Entries carry
/// `date`, or [`Stamp::FIXED`] without one (zip's own default is the clock when its `time` feature
/// is on).
pub(super) fn pack(xml: docx_rs::XMLDocx, date: Option<Stamp>) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    let d = date.unwrap_or(Stamp::FIXED);
    let time = zip::DateTime::from_date_and_time(d.year, d.month, d.day, d.hour, d.minute, d.second)
        .unwrap_or(zip::DateTime::DEFAULT);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(48 * 1024)));
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(time);
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(time);
    let part = |zip: &mut zip::ZipWriter<_>, name: &str, bytes: &[u8]| {
        // Small parts are stored: a deflate stream costs more to set up than it saves on them.
        zip.start_file(name, if bytes.len() < SMALL_PART { stored } else { deflated })?;
        zip.write_all(bytes)?;
        Ok::<(), zip::result::ZipError>(())
    };
    part(&mut zip, "[Content_Types].xml", &xml.content_type)?;
    part(&mut zip, "_rels/.rels", &xml.rels)?;
    part(&mut zip, "docProps/app.xml", &xml.doc_props.app)?;
    part(&mut zip, "docProps/core.xml", &xml.doc_props.core)?;
    part(&mut zip, "docProps/custom.xml", &xml.doc_props.custom)?;
    part(&mut zip, "word/_rels/document.xml.rels", &xml.document_rels)?;
    part(&mut zip, "word/document.xml", &xml.document)?;
    part(&mut zip, "word/styles.xml", &xml.styles)?;
    part(&mut zip, "word/settings.xml", &xml.settings)?;
    part(&mut zip, "word/fontTable.xml", &xml.font_table)?;
    part(&mut zip, "word/comments.xml", &xml.comments)?;
    part(&mut zip, "word/numbering.xml", &xml.numberings)?;
    part(&mut zip, "word/commentsExtended.xml", &xml.comments_extended)?;
    part(&mut zip, "word/footnotes.xml", &xml.footnotes)?;
    for (i, f) in xml.footers.iter().enumerate() {
        part(&mut zip, &format!("word/footer{}.xml", i + 1), f)?;
        if let Some(rels) = xml.footer_rels.get(i) {
            part(&mut zip, &format!("word/_rels/footer{}.xml.rels", i + 1), rels)?;
        }
    }
    // This writer adds no headers, images, task panes or custom XML; the content types and
    // relationships docx-rs wrote refer to none of them.
    if !xml.headers.is_empty()
        || !xml.media.is_empty()
        || xml.taskpanes.is_some()
        || !xml.custom_items.is_empty()
    {
        return Err(zip::result::ZipError::Io(std::io::Error::other("unexpected package part")));
    }
    Ok(zip.finish()?.into_inner())
}

/// Adds `w:tblHeader` to the first `header_rows[i]` rows of the i-th table (docx-rs has no API for
/// it). Every row this writer emits carries exactly one `<w:cantSplit />`, and user text is
/// escaped, so the marker only matches row properties.
pub(super) fn mark_header_rows(xml: &[u8], header_rows: &[usize]) -> Result<Vec<u8>, DocxError> {
    const TBL: &str = "<w:tbl>";
    const CANT_SPLIT: &str = "<w:cantSplit />";
    let text = std::str::from_utf8(xml).map_err(|e| DocxError::Internal(e.to_string()))?;
    let mut out = String::with_capacity(text.len() + header_rows.iter().sum::<usize>() * 16);
    let mut rest = text;
    for &n in header_rows {
        let start = rest
            .find(TBL)
            .ok_or_else(|| DocxError::Internal("document.xml 中表格数量与文档模型不符".into()))?;
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        for _ in 0..n {
            let at = rest
                .find(CANT_SPLIT)
                .ok_or_else(|| DocxError::Internal("表格行缺少 cantSplit 标记".into()))?;
            let end = at + CANT_SPLIT.len();
            out.push_str(&rest[..end]);
            out.push_str("<w:tblHeader />");
            rest = &rest[end..];
        }
        // Skip to the end of this table so the next search starts after it.
        let close =
            rest.find("</w:tbl>").ok_or_else(|| DocxError::Internal("document.xml 中表格未闭合".into()))?
                + "</w:tbl>".len();
        out.push_str(&rest[..close]);
        rest = &rest[close..];
    }
    out.push_str(rest);
    Ok(out.into_bytes())
}

/// docProps/core.xml with title, author, language and, when there is one, the creation date
/// (docx-rs keeps these fields private, and would write the clock's time).
pub(super) fn core_properties(doc: &Document, date: Option<Stamp>) -> Vec<u8> {
    let m = &doc.meta;
    let lang = if m.language.trim().is_empty() { "zh-CN" } else { m.language.trim() };
    let dates = date.map_or(String::new(), |d| {
        let at = d.iso();
        format!(
            concat!(
                r#"<dcterms:created xsi:type="dcterms:W3CDTF">{at}</dcterms:created>"#,
                r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{at}</dcterms:modified>"#
            ),
            at = at
        )
    });
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><dc:language>{lang}</dc:language>",
            "<cp:revision>1</cp:revision>{dates}</cp:coreProperties>"
        ),
        dates = dates,
        title = xml_attr(&m.title),
        author = xml_attr(&m.author),
        lang = xml_attr(lang),
    )
    .into_bytes()
}

/// Escapes text for XML content and attribute values, dropping characters XML cannot carry.
pub(super) fn xml_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::write::escape_xml(&s.replace(['\n', '\t'], " "), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rows_marked_per_table() {
        let xml = b"<w:body><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl></w:body>";
        let out = String::from_utf8(mark_header_rows(xml, &[1, 1]).unwrap()).unwrap();
        assert_eq!(out.matches("<w:tblHeader />").count(), 2);
        assert!(out.starts_with("<w:body><w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader />"));
        assert!(mark_header_rows(xml, &[1, 1, 1]).is_err());
    }
}
