//! A published report as a reader found it, before any interpretation: its paragraphs and tables in
//! reading order. Every reader (HTML, DOCX, PDF, plain text) produces this; the interpretation into a
//! data file (finding the title, the sections and each table cell by its labels) reads only this, so
//! a new input form is a new reader and nothing else.

/// What a reader found in one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Blocks {
    /// Paragraphs and tables in reading order.
    pub blocks: Vec<Block>,
}

/// One paragraph or one table, as the file shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of running text or a heading line, whitespace as in the source (the
    /// interpretation normalises it). Line breaks inside one paragraph are `\n`.
    Paragraph(String),
    /// A table as drawn. A table split across pages, or cut into pieces by the author, arrives as
    /// several tables: joining them is the interpretation's job, since only it knows the labels.
    Table(Table),
}

/// A table's rows of cells, in the source's order. A merged cell appears once, at its top-left
/// position, with its spans; the positions it covers are not repeated (as in HTML's `rowspan` and
/// `colspan`, DOCX's `gridSpan`/`vMerge`, and the ruled cells of a PDF).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

/// One cell: its text (lines inside the cell joined by `\n`) and how many rows and columns it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    /// At least 1.
    pub rowspan: usize,
    /// At least 1.
    pub colspan: usize,
}

impl Cell {
    /// A cell that spans one row and one column.
    pub fn new(text: impl Into<String>) -> Self {
        Cell { text: text.into(), rowspan: 1, colspan: 1 }
    }
}

impl Table {
    /// The table as a full grid: every position holds the text of the cell covering it (a merged
    /// cell's text repeated over its span), rows padded to the widest row with empty text. This is
    /// the form label matching reads: a row label merged over three rows labels all three.
    pub fn grid(&self) -> Vec<Vec<String>> {
        let mut grid: Vec<Vec<Option<String>>> = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            if grid.len() <= r {
                grid.resize(r + 1, Vec::new());
            }
            let mut c = 0;
            for cell in row {
                // Skip positions already covered by a rowspan from above.
                while grid[r].get(c).is_some_and(Option::is_some) {
                    c += 1;
                }
                let rows = cell.rowspan.max(1);
                let cols = cell.colspan.max(1);
                if grid.len() < r + rows {
                    grid.resize(r + rows, Vec::new());
                }
                for line in grid.iter_mut().skip(r).take(rows) {
                    if line.len() < c + cols {
                        line.resize(c + cols, None);
                    }
                    for slot in &mut line[c..c + cols] {
                        *slot = Some(cell.text.clone());
                    }
                }
                c += cols;
            }
        }
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        grid.into_iter()
            .map(|line| {
                let mut line: Vec<String> = line.into_iter().map(Option::unwrap_or_default).collect();
                line.resize(width, String::new());
                line
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, rowspan: usize, colspan: usize) -> Cell {
        Cell { text: text.into(), rowspan, colspan }
    }

    #[test]
    fn grid_repeats_merged_cells_over_their_span() {
        // ┌──────┬────┬────┐
        // │ A    │ B       │
        // │      ├────┬────┤
        // │      │ c  │ d  │
        // ├──────┼────┼────┤
        // │ e    │ 1  │    │   (a short row is padded)
        let t = Table {
            rows: vec![
                vec![span("A", 2, 1), span("B", 1, 2)],
                vec![Cell::new("c"), Cell::new("d")],
                vec![Cell::new("e"), Cell::new("1")],
            ],
        };
        assert_eq!(t.grid(), vec![vec!["A", "B", "B"], vec!["A", "c", "d"], vec!["e", "1", ""]]);
    }
}
