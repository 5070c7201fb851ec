//! Puts the children of WordprocessingML property elements in the order the schema prescribes
//! (ECMA-376 Part 1, §17). docx-rs writes e.g. `<w:rPr>` first inside `<w:pPr>` and `<w:sz>` before
//! `<w:rFonts>`: Word and LibreOffice tolerate that, but a strict reader (WPS versions, document
//! validators, archiving systems) need not.
//!
//! Each property element is parsed with roxmltree and written back from the original bytes, so
//! nothing but the order of those children changes.

use std::collections::HashMap;

use roxmltree::{Document, Node};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Elements whose children have a fixed order, with that order.
const ORDERS: &[(&str, &[&str])] = &[
    (
        "pPr",
        &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
    ),
    (
        "rPr",
        &[
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
        ],
    ),
    (
        "tblPr",
        &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
            "tblCaption",
            "tblDescription",
            "tblPrChange",
        ],
    ),
    (
        "tcPr",
        &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
            "headers",
            "cellIns",
            "cellDel",
            "cellMerge",
            "tcPrChange",
        ],
    ),
    (
        "sectPr",
        &[
            "headerReference",
            "footerReference",
            "footnotePr",
            "endnotePr",
            "type",
            "pgSz",
            "pgMar",
            "paperSrc",
            "pgBorders",
            "lnNumType",
            "pgNumType",
            "cols",
            "formProt",
            "vAlign",
            "noEndnote",
            "titlePg",
            "textDirection",
            "bidi",
            "rtlGutter",
            "docGrid",
            "printerSettings",
            "sectPrChange",
        ],
    ),
    ("tblBorders", &["top", "left", "start", "bottom", "right", "end", "insideH", "insideV"]),
    (
        "tcBorders",
        &["top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "tl2br", "tr2bl"],
    ),
    ("tblCellMar", &["top", "left", "start", "bottom", "right", "end"]),
    ("tcMar", &["top", "left", "start", "bottom", "right", "end"]),
    (
        "style",
        &[
            "name",
            "aliases",
            "basedOn",
            "next",
            "link",
            "autoRedefine",
            "hidden",
            "uiPriority",
            "semiHidden",
            "unhideWhenUsed",
            "qFormat",
            "locked",
            "personal",
            "personalCompose",
            "personalReply",
            "rsid",
            "pPr",
            "rPr",
            "tblPr",
            "trPr",
            "tcPr",
            "tblStylePr",
        ],
    ),
];

/// Elements searched for in a part, with their closing tags: each occurrence is reordered as a
/// whole, nested ordered elements included (`rPr` inside `pPr`, borders inside `tblPr`, …).
const OUTERMOST: [(&str, &str); 6] = [
    ("pPr", "</w:pPr>"),
    ("rPr", "</w:rPr>"),
    ("tblPr", "</w:tblPr>"),
    ("tcPr", "</w:tcPr>"),
    ("sectPr", "</w:sectPr>"),
    ("style", "</w:style>"),
];

/// The part with every ordered element's children in schema order.
///
/// A report repeats a few dozen distinct property elements hundreds of times, so each distinct
/// one is parsed once and its reordered text reused.
pub(super) fn schema_order(xml: &[u8]) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    let namespaces = root_namespaces(text);
    let mut out = String::with_capacity(text.len());
    let mut done: HashMap<&str, String> = HashMap::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find("<w:") {
        let start = at + found;
        let Some(end) = element_end(text, start) else {
            at = start + 3;
            continue;
        };
        let element = &text[start..end];
        if !done.contains_key(element) {
            done.insert(element, reorder(element, &namespaces)?);
        }
        out.push_str(&text[copied..start]);
        out.push_str(&done[element]);
        copied = end;
        at = end;
    }
    out.push_str(&text[copied..]);
    Ok(out.into_bytes())
}

/// Where the ordered element starting at `start` (a non-empty `<w:tag>` or `<w:tag …>`) ends.
/// These elements never contain themselves, so the first closing tag is theirs.
fn element_end(text: &str, start: usize) -> Option<usize> {
    let after = &text[start + 3..];
    let (_, close) = OUTERMOST.iter().find(|(tag, _)| {
        after.starts_with(tag) && matches!(after.as_bytes().get(tag.len()), Some(b'>') | Some(b' '))
    })?;
    let open_end = start + text[start..].find('>')?;
    if text[..open_end].ends_with('/') {
        return None; // empty element: nothing to order
    }
    Some(open_end + text[open_end..].find(close)? + close.len())
}

