//! The document model every writer renders: one report as a flat list of blocks.
//!
//! Templates decide the words and their order; `tables` builds the official tables; writers
//! (`write::*`) turn the same [`Document`] into Markdown, HTML, DOCX, Typst and PDF. All text here is
//! plain, unescaped Unicode: each writer escapes for its own target.

/// One rendered report.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
}

/// Document properties written into DOCX/PDF metadata and the HTML head.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// The report's title on one line (used for metadata and file names).
    pub title: String,
    /// The agency (author of the document).
    pub author: String,
    /// BCP 47 language tag, always `zh-CN` for now.
    pub language: String,
    /// Rendered from data that did not pass the checks: writers show a visible draft mark.
    pub draft: bool,
}

/// The visible draft mark printed on documents rendered with `--draft`.
pub const DRAFT_MARK: &str = "草稿（数据未通过校验）";

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The title, centred; several lines when the template splits it (e.g. agency / year line).
    Title(Vec<String>),
    /// A heading of level 1–4 (`一、` `（一）` `1.` `（1）`), text includes its numbering marker.
    Heading { level: u8, text: String },
    /// A body paragraph (first-line indent of two characters, justified).
    Paragraph(Paragraph),
    /// One of the official statistical tables.
    Table(Table),
    /// Signature block: the issuing unit and the date (GB/T 9704 style `2024年1月16日`), right side.
    Signature { unit: String, date: String },
}

/// A paragraph made of runs; the first run may be a run-in heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub runs: Vec<Run>,
}

impl Paragraph {
    /// A paragraph of one plain run.
    pub fn plain(text: impl Into<String>) -> Self {
        Paragraph { runs: vec![Run::plain(text)] }
    }

    /// The paragraph's text without styling.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    /// `Some(level)` when this run is a run-in heading (styled in that heading level's font).
    pub heading: Option<u8>,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Self {
        Run { text: text.into(), heading: None }
    }

    pub fn heading(level: u8, text: impl Into<String>) -> Self {
        Run { text: text.into(), heading: Some(level) }
    }
}

/// Which official table this is (writers may size columns per table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// Section 二: 主动公开政府信息情况.
    Proactive,
    /// Section 三: 收到和处理政府信息公开申请情况.
    Requests,
    /// Section 四: 政府信息公开行政复议、行政诉讼情况.
    Appeals,
}

/// A table as a list of rows, each holding only the cells that *start* in that row (as in HTML):
/// a cell spanning rows or columns covers slots of later rows/columns, which hold no cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub kind: TableKind,
    /// Relative column widths (any unit; writers scale them to the text width).
    pub widths: Vec<f32>,
    /// How many leading rows are header rows (repeated on each page).
    pub header_rows: usize,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
    pub role: CellRole,
}

/// What a cell holds; writers align and weight cells by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellRole {
    /// Column header (centred).
    Header,
    /// Full-width block caption such as `第二十条第（一）项` (centred).
    Caption,
    /// Row label (left-aligned, wraps).
    Label,
    /// A figure (centred).
    Number,
}

impl Cell {
    pub fn new(text: impl Into<String>, role: CellRole) -> Self {
        Cell { text: text.into(), rowspan: 1, colspan: 1, role }
    }

    pub fn span(mut self, rowspan: usize, colspan: usize) -> Self {
        self.rowspan = rowspan;
        self.colspan = colspan;
        self
    }
}

/// One slot of a table's rectangular grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot<'a> {
    /// The top-left slot of a cell.
    Origin(&'a Cell),
    /// A slot covered by the cell whose origin is at (row, col).
    Covered { row: usize, col: usize },
    /// Nothing covers this slot (a malformed table; never produced by `tables`).
    Empty,
}

impl Table {
    /// Number of grid columns.
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// Lays the cells out on the rectangular grid (rows × columns), resolving spans. DOCX and
    /// Typst need this to emit vMerge continuations and to place cells explicitly.
    pub fn grid(&self) -> Vec<Vec<Slot<'_>>> {
        let cols = self.columns();
        let mut grid = vec![vec![Slot::Empty; cols]; self.rows.len()];
        for (r, row) in self.rows.iter().enumerate() {
            let mut c = 0;
            for cell in row {
                while c < cols && grid[r][c] != Slot::Empty {
                    c += 1;
                }
                if c >= cols {
                    break;
                }
                for (rr, grid_row) in grid.iter_mut().enumerate().skip(r).take(cell.rowspan) {
                    for (cc, slot) in grid_row.iter_mut().enumerate().skip(c).take(cell.colspan) {
                        *slot = if rr == r && cc == c {
                            Slot::Origin(cell)
                        } else {
                            Slot::Covered { row: r, col: c }
                        };
                    }
                }
                c += cell.colspan;
            }
        }
        grid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_resolves_row_and_column_spans() {
        let t = Table {
            kind: TableKind::Appeals,
            widths: vec![1.0; 3],
            header_rows: 1,
            rows: vec![
                vec![
                    Cell::new("a", CellRole::Header).span(2, 1),
                    Cell::new("b", CellRole::Header).span(1, 2),
                ],
                vec![Cell::new("c", CellRole::Number), Cell::new("d", CellRole::Number)],
            ],
        };
        let g = t.grid();
        assert!(matches!(g[0][0], Slot::Origin(c) if c.text == "a"));
        assert_eq!(g[0][2], Slot::Covered { row: 0, col: 1 });
        assert_eq!(g[1][0], Slot::Covered { row: 0, col: 0 });
        assert!(matches!(g[1][1], Slot::Origin(c) if c.text == "c"));
        assert!(matches!(g[1][2], Slot::Origin(c) if c.text == "d"));
    }
}
