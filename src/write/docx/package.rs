//! The package around the content: content types, relationships, document properties, the unused
//! but expected numbering part, and the ZIP.

use std::io::Cursor;

use super::paragraph::XML_DECLARATION;
use super::xml::Xml;
use crate::doc::Document;
use crate::write::Stamp;

/// Parts smaller than this (bytes) are stored uncompressed.
const SMALL_PART: usize = 2048;

/// One part of the package: its name in the ZIP and its bytes.
pub(super) type Part = (String, Vec<u8>);

/// Zips the parts in order, with Deflate: stored, a report would be ~200 KB instead of ~30 KB, and
/// writing many reports would be bound by disk writes. Entries carry `date`, or [`Stamp::FIXED`]
/// without one (zip's own default is the clock when its `time` feature is on).
pub(super) fn pack(parts: &[Part], date: Option<Stamp>) -> zip::result::ZipResult<Vec<u8>> {
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
    for (name, bytes) in parts {
        // Small parts are stored: a deflate stream costs more to set up than it saves on them.
        zip.start_file(name.as_str(), if bytes.len() < SMALL_PART { stored } else { deflated })?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// [Content_Types].xml for the parts this writer makes, with `footers` footer parts.
pub(super) fn content_types(footers: usize) -> String {
    const PKG: &str = "application/vnd.openxmlformats-package.";
    const DOC: &str = "application/vnd.openxmlformats-officedocument.";
    const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
    let mut x = Xml::with_capacity(2048);
    x.raw(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    x.open("Types", &[("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types".into())]);
    for (kind, ext) in [("png", "png"), ("jpeg", "jpeg"), ("jpg", "jpg"), ("bmp", "bmp"), ("gif", "gif")] {
        x.raw(r#"<Default ContentType="image/"#).raw(kind).raw(r#"" Extension=""#).raw(ext).raw(r#"" />"#);
    }
    x.raw(r#"<Default ContentType=""#).raw(PKG).raw(r#"relationships+xml" Extension="rels" />"#);
    x.raw(r#"<Default ContentType="application/xml" Extension="xml" />"#);
    let mut part = |name: &str, prefix: &str, kind: &str| {
        x.raw(r#"<Override PartName=""#)
            .raw(name)
            .raw(r#"" ContentType=""#)
            .raw(prefix)
            .raw(kind)
            .raw(r#"" />"#);
    };
    part("/_rels/.rels", PKG, "relationships+xml");
    part("/docProps/app.xml", DOC, "extended-properties+xml");
    part("/docProps/core.xml", PKG, "core-properties+xml");
    part("/word/_rels/document.xml.rels", PKG, "relationships+xml");
    part("/word/document.xml", WML, "document.main+xml");
    part("/word/fontTable.xml", WML, "fontTable+xml");
    for i in 1..=footers {
        part(&format!("/word/footer{i}.xml"), WML, "footer+xml");
    }
    part("/word/numbering.xml", WML, "numbering+xml");
    part("/word/settings.xml", WML, "settings+xml");
    part("/word/styles.xml", WML, "styles+xml");
    x.close("Types");
    x.finish()
}

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/// _rels/.rels: the main document and the document properties.
pub(super) fn package_rels() -> String {
    let mut x = relationships();
    let core = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
    relationship(&mut x, "rId1", core, "", "docProps/core.xml");
    relationship(&mut x, "rId2", REL, "extended-properties", "docProps/app.xml");
    relationship(&mut x, "rId3", REL, "officeDocument", "word/document.xml");
    x.close("Relationships");
    x.finish()
}

/// word/_rels/document.xml.rels: styles, fonts, settings and `footers` footers (`rIdFooter1` …,
/// as document.xml's section refers to them).
pub(super) fn document_rels(footers: usize) -> String {
    let mut x = relationships();
    relationship(&mut x, "rId1", REL, "styles", "styles.xml");
    relationship(&mut x, "rId2", REL, "fontTable", "fontTable.xml");
    relationship(&mut x, "rId3", REL, "settings", "settings.xml");
    for i in 1..=footers {
        relationship(&mut x, &format!("rIdFooter{i}"), REL, "footer", &format!("footer{i}.xml"));
    }
    x.close("Relationships");
    x.finish()
}

fn relationships() -> Xml {
    let mut x = Xml::with_capacity(1024);
    x.raw(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    x.open(
        "Relationships",
        &[("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships".into())],
    );
    x
}

fn relationship(x: &mut Xml, id: &str, base: &str, kind: &str, target: &str) {
    x.raw(r#"<Relationship Id=""#).raw(id).raw(r#"" Type=""#).raw(base).raw(kind);
    x.raw(r#"" Target=""#).raw(target).raw(r#"" />"#);
}

/// docProps/app.xml, empty: the application properties are the reader's to fill in.
pub(super) fn app_properties() -> String {
    format!(
        concat!(
            "{}",
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
            r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes" />"#
        ),
        XML_DECLARATION
    )
}

/// word/numbering.xml: one decimal outline list (1. (1) ① …, 420 twips a level). Nothing in the
/// document numbers its paragraphs; the part is kept for readers that expect it.
pub(super) fn numbering() -> String {
    let mut x = Xml::with_capacity(2560);
    x.raw(XML_DECLARATION).raw(concat!(
        r#"<w:numbering xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
        r#"xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml" "#,
        r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
        r#"<w:abstractNum w:abstractNumId="1">"#
    ));
    for level in 0..9u8 {
        let n = level + 1;
        let (format, text) = match level % 3 {
            0 => ("decimal", format!("%{n}.")),
            1 => ("decimal", format!("(%{n})")),
            _ => ("decimalEnclosedCircle", format!("%{n}")),
        };
        x.open("w:lvl", &[("w:ilvl", level.into())]).val("w:start", "1").val("w:numFmt", format);
        x.val("w:lvlText", text.as_str()).val("w:lvlJc", "left").raw("<w:pPr>");
        let left = 420 * i32::from(n);
        x.empty("w:ind", &[("w:left", left.into()), ("w:right", 0.into()), ("w:hanging", 420.into())]);
        x.raw("<w:rPr /></w:pPr><w:rPr /></w:lvl>");
    }
    x.raw(r#"</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1" /></w:num></w:numbering>"#);
    x.finish()
}

/// docProps/core.xml with title, author, language and, when there is one, the creation date (the
/// setup's, never the clock's).
pub(super) fn core_properties(doc: &Document, date: Option<Stamp>) -> String {
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
}

/// Escapes text for XML content and attribute values, tabs and line breaks read as spaces.
fn xml_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::write::escape_xml(&s.replace(['\n', '\t'], " "), &mut out);
    out
}
