//! The fill-in workbook (Excel, WPS 表格, LibreOffice Calc): written from a report, read back into one.
//!
//! - `layout`: where each field lives (sheet, cell, defined name, official label), shared by both;
//! - `write`: the workbook of a report (`xxgk init --xlsx`, `xxgk export --xlsx`);
//! - `read`: the cells of a workbook, found by defined name and checked against their row labels;
//! - `value`: one cell's value as its field's kind, and cell references.
//!
//! A workbook is read into a [`Report`], written as a data file ([`crate::datafile::write`]) and
//! loaded again, so that it gets exactly the loader's and the checks' findings; each position in
//! that data file is mapped back to the cell it came from ([`CellMap`]). The data file stays the
//! single source: the workbook is one way to fill it in.

mod layout;
mod read;
mod value;
mod write;

pub use layout::{SHEET_BASICS, SHEET_PROSE, SHEET_T2, SHEET_T3, SHEET_T4};
pub use read::ReadError;
pub use write::{WriteError, cell_name, column_name};

use crate::diag::{Cell, Finding};
use crate::model::{OTHER_TOPICS, Pos, Report};
use layout::{Key, Section};
use std::collections::HashMap;

/// The workbook of a report: its figures, heading fields and prose in their cells. For a new,
/// empty workbook pass [`crate::init::blank`].
pub fn write(report: &Report) -> Result<Vec<u8>, WriteError> {
    write::workbook(report)
}

/// Whether `bytes` are a workbook this module reads: an Office Open XML workbook (a zip holding
/// `xl/workbook.xml`), an OpenDocument spreadsheet, or an Excel 97–2003 / WPS `.et` file.
pub fn is_workbook(bytes: &[u8]) -> bool {
    let zip = bytes.starts_with(b"PK\x03\x04");
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    (zip && (has(b"xl/workbook.xml") || has(b"application/vnd.oasis.opendocument.spreadsheet")))
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// What a workbook holds.
#[derive(Debug)]
pub struct Workbook {
    /// The report, when every cell could be read and its data file loads (it may still fail the
    /// checks: run [`crate::check()`] and [`CellMap::locate`] its findings).
    pub report: Option<Report>,
    /// The data file of the report (in `xxgk init`'s layout), when the cells could be read.
    pub text: Option<String>,
    /// Problems with the cells (a text in a number cell, a missing sheet, a moved row, a total
    /// typed over its formula) and the loader's findings, each at its cell. Warnings do not stop
    /// the report.
    pub findings: Vec<Finding>,
    /// Positions in `text` → cells, for the checks' findings.
    pub cells: CellMap,
}

/// Reads a workbook (`.xlsx`, `.xls`/`.et`, `.ods`). Fails only when the bytes are not a readable
/// workbook; everything wrong inside it is a finding at its cell.
pub fn read(bytes: &[u8]) -> Result<Workbook, ReadError> {
    let cells = read::read_cells(bytes)?;
    let Some(report) = &cells.report else {
        return Ok(Workbook {
            report: None,
            text: None,
            findings: cells.findings,
            cells: CellMap::default(),
        });
    };
    let text = crate::datafile::write(report);
    let mut findings = cells.findings.clone();
    match crate::load::load_str(&text) {
        Ok(loaded) => {
            let map = CellMap::new(&cells, Some(&loaded), &text);
            Ok(Workbook { report: Some(loaded), text: Some(text), findings, cells: map })
        }
        Err(errors) => {
            let map = CellMap::new(&cells, None, &text);
            findings.extend(map.locate(errors));
            Ok(Workbook { report: None, text: Some(text), findings, cells: map })
        }
    }
}

/// Reads a workbook file (at most [`crate::load::MAX_FILE_BYTES`]).
pub fn read_file(path: &std::path::Path) -> Result<Workbook, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::io(&e))?;
    read(&bytes)
}

/// Where each value of the data file written from a workbook came from.
#[derive(Debug, Default, Clone)]
pub struct CellMap {
    at: HashMap<Pos, Cell>,
    lines: HashMap<u32, Cell>,
}

