//! The DOCX package is consistent, as Word checks it before showing anything (“Word 在 … 中发现无法
//! 读取的内容”): every part has a content type, every declared part exists, every relationship
//! points at an existing part of the right type, and every `r:id` in the document resolves.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::Document as Xml;

use crate::common::fixture;
use xxgk::style::{PageNumberPosition, Style};
use xxgk::write::{DocxWriter, Setup, Stamp, Writer};

const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn parts(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("DOCX is a ZIP archive");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", f.name()));
            (f.name().to_string(), s)
        })
        .collect()
}

fn parse<'a>(name: &str, xml: &'a str) -> Xml<'a> {
    Xml::parse(xml).unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"))
}

/// (Id, Type, Target resolved against the package root) of a relationships part.
fn relationships(parts: &HashMap<String, String>, rels: &str, base: &str) -> Vec<(String, String, String)> {
    let xml = parse(rels, &parts[rels]);
    xml.root_element()
        .children()
        .filter(|n| n.has_tag_name((RELS, "Relationship")))
        .map(|r| {
            let target = r.attribute("Target").expect("Target");
            (
                r.attribute("Id").expect("Id").to_string(),
                r.attribute("Type").expect("Type").to_string(),
                format!("{base}{target}"),
            )
        })
        .collect()
}

fn check_package(parts: &HashMap<String, String>) {
    let types = parse("[Content_Types].xml", &parts["[Content_Types].xml"]);
    let mut by_ext = HashMap::new();
    let mut by_part = HashMap::new();
    for n in types.root_element().children().filter(|n| n.is_element()) {
        let ct = n.attribute("ContentType").expect("ContentType").to_string();
        match n.tag_name().name() {
            "Default" => by_ext.insert(n.attribute("Extension").unwrap().to_string(), ct),
            "Override" => {
                by_part.insert(n.attribute("PartName").unwrap().trim_start_matches('/').to_string(), ct)
            }
            other => panic!("unexpected <{other}> in [Content_Types].xml"),
        };
    }
    let content_type =
        |name: &str| by_part.get(name).or_else(|| by_ext.get(name.rsplit('.').next().unwrap())).cloned();
    for (name, text) in parts {
        assert!(content_type(name).is_some(), "{name} has no content type");
        if name.ends_with(".xml") || name.ends_with(".rels") {
            parse(name, text);
        }
    }
    for name in by_part.keys() {
        assert!(parts.contains_key(name), "[Content_Types].xml declares {name}, which the package lacks");
    }

    let root = relationships(parts, "_rels/.rels", "");
    let main: Vec<_> = root.iter().filter(|r| r.1 == format!("{OFFICE_REL}/officeDocument")).collect();
    assert_eq!(main.len(), 1, "one main document: {root:?}");
    assert_eq!(main[0].2, "word/document.xml");
    let doc_rels = relationships(parts, "word/_rels/document.xml.rels", "word/");
    for (id, kind, target) in root.iter().chain(&doc_rels) {
        assert!(parts.contains_key(target), "relationship {id} points at missing {target}");
        let kind = kind.rsplit('/').next().unwrap();
        let ct = content_type(target).unwrap();
        if ["styles", "settings", "fontTable", "footer", "numbering"].contains(&kind) {
            assert!(ct.ends_with(&format!(".{kind}+xml")), "{target} ({kind}) has content type {ct}");
        }
    }
    for kind in ["styles", "settings", "fontTable"] {
        assert!(doc_rels.iter().any(|r| r.1.ends_with(&format!("/{kind}"))), "document relates no {kind}");
    }

    // Every r:id in the document resolves to a relationship of the document.
    let doc = parse("word/document.xml", &parts["word/document.xml"]);
    let ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute((OFFICE_REL, "id"))).collect();
    assert!(!ids.is_empty(), "the section refers to its footers");
    for id in ids {
        assert!(doc_rels.iter().any(|r| r.0 == id), "document.xml refers to {id}, which no relationship has");
    }
}

#[test]
fn every_part_typed_and_every_relationship_resolved() {
    let doc = fixture::document();
    let mut centred = Style::default();
    centred.page_number.position = PageNumberPosition::Center;
    for (style, footers) in [(Style::default(), 2), (centred, 1)] {
        let setup = Setup::new(&style).with_date(Stamp::date(2024, 1, 16));
        let parts = parts(&DocxWriter.write(&doc, &setup).unwrap().bytes);
        check_package(&parts);
        let found = parts.keys().filter(|k| k.starts_with("word/footer")).count();
        assert_eq!(found, footers, "footer parts: {:?}", parts.keys().collect::<Vec<_>>());
    }
}