/// The namespace declarations of the part's root element (`xmlns:w="…" xmlns:r="…"`).
fn root_namespaces(text: &str) -> String {
    let root = text.match_indices('<').map(|(i, _)| &text[i..]).find(|t| !t.starts_with("<?"));
    let open = root.and_then(|t| t.find('>').map(|end| &t[..end])).unwrap_or("");
    open.split_whitespace().filter(|a| a.starts_with("xmlns")).collect::<Vec<_>>().join(" ")
}

/// One element's text with its ordered descendants reordered.
fn reorder(element: &str, namespaces: &str) -> Result<String, String> {
    // Alone, the element lacks the declarations of the prefixes it uses: lend it the root's.
    let w = if namespaces.contains("xmlns:w=") { String::new() } else { format!(r#"xmlns:w="{W}""#) };
    let wrapped = format!("<xxgk {w} {namespaces}>{element}</xxgk>");
    let doc = Document::parse(&wrapped).map_err(|e| e.to_string())?;
    let node = doc.root_element().first_child().ok_or("empty element")?;
    let mut out = String::with_capacity(element.len());
    write(node, &wrapped, &mut out);
    Ok(out)
}

fn order_of(node: Node) -> Option<&'static [&'static str]> {
    let name = node.tag_name();
    if name.namespace() != Some(W) {
        return None;
    }
    ORDERS.iter().find(|(tag, _)| *tag == name.name()).map(|(_, order)| *order)
}

/// Writes `node` from `src`, reordering its children when it is an ordered element.
fn write(node: Node, src: &str, out: &mut String) {
    let range = node.range();
    let children: Vec<Node> = node.children().collect();
    let (Some(first), Some(last)) = (children.first(), children.last()) else {
        out.push_str(&src[range]);
        return;
    };
    out.push_str(&src[range.start..first.range().start]);
    let mut kids = children.clone();
    if let Some(order) = order_of(node)
        && kids.iter().all(Node::is_element)
    {
        // Unknown children keep their relative order, after the known ones.
        kids.sort_by_key(|k| order.iter().position(|t| *t == k.tag_name().name()).unwrap_or(usize::MAX));
    }
    for (i, kid) in kids.iter().enumerate() {
        if kid.is_element() {
            write(*kid, src, out);
        } else {
            out.push_str(&src[kid.range()]);
        }
        // Whatever lies between two siblings in the source (nothing, in docx-rs output) stays put.
        if let Some(next) = children.get(i + 1) {
            out.push_str(&src[children[i].range().end..next.range().start]);
        }
    }
    out.push_str(&src[last.range().end..range.end]);
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn property_children_follow_the_schema_and_nothing_else_changes() {
        let xml = format!(
            r#"<?xml version="1.0"?><w:document {NS}><w:p><w:pPr><w:rPr><w:sz w:val="32" /><w:rFonts w:ascii="A" /></w:rPr><w:jc w:val="both" /><w:pStyle w:val="Normal" /></w:pPr><w:r><w:t xml:space="preserve">正文 &amp; &lt;x&gt;</w:t></w:r></w:p></w:document>"#
        );
        let fixed = String::from_utf8(schema_order(xml.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            fixed,
            format!(
                r#"<?xml version="1.0"?><w:document {NS}><w:p><w:pPr><w:pStyle w:val="Normal" /><w:jc w:val="both" /><w:rPr><w:rFonts w:ascii="A" /><w:sz w:val="32" /></w:rPr></w:pPr><w:r><w:t xml:space="preserve">正文 &amp; &lt;x&gt;</w:t></w:r></w:p></w:document>"#
            )
        );
    }

    #[test]
    fn unknown_children_go_last_in_their_order() {
        let xml = format!(r#"<w:rPr {NS}><w:x1 /><w:sz w:val="1" /><w:x2 /><w:b /></w:rPr>"#);
        let fixed = String::from_utf8(schema_order(xml.as_bytes()).unwrap()).unwrap();
        assert_eq!(fixed, format!(r#"<w:rPr {NS}><w:b /><w:sz w:val="1" /><w:x1 /><w:x2 /></w:rPr>"#));
    }
}