impl CellMap {
    /// How many places of the data file were read from a cell.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    fn new(cells: &read::Cells, loaded: Option<&Report>, text: &str) -> CellMap {
        let mut map = CellMap::default();
        let cell = |k: Key| cells.at.get(&k).map(read::At::to_cell);
        if let Some(r) = loaded {
            let mut add = |pos: Pos, c: Option<Cell>| {
                if let Some(c) = c {
                    map.lines.entry(pos.line).or_insert_with(|| c.clone());
                    map.at.insert(pos, c);
                }
            };
            add(r.agency.pos, cell(Key::Agency));
            add(r.year.pos, cell(Key::Year));
            if let Some(v) = &r.locality {
                add(v.pos, cell(Key::Locality));
            }
            if let Some(v) = &r.title {
                add(v.pos, cell(Key::Title));
            }
            if let Some(v) = &r.signature.date {
                add(v.pos, cell(Key::SignDate));
            }
            for (ri, (_, row)) in r.proactive.rows().iter().enumerate() {
                for (ci, c) in row.iter().enumerate() {
                    add(c.pos(), cell(Key::T2(ri, ci)));
                }
            }
            for (ri, row) in r.requests.rows.iter().enumerate() {
                for (ci, v) in row.values.iter().enumerate() {
                    add(v.pos, cell(Key::T3(ri, ci)));
                }
            }
            for (gi, g) in r.appeals.groups.iter().enumerate() {
                for (oi, v) in g.values.iter().enumerate() {
                    add(v.pos, cell(Key::T4(gi, oi)));
                }
            }
            if let Some(fee) = &r.other.fee {
                add(fee.pos, cells.fee.as_ref().map(read::At::to_cell));
            }
            for (section, head, rows) in &cells.prose {
                let prose = match section {
                    Section::Overview => Some(&r.overview),
                    Section::Problems => Some(&r.problems),
                    Section::Other => r.other.prose.as_ref(),
                    Section::OtherHead => None,
                    Section::Topic(i) => {
                        r.other.topics.iter().find(|(id, _)| *id == OTHER_TOPICS[*i].1).map(|(_, p)| p)
                    }
                };
                let Some(prose) = prose else { continue };
                // The key's line is the heading; each line of the block is one paragraph's row.
                map.lines.insert(prose.first_line.saturating_sub(1), head.to_cell());
                for (i, row) in rows.iter().enumerate() {
                    let mut c = head.to_cell();
                    c.cell = Some(cell_name(*row, 1));
                    map.lines.insert(prose.first_line + i as u32, c);
                }
            }
        }
        // Lines no value was mapped to: by their key (a field the loader refused, a prose key).
        for (n, line) in text.lines().enumerate() {
            let n = n as u32 + 1;
            if map.lines.contains_key(&n) || line.starts_with('#') {
                continue;
            }
            let key = line.split(':').next().unwrap_or("").trim();
            let found = match key {
                "总体情况" => section_cell(cells, Section::Overview),
                "问题及改进" => section_cell(cells, Section::Problems),
                "其他事项" => {
                    section_cell(cells, Section::Other).or_else(|| section_cell(cells, Section::OtherHead))
                }
                crate::model::FEE_KEY => cells.fee.as_ref().map(read::At::to_cell),
                _ => layout::basics()
                    .into_iter()
                    .find(|(_, label, _)| *label == key || label.strip_prefix("落款") == Some(key))
                    .and_then(|(k, ..)| cell(k)),
            };
            if let Some(c) = found {
                map.lines.insert(n, c);
            }
        }
        map
    }

    /// Findings on the data file located at their cells (those without a cell keep their position).
    pub fn locate(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .map(|f| {
                let cell = f.pos.and_then(|p| self.at.get(&p).or_else(|| self.lines.get(&p.line)));
                match cell {
                    Some(c) => f.at_cell(c.clone()),
                    None => f,
                }
            })
            .collect()
    }

    /// Whether the map has any cell (a report read from a workbook).
    pub fn is_empty(&self) -> bool {
        self.at.is_empty() && self.lines.is_empty()
    }
}

fn section_cell(cells: &read::Cells, section: Section) -> Option<Cell> {
    cells.prose.iter().find(|(s, ..)| *s == section).map(|(_, at, _)| at.to_cell())
}

impl ReadError {
    fn io(e: &std::io::Error) -> ReadError {
        read::ReadError::new(crate::diag::io_reason(e))
    }
}
