//! The PDF reader of `xxgk import` on real published reports and on PDFs made by office suites and
//! by xxgk itself.

use xxgk::import::blocks::{Block, Blocks, Table};
use xxgk::import::pdf::{self, PdfError};

fn corpus(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn dump(blocks: &Blocks) -> String {
    let mut s = String::new();
    for b in &blocks.blocks {
        match b {
            Block::Paragraph(p) => s.push_str(&format!("P: {p}\n")),
            Block::Table(t) => {
                s.push_str("TABLE\n");
                for row in t.grid() {
                    s.push_str(&format!("  | {}\n", row.join(" | ")));
                }
            }
        }
    }
    s
}

#[test]
#[ignore]
fn dump_001() {
    let blocks = pdf::read(&corpus("001_huaian_city_2024.pdf")).unwrap();
    std::fs::write("/tmp/dump001.txt", dump(&blocks)).unwrap();
    let text = pdf::read_layout_text(&corpus("001_huaian_city_2024.pdf")).unwrap();
    std::fs::write("/tmp/layout001.txt", text.join("\n")).unwrap();
}

#[test]
#[ignore]
fn dump_fixture() {
    let name = std::env::var("PDF").unwrap();
    let bytes = std::fs::read(&name).unwrap();
    match pdf::read(&bytes) {
        Ok(blocks) => std::fs::write("/tmp/dump.txt", dump(&blocks)).unwrap(),
        Err(e) => std::fs::write("/tmp/dump.txt", format!("ERR {e:?}: {e}")).unwrap(),
    }
}
